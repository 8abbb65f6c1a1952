"""Where the user may record measurements: the subjects of each indicator.

The decision is the core's one rule (:func:`implementation.permissions.allowed`) on the
same targets :meth:`Registry.target` builds, but made here for every subject at once:
the organisation tree and the visible implementations are read once, so that the
measurement form does not ask permission subject by subject (at national scale a school
sees some 300 indicators of 30 interventions, with 50 implementations each: thousands of
questions a page run, about two seconds).
"""
from __future__ import annotations

import pandas as pd

from ..errors import missing
from ..permissions import Action, Target, allowed
from ..vocabulary import Level
from .database import reads
from .scopes import implementation_visible, organisation_visible

WRITE = Action.MEASUREMENT_WRITE


class Measurable:
    def __init__(self, db):
        self.db = db

    def _tree(self) -> tuple[dict, dict]:
        """Per organisation, itself and every board above it (as Registry.ancestors), and
        the names of the organisations the user may see."""
        parents, names = {}, {}
        for id_, parent, name, visible in self.db.rows(f"""
                SELECT id, parent_id, name, {organisation_visible('id')} FROM organisations""",
                                                       self.db.scope.params()):
            parents[id_] = parent
            if visible:
                names[id_] = name
        chains = {}
        for start in parents:
            chain, at = set(), start
            while at is not None and at not in chain:
                chain.add(at)
                at = parents.get(at)
            chains[start] = frozenset(chain)
        return chains, names

    def _implementations(self, intervention_ids: list[int]) -> pd.DataFrame:
        return self.db.query(f"""
            SELECT m.id, m.intervention_id, m.organisation_id, o.name AS organisation
            FROM implementations m JOIN organisations o ON o.id = m.organisation_id
            WHERE list_contains($ids, m.intervention_id) AND {implementation_visible('m.id')}
            ORDER BY o.name, m.id""", {"ids": intervention_ids, **self.db.scope.params()})

    def _subjects(self, indicator: dict, chains: dict, names: dict,
                  running: pd.DataFrame) -> list[tuple[str, int | None, str | None]]:
        user = self.db.actor
        owner = indicator["organisation_id"]
        if not missing(owner):   # an organisation's indicator: measured per location
            owner = int(owner)
            every = allowed(user, WRITE, Target("organisation", None, chains[owner]))
            locations = sorted((names[o], o) for o in names
                               if o != owner and owner in chains[o])
            return [("o", o, name) for name, o in locations
                    if every or allowed(user, WRITE, Target("organisation", None,
                                                            chains[o]))]
        intervention = int(indicator["intervention_id"])
        whole = allowed(user, WRITE, Target("intervention", intervention))
        if indicator["level"] == Level.MACRO.value:
            return [("w", None, None)] if whole else []
        mine = running[running["intervention_id"] == intervention]
        return [("i", int(i), name) for i, o, name in zip(
                    mine["id"], mine["organisation_id"], mine["organisation"], strict=True)
                if whole or allowed(user, WRITE, Target("implementation", intervention,
                                                       chains[int(o)]))]

    @reads("monitoring", "registry")
    def subjects(self, indicator_id: int) -> list[tuple[str, int | None, str | None]]:
        """The subjects the user may record a measurement of this indicator for, as
        (kind, id, name): ``("i", implementation, organisation name)`` per implementation,
        ``("o", location, name)`` per location of an organisation's indicator, or
        ``("w", None, None)`` for the intervention as a whole (a national indicator)."""
        found = self.db.monitoring.indicators(indicator_id=int(indicator_id))
        if found.empty:
            return []
        indicator = found.iloc[0].to_dict()
        chains, names = self._tree()
        running = self._implementations([] if missing(indicator["intervention_id"])
                                        else [int(indicator["intervention_id"])])
        return self._subjects(indicator, chains, names, running)

    @reads("monitoring", "registry")
    def indicators(self) -> list[int]:
        """The visible indicators for which the user may record some measurement."""
        indicators = self.db.monitoring.indicators()
        if indicators.empty:
            return []
        if allowed(self.db.actor, WRITE):   # allowed everywhere (an administrator)
            return [int(i) for i in indicators["id"]]
        chains, names = self._tree()
        running = self._implementations(sorted(
            {int(i) for i in indicators["intervention_id"].dropna()}))
        return [int(r["id"]) for r in indicators.to_dict("records")
                if self._subjects(r, chains, names, running)]
