"""The audit trail: one append-only log of every write, written in its transaction.

Each entry names who (the acting user's login), when, what (an action such as
``answers.record`` or ``intervention.update``), on what (table and id, and the
subject's intervention and organisation, so that an owner can read the entries
of their intervention), and what changed: the old and the new values as JSON.
Log-ins, failed log-ins, locks, exports and reports are entries too.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime

import pandas as pd

from ..errors import Forbidden
from ..permissions import Action, Target
from .database import reads


def _json(values) -> str | None:
    if values is None:
        return None

    def plain(value):
        if isinstance(value, datetime | date | pd.Timestamp):
            return value.isoformat()
        if hasattr(value, "item"):  # numpy scalars
            return value.item()
        return str(value)
    return json.dumps(values, ensure_ascii=False, default=plain, sort_keys=True)


class Audit:
    def __init__(self, db):
        self.db = db

    def record(self, action: str, table: str | None = None, row_id: int | None = None,
               intervention_id: int | None = None, organisation_id: int | None = None,
               old: dict | None = None, new: dict | None = None, detail: str | None = None,
               login: str | None = None) -> None:
        """Add one entry; call inside the transaction of the change it records. Inside
        :meth:`grouped`, the entry becomes part of the group's one entry."""
        group = getattr(self.db._txn, "audit_group", None)
        if group is not None:
            group["parts"].append({"action": action, "table": table, "id": row_id,
                                   "old": old, "new": new})
            group.setdefault("intervention_id", intervention_id)
            group.setdefault("organisation_id", organisation_id)
            group.setdefault("row", (table, row_id))
            return
        self.db.touch("audit")
        self.db.execute("""INSERT INTO audit_log (login, action, target_table, target_id,
                               intervention_id, organisation_id, old_values, new_values, detail)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        [login or (self.db.actor.login if self.db.actor else "onbekend"),
                         action, table, None if row_id is None else int(row_id),
                         None if intervention_id is None else int(intervention_id),
                         None if organisation_id is None else int(organisation_id),
                         _json(old), _json(new), detail])

    @contextmanager
    def grouped(self, action: str, detail: str | None = None):
        """One user action that makes several writes (an import, save-and-finalise)
        leaves one entry, holding the old and new values of each part."""
        txn = self.db._txn
        if getattr(txn, "audit_group", None) is not None:
            yield
            return
        txn.audit_group = group = {"parts": []}
        try:
            yield
        finally:
            txn.audit_group = None
        parts = group["parts"]
        if not parts:
            return
        table, row_id = group["row"]
        self.record(action, table, row_id, group["intervention_id"], group["organisation_id"],
                    old={p["action"]: p["old"] for p in parts if p["old"] is not None} or None,
                    new={p["action"]: p["new"] for p in parts}, detail=detail)

    def log(self, action: str, **fields) -> None:
        """An entry in a transaction of its own (a read that is logged: export, report)."""
        with self.db.transaction():
            self.record(action, **fields)

    def _readable(self) -> list[int] | None:
        """The interventions whose entries the actor may read (None: all of them); anyone
        who may read none is refused."""
        actor = self.db.actor
        if actor is None or actor.is_admin:
            return None
        own = sorted(g.intervention_id for g in actor.grants if g.intervention_id is not None)
        if not any(self._may(i) for i in own):
            raise Forbidden(f"geweigerd: {actor.login} mag het logboek niet lezen")
        return own

    @reads("audit")
    def entries(self, since: date | None = None, until: date | None = None,
                login: str | None = None, kind: str | None = None,
                intervention_id: int | None = None, organisation_id: int | None = None,
                limit: int = 5000) -> pd.DataFrame:
        """Entries newest first, optionally of one subject (an intervention, or an
        organisation and its locations). An administrator reads all of them, an owner
        those of their intervention; anyone else is refused."""
        own = self._readable()
        organisations = (None if organisation_id is None
                         else self.db.unscoped.registry.descendants([organisation_id]))
        return self.db.query("""
            SELECT l.id, l.logged_at AS at, l.login, coalesce(u.name, l.login) AS user_name,
                   l.action, l.target_table, l.target_id, l.intervention_id, i.name AS intervention,
                   l.organisation_id, o.name AS organisation, l.old_values, l.new_values,
                   l.detail
            FROM audit_log l
            LEFT JOIN users u ON u.login = l.login
            LEFT JOIN interventions i ON i.id = l.intervention_id
            LEFT JOIN organisations o ON o.id = l.organisation_id
            WHERE ($since IS NULL OR l.logged_at >= $since::DATE)
              AND ($until IS NULL OR l.logged_at < $until::DATE + INTERVAL 1 DAY)
              AND ($login IS NULL OR l.login = $login)
              AND ($kind IS NULL OR l.action LIKE $kind || '%')
              AND ($intervention IS NULL OR l.intervention_id = $intervention)
              AND ($organisations IS NULL
                   OR list_contains($organisations::INTEGER[], l.organisation_id))
              AND ($own IS NULL OR list_contains($own::INTEGER[], l.intervention_id))
            ORDER BY l.id DESC LIMIT $limit""",
                             {"since": since, "until": until, "login": login, "kind": kind,
                              "intervention": intervention_id, "organisations": organisations,
                              "own": own, "limit": limit})

    def _may(self, intervention_id: int) -> bool:
        from ..permissions import allowed
        return allowed(self.db.actor, Action.AUDIT_READ,
                       Target("intervention", intervention_id))

    @reads("audit")
    def kinds(self) -> list[str]:
        """The kinds of entry (``answers``, ``login``, ...) the actor may read."""
        own = self._readable()
        return [r[0] for r in self.db.rows(
            "SELECT DISTINCT split_part(action, '.', 1) FROM audit_log WHERE $own IS NULL OR "
            "list_contains($own::INTEGER[], intervention_id) ORDER BY 1", {"own": own})]

    def export(self, entries: pd.DataFrame) -> bytes:
        """The entries as CSV (as shown on Logboek); the export itself is logged."""
        from ..tables import csv_bytes
        self.log("export.audit", detail=f"{len(entries)} regels van het logboek als csv")
        return csv_bytes(entries)
