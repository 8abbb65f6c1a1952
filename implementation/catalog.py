"""The JSON the command line gives about checklists and readiness (part of the interface)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from . import dates
from .checklists import MAIN_CHECKLIST, Checklist
from .errors import NotFoundError, Refused
from .vocabulary import Perspective, Stage


def catalog(checklists: dict[str, Checklist]) -> list[dict]:
    """Every loaded checklist with its intro, scale and items (kind, options, stages)."""
    return [{
        "id": c.id, "version": c.version, "title": c.title, "intro": c.spec.intro,
        "step_noun": c.spec.step_noun, "stage_reached_at": c.spec.stage_reached_at,
        "scale": [{"value": o.value, "label": o.label, "credit": o.credit} for o in c.scale],
        "steps": [{"number": s.number, "title": s.title, "intro": s.intro,
                   "guidance": [{"text": g.text, "source": g.source,
                                 "perspective": g.perspective.value if g.perspective else None}
                                for g in s.guidance]} for s in c.steps],
        "items": [{"id": i.id, "step": i.step,
                   "perspective": i.perspective.value if i.perspective else None,
                   "parent": i.parent, "text": i.text, "motivating": i.motivating,
                   "kind": i.kind.value, "stages": [s.value for s in i.stages],
                   **({"options": list(i.options), "multiple": i.multiple}
                      if i.options else {})}
                  for i in c.items],
    } for c in checklists.values()]


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 6)


def _counts(row) -> dict:
    return {"readiness": _number(row["readiness"]), "applicable": int(row["applicable"]),
            "answered": int(row["answered"]), "nvt": int(row["nvt"]), "items": int(row["items"])}


def readiness_summary(db, intervention, organisation, checklist_id: str | None,
                      on: str | None) -> dict:
    """The latest final assessment of a subject (on or before ``on``), with its readiness
    overall, share answered, per step, perspective, stage and for the motivating items."""
    checklist = db.checklist(checklist_id or MAIN_CHECKLIST)
    until: date | None = None
    if on:
        until, reason = dates.read(on)
        if reason:
            raise Refused(f"--date: {reason}")
    if intervention is None and organisation is None:
        raise Refused("geef --intervention en/of --organisation")
    intervention_row = db.registry.intervention(intervention) if intervention else None
    organisation_row = db.registry.organisation(organisation) if organisation else None
    if intervention_row and organisation_row:
        ref, subject = db.registry.implementation_of(intervention_row["id"],
                                                     organisation_row["id"]), "implementation"
    elif intervention_row:
        ref, subject = int(intervention_row["id"]), "intervention"
    else:
        ref, subject = int(organisation_row["id"]), "organisation"
    overall = db.readiness.readiness(ref, "overall", subject, checklist.id)
    if subject == "organisation":
        overall = overall[overall["organisation_id"] == ref]
    if until is not None:
        overall = overall[pd.to_datetime(overall["assessed_on"]).dt.date <= until]
    if overall.empty:
        raise NotFoundError("er is (op die datum) nog geen definitieve beoordeling van dit "
                            "onderwerp met deze checklist")
    latest = overall.sort_values(["assessed_on", "assessment_id"]).iloc[-1]
    assessment_id = int(latest["assessment_id"])
    assessment = db.assessments.assessment(assessment_id)
    version = db.checklist(checklist.id, assessment["checklist_version"])

    def grouped(by: str) -> pd.DataFrame:
        return db.readiness.of_assessment(assessment_id, by)

    steps = grouped("step")
    perspectives = grouped("perspective")
    stages = grouped("stage").set_index("stage")
    motivating = grouped("motivating")
    threshold = checklist.spec.stage_reached_at
    return {
        "intervention": None if intervention_row is None else
        {"id": int(intervention_row["id"]), "name": intervention_row["name"]},
        "organisation": None if organisation_row is None else
        {"id": int(organisation_row["id"]), "name": organisation_row["name"]},
        "checklist": {"id": checklist.id, "version": assessment["checklist_version"]},
        "assessment": {"id": assessment_id,
                       "assessed_on": pd.Timestamp(latest["assessed_on"]).date().isoformat(),
                       "respondent": assessment["respondent"]},
        **_counts(latest),
        "share_answered": _number(latest["answered"] / latest["items"]) if latest["items"]
        else None,
        "steps": [{"step": int(r["step"]), "title": version.step_title(int(r["step"])),
                   **_counts(r)} for _, r in steps.iterrows()],
        "perspectives": [{"perspective": r["perspective"],
                          "label": Perspective.label_of(r["perspective"]), **_counts(r)}
                         for _, r in perspectives.iterrows() if r["perspective"] is not None],
        "stages": [{"stage": s, "label": Stage.label_of(s),
                    **(_counts(stages.loc[s]) if s in stages.index else
                       {"readiness": None, "applicable": 0, "answered": 0, "nvt": 0,
                        "items": 0}),
                    "reached": None if threshold is None or s not in stages.index
                    or pd.isna(stages.loc[s, "readiness"])
                    else bool(stages.loc[s, "readiness"] >= threshold - 1e-9)}
                   for s in version.stage_keys],
        "stage_reached_at": threshold,
        "motivating": {"readiness": _number(motivating["readiness"].iloc[0]),
                       "applicable": int(motivating["applicable"].iloc[0])}
        if len(motivating) else None,
    }
