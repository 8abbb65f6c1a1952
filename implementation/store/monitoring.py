"""Indicators and their measurements: definitions, the one check of a measurement,
the trend and the attention list.

Measurements are append-only. The current value of an (indicator, subject,
period) is its newest row; a value for a period that already has one is refused
unless the caller asks to replace it, and then the old row stays as history.
"""
from __future__ import annotations

import hashlib
from datetime import date
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd

from ..checklists import MAIN_CHECKLIST
from ..errors import NotFoundError, StoreError, blank_none, first_row
from ..indicators import (
    EXPECTED_EVERY,
    IndicatorSpec,
    example_indicator_ids,
    load_indicator_file,
    period_of,
)
from ..permissions import Action
from ..vocabulary import Level
from .database import reads, writes
from .measurement_checks import MeasurementInput, check_measurements
from .monitoring_sql import ATTENTION_SQL, JUDGED_SQL, LATEST_VALUES_SQL, TREND_SQL
from .scopes import INDICATOR_VISIBLE, MEASUREMENT_VISIBLE

# The smallest number of organisations whose aggregate (median, spread, share meeting the
# target) a user who does not see them by name is shown.
MIN_GROUP = 3
# Up to this many rows, a write's audit entry lists every value; beyond, the rows by id.
AUDITED_VALUES = 500


class Monitoring:
    def __init__(self, db):
        self.db = db

    # -- indicators ------------------------------------------------------------

    @writes("monitoring")
    def add_indicator(self, spec: IndicatorSpec, intervention_id: int | None = None,
                      organisation_id: int | None = None) -> int:
        db = self.db
        if (intervention_id is None) == (organisation_id is None):
            raise StoreError("een indicator hoort bij een interventie óf bij een organisatie")
        if intervention_id is not None:
            db.unscoped.registry.intervention(intervention_id)
            checklist = db.checklists.get(MAIN_CHECKLIST)
            unknown = [i for i in spec.items if checklist is None or not checklist.has_item(i)]
            if unknown:
                raise StoreError(f"indicator '{spec.code}': onbekende checklist-items "
                                 f"{', '.join(u[:120] for u in unknown)}")
        else:
            db.unscoped.registry.organisation(organisation_id)
            if spec.items:
                raise StoreError(f"indicator '{spec.code}': alleen een indicator van een "
                                 "interventie verwijst naar items van de NJi-checklist")
            if spec.level is Level.MACRO:
                raise StoreError(f"indicator '{spec.code}': een indicator van een organisatie "
                                 "wordt per locatie gemeten; kies niveau meso of micro")
        db.ensure(Action.INDICATOR_WRITE, db.registry.target(intervention_id, None,
                                                             organisation_id))
        if db.one("SELECT id FROM indicators WHERE intervention_id IS NOT DISTINCT FROM ? AND "
                  "organisation_id IS NOT DISTINCT FROM ? AND code = ?",
                  [intervention_id, organisation_id, spec.code]):
            raise StoreError(f"er is al een indicator '{spec.code}' voor deze "
                             f"{'interventie' if intervention_id else 'organisatie'}")
        low, high = spec.bounds
        values = dict(intervention_id=intervention_id, organisation_id=organisation_id,
                      code=spec.code, name=spec.name, level=spec.level.value,
                      kind=spec.kind.value, unit=spec.unit.value, scale_min=spec.scale_min,
                      scale_max=spec.scale_max, direction=spec.direction.value,
                      target_low=low, target_high=high, frequency=spec.frequency.value,
                      instrument=spec.instrument, item_ids=list(spec.items))
        new_id = db.one(f"INSERT INTO indicators ({', '.join(values)}) VALUES "
                        f"({', '.join('?' * len(values))}) RETURNING id", list(values.values()))
        db.audit.record("indicator.add", "indicators", new_id, intervention_id, organisation_id,
                        new=values)
        return new_id

    @writes("monitoring")
    def add_indicator_file(self, path) -> int:
        """Add every indicator of a YAML file (see indicators/demo.yaml), all or nothing."""
        added = 0
        loaded = load_indicator_file(path)
        checksum = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        with self.db.audit.grouped("import.indicators",
                                   detail=f"{Path(path).name} (sha256 {checksum})"):
            for name, specs in loaded["interventions"].items():
                owner = self.db.unscoped.registry.intervention(name)["id"]
                added += sum(1 for spec in specs if self.add_indicator(spec, owner))
            for name, specs in loaded["organisations"].items():
                owner = self.db.unscoped.registry.organisation(name)["id"]
                added += sum(1 for spec in specs if self.add_indicator(spec, None, owner))
        return added

    @reads("monitoring", "registry")
    def indicators(self, intervention_id: int | None = None,
                   organisation_id: int | None = None, kind: str = "any",
                   indicator_id: int | None = None) -> pd.DataFrame:
        """Indicators of an intervention, of an organisation (and the boards above it:
        a location is measured on its board's indicators), or all visible ones (or the
        one with ``indicator_id``)."""
        owners = self.db.registry.ancestors([organisation_id]) if organisation_id else []
        return self._examples(self.db.query(f"""SELECT i.*, v.name AS intervention,
                   o.name AS owner_organisation
            FROM indicators i LEFT JOIN interventions v ON v.id = i.intervention_id
            LEFT JOIN organisations o ON o.id = i.organisation_id
            WHERE ($intervention IS NULL OR i.intervention_id = $intervention)
              AND ($organisation IS NULL OR list_contains($owners, i.organisation_id))
              AND ($kind = 'any' OR ($kind = 'intervention') = (i.intervention_id IS NOT NULL))
              AND ($indicator IS NULL OR i.id = $indicator)
              AND {INDICATOR_VISIBLE}
            ORDER BY i.intervention_id NULLS LAST, i.organisation_id, list_position($levels,
                     i.level), i.code""",
                             {"intervention": intervention_id, "organisation": organisation_id,
                              "owners": owners, "kind": kind, "levels": Level.keys(),
                              "indicator": indicator_id, **self.db.scope.params()}), "id")

    def _examples(self, frame: pd.DataFrame, column: str = "indicator_id") -> pd.DataFrame:
        """``example_target``: whether each row's indicator has a target the demo invented
        (:func:`..indicators.example_indicator_ids`), so every text of it says so."""
        return frame.assign(example_target=frame[column].isin(example_indicator_ids(self.db))
                            .astype(bool))

    def indicator(self, ref: int | str, intervention_id: int | None = None,
                  organisation_id: int | None = None) -> dict:
        """An indicator by id, or by code within its intervention or organisation."""
        if isinstance(ref, Integral) or (isinstance(ref, str) and ref.strip().isdigit()):
            found = self.indicators(intervention_id, organisation_id, indicator_id=int(ref))
        else:
            found = self.indicators(intervention_id, organisation_id)
            found = found[found["code"] == str(ref).strip()]
        if found.empty:
            raise NotFoundError(f"onbekende indicator '{str(ref)[:80]}'")
        return first_row(found)

    # -- measurements --------------------------------------------------------

    def check_measurements(self, rows: list[MeasurementInput],
                           replace: bool = False) -> list[tuple[int, str, str]]:
        """Every problem of a batch, as (index, field, message): the one check that the
        form and the import share (see :mod:`.measurement_checks`)."""
        return check_measurements(self.db, rows, replace)

    @writes("monitoring")
    def record_measurements(self, rows: list[MeasurementInput], replace: bool = False,
                            source: str | None = None) -> int:
        """Store measurements in one transaction, after the one check; returns rows."""
        db = self.db
        problems = self.check_measurements(rows, replace)
        if problems:
            index, _, message = problems[0]
            more = f" (en {len(problems) - 1} andere)" if len(problems) > 1 else ""
            prefix = f"regel {index + 1}: " if len(rows) > 1 else ""
            raise StoreError(f"{prefix}{message}{more}")
        if not rows:
            return 0
        indicators = {int(r["id"]): r for r in db.query(
            "SELECT id, intervention_id, organisation_id, frequency FROM indicators "
            "WHERE list_contains($ids, id)",
            {"ids": sorted({int(r.indicator_id) for r in rows})}).to_dict("records")}
        implementation_orgs = {int(r[0]): int(r[1]) for r in db.rows(
            "SELECT id, organisation_id FROM implementations WHERE list_contains($ids, id)",
            {"ids": sorted({int(r.implementation_id) for r in rows if r.implementation_id})})}
        subjects = set()
        prepared = []
        for row in rows:
            indicator = indicators[int(row.indicator_id)]
            start, end = period_of(row.day, indicator["frequency"])
            organisation = (implementation_orgs[int(row.implementation_id)]
                            if row.implementation_id is not None else row.organisation_id)
            intervention = indicator["intervention_id"]
            intervention = None if pd.isna(intervention) else int(intervention)
            subjects.add((intervention, row.implementation_id,
                          organisation if intervention is None else None))
            prepared.append((int(row.indicator_id), intervention, row.implementation_id,
                             organisation, start, end, float(row.value), blank_none(row.note),
                             db.actor.login if db.actor else None))
        for intervention, implementation, organisation in subjects:
            db.ensure(Action.MEASUREMENT_WRITE,
                      db.registry.target(intervention, implementation, organisation))
        frame = pd.DataFrame(prepared, columns=[
            "indicator_id", "intervention_id", "implementation_id", "organisation_id",
            "period_start", "period_end", "value", "note", "recorded_by"])
        frame = frame.astype({"intervention_id": "Int64", "implementation_id": "Int64",
                              "organisation_id": "Int64"})
        replaced = self._replaced(frame) if replace else []
        # each new row's id with its own values, as the insert returns them (its order need
        # not be the frame's, and another writer's ids may lie in between)
        stored = db.insert_frame("measurements", frame, returning="id, indicator_id, "
                                 "implementation_id, organisation_id, period_start, value")
        ids = stored["id"]
        first = prepared[0]
        new = {"rows": len(prepared), "indicators": sorted({p[0] for p in prepared})}
        if len(prepared) <= AUDITED_VALUES:
            new["values"] = [{"id": int(i), "indicator": int(k), "implementation": _int(m),
                              "organisation": _int(o), "period": pd.Timestamp(p).date(),
                              "value": float(v)}
                             for i, k, m, o, p, v in sorted(zip(
                                 ids, stored["indicator_id"], stored["implementation_id"],
                                 stored["organisation_id"], stored["period_start"],
                                 stored["value"], strict=True), key=lambda r: r[0])]
        else:   # larger imports: every new id (append-only rows keep their values)
            new["ids"] = sorted(int(i) for i in ids)
        db.audit.record("measurements.record", "measurements",
                        int(ids[0]) if len(ids) == 1 else None, first[1],
                        first[3] if first[1] is None else None,
                        old={"replaced": replaced} if replace else None, new=new,
                        detail=source)
        return len(prepared)

    def _replaced(self, frame: pd.DataFrame) -> list[dict]:
        """The current values that the incoming rows replace (they stay in the table)."""
        name = "incoming_replacements"
        self.db._con.register(name, frame)
        try:
            rows = self.db.rows(f"""
                SELECT arg_max(m.id, m.id), arg_max(m.value, m.id), m.indicator_id,
                       m.period_start
                FROM measurements m JOIN {name} n ON n.indicator_id = m.indicator_id
                     AND m.implementation_id IS NOT DISTINCT FROM n.implementation_id
                     AND m.organisation_id IS NOT DISTINCT FROM n.organisation_id
                     AND m.period_start = n.period_start
                GROUP BY m.indicator_id, m.implementation_id, m.organisation_id,
                         m.period_start""")
        finally:
            self.db._con.unregister(name)
        return [{"id": int(i), "value": v, "indicator": int(k), "period": p}
                for i, v, k, p in rows]

    @reads("monitoring", "registry")
    def measurements(self, indicator_id: int | None = None, intervention_id: int | None = None,
                     organisation_ids: list[int] | None = None,
                     with_history: bool = False) -> pd.DataFrame:
        """Current values per indicator, subject and period (or every row), that the user
        may see, with the organisation's name and board."""
        current = JUDGED_SQL if not with_history else """
    judged AS (SELECT m.*, 1 AS versions, NULL::BOOLEAN AS met FROM measurements m
               WHERE ($indicator IS NULL OR m.indicator_id = $indicator)
                 AND ($intervention IS NULL OR m.intervention_id = $intervention))"""
        order = "m.id" if with_history else "m.period_start, o.name"
        return self.db.query(f"""
            WITH {current}
            SELECT m.*, o.name AS organisation, o.parent_id AS board_id
            FROM judged m LEFT JOIN organisations o ON o.id = m.organisation_id
            WHERE ($orgs IS NULL OR list_contains($orgs, m.organisation_id))
              AND {MEASUREMENT_VISIBLE}
            ORDER BY m.indicator_id, {order}""",
                             {"indicator": indicator_id, "intervention": intervention_id,
                              "orgs": organisation_ids, **self.db.scope.params()})

    @reads("monitoring", "registry")
    def trend(self, indicator_id: int, organisation_ids: list[int] | None = None) -> pd.DataFrame:
        """Per period: the median and spread (p25-p75, min, max) across organisations,
        how many reported, the share meeting the target, and the value for the
        intervention as a whole. Aggregates cover every organisation (national figures,
        no names); ``organisation_ids`` limits them (a board's locations)."""
        scope, indicator_id = self.db.scope, int(indicator_id)
        full = scope.everything   # otherwise: who the indicator belongs to, if visible
        if not full:   # (_owner_of refuses an indicator the user may not see)
            full = self._sees_all_organisations_of(self._owner_of(indicator_id))
        if organisation_ids is not None and not full:
            # a named organisation's figures only where the user may see it by name
            organisation_ids = [o for o in organisation_ids if scope.sees_organisation(o)]
        # the indicator's visibility is inside the statement: one query for the trend
        trend = self.db.query(TREND_SQL.format(indicator_visible=INDICATOR_VISIBLE),
                              {"indicator": indicator_id, "orgs": organisation_ids,
                               **scope.params()})
        if trend.empty and scope.everything:
            self._owner_of(indicator_id)   # an unknown indicator is named as such
        if not full:
            # national figures without names: a spread of fewer than MIN_GROUP organisations
            # would tell one school another's value
            small = trend["organisations"] < MIN_GROUP
            trend.loc[small, ["median", "p25", "p75", "low", "high", "share_met"]] = None
        return trend

    def _owner_of(self, indicator_id: int) -> dict:
        """The intervention or organisation of a visible indicator (one small lookup)."""
        found = self.db._run(f"""SELECT i.intervention_id, i.organisation_id FROM indicators i
                                 WHERE i.id = $id AND {INDICATOR_VISIBLE}""",
                             {"id": indicator_id, **self.db.scope.params()}).fetchone()
        if found is None:
            raise NotFoundError(f"onbekende indicator '{indicator_id}'")
        return {"intervention_id": found[0], "organisation_id": found[1]}

    def _sees_all_organisations_of(self, indicator: dict) -> bool:
        """Whether the user sees by name every organisation that reports ``indicator``: the
        owner of its intervention, or (an organisation's own indicator) a user whose grant
        is on that organisation or above it."""
        if indicator["intervention_id"] is not None:
            return int(indicator["intervention_id"]) in self.db.scope.full_interventions
        roots = [g.organisation_id for g in self.db.actor.grants if g.organisation_id]
        return int(indicator["organisation_id"]) in set(self.db.registry.descendants(roots))

    @reads("monitoring", "registry")
    def latest_values(self, organisation_ids: list[int]) -> pd.DataFrame:
        """Per indicator and subject at ``organisation_ids`` (an implementation there, or a
        location measured on its board's own indicator): the value of the latest period
        and whether it meets the target. What a board's page shows per location and
        intervention ("3 of 4 indicators on target"); only rows the user may see."""
        return self._examples(self.db.query(
            LATEST_VALUES_SQL.format(measurement_visible=MEASUREMENT_VISIBLE),
            {"orgs": [int(o) for o in organisation_ids], **self.db.scope.params()}))

    @reads("monitoring", "registry")
    def attention(self, today: date, intervention_ids: list[int] | None = None,
                  organisation_ids: list[int] | None = None) -> pd.DataFrame:
        """What to look at first, most urgent first: an indicator that missed its target in
        the two latest periods of a subject (when those follow each other), and a
        measurement that the frequency says is due and missing. Of the interventions in
        ``intervention_ids`` and/or the subjects at ``organisation_ids`` (a board's
        locations and the board's own indicators); all visible ones when both are None."""
        frequencies = list(EXPECTED_EVERY)
        return self._examples(self.db.query(
            ATTENTION_SQL.format(indicator_visible=INDICATOR_VISIBLE,
                                 measurement_visible=MEASUREMENT_VISIBLE), {
                "today": today, "interventions": intervention_ids, "orgs": organisation_ids,
                "frequencies": [f.value for f in frequencies],
                "days": [EXPECTED_EVERY[f].days for f in frequencies],
                **self.db.scope.params()}))


def _int(value) -> int | None:
    """A returned id column's value (masked or NaN where NULL) as an int or None."""
    return None if value is None or value is np.ma.masked or pd.isna(value) else int(value)
