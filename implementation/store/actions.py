"""Improvement points and the actions that turn them into work.

An item whose credit in the subject's latest final assessment is below the
checklist's improvement threshold (for ja/nee: every *nee*) is an improvement
point. An action's content is append-only: every change is a new version, so its
history is kept; an action that is no longer needed is withdrawn ("vervallen")
with a reason, never deleted.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from .. import dates
from ..checklists import MAIN_CHECKLIST
from ..errors import NotFoundError, StoreError, blank_none, required
from ..permissions import Action
from ..vocabulary import CLOSED_ACTION_STATUSES, ActionStatus
from .database import reads, writes
from .scopes import subject_visible

_SUBJECT = """m.intervention_id IS NOT DISTINCT FROM $intervention
              AND m.implementation_id IS NOT DISTINCT FROM $implementation
              AND ($organisation IS NULL OR m.organisation_id = $organisation)"""


class Actions:
    def __init__(self, db):
        self.db = db

    @reads("answers", "actions", "registry")
    def improvement_points(self, intervention_id: int | None,
                           implementation_id: int | None = None,
                           checklist_id: str = MAIN_CHECKLIST,
                           organisation_id: int | None = None) -> pd.DataFrame:
        """Every item or element answered below the improvement threshold in the subject's
        latest final assessment, with the newest open action on it, if any (one row per
        item). A parent whose elements decide is not a point itself: its elements are."""
        return self.db.query(f"""
            WITH newest AS (
                SELECT assessment_id AS id FROM newest_final_assessments n
                WHERE n.intervention_id IS NOT DISTINCT FROM $intervention
                  AND n.implementation_id IS NOT DISTINCT FROM $implementation
                  AND ($organisation IS NULL OR n.organisation_id = $organisation)
                  AND n.checklist_id = $checklist AND {subject_visible('n')}
                ORDER BY assessment_id DESC LIMIT 1),
            chosen AS (SELECT * FROM assessments WHERE id = (SELECT id FROM newest)),
            current AS (SELECT * FROM current_answers((SELECT id FROM newest))),
            scored AS (
                SELECT c.item_id, c.answer, c.note, s.credit, s.label
                FROM current c CROSS JOIN chosen a
                JOIN checklist_scales s ON s.checklist_id = a.checklist_id
                     AND s.checklist_version = a.checklist_version AND s.value = c.answer)
            SELECT a.id AS assessment_id, a.assessed_on, i.item_id, i.step, i.perspective,
                   i.parent_id, i.text, c.note, c.label AS answer_label, c.credit,
                   act.id AS action_id, act.status AS action_status
            FROM scored c CROSS JOIN chosen a
            JOIN checklist_items i ON i.checklist_id = a.checklist_id
                 AND i.checklist_version = a.checklist_version AND i.item_id = c.item_id
            JOIN checklist_versions v ON v.checklist_id = a.checklist_id
                 AND v.checklist_version = a.checklist_version
            LEFT JOIN (SELECT item_id, max(id) AS id, arg_max(status, id) AS status
                       FROM (SELECT m.id, m.item_id, arg_max(v.status, v.id) AS status
                             FROM improvement_actions m
                             JOIN action_versions v ON v.action_id = m.id
                             WHERE {_SUBJECT} AND m.checklist_id = $checklist
                             GROUP BY m.id, m.item_id)
                       WHERE NOT list_contains($closed, status)
                       GROUP BY item_id) act ON act.item_id = c.item_id
            WHERE c.credit < v.improvement_below
              AND NOT EXISTS (SELECT 1 FROM scored e JOIN checklist_items ei
                              ON ei.checklist_id = a.checklist_id
                             AND ei.checklist_version = a.checklist_version
                             AND ei.item_id = e.item_id
                              WHERE ei.parent_id = i.item_id AND e.credit IS NOT NULL)
            ORDER BY i.position""", self._params(intervention_id, implementation_id,
                                                 organisation_id, checklist=checklist_id))

    def _params(self, intervention_id, implementation_id, organisation_id, **more) -> dict:
        return {"intervention": intervention_id, "implementation": implementation_id,
                "organisation": organisation_id, "closed": list(CLOSED_ACTION_STATUSES),
                **more, **self.db.scope.params()}

    @writes("actions")
    def add(self, item_id: str, description: str, responsible: str, due_on: date | None,
            intervention_id: int | None = None, implementation_id: int | None = None,
            organisation_id: int | None = None, status: str = ActionStatus.OPEN.value,
            checklist_id: str = MAIN_CHECKLIST) -> int:
        db = self.db
        if not db.checklist(checklist_id).has_item(item_id):
            raise StoreError(f"item '{item_id[:120]}' staat niet in checklist '{checklist_id}'")
        if implementation_id is not None:
            found = db.unscoped.registry.implementation(implementation_id)
            intervention_id, organisation_id = found["intervention_id"], found["organisation_id"]
        target = db.registry.target(intervention_id, implementation_id, organisation_id)
        db.ensure(Action.ACTION_WRITE, target)
        version = _version(description, responsible, due_on, status, None)
        if db.one(f"""SELECT count(*) FROM improvement_actions m
                      JOIN (SELECT action_id, arg_max(description, id) AS description,
                                   arg_max(status, id) AS status FROM action_versions
                            GROUP BY action_id) v ON v.action_id = m.id
                      WHERE {_SUBJECT} AND m.item_id = $item AND m.checklist_id = $checklist
                        AND v.description = $description
                        AND NOT list_contains($closed, v.status)""",
                  self._params(intervention_id, implementation_id, organisation_id,
                               item=item_id, checklist=checklist_id,
                               description=version[0])):
            raise StoreError("er staat al een open actie met deze omschrijving op dit "
                             "verbeterpunt; er is geen tweede gemaakt")
        action_id = db.one("""INSERT INTO improvement_actions (intervention_id, implementation_id,
                                  organisation_id, checklist_id, item_id, created_by)
                              VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
                           [intervention_id, implementation_id, organisation_id, checklist_id,
                            item_id, db.actor.login])
        self._insert_version(action_id, version)
        db.audit.record("action.add", "improvement_actions", action_id, intervention_id,
                        organisation_id, new={"item": item_id, **_named(version)})
        return action_id

    @writes("actions")
    def update(self, action_id: int, description: str, responsible: str, due_on: date | None,
               status: str, reason: str | None = None) -> None:
        """A new version of the action; earlier versions stay as its history. A version that
        changes nothing is refused; withdrawing needs a reason."""
        db = self.db
        current = db.unscoped.actions.action(action_id)
        db.ensure(Action.ACTION_WRITE, db.registry.target(
            current["intervention_id"], current["implementation_id"],
            current["organisation_id"]))
        version = _version(description, responsible, due_on, status, reason)
        before = (current["description"], current["responsible"], _day(current["due_on"]),
                  current["status"], current["reason"])
        if before[:4] == version[:4] and (version[3] != ActionStatus.WITHDRAWN.value
                                          or before[4] == version[4]):
            raise StoreError("er is niets gewijzigd")
        self._insert_version(action_id, version)
        db.audit.record("action.update", "improvement_actions", action_id,
                        current["intervention_id"], current["organisation_id"],
                        old=_named(before), new=_named(version))

    def _insert_version(self, action_id: int, version: tuple) -> None:
        self.db.execute("""INSERT INTO action_versions (action_id, description, responsible,
                               due_on, status, reason, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                        [action_id, *version, self.db.actor.login])

    @reads("actions", "answers", "registry")
    def list(self, intervention_id: int | None = None, today: date | None = None,
             implementation_id: int | None = None, subject: str = "any",
             organisation_ids: list[int] | None = None) -> pd.DataFrame:
        """Current version of each visible action, with ``overdue`` (past due and still
        open) and ``can_close`` (the item scores full credit in the subject's latest final
        assessment). ``subject``: 'any', 'intervention' (as a whole), 'implementation',
        or 'organisations' (actions whose subject organisation is in ``organisation_ids``)."""
        return self.db.query(f"""
            WITH mine AS (
                SELECT m.* FROM improvement_actions m
                WHERE ($intervention IS NULL OR m.intervention_id = $intervention)
                  AND ($subject = 'any'
                       OR ($subject = 'intervention' AND m.implementation_id IS NULL)
                       OR ($subject = 'implementation' AND m.implementation_id = $implementation)
                       OR ($subject = 'organisations'
                           AND list_contains($organisations, m.organisation_id)))
                  AND {subject_visible('m')}),
            current AS (
                SELECT action_id, arg_max(description, id) AS description,
                       arg_max(responsible, id) AS responsible,
                       arg_max_null(due_on, id) AS due_on, arg_max(status, id) AS status,
                       arg_max_null(reason, id) AS reason,
                       max(recorded_at) AS updated_at, count(*) AS versions
                FROM action_versions WHERE action_id IN (SELECT id FROM mine)
                GROUP BY action_id),
            answer_now AS (
                -- the item's answer in the subject's newest final assessment (the one whose
                -- rows carry the `latest` flag), for these actions only
                SELECT m.id AS action_id, arg_max_null(s.credit, an.id) AS credit
                FROM mine m
                JOIN assessment_totals n ON n.latest
                     AND n.intervention_id IS NOT DISTINCT FROM m.intervention_id
                     AND n.implementation_id IS NOT DISTINCT FROM m.implementation_id
                     AND n.organisation_id IS NOT DISTINCT FROM m.organisation_id
                     AND n.checklist_id = m.checklist_id
                JOIN answers an ON an.assessment_id = n.assessment_id AND an.item_id = m.item_id
                LEFT JOIN checklist_scales s ON s.checklist_id = n.checklist_id
                     AND s.checklist_version = n.checklist_version AND s.value = an.answer
                GROUP BY m.id)
            SELECT m.id, m.intervention_id, i.name AS intervention, m.implementation_id,
                   m.organisation_id, o.name AS organisation, m.checklist_id, m.item_id,
                   ci.text AS item_text, c.description, c.responsible, c.due_on, c.status,
                   c.reason, c.updated_at, c.versions,
                   coalesce(NOT list_contains($closed, c.status) AND c.due_on < $today, false)
                       AS overdue,
                   NOT list_contains($closed, c.status) AND coalesce(an.credit = 1, false)
                       AS can_close
            FROM mine m
            JOIN current c ON c.action_id = m.id
            LEFT JOIN interventions i ON i.id = m.intervention_id
            LEFT JOIN organisations o ON o.id = m.organisation_id
            LEFT JOIN answer_now an ON an.action_id = m.id
            LEFT JOIN (SELECT DISTINCT ON (checklist_id, item_id) checklist_id, item_id, text
                       FROM checklist_items ORDER BY checklist_id, item_id,
                       checklist_version DESC) ci
                 ON ci.checklist_id = m.checklist_id AND ci.item_id = m.item_id
            ORDER BY list_contains($closed, c.status), c.due_on NULLS LAST, m.id""",
                             self._params(intervention_id, implementation_id, None,
                                          today=today or date.today(), subject=subject,
                                          organisations=organisation_ids or []))

    def action(self, action_id: int) -> dict:
        found = self.list()
        found = found[found["id"] == int(action_id)]
        if found.empty:
            raise NotFoundError(f"onbekende actie {action_id}")
        row = found.iloc[0].to_dict()
        return {k: (None if pd.api.types.is_scalar(v) and pd.isna(v) else v)
                for k, v in row.items()}

    @reads("actions", "accounts")
    def history(self, action_id: int) -> pd.DataFrame:
        self.action(action_id)
        return self.db.query("""SELECT v.description, v.responsible, v.due_on, v.status,
                   v.reason, v.recorded_at, coalesce(u.name, v.recorded_by) AS recorded_by
            FROM action_versions v LEFT JOIN users u ON u.login = v.recorded_by
            WHERE v.action_id = ? ORDER BY v.id""", [int(action_id)])


def _version(description, responsible, due_on, status, reason) -> tuple:
    if status not in ActionStatus.keys():
        raise StoreError("status moet een van "
                         f"{', '.join(ActionStatus.labels().values())} zijn")
    description = required(description, "omschrijving")
    if len(description) > 5000:
        raise StoreError("de omschrijving is te lang (hoogstens 5000 tekens)")
    responsible = required(responsible, "verantwoordelijke")
    if due_on is not None:
        problem = dates.problem(due_on)
        if problem:
            raise StoreError(f"streefdatum: {problem}")
    reason = blank_none(reason)
    if status == ActionStatus.WITHDRAWN.value and reason is None:
        raise StoreError("geef een reden waarom de actie vervalt")
    return (description, responsible, due_on, status, reason)


def _named(version: tuple) -> dict:
    return dict(zip(("omschrijving", "verantwoordelijke", "streefdatum", "status", "reden"),
                    version, strict=True))


def _day(value):
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
