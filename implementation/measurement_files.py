"""Measurements from CSV or XLSX: a template, and an all-or-nothing import.

Columns: ``indicator`` (the indicator's code), ``organisatie`` (empty for an
indicator of the intervention as a whole), ``datum`` (any day in the period,
JJJJ-MM-DD), ``waarde`` (a number as a Dutch user types it, see
:func:`indicators.read_number`) and ``toelichting``. The rows are read by the one
table reader and checked by the one measurement check of the store (the same the
form uses), set-wise; all problems come back together with file, row and field.
"""
from __future__ import annotations

import hashlib
import re

import pandas as pd

from . import dates
from .errors import ImportRefused, NotFoundError, Problem
from .indicators import read_number
from .permissions import Action, Target
from .store import MeasurementInput
from .tables import MAX_MEASUREMENT_ROWS, read_table, table_bytes
from .vocabulary import Level

COLUMNS = ["indicator", "organisatie", "datum", "waarde", "toelichting"]
REQUIRED = ("indicator", "datum", "waarde")


def _owner(db, intervention, organisation) -> dict:
    """The intervention or organisation the file is about, as typed; one clear refusal
    (naming user, action and subject *as the user typed it*: never the stored name of a
    subject the user may not see) when the user may not even see it."""
    registry = db.unscoped.registry
    if intervention is not None:
        found = registry.intervention(intervention)
        visible = db.scope.sees_intervention(int(found["id"]))
        owner, typed = {"intervention_id": int(found["id"])}, intervention
    else:
        found = registry.organisation(organisation)
        visible = db.scope.sees_organisation(int(found["id"]))
        owner, typed = {"organisation_id": int(found["id"])}, organisation
    if not visible:
        db.ensure(Action.MEASUREMENT_WRITE, Target(description=str(typed)[:120]))
    return owner


def measurement_template(db, intervention=None, organisation=None) -> pd.DataFrame:
    """One row per indicator and subject that should report it, values empty."""
    owner = _owner(db, intervention, organisation)
    indicators = db.monitoring.indicators(**owner)
    rows = []
    for indicator in indicators.itertuples():
        if indicator.organisation_id is not None and not pd.isna(indicator.organisation_id):
            subjects = db.registry.locations(int(indicator.organisation_id))["name"].tolist()
        elif indicator.level == Level.MACRO.value:
            subjects = [""]
        else:
            subjects = db.registry.implementations(int(indicator.intervention_id))[
                "organisation"].tolist()
        for subject in subjects or [""]:
            rows.append({"indicator": indicator.code, "organisatie": subject, "datum": "",
                         "waarde": "", "toelichting": "", "naam": indicator.name})
    return pd.DataFrame(rows, columns=[*COLUMNS, "naam"])


def measurement_template_bytes(db, fmt: str, intervention=None, organisation=None) -> bytes:
    return table_bytes(measurement_template(db, intervention, organisation), fmt, "metingen")


def parse_measurements(db, frame: pd.DataFrame, name: str, owner: dict,
                       replace: bool) -> list[MeasurementInput]:
    problems: list[Problem] = []
    indicators = {r["code"]: r for r in db.monitoring.indicators(**owner).to_dict("records")}
    if "intervention_id" in owner:
        running = db.registry.implementations(owner["intervention_id"])
        subjects = {o.lower(): ("implementation", int(i)) for o, i in
                    zip(running["organisation"], running["id"], strict=True)}
    else:
        locations = db.registry.locations(owner["organisation_id"])
        subjects = {o.lower(): ("organisation", int(i)) for o, i in
                    zip(locations["name"], locations["id"], strict=True)}
    rows: list[MeasurementInput] = []
    numbers: list[int] = []
    if frame.empty:
        problems.append(Problem(name, None, None, "het bestand bevat geen rijen"))
    for row in frame.to_dict("records"):
        number = int(row["_row"])
        code = str(row["indicator"]).strip()
        indicator = indicators.get(code)
        if indicator is None:
            problems.append(Problem(name, number, "indicator", f"onbekende indicator "
                                    f"'{code[:60]}' bij {'deze interventie' if 'intervention_id' in owner else 'deze organisatie'}"))
            continue
        organisation = str(row.get("organisatie", "")).strip()
        implementation_id = organisation_id = None
        if organisation:
            found = subjects.get(organisation.lower())
            if found is None:
                problems.append(Problem(name, number, "organisatie", f"'{organisation[:80]}' "
                                        "voert deze interventie niet uit" if "intervention_id"
                                        in owner else f"'{organisation[:80]}' is geen locatie "
                                        "van deze organisatie"))
                continue
            if found[0] == "implementation":
                implementation_id = found[1]
            else:
                organisation_id = found[1]
        day, reason = dates.read(row["datum"])
        if reason:
            problems.append(Problem(name, number, "datum", reason))
            continue
        value, reason = read_number(row["waarde"])
        if reason:
            problems.append(Problem(name, number, "waarde", reason))
            continue
        rows.append(MeasurementInput(int(indicator["id"]), day, value, implementation_id,
                                     organisation_id, str(row.get("toelichting", "")) or None))
        numbers.append(number)
    for index, field, message in db.monitoring.check_measurements(rows, replace):
        message = re.sub(r"regel (\d+)", lambda m: f"rij {numbers[int(m.group(1)) - 1]}",
                         message)
        problems.append(Problem(name, numbers[index], field, message))
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: (p.row or 0, p.field or "")))
    return rows


def import_measurements(db, content: bytes, name: str, intervention=None, organisation=None,
                        replace: bool = False) -> int:
    """Import a measurements file for one intervention or organisation; returns rows."""
    try:
        owner = _owner(db, intervention, organisation)
    except NotFoundError as error:
        raise ImportRefused([Problem(name, None, "onderwerp", str(error))]) from None
    frame = read_table(content, name, REQUIRED, csv_rows=MAX_MEASUREMENT_ROWS)
    checksum = hashlib.sha256(content).hexdigest()
    with db.transaction():  # the check and the write see the same data
        rows = parse_measurements(db, frame, name, owner, replace)
        with db.audit.grouped("import.measurements", detail=f"{name} (sha256 {checksum})"):
            written = db.monitoring.record_measurements(rows, replace, source=name)
        db.execute("INSERT INTO imports (kind, file_name, checksum, subject, rows, imported_by) "
                   "VALUES ('measurements', ?, ?, ?, ?, ?)",
                   [name[:200], checksum, str(sorted(owner.items())), written,
                    db.actor.login if db.actor else "onbekend"])
        return written
