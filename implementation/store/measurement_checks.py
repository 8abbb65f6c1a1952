"""The one check of a measurement, shared by the form, the import and the store: the
indicator exists, the subject fits the indicator (a location of the board, an
organisation that runs the intervention, or the intervention as a whole), the date
is sensible and its period has begun, the value fits the unit, and no other value
exists for the same indicator, subject and period (unless it is to be replaced).
Everything is looked up in a few set-wise queries, never one per row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .. import dates
from ..indicators import period_of, range_problem
from ..vocabulary import Frequency, Level


@dataclass(frozen=True)
class MeasurementInput:
    indicator_id: int
    day: date                        # any day in the period; the frequency fixes the period
    value: float
    implementation_id: int | None = None
    organisation_id: int | None = None   # a location, for an organisation's own indicator
    note: str | None = None


def check_measurements(db, rows: list[MeasurementInput],
                   replace: bool = False) -> list[tuple[int, str, str]]:
    """Every problem of a batch, as (index, field, message): the one check that the
    form and the import share. Looks everything up in a few set-wise queries."""
    problems: list[tuple[int, str, str]] = []
    indicators = {int(r["id"]): r for r in
                  db.query("SELECT * FROM indicators WHERE list_contains($ids, id)",
                           {"ids": sorted({int(r.indicator_id) for r in rows})})
                  .to_dict("records")}
    implementations = {int(r[0]): int(r[1]) for r in db.rows(
        "SELECT id, intervention_id FROM implementations WHERE list_contains($ids, id)",
        {"ids": sorted({int(r.implementation_id) for r in rows
                        if r.implementation_id is not None})})}
    locations = {int(i["id"]): set(db.registry.descendants([i["organisation_id"]]))
                 for i in indicators.values() if i["organisation_id"] is not None}
    keys, seen = [], {}
    for index, row in enumerate(rows):
        indicator = indicators.get(int(row.indicator_id))
        if indicator is None:
            problems.append((index, "indicator", f"onbekende indicator {row.indicator_id}"))
            keys.append(None)
            continue
        problem = _subject_problem(indicator, row, implementations, locations)
        if problem is None:
            problem = _value_problem(indicator, row)
        if problem is not None:
            problems.append((index, *problem))
            keys.append(None)
            continue
        start, end = period_of(row.day, indicator["frequency"])
        key = (int(row.indicator_id), row.implementation_id, row.organisation_id, start)
        if key in seen:
            problems.append((index, "datum", f"dezelfde indicator, organisatie en periode "
                             f"staan ook in regel {seen[key] + 1} ({start:%d-%m-%Y})"))
        seen.setdefault(key, index)
        keys.append((*key, end))
    if not replace:
        existing = _existing(db, keys)
        for index, key in enumerate(keys):
            if key is not None and key[:4] in existing:
                problems.append((index, "datum", f"er is al een meting voor de periode "
                                 f"vanaf {key[3]:%d-%m-%Y}; kies 'vervangen' om haar te "
                                 "vervangen (de oude blijft in de geschiedenis)"))
    return sorted(problems)

def _subject_problem(indicator, row, implementations, locations):
    name = indicator["name"]
    if indicator["organisation_id"] is not None:
        if row.implementation_id is not None or row.organisation_id is None:
            return "organisatie", f"'{name}' wordt per locatie gemeten; kies de locatie"
        if int(row.organisation_id) not in locations[int(indicator["id"])]:
            return "organisatie", f"deze locatie hoort niet bij de organisatie van '{name}'"
        return None
    if row.organisation_id is not None and row.implementation_id is None:
        return "organisatie", f"'{name}' is een indicator van een interventie; kies een " \
                              "uitvoerende organisatie van die interventie"
    if indicator["level"] == Level.MACRO.value:
        if row.implementation_id is not None:
            return "organisatie", (f"'{name}' geldt voor de interventie als geheel; laat de "
                                   "organisatie leeg")
        return None
    if row.implementation_id is None:
        return "organisatie", f"'{name}' wordt per organisatie gemeten; kies de organisatie"
    if implementations.get(int(row.implementation_id)) != indicator["intervention_id"]:
        return "organisatie", "deze organisatie voert de interventie niet uit"
    return None

def _existing(db, keys) -> set[tuple]:
    wanted = pd.DataFrame([k[:4] for k in keys if k is not None],
                          columns=["indicator_id", "implementation_id", "organisation_id",
                                   "period_start"])
    if wanted.empty:
        return set()
    wanted = wanted.astype({"implementation_id": "Int64", "organisation_id": "Int64"})
    name = "wanted_periods"
    db._con.register(name, wanted)
    try:
        found = db.rows(f"""
            SELECT DISTINCT w.indicator_id, w.implementation_id, w.organisation_id,
                   w.period_start
            FROM {name} w JOIN measurements m ON m.indicator_id = w.indicator_id
                 AND m.implementation_id IS NOT DISTINCT FROM w.implementation_id
                 AND (m.implementation_id IS NOT NULL
                      OR m.organisation_id IS NOT DISTINCT FROM w.organisation_id)
                 AND m.period_start = w.period_start
            WHERE list_contains($ids, m.indicator_id)""",
                              {"ids": sorted(set(wanted["indicator_id"].astype(int)))})
    finally:
        db._con.unregister(name)
    return {(int(i), None if p is None else int(p), None if o is None else int(o), s)
            for i, p, o, s in found}


def _value_problem(indicator: dict, row) -> tuple[str, str] | None:
    reason = dates.problem(row.day)
    if reason:
        return "datum", reason
    if Frequency(indicator["frequency"]) is not Frequency.LESSON and \
            period_of(row.day, indicator["frequency"])[0] > date.today():
        return "datum", "deze periode is nog niet begonnen"
    value = row.value
    if value is None:
        return "waarde", "vul een waarde in"
    problem = range_problem(indicator["unit"], float(value),
                            _number(indicator["scale_min"]), _number(indicator["scale_max"]))
    if problem:
        return "waarde", f"{float(value):g} {problem} ({indicator['name']})"
    if row.note is not None and len(str(row.note)) > 5000:
        return "toelichting", "de toelichting is te lang (hoogstens 5000 tekens)"
    return None


def _number(value):
    return None if value is None or pd.isna(value) else float(value)
