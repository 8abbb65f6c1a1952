"""Offline templates: export a checklist to CSV/XLSX, import a filled one, export answers.

An import is all-or-nothing: the whole file is read (:func:`tables.read_table`) and
checked with the same rule as the dashboard (``Checklist.answer_problem``); every
problem is collected with its file, row and field; only a file without problems is
written, as a new *draft* assessment (final only when asked), in one transaction.
The same file (by its SHA-256) imported again for the same subject and checklist is
refused unless the user says it is on purpose.

Row numbers are the ones a spreadsheet shows: the header is row 1.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import dates
from .checklists import Checklist
from .errors import AlreadyImported, ImportRefused, NotFoundError, Problem, Refused, blank_none
from .permissions import Action
from .store import AnswerInput
from .tables import read_table, table_bytes
from .vocabulary import ItemKind

TEMPLATE_COLUMNS = ["checklist_id", "checklist_version", "item_id", "stap", "perspectief",
                    "hoort_bij", "soort", "mogelijke_antwoorden", "tekst", "antwoord",
                    "toelichting", "bewijs"]
REQUIRED_COLUMNS = ("item_id", "antwoord")


def template_frame(checklist: Checklist) -> pd.DataFrame:
    scale = "; ".join(o.label for o in checklist.scale)
    return pd.DataFrame([{
        "checklist_id": checklist.id, "checklist_version": checklist.version,
        "item_id": item.id, "stap": item.step,
        # labels a reader understands; the import reads neither column (any text is fine)
        "perspectief": item.perspective.label if item.perspective else "",
        "hoort_bij": item.parent or "", "soort": item.kind.label,
        "mogelijke_antwoorden": ("; ".join(item.options) if item.kind is ItemKind.CHOICE
                                 else "" if item.kind is ItemKind.TEXT else scale),
        "tekst": ("    " * item.depth) + item.text,
        "antwoord": "", "toelichting": "", "bewijs": "",
    } for item in checklist.items], columns=TEMPLATE_COLUMNS)


def template_bytes(checklist: Checklist, fmt: str) -> bytes:
    if fmt not in ("csv", "xlsx"):
        raise Refused(f"onbekend formaat '{fmt}': kies csv of xlsx")
    return table_bytes(template_frame(checklist), fmt, "checklist")


def parse_answers(frame: pd.DataFrame, checklist: Checklist, name: str,
                  scope: list[str] | None) -> list[AnswerInput]:
    """Check every row; return the answers, or raise with all problems together."""
    problems: list[Problem] = []
    answers: list[AnswerInput] = []
    seen: dict[str, int] = {}
    in_scope = {i.id for i in checklist.in_scope(scope)}
    if frame.empty:
        problems.append(Problem(name, None, None, "het bestand bevat geen rijen"))
    if "checklist_id" in frame.columns:
        other = frame[(frame["checklist_id"].str.strip() != "")
                      & (frame["checklist_id"].str.strip() != checklist.id)]
        if len(other):  # one problem for the file, not one per row
            raise ImportRefused([Problem(name, int(other["_row"].iloc[0]), "checklist_id",
                                         f"'{other['checklist_id'].iloc[0].strip()[:60]}' is "
                                         f"een andere checklist dan '{checklist.id}'")])
    for row in frame.to_dict("records"):
        number = int(row["_row"])
        item_id = str(row["item_id"]).strip()
        if not item_id:
            problems.append(Problem(name, number, "item_id", "ontbreekt"))
            continue
        if not checklist.has_item(item_id):
            problems.append(Problem(name, number, "item_id", f"onbekend item '{item_id[:80]}' "
                                    f"in checklist '{checklist.id}'"))
            continue
        if item_id in seen:
            problems.append(Problem(name, number, "item_id", f"'{item_id}' staat ook in rij "
                                    f"{seen[item_id]}"))
            continue
        seen[item_id] = number
        item = checklist.item(item_id)
        known, value = checklist.read_value(item, row["antwoord"])
        note, evidence = blank_none(row.get("toelichting")), blank_none(row.get("bewijs"))
        if not known:
            choices = ("; ".join(item.options) if item.kind is ItemKind.CHOICE
                       else checklist.scale_text)
            problems.append(Problem(name, number, "antwoord", f"'{str(row['antwoord'])[:60]}' "
                                    f"is geen geldig antwoord; gebruik {choices} of laat leeg"))
            continue
        if item_id not in in_scope and (value or note or evidence):
            problems.append(Problem(name, number, "item_id", "dit item hoort niet bij de "
                                    "onderdelen die deze organisatie invult"))
            continue
        problem = checklist.answer_problem(item_id, value, note, evidence)
        if problem:
            field = "toelichting" if "toelichting" in problem else "antwoord"
            problems.append(Problem(name, number, field, problem))
            continue
        if item_id in in_scope:
            answers.append(AnswerInput(item_id, value, note, evidence))
    if not problems and not any(a.answer or a.note or a.evidence for a in answers):
        problems.append(Problem(name, None, "antwoord", "het bestand bevat geen enkel "
                                "antwoord, toelichting of bewijs; vul de kolom 'antwoord' in"))
    if problems:
        raise ImportRefused(problems)
    return answers


@dataclass(frozen=True)
class ImportResult:
    assessment_id: int
    subject: str
    assessed_on: date
    final: bool
    answered_per_step: dict[int, int]
    empty_per_step: dict[int, int]
    readiness: float | None          # of the imported assessment
    current_readiness: float | None  # of the subject's latest final assessment before


def import_answers(db, content: bytes, name: str, checklist_id: str,
                   intervention: str | int | None, assessed_on: str | date,
                   organisation: str | int | None = None, final: bool = False,
                   again: bool = False) -> ImportResult:
    """Import a filled template as a new assessment (a draft unless ``final``)."""
    problems: list[Problem] = []
    try:
        checklist = db.checklist(checklist_id)
    except NotFoundError as error:
        raise ImportRefused([Problem(name, None, "checklist", str(error))]) from None
    day, reason = dates.read(assessed_on)
    if reason:
        problems.append(Problem(name, None, "datum", reason))
    subject: dict = {}
    registry = db.unscoped.registry   # the subject as typed; the permission check says no
    try:
        if intervention is not None:
            subject["intervention_id"] = int(registry.intervention(intervention)["id"])
        if organisation is not None:
            organisation_id = int(registry.organisation(organisation)["id"])
            if intervention is not None:
                subject["implementation_id"] = int(registry.implementation_of(
                    subject.pop("intervention_id"), organisation_id))
            else:
                subject["organisation_id"] = organisation_id
        if not subject:
            raise NotFoundError("kies een interventie en/of een organisatie")
    except NotFoundError as error:
        problems.append(Problem(name, None, "onderwerp", str(error)))
    else:  # one clear refusal before the file is read, naming user, action and subject
        db.ensure(Action.ASSESSMENT_WRITE, registry.target(**subject))
    frame = None
    try:
        frame = read_table(content, name, REQUIRED_COLUMNS)
    except ImportRefused as refused:
        problems += refused.problems
    if problems:
        raise ImportRefused(problems)
    scope = checklist.scope("implementation_id" in subject)
    answers = parse_answers(frame, checklist, name, scope)
    checksum = hashlib.sha256(content).hexdigest()
    label = registry.subject_label(subject.get("intervention_id"),
                                      subject.get("implementation_id"),
                                      subject.get("organisation_id"))
    earlier = db.rows("SELECT imported_at, imported_by FROM imports WHERE kind = 'answers' AND "
                      "checksum = ? AND subject = ? ORDER BY id DESC LIMIT 1",
                      [checksum, f"{checklist.id}:{sorted(subject.items())}"])
    if earlier and not again:
        raise AlreadyImported(name, earlier[0][0], label)
    before = _current_readiness(db, checklist.id, subject)
    with db.transaction(), db.audit.grouped("import.answers", detail=f"{name} (sha256 "
                                                                      f"{checksum})"):
        assessment_id = db.assessments.start(checklist.id, day, **subject)
        db.assessments.record_answers(assessment_id, answers)
        if final:
            db.assessments.finalise(assessment_id)
        db.execute("INSERT INTO imports (kind, file_name, checksum, subject, assessment_id, "
                   "rows, imported_by) VALUES ('answers', ?, ?, ?, ?, ?, ?)",
                   [name[:200], checksum, f"{checklist.id}:{sorted(subject.items())}",
                    assessment_id, len(answers), db.actor.login])
    answered: dict[int, int] = {}
    empty: dict[int, int] = {}
    given = {a.item_id for a in answers if a.answer is not None}
    for item in checklist.in_scope(scope):
        if item.parent is None:
            has = item.id in given or any(i.id in given for i in checklist.items
                                          if i.parent == item.id or (i.parent and checklist.item(
                                              i.parent).parent == item.id))
            (answered if has else empty)[item.step] = (answered if has else empty).get(
                item.step, 0) + 1
    now = db.readiness.of_assessment(assessment_id)
    return ImportResult(assessment_id, label, day, final, answered, empty,
                        None if now.empty else _float(now["readiness"].iloc[0]), before)


def _current_readiness(db, checklist_id: str, subject: dict) -> float | None:
    if "implementation_id" in subject:
        frame = db.readiness.readiness(subject["implementation_id"], "overall",
                                       "implementation", checklist_id, latest_only=True)
    elif "intervention_id" in subject:
        frame = db.readiness.readiness(subject["intervention_id"], "overall", "intervention",
                                       checklist_id, latest_only=True)
    else:
        frame = db.readiness.readiness(subject["organisation_id"], "overall", "organisation",
                                       checklist_id, latest_only=True)
        frame = frame[frame["organisation_id"] == subject["organisation_id"]]
    return None if frame.empty else _float(frame["readiness"].iloc[-1])


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def export_answers(db, intervention_id: int, fmt: str = "csv") -> bytes:
    """Every answer row of an intervention that the user may see, history included."""
    rows = db.assessments.answer_rows(intervention_id)
    db.audit.log("export.answers", intervention_id=intervention_id,
                 detail=f"{len(rows)} antwoordregels als {fmt}")
    return table_bytes(rows, fmt, "antwoorden")


def import_respondent_answers(db, content: bytes, name: str, assessment_id: int,
                              respondent: str) -> int:
    """One team member's filled template, into an existing team assessment (a draft);
    returns the answers written. All or nothing, like every import."""
    if not respondent:
        raise ImportRefused([Problem(name, None, "respondent", "geef het teamlid "
                                     "(--respondent)")])
    assessment = db.assessments.assessment(assessment_id)
    checklist = db.assessments.checklist_of(assessment)
    answers = parse_answers(read_table(content, name, REQUIRED_COLUMNS), checklist, name,
                            assessment["perspectives"])
    checksum = hashlib.sha256(content).hexdigest()
    with db.transaction(), db.audit.grouped("import.team", detail=f"{name} van {respondent} "
                                                                  f"(sha256 {checksum})"):
        written = db.team.record(assessment_id, respondent, answers)
        db.execute("INSERT INTO imports (kind, file_name, checksum, subject, assessment_id, "
                   "rows, imported_by) VALUES ('team', ?, ?, ?, ?, ?, ?)",
                   [name[:200], checksum, f"team:{assessment_id}:{respondent}", assessment_id,
                    written, db.actor.login])
    return written
