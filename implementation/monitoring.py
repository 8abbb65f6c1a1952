"""The store's monitoring part: indicators and their measurements (mixed into Store).

Measurements are append-only. The current value of an (indicator, implementation,
period) is its newest row; recording a value for a period that already has one is
refused unless the caller asks to replace it, and then the old row stays as history.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from numbers import Integral

import pandas as pd

from .checklists import MAIN_CHECKLIST
from .indicators import EXPECTED_EVERY, IndicatorSpec, period_of, range_problem


@dataclass(frozen=True)
class MeasurementInput:
    indicator_id: int
    day: date                        # any day in the period; the frequency fixes the period
    value: float
    implementation_id: int | None = None
    note: str | None = None


_CURRENT = """
    current AS (
        SELECT m.indicator_id, m.implementation_id, m.period_start,
               max(m.period_end) AS period_end, arg_max(m.value, m.id) AS value,
               count(*) AS versions
        FROM measurements m
        WHERE m.intervention_id = $intervention
          AND ($indicator IS NULL OR m.indicator_id = $indicator)
        GROUP BY m.indicator_id, m.implementation_id, m.period_start),
    judged AS (
        SELECT c.*, i.frequency,
               (i.target_low IS NULL OR c.value >= i.target_low)
               AND (i.target_high IS NULL OR c.value <= i.target_high) AS met
        FROM current c JOIN indicators i ON i.id = c.indicator_id)"""


class MonitoringMixin:
    """Methods of :class:`implementation.store.Store` for indicators and measurements."""

    def add_indicator(self, intervention_id: int, spec: IndicatorSpec) -> int:
        from .store import StoreError
        checklist = self.checklists.get(MAIN_CHECKLIST)
        unknown = [i for i in spec.items if checklist is None or not checklist.has_item(i)]
        if unknown:
            raise StoreError(f"indicator '{spec.code}': onbekende checklist-items "
                             f"{', '.join(unknown)}")
        low, high = spec.bounds
        with self.transaction():
            self.intervention(intervention_id)
            if self._one("SELECT id FROM indicators WHERE intervention_id = ? AND code = ?",
                         [intervention_id, spec.code]):
                raise StoreError(f"deze interventie heeft al een indicator '{spec.code}'")
            return self._one("""
                INSERT INTO indicators (intervention_id, code, name, level, kind, unit,
                    scale_min, scale_max, direction, target_low, target_high, frequency,
                    instrument, item_ids)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                             [intervention_id, spec.code, spec.name, spec.level.value,
                              spec.kind.value, spec.unit.value, spec.scale_min, spec.scale_max,
                              spec.direction.value, low, high, spec.frequency.value,
                              spec.instrument, list(spec.items)])

    def add_indicator_file(self, path) -> int:
        """Add every indicator of a YAML file (see indicators/demo.yaml), all or nothing.
        Returns the number added."""
        from .indicators import load_indicator_file
        added = 0
        with self.transaction():
            for name, specs in load_indicator_file(path).items():
                intervention_id = self.intervention(name)["id"]
                for spec in specs:
                    self.add_indicator(intervention_id, spec)
                    added += 1
        return added

    def indicators(self, intervention_id: int | None = None) -> pd.DataFrame:
        return self._query("""SELECT * FROM indicators
            WHERE $intervention IS NULL OR intervention_id = $intervention
            ORDER BY intervention_id, level, code""", {"intervention": intervention_id})

    def indicator(self, ref: int | str, intervention_id: int | None = None) -> dict:
        """An indicator by id, or by code within an intervention."""
        from .store import NotFoundError, _row
        if isinstance(ref, Integral):
            frame = self._query("SELECT * FROM indicators WHERE id = ?", [int(ref)])
        else:
            frame = self._query("SELECT * FROM indicators WHERE intervention_id = ? "
                                "AND code = ?", [intervention_id, ref.strip()])
        if frame.empty:
            raise NotFoundError(f"onbekende indicator '{ref}'")
        return _row(frame)

    def measurement_problem(self, indicator: dict, value: float) -> str | None:
        return range_problem(indicator["unit"], value, indicator["scale_min"],
                             indicator["scale_max"])

    def existing_periods(self, indicator_id: int) -> set[tuple[int | None, date]]:
        rows = self._con.execute("SELECT DISTINCT implementation_id, period_start "
                                 "FROM measurements WHERE indicator_id = ?",
                                 [indicator_id]).fetchall()
        return {(impl if impl is None else int(impl), start) for impl, start in rows}

    def record_measurements(self, rows: list[MeasurementInput], recorded_by: str,
                            replace: bool = False) -> int:
        """Store measurements in one transaction; refuse values outside the unit's range
        and second values for a period unless ``replace``. Returns rows written."""
        from .store import StoreError, _blank_none, _required
        recorded_by = _required(recorded_by, "ingevuld door")
        prepared = []
        cache: dict[int, dict] = {}
        delivering: dict[int, set] = {}
        seen: set[tuple] = set()
        for row in rows:
            indicator = cache.setdefault(row.indicator_id, self.indicator(row.indicator_id))
            name = indicator["name"]
            problem = self.measurement_problem(indicator, row.value)
            if problem:
                raise StoreError(f"{name}: waarde {row.value:g} {problem}")
            if indicator["level"] == "macro" and row.implementation_id is not None:
                raise StoreError(f"{name} geldt voor de interventie als geheel; kies geen "
                                 "organisatie")
            if indicator["level"] != "macro":
                if row.implementation_id is None:
                    raise StoreError(f"{name} wordt per organisatie gemeten; kies de "
                                     "organisatie")
                ids = delivering.setdefault(indicator["intervention_id"], set(
                    self.implementations(indicator["intervention_id"])["id"].astype(int)))
                if int(row.implementation_id) not in ids:
                    raise StoreError(f"{name}: deze organisatie voert de interventie niet uit")
            start, end = period_of(row.day, indicator["frequency"])
            if (row.indicator_id, row.implementation_id, start) in seen:
                raise StoreError(f"{name}: twee waarden voor de periode vanaf "
                                 f"{start:%d-%m-%Y}")
            seen.add((row.indicator_id, row.implementation_id, start))
            prepared.append((row.indicator_id, indicator["intervention_id"],
                             row.implementation_id, start, end, float(row.value),
                             _blank_none(row.note), recorded_by))
        with self.transaction():
            if not replace:
                existing = {i: self.existing_periods(i) for i in cache}
                for indicator_id, _, implementation_id, start, *_ in prepared:
                    if (implementation_id, start) in existing[indicator_id]:
                        raise StoreError(f"{cache[indicator_id]['name']}: er is al een meting "
                                         f"voor de periode vanaf {start:%d-%m-%Y}; kies "
                                         "'vervangen' om haar te vervangen")
            frame = pd.DataFrame(prepared, columns=[
                "indicator_id", "intervention_id", "implementation_id", "period_start",
                "period_end", "value", "note", "recorded_by"])
            self._con.register("incoming_measurements", frame)
            try:
                self._con.execute("INSERT INTO measurements BY NAME "
                                  "SELECT * FROM incoming_measurements")
            finally:
                self._con.unregister("incoming_measurements")
        return len(prepared)

    def measurements(self, intervention_id: int, indicator_id: int | None = None,
                     with_history: bool = False) -> pd.DataFrame:
        """Current values per indicator, organisation and period (or every row)."""
        if with_history:
            return self._query("""
                SELECT m.*, o.name AS organisation FROM measurements m
                LEFT JOIN implementations im ON im.id = m.implementation_id
                LEFT JOIN organisations o ON o.id = im.organisation_id
                WHERE m.intervention_id = $intervention
                  AND ($indicator IS NULL OR m.indicator_id = $indicator)
                ORDER BY m.indicator_id, m.implementation_id, m.period_start, m.id""",
                               {"intervention": intervention_id, "indicator": indicator_id})
        return self._query(f"""
            WITH {_CURRENT}
            SELECT j.*, o.name AS organisation, o.parent_id AS board_id
            FROM judged j
            LEFT JOIN implementations im ON im.id = j.implementation_id
            LEFT JOIN organisations o ON o.id = im.organisation_id
            ORDER BY j.indicator_id, j.period_start, o.name""",
                           {"intervention": intervention_id, "indicator": indicator_id})

    def indicator_trend(self, intervention_id: int,
                        indicator_id: int | None = None) -> pd.DataFrame:
        """Per indicator and period: the median and spread (p25-p75, min, max) across
        organisations, how many reported, the share meeting the target, and the value
        for the intervention as a whole (macro measurements without organisation)."""
        return self._query(f"""
            WITH {_CURRENT}
            SELECT indicator_id, period_start, max(period_end) AS period_end,
                   median(value) FILTER (WHERE implementation_id IS NOT NULL) AS median,
                   quantile_cont(value, 0.25) FILTER (WHERE implementation_id IS NOT NULL)
                       AS p25,
                   quantile_cont(value, 0.75) FILTER (WHERE implementation_id IS NOT NULL)
                       AS p75,
                   min(value) FILTER (WHERE implementation_id IS NOT NULL) AS low,
                   max(value) FILTER (WHERE implementation_id IS NOT NULL) AS high,
                   count(*) FILTER (WHERE implementation_id IS NOT NULL) AS organisations,
                   avg(met::INTEGER) FILTER (WHERE implementation_id IS NOT NULL)
                       AS share_met,
                   any_value(value) FILTER (WHERE implementation_id IS NULL) AS whole,
                   bool_or(met) FILTER (WHERE implementation_id IS NULL) AS whole_met
            FROM judged GROUP BY indicator_id, period_start
            ORDER BY indicator_id, period_start""",
                           {"intervention": intervention_id, "indicator": indicator_id})

    def attention(self, intervention_id: int, today: date) -> pd.DataFrame:
        """What to look at first: (1) an indicator that missed its target in the two latest
        periods of an organisation (or of the intervention as a whole), when those periods
        follow each other; (2) a measurement that the frequency says was due and is
        missing. ``reason`` is 'streefwaarde niet gehaald' or 'meting ontbreekt'."""
        frequencies = list(EXPECTED_EVERY)
        return self._query(f"""
            WITH {_CURRENT},
            ranked AS (
                SELECT *, row_number() OVER (PARTITION BY indicator_id, implementation_id
                                             ORDER BY period_start DESC) AS recency
                FROM judged),
            below AS (
                SELECT indicator_id, implementation_id, max(period_start) AS period_start,
                       arg_max(value, period_start) AS value
                FROM ranked WHERE recency <= 2
                GROUP BY indicator_id, implementation_id, frequency
                -- two periods in a row: the second starts the day after the first ends
                -- (lessons have no calendar rhythm: any two latest lessons)
                HAVING count(*) = 2 AND NOT bool_or(met)
                   AND (frequency = 'lesson'
                        OR date_diff('day', min(period_end), max(period_start)) = 1)),
            expected AS (
                SELECT i.id AS indicator_id, im.id AS implementation_id,
                       im.started_on AS since, i.frequency
                FROM indicators i JOIN implementations im
                     ON im.intervention_id = i.intervention_id AND im.ended_on IS NULL
                WHERE i.intervention_id = $intervention AND i.level <> 'macro'
                UNION ALL
                SELECT i.id, NULL, i.created_at::DATE, i.frequency FROM indicators i
                WHERE i.intervention_id = $intervention AND i.level = 'macro'),
            last AS (
                SELECT indicator_id, implementation_id, max(period_start) AS last_start,
                       max(period_end) AS last_end
                FROM current GROUP BY indicator_id, implementation_id),
            missing AS (
                SELECT e.indicator_id, e.implementation_id, l.last_start,
                       coalesce(l.last_end, e.since) + to_days(
                           $days[list_position($frequencies, e.frequency)]) AS due
                FROM expected e LEFT JOIN last l ON l.indicator_id = e.indicator_id
                     AND l.implementation_id IS NOT DISTINCT FROM e.implementation_id),
            found AS (
                SELECT 'streefwaarde niet gehaald' AS reason, indicator_id, implementation_id,
                       period_start AS since, value, NULL::DATE AS due FROM below
                UNION ALL
                SELECT 'meting ontbreekt', indicator_id, implementation_id, last_start, NULL,
                       due::DATE FROM missing WHERE due < $today)
            SELECT f.reason, f.indicator_id, i.name AS indicator, i.level, i.unit,
                   i.target_low, i.target_high, i.frequency, f.implementation_id,
                   o.name AS organisation, o.parent_id AS board_id, f.since, f.value, f.due
            FROM found f JOIN indicators i ON i.id = f.indicator_id
            LEFT JOIN implementations im ON im.id = f.implementation_id
            LEFT JOIN organisations o ON o.id = im.organisation_id
            ORDER BY f.reason DESC, i.name, o.name""",
                           {"intervention": intervention_id, "indicator": None,
                            "today": today, "frequencies": [f.value for f in frequencies],
                            "days": [EXPECTED_EVERY[f].days for f in frequencies]})
