"""Assessments and their answers: the write side of scoring.

Answers are append-only. The current answer to an item is the newest row of that
(assessment, item) (the table macro ``current_answers``); a change adds a row with
``recorded_at`` and ``recorded_by``. A final assessment is never changed: a
correction is a new assessment. The score rows of an assessment are rewritten in
the transaction that changes its answers, so they are never stale.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .. import dates
from ..errors import Forbidden, NotFoundError, StoreError, blank_none, first_row, required
from ..permissions import Action
from . import score_tables
from .database import reads, writes
from .scopes import subject_visible


@dataclass(frozen=True)
class AnswerInput:
    item_id: str
    answer: str | None
    note: str | None = None
    evidence: str | None = None


# The conditions of Assessments.list, chosen by key: no caller text reaches the SQL.
_LIST_WHERE = {"intervention": "a.intervention_id = $intervention",
               "checklist": "a.checklist_id = $checklist"}
_LIST_SUBJECT = {
    "any": ["TRUE"],
    "intervention": ["a.implementation_id IS NULL", "a.intervention_id IS NOT NULL"],
    "implementation": ["a.implementation_id = $implementation"],
    "organisation": ["a.intervention_id IS NULL", "a.organisation_id = $organisation"],
}


class Assessments:
    def __init__(self, db):
        self.db = db

    # -- assessments -----------------------------------------------------------

    @writes("answers")
    def start(self, checklist_id: str, assessed_on: date, respondent: str | None = None,
              intervention_id: int | None = None, implementation_id: int | None = None,
              organisation_id: int | None = None, carry_over_from: int | None = None,
              team: bool = False) -> int:
        """A new draft assessment of a subject, optionally starting from another
        assessment's answers. The scope follows the subject: an implementation scores
        meso and micro, the intervention as a whole all of it."""
        db = self.db
        checklist = db.checklist(checklist_id)
        if implementation_id is not None:
            found = db.unscoped.registry.implementation(implementation_id)
            if intervention_id is not None and found["intervention_id"] != intervention_id:
                raise StoreError("deze implementatie hoort niet bij deze interventie")
            intervention_id, organisation_id = found["intervention_id"], found["organisation_id"]
        elif intervention_id is not None:
            db.unscoped.registry.intervention(intervention_id)
            organisation_id = None
        elif organisation_id is not None:
            db.unscoped.registry.organisation(organisation_id)
        else:
            raise StoreError("kies waarover de beoordeling gaat: een interventie, een "
                             "implementatie of een organisatie")
        target = db.registry.target(intervention_id, implementation_id, organisation_id)
        db.ensure(Action.ASSESSMENT_WRITE, target)
        reason = dates.problem(assessed_on)
        if reason:
            raise StoreError(f"datum: {reason}")
        respondent = required(respondent or (db.actor.name if db.actor else None), "ingevuld door")
        perspectives = checklist.scope(implementation_id is not None)
        new_id = db.one("""
            INSERT INTO assessments (checklist_id, checklist_version, intervention_id,
                implementation_id, organisation_id, assessed_on, respondent, perspectives,
                status, created_by, team)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id""",
                        [checklist.id, checklist.version, intervention_id, implementation_id,
                         organisation_id, assessed_on, respondent, perspectives,
                         db.actor.login, team])
        if carry_over_from is not None:
            previous = self.assessment(carry_over_from)
            if previous["checklist_id"] != checklist.id:
                raise StoreError("antwoorden kunnen alleen worden overgenomen van dezelfde "
                                 "checklist")
            # Items of an older version carry over to the item that replaces them.
            db.execute("""
                INSERT INTO answers (assessment_id, item_id, answer, note, evidence, recorded_by)
                SELECT $new, i.item_id, c.answer, c.note, c.evidence, $by
                FROM current_answers($old) c
                JOIN checklist_items i ON i.checklist_id = $checklist
                     AND i.checklist_version = $version
                     AND (i.item_id = c.item_id OR i.replaces = c.item_id)
                -- an answer the new version's scale no longer offers (n.v.t. where a
                -- version dropped it) is not carried over: it is answered anew
                WHERE c.answer IS NULL OR coalesce(i.kind, 'question') <> 'question'
                   OR EXISTS (SELECT 1 FROM checklist_scales s WHERE s.checklist_id = $checklist
                              AND s.checklist_version = $version AND s.value = c.answer)
                QUALIFY row_number() OVER (PARTITION BY i.item_id
                                           ORDER BY i.item_id = c.item_id DESC) = 1""",
                       {"new": new_id, "old": carry_over_from, "checklist": checklist.id,
                        "version": checklist.version, "by": db.actor.login})
        self.refresh_scores([new_id], fresh=True, unanswered=carry_over_from is None)
        db.audit.record("assessment.start", "assessments", new_id, intervention_id,
                        organisation_id, new={"checklist": checklist.id,
                                              "version": checklist.version,
                                              "assessed_on": assessed_on,
                                              "respondent": respondent, "team": team,
                                              "carried_over_from": carry_over_from})
        return new_id

    @reads("answers", "registry")
    def assessment(self, assessment_id: int) -> dict:
        frame = self.db.query(f"""SELECT a.*, o.name AS organisation FROM assessments a
            LEFT JOIN organisations o ON o.id = a.organisation_id
            WHERE a.id = $id AND {subject_visible('a')}""",
                              {"id": int(assessment_id), **self.db.scope.params()})
        if frame.empty:
            raise NotFoundError(f"onbekende beoordeling {assessment_id}")
        return first_row(frame)

    @reads("answers", "registry")
    def list(self, intervention_id: int | None = None, implementation_id: int | None = None,
             organisation_id: int | None = None, subject: str = "any",
             checklist_id: str | None = None) -> pd.DataFrame:
        """Assessments, newest first. ``subject``: 'intervention' (the intervention as a
        whole), 'implementation' (one implementation), 'organisation' (an organisation's
        own checklists) or 'any'.

        Only the conditions that apply are in the statement (from the fixed fragments of
        ``_LIST_WHERE``): a condition such as ``$x IS NULL OR column = $x`` keeps DuckDB
        from filtering while it scans, which made this read 20 ms at national scale."""
        values = {"intervention": intervention_id, "checklist": checklist_id,
                  "implementation": implementation_id, "organisation": organisation_id}
        where = [_LIST_WHERE[k] for k in ("intervention", "checklist") if values[k] is not None]
        where += _LIST_SUBJECT[subject]
        used = {k: v for k, v in values.items() if f"${k}" in " ".join(where)}
        return self.db.query(f"""
            SELECT a.id, a.checklist_id, a.checklist_version, a.intervention_id,
                   a.implementation_id, a.organisation_id, o.name AS organisation,
                   a.assessed_on, a.respondent, a.status, a.perspectives, a.team,
                   a.created_at, a.finalised_at, a.created_by
            FROM assessments a LEFT JOIN organisations o ON o.id = a.organisation_id
            WHERE {" AND ".join(where)} AND {subject_visible('a')}
            ORDER BY a.assessed_on DESC, a.id DESC""",
                             used | self.db.scope.params())

    def checklist_of(self, assessment: dict):
        return self.db.checklist(assessment["checklist_id"], assessment["checklist_version"])

    def target_of(self, assessment: dict):
        respondents = [r[0] for r in self.db.rows(
            "SELECT respondent FROM assessment_respondents WHERE assessment_id = ?",
            [assessment["id"]])]
        return self.db.registry.target(assessment["intervention_id"],
                                       assessment["implementation_id"],
                                       assessment["organisation_id"], respondents)

    # -- answers ---------------------------------------------------------------

    @writes("answers")
    def record_answers(self, assessment_id: int, answers: Iterable[AnswerInput]) -> int:
        """Append the answers that differ from the current ones; returns rows written.
        Earlier rows stay: the history of every item is kept."""
        db = self.db
        assessment = self._row(assessment_id)
        db.ensure(Action.ASSESSMENT_WRITE, self.target_of(assessment))
        if assessment["status"] == "final":
            raise StoreError("deze beoordeling is definitief en verandert niet meer; start een "
                             "nieuwe beoordeling (met de antwoorden van deze als startpunt)")
        checklist = self.checklist_of(assessment)
        in_scope = {i.id for i in checklist.in_scope(assessment["perspectives"])}
        rows = []
        for answer in answers:
            note, evidence = blank_none(answer.note), blank_none(answer.evidence)
            problem = checklist.answer_problem(answer.item_id, answer.answer, note, evidence)
            if problem is None and answer.item_id not in in_scope:
                problem = "dit item hoort niet bij de onderdelen van deze beoordeling"
            if problem:
                raise StoreError(f"item '{answer.item_id[:120]}': {problem}")
            rows.append((answer.item_id, answer.answer, note, evidence))
        if not rows:
            return 0
        if len({r[0] for r in rows}) < len(rows):
            raise StoreError("een item staat twee keer in dezelfde opslag")
        changes = self._changes(assessment_id, rows)
        if not changes:
            return 0
        # lists bound as parameters: no DataFrame to register, one statement
        items, answers_, notes, evidence = (list(c) for c in list(zip(*changes, strict=True))[:4])
        db.execute("""
            INSERT INTO answers (assessment_id, item_id, answer, note, evidence, recorded_by)
            SELECT $assessment, unnest($items::VARCHAR[]), unnest($answers::VARCHAR[]),
                   unnest($notes::VARCHAR[]), unnest($evidence::VARCHAR[]), $by""",
                   {"assessment": int(assessment_id), "by": db.actor.login, "items": items,
                    "answers": answers_, "notes": notes, "evidence": evidence})
        self.refresh_scores([assessment_id], subject=assessment)
        db.audit.record("answers.record", "assessments", assessment_id,
                        assessment["intervention_id"], assessment["organisation_id"],
                        old={r[0]: _plain(*r[4:7]) for r in changes},
                        new={r[0]: _plain(*r[1:4]) for r in changes})
        return len(changes)

    def _row(self, assessment_id: int) -> dict:
        """The assessment's own columns, unscoped (for a write, before its permission
        check), as plain Python values."""
        cursor = self.db._run("SELECT * FROM assessments WHERE id = ?", [int(assessment_id)])
        found = cursor.fetchone()
        if found is None:
            raise NotFoundError(f"onbekende beoordeling {assessment_id}")
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def _changes(self, assessment_id: int, rows: list[tuple]) -> list[tuple]:
        """The incoming (item, answer, note, evidence) rows that differ from the current
        ones, with the current (answer, note, evidence) beside them."""
        items, answers, notes, evidence = (list(column) for column in zip(*rows, strict=True))
        return self.db.rows("""
            WITH n AS (SELECT unnest($items::VARCHAR[]) AS item_id,
                              unnest($answers::VARCHAR[]) AS answer,
                              unnest($notes::VARCHAR[]) AS note,
                              unnest($evidence::VARCHAR[]) AS evidence)
            SELECT n.item_id, n.answer, n.note, n.evidence, c.answer AS old_answer,
                   c.note AS old_note, c.evidence AS old_evidence
            FROM n LEFT JOIN current_answers($assessment) c ON c.item_id = n.item_id
            WHERE (c.item_id IS NULL AND (n.answer IS NOT NULL OR n.note IS NOT NULL
                                          OR n.evidence IS NOT NULL))
               OR c.answer IS DISTINCT FROM n.answer OR c.note IS DISTINCT FROM n.note
               OR c.evidence IS DISTINCT FROM n.evidence
            ORDER BY n.item_id""", {"assessment": int(assessment_id), "items": items,
                                    "answers": answers, "notes": notes, "evidence": evidence})

    @writes("answers")
    def finalise(self, assessment_id: int) -> None:
        db = self.db
        assessment = db.unscoped.assessments.assessment(assessment_id)
        db.ensure(Action.ASSESSMENT_WRITE, self.target_of(assessment))
        if assessment["status"] == "final":
            raise StoreError("deze beoordeling is al definitief")
        db.execute("UPDATE assessments SET status = 'final', finalised_at = current_timestamp "
                   "WHERE id = ?", [assessment_id])
        score_tables.mark_latest(db, assessment, finalised=int(assessment_id))
        db.audit.record("assessment.finalise", "assessments", assessment_id,
                        assessment["intervention_id"], assessment["organisation_id"],
                        old={"status": "draft"}, new={"status": "final"})

    @reads("answers")
    def current_answers(self, assessment_id: int) -> pd.DataFrame:
        """The latest row per item: item_id, answer, note, evidence, recorded_at, recorded_by."""
        self.assessment(assessment_id)  # visible to this user, or NotFound
        return self.db.query("SELECT * FROM current_answers(?) ORDER BY item_id",
                             [int(assessment_id)])

    @reads("answers", "accounts")
    def answer_history(self, assessment_id: int, item_id: str | None = None) -> pd.DataFrame:
        self.assessment(assessment_id)
        return self.db.query("""
            SELECT an.id, an.item_id, an.answer, an.note, an.evidence, an.recorded_at,
                   an.recorded_by, coalesce(u.name, an.recorded_by) AS recorded_by_name
            FROM answers an LEFT JOIN users u ON u.login = an.recorded_by
            WHERE an.assessment_id = $assessment AND ($item IS NULL OR an.item_id = $item)
            ORDER BY an.item_id, an.id""", {"assessment": int(assessment_id), "item": item_id})

    @reads("answers", "registry", "accounts")
    def answer_rows(self, intervention_id: int) -> pd.DataFrame:
        """Every stored answer row of an intervention that the user may see, history
        included (for the export)."""
        return self.db.query(f"""
            SELECT i.name AS interventie, o.name AS organisatie, a.id AS beoordeling,
                   a.checklist_id, a.checklist_version, a.assessed_on AS datum, a.status,
                   an.item_id, ci.text AS tekst, an.answer AS antwoord, an.note AS toelichting,
                   an.evidence AS bewijs, an.recorded_at AS vastgelegd_op,
                   coalesce(u.name, an.recorded_by) AS vastgelegd_door
            FROM answers an
            JOIN assessments a ON a.id = an.assessment_id
            JOIN interventions i ON i.id = a.intervention_id
            LEFT JOIN organisations o ON o.id = a.organisation_id
            LEFT JOIN users u ON u.login = an.recorded_by
            LEFT JOIN checklist_items ci ON ci.checklist_id = a.checklist_id
                 AND ci.checklist_version = a.checklist_version AND ci.item_id = an.item_id
            WHERE a.intervention_id = $intervention AND {subject_visible('a')}
            ORDER BY a.assessed_on, a.id, ci.position, an.id""",
                             {"intervention": intervention_id, **self.db.scope.params()})

    # -- scores (see .score_tables) ---------------------------------------------

    def refresh_scores(self, assessment_ids: list[int], fresh: bool = False,
                       subject: dict | None = None, unanswered: bool = False) -> None:
        """Rewrite the score rows of these assessments (:func:`score_tables.refresh`)."""
        score_tables.refresh(self.db, assessment_ids, fresh, subject, unanswered)

    def _maintenance(self) -> None:
        """Recomputing the derived score tables of everything is for the store itself (on
        opening, after a bulk load) and administrators, not for any user."""
        actor = self.db.actor
        if actor is not None and not actor.is_admin:
            raise Forbidden(f"geweigerd: {actor.login} mag de scores niet herberekenen; er is "
                            "niets gewijzigd")

    def refresh_all_scores(self) -> None:
        """Recompute every score row (after an upgrade or a bulk load), clustered by subject."""
        self._maintenance()
        score_tables.refresh_all(self.db)

    def refresh_stage_scores(self, versions: list[tuple[str, str]]) -> None:
        """Recompute the stage rows of the assessments of these checklist versions."""
        self._maintenance()
        score_tables.refresh_stages(self.db, versions)


def _plain(answer, note, evidence) -> dict:
    values = {"antwoord": answer, "toelichting": note, "bewijs": evidence}
    return {k: (None if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) else v)
            for k, v in values.items()}
