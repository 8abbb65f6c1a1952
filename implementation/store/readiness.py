"""The read side of scoring: readiness, the stage profile, SIC progress, common gaps.

Every figure is a sum over the score tables (see :mod:`implementation.scoring`),
filtered by what the acting user may see.
"""
from __future__ import annotations

import pandas as pd

from .. import scoring
from ..checklists import MAIN_CHECKLIST
from ..vocabulary import Stage
from .database import reads
from .scopes import intervention_visible, subject_visible

SUBJECTS = {
    # Chosen by key; $ref is bound, never formatted in.
    "intervention": "s.intervention_id = $ref AND s.implementation_id IS NULL",
    "implementations": "s.intervention_id = $ref AND s.implementation_id IS NOT NULL",
    "implementation": "s.implementation_id = $ref",
    "assessment": "s.assessment_id = $ref",
    # a semi-join on the list, not list_contains on every row
    "locations": "s.implementation_id IS NOT NULL "
                 "AND s.organisation_id IN (SELECT unnest($locations::INTEGER[]))",
    "organisation": "s.intervention_id IS NULL "
                    "AND s.organisation_id IN (SELECT unnest($locations::INTEGER[]))",
    "all": "$ref IS NULL",
}


class Readiness:
    def __init__(self, db):
        self.db = db

    @reads("answers", "registry")
    def readiness(self, ref: int | None, by: str = "overall", subject: str = "intervention",
                  checklist_id: str | None = MAIN_CHECKLIST, final_only: bool = True,
                  latest_only: bool = False) -> pd.DataFrame:
        """Readiness per assessment (one row per assessment date) and group.

        ``subject`` says what ``ref`` is: 'intervention' (its own assessments),
        'implementations' (all implementations of intervention ``ref``),
        'implementation', 'assessment', 'locations' (the implementations at organisation
        ``ref`` and its locations), 'organisation' (the own checklists of organisation
        ``ref`` and its locations), or 'all'. ``by`` is a key of
        :data:`scoring.GROUPINGS`. ``latest_only`` keeps each subject's newest final
        assessment.
        """
        if by not in scoring.GROUPINGS or subject not in SUBJECTS:
            raise ValueError(f"unknown grouping {by!r} or subject {subject!r}")
        locations = (self.db.registry.descendants([ref])
                     if subject in ("locations", "organisation") else [])
        # the newest of an intervention as a whole is in the small latest tables; of
        # other subjects it carries the `latest` flag
        small = latest_only and subject == "intervention"
        where = (f"({SUBJECTS[subject]}) AND ($checklist IS NULL OR s.checklist_id = $checklist)"
                 " AND (s.final OR NOT $final_only)"
                 f"{'' if small else ' AND (s.latest OR NOT $latest)'}"
                 f" AND {subject_visible('s')}")
        return self.db.query(scoring.readiness_sql(by, where, latest=small),
                             {"ref": ref, "checklist": checklist_id, "final_only": final_only,
                              "latest": latest_only, "locations": locations,
                              **self.db.scope.params()})

    @reads("answers", "registry")
    def latest(self, by: str = "cell", checklist_id: str = MAIN_CHECKLIST,
               intervention_ids: list[int] | None = None) -> pd.DataFrame:
        """The latest final assessment of each intervention as a whole, per group."""
        if by not in scoring.GROUPINGS:
            raise ValueError(by)
        where = f"""s.implementation_id IS NULL AND s.intervention_id IS NOT NULL
            AND s.checklist_id = $checklist
            AND ($ids IS NULL OR list_contains($ids, s.intervention_id))
            AND {intervention_visible('s.intervention_id')}"""
        return self.db.query(scoring.readiness_sql(by, where, latest=True),
                             {"checklist": checklist_id, "ids": intervention_ids,
                              **self.db.scope.params()})

    @reads("answers", "registry")
    def of_assessment(self, assessment_id: int, by: str = "overall") -> pd.DataFrame:
        return self.readiness(assessment_id, by, "assessment", checklist_id=None,
                              final_only=False)

    @reads("answers", "registry")
    def stage_profile(self, assessment_id: int | None, checklist_id: str) -> pd.DataFrame:
        """Readiness per stage of one assessment, every stage the checklist's items serve,
        with 'reached' by the checklist's threshold (see scoring.stage_profile)."""
        checklist = self.db.checklist(checklist_id)
        stages = (pd.DataFrame(columns=["stage", "readiness"]) if assessment_id is None
                  else self.of_assessment(assessment_id, "stage"))
        return scoring.stage_profile(stages, checklist.stage_keys,
                                     checklist.spec.stage_reached_at)

    @reads("answers", "registry")
    def item_credits(self, assessment_id: int) -> pd.DataFrame:
        """Per top-level scored item of an assessment: its credit as the formula gives it
        (NaN when not applicable), answered and nvt; the page shows an item's derived
        answer from this, so that page and score can never disagree."""
        self.db.assessments.assessment(assessment_id)
        return self.db.query(f"SELECT * FROM ({scoring.item_credit_sql('ids')}) "
                             "ORDER BY item_id", {"ids": [int(assessment_id)]})

    @reads("answers", "registry")
    def stage_items(self, assessment_id: int, stage: str | None = None) -> pd.DataFrame:
        """The top-level items that make up one stage of an assessment, with their credit
        (NaN when not applicable): what a stage figure is made of. Without ``stage``:
        the items of every stage, with a column ``stage`` (one credit computation)."""
        assessment = self.db.assessments.assessment(assessment_id)
        stage_column = "" if stage is not None else "g.stage, "
        return self.db.query(f"""
            WITH credits AS ({scoring.item_credit_sql("ids")})
            SELECT {stage_column}c.item_id, c.step, c.perspective, i.text, c.credit,
                   c.answered, c.nvt
            FROM credits c
            JOIN checklist_item_stages g ON g.item_id = c.item_id
                 AND ($stage IS NULL OR g.stage = $stage)
                 AND g.checklist_id = $checklist AND g.checklist_version = $version
            JOIN checklist_items i ON i.item_id = c.item_id AND i.checklist_id = $checklist
                 AND i.checklist_version = $version
            ORDER BY {stage_column}i.position""",
                             {"ids": [int(assessment_id)],
                              "stage": None if stage is None else Stage(stage).value,
                              "checklist": assessment["checklist_id"],
                              "version": assessment["checklist_version"]})

    @reads("answers", "registry")
    def stage_progress(self, intervention_id: int | None, implementation_id: int | None = None,
                       checklist_id: str = MAIN_CHECKLIST,
                       organisation_id: int | None = None) -> pd.DataFrame:
        """SIC-style, per stage: items, items achieved (credit 1 in some final
        assessment), proportion, first and last achievement date, and the days between.
        An item that is not applicable in the newest assessment does not count."""
        ids = [r[0] for r in self.db.rows(f"""
            SELECT a.id FROM assessments a WHERE a.status = 'final' AND a.checklist_id = $c
              AND a.intervention_id IS NOT DISTINCT FROM $intervention
              AND a.implementation_id IS NOT DISTINCT FROM $implementation
              AND ($organisation IS NULL OR a.organisation_id = $organisation)
              AND {subject_visible('a')}""",
                                           {"c": checklist_id, "intervention": intervention_id,
                                            "implementation": implementation_id,
                                            "organisation": organisation_id,
                                            **self.db.scope.params()})]
        return self.db.query(f"""
            WITH credits AS ({scoring.item_credit_sql("ids")}),
            achieved AS (
                SELECT c.item_id, g.stage,
                       min(a.assessed_on) FILTER (WHERE c.credit = 1) AS achieved_on
                FROM credits c JOIN assessments a ON a.id = c.assessment_id
                JOIN checklist_item_stages g ON g.checklist_id = a.checklist_id
                     AND g.checklist_version = a.checklist_version AND g.item_id = c.item_id
                GROUP BY ALL
                HAVING arg_max(c.credit IS NOT NULL, (a.assessed_on, a.id)))
            SELECT stage, count(*) AS items, count(achieved_on) AS achieved,
                   count(achieved_on) / count(*) AS proportion,
                   min(achieved_on) AS first_achieved, max(achieved_on) AS last_achieved,
                   date_diff('day', min(achieved_on), max(achieved_on)) AS duration_days
            FROM achieved GROUP BY stage
            ORDER BY list_position($order, stage)""", {"ids": ids, "order": Stage.keys()})

    @reads("answers", "registry")
    def common_gaps(self, intervention_ids: list[int],
                    checklist_id: str = MAIN_CHECKLIST) -> pd.DataFrame:
        """Top-level items whose credit is below the improvement threshold in the latest
        final assessment of the chosen interventions (as a whole), most frequent first."""
        ids = [r[0] for r in self.db.rows(f"""
            SELECT assessment_id FROM newest_final_assessments
            WHERE implementation_id IS NULL AND checklist_id = $checklist
              AND list_contains($ids, intervention_id)
              AND {intervention_visible('intervention_id')}""",
                                           {"ids": intervention_ids, "checklist": checklist_id,
                                            **self.db.scope.params()})]
        return self.db.query(f"""
            WITH credits AS ({scoring.item_credit_sql("ids")})
            SELECT c.item_id, c.step, c.perspective, i.text,
                   count(*) FILTER (WHERE c.credit < v.improvement_below) AS gaps,
                   len($ids) AS interventions
            FROM credits c JOIN assessments a ON a.id = c.assessment_id
            JOIN checklist_items i ON i.checklist_id = a.checklist_id
                 AND i.checklist_version = a.checklist_version AND i.item_id = c.item_id
            JOIN checklist_versions v ON v.checklist_id = a.checklist_id
                 AND v.checklist_version = a.checklist_version
            GROUP BY ALL HAVING gaps > 0
            ORDER BY gaps DESC, min(i.position)""", {"ids": ids})
