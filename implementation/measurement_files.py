"""Measurements from CSV or XLSX: a template per intervention, and an all-or-nothing import.

Columns: ``indicator`` (the indicator's code), ``organisatie`` (empty for an
indicator of the intervention as a whole), ``datum`` (any day in the period,
JJJJ-MM-DD), ``waarde`` (a number; a decimal comma is accepted) and ``toelichting``.
Every row is checked before anything is written; all problems are reported
together with their file, row and field.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from .indicators import period_of
from .monitoring import MeasurementInput
from .store import NotFoundError, Store
from .templates import ImportRefused, Problem, _table_bytes, read_table

COLUMNS = ["indicator", "organisatie", "datum", "waarde", "toelichting"]
REQUIRED = ("indicator", "datum", "waarde")


def measurement_template(store: Store, intervention_id: int) -> pd.DataFrame:
    """One row per indicator and organisation that should report it, values empty."""
    indicators = store.indicators(intervention_id)
    organisations = store.implementations(intervention_id)["organisation"].tolist()
    rows = []
    for indicator in indicators.itertuples():
        for organisation in ([""] if indicator.level == "macro" else organisations):
            rows.append({"indicator": indicator.code, "organisatie": organisation,
                         "datum": "", "waarde": "", "toelichting": "",
                         "naam": indicator.name})
    return pd.DataFrame(rows, columns=[*COLUMNS, "naam"])


def measurement_template_bytes(store: Store, intervention_id: int, fmt: str) -> bytes:
    return _table_bytes(measurement_template(store, intervention_id), fmt, "metingen")


def parse_measurements(store: Store, frame: pd.DataFrame, name: str, intervention_id: int,
                       replace: bool) -> list[MeasurementInput]:
    problems: list[Problem] = []
    indicators = {r["code"]: r for r in store.indicators(intervention_id).to_dict("records")}
    running = store.implementations(intervention_id)
    by_organisation = {o.lower(): int(i) for o, i in zip(running["organisation"],
                                                         running["id"], strict=True)}
    existing: dict[int, set] = {}
    seen: dict[tuple, int] = {}
    rows: list[MeasurementInput] = []
    if frame.empty:
        problems.append(Problem(name, None, None, "het bestand bevat geen rijen"))
    for index, row in enumerate(frame.to_dict("records")):
        number = index + 2

        def problem(field: str, message: str, number=number) -> None:
            problems.append(Problem(name, number, field, message))

        code = str(row["indicator"]).strip()
        indicator = indicators.get(code)
        if indicator is None:
            problem("indicator", f"onbekende indicator '{code}' bij deze interventie")
            continue
        organisation = str(row.get("organisatie", "")).strip()
        implementation_id = None
        if indicator["level"] == "macro":
            if organisation:
                problem("organisatie", f"'{indicator['name']}' geldt voor de interventie als "
                                       "geheel; laat de organisatie leeg")
                continue
        elif not organisation:
            problem("organisatie", f"'{indicator['name']}' wordt per organisatie gemeten; "
                                   "vul de organisatie in")
            continue
        else:
            implementation_id = by_organisation.get(organisation.lower())
            if implementation_id is None:
                problem("organisatie", f"'{organisation}' voert deze interventie niet uit")
                continue
        try:
            day = date.fromisoformat(str(row["datum"]).strip()[:10])
        except ValueError:
            problem("datum", f"'{row['datum']}' is geen datum; gebruik JJJJ-MM-DD")
            continue
        raw = str(row["waarde"]).strip().replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            problem("waarde", f"'{row['waarde']}' is geen getal")
            continue
        if value != value or value in (float("inf"), float("-inf")):
            problem("waarde", f"'{row['waarde']}' is geen getal")
            continue
        out_of_range = store.measurement_problem(indicator, value)
        if out_of_range:
            problem("waarde", f"{value:g} {out_of_range} ({indicator['name']})")
            continue
        start = period_of(day, indicator["frequency"])[0]
        key = (indicator["id"], implementation_id, start)
        if key in seen:
            problem("datum", f"dezelfde indicator, organisatie en periode staan ook in rij "
                             f"{seen[key]}")
            continue
        seen[key] = number
        periods = existing.setdefault(indicator["id"], store.existing_periods(indicator["id"]))
        if not replace and (implementation_id, start) in periods:
            problem("datum", f"er is al een meting voor de periode vanaf {start:%d-%m-%Y}; "
                             "kies 'vervangen' om haar te vervangen (de oude blijft in de "
                             "geschiedenis)")
            continue
        rows.append(MeasurementInput(int(indicator["id"]), day, value, implementation_id,
                                     str(row.get("toelichting", "")) or None))
    if problems:
        raise ImportRefused(problems)
    return rows


def import_measurements(store: Store, content: bytes, name: str, intervention: str | int,
                        recorded_by: str, replace: bool = False) -> int:
    """Import a measurements file for one intervention; returns the rows written."""
    try:
        intervention_id = store.intervention(intervention)["id"]
    except NotFoundError as error:
        raise ImportRefused([Problem(name, None, "interventie", str(error))]) from None
    frame = read_table(content, name, REQUIRED)
    with store.transaction():  # the duplicate check and the write see the same data
        rows = parse_measurements(store, frame, name, intervention_id, replace)
        return store.record_measurements(rows, recorded_by, replace=True)
