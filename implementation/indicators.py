"""Monitoring indicators: definitions as validated data, and the rules on their values.

An indicator belongs to an intervention (measured for the intervention as a whole
at level macro, or per implementing organisation at meso and micro) or to an
organisation such as a school board (measured per location: a board's own
monitoring, seed 001). It says what is measured (name, level, kind, unit,
direction), what is good enough (a target value or a band), how often a
measurement is expected, and with which instrument. Definitions come from the
dashboard or from YAML files (see ``indicators/demo.yaml``), validated by the same
strict pydantic models.

Target logic (also in the README; applied in SQL by the store):

- higher is better: met when value >= target_low (and <= target_high for a band);
- lower is better:  met when value <= target_high (and >= target_low for a band).
  A single target value is written as ``target`` and stored as the bound that
  matters for the direction.
"""
from __future__ import annotations

import functools
import math
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from . import safe_yaml
from .checklists import dutch_message
from .errors import Refused
from .vocabulary import Direction, Frequency, IndicatorKind, Level, Unit

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "indicators"

# How long after the end of a period the next measurement is overdue.
EXPECTED_EVERY = {
    Frequency.LESSON: timedelta(days=14), Frequency.MONTH: timedelta(days=31),
    Frequency.QUARTER: timedelta(days=92), Frequency.SCHOOL_YEAR: timedelta(days=366),
    Frequency.YEAR: timedelta(days=366),
}
MAX_VALUE = 1e12

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-_.]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class IndicatorSpec(BaseModel):
    """One indicator definition. ``code`` is its stable key within its owner."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    code: Code
    name: Text
    level: Level
    kind: IndicatorKind
    unit: Unit
    scale_min: float | None = None
    scale_max: float | None = None
    direction: Direction
    target: float | None = None
    target_low: float | None = None
    target_high: float | None = None
    frequency: Frequency
    instrument: Text
    items: list[Annotated[str, StringConstraints(max_length=120)]] = Field(
        default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> IndicatorSpec:
        numbers = (self.scale_min, self.scale_max, self.target, self.target_low,
                   self.target_high)
        if any(n is not None and abs(n) > MAX_VALUE for n in numbers):
            raise ValueError("getallen mogen niet groter zijn dan duizend miljard")
        if self.unit is Unit.SCALE:
            if self.scale_min is None or self.scale_max is None:
                raise ValueError("een schaal heeft scale_min en scale_max nodig")
            if self.scale_min >= self.scale_max:
                raise ValueError("scale_min moet kleiner zijn dan scale_max")
        elif self.scale_min is not None or self.scale_max is not None:
            raise ValueError("scale_min en scale_max horen alleen bij de eenheid 'scale'")
        if self.target is not None and (self.target_low is not None
                                        or self.target_high is not None):
            raise ValueError("geef target óf target_low/target_high, niet beide")
        if self.target is None and self.target_low is None and self.target_high is None:
            raise ValueError("een indicator heeft een streefwaarde (target) of een band nodig")
        low, high = self.bounds
        if low is not None and high is not None and low > high:
            raise ValueError("target_low mag niet groter zijn dan target_high")
        for bound in (low, high):
            problem = None if bound is None else range_problem(self.unit, bound,
                                                               self.scale_min, self.scale_max,
                                                               whole=False)
            if problem:
                raise ValueError(f"streefwaarde {bound:g}: {problem}")
        return self

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """(low, high) of the target; a single ``target`` is the bound its direction needs."""
        if self.target is not None:
            return ((self.target, None) if self.direction is Direction.HIGHER
                    else (None, self.target))
        return self.target_low, self.target_high


def range_problem(unit: str, value: float, scale_min: float | None = None,
                  scale_max: float | None = None, whole: bool = True) -> str | None:
    """Why ``value`` cannot be a value of ``unit``, or None when it can. Counts and days
    are whole numbers (``whole``: for measured values, not for targets)."""
    unit = Unit(unit)
    if not math.isfinite(value):
        return "is geen getal"
    if abs(value) > MAX_VALUE:
        return "is onwaarschijnlijk groot"
    if unit in (Unit.COUNT, Unit.DAYS) and value < 0:
        return "mag niet negatief zijn"
    if unit in (Unit.COUNT, Unit.DAYS) and whole and value != int(value):
        return f"is een {unit.label} en dus een geheel getal"
    if unit is Unit.PERCENT and not 0 <= value <= 100:
        return "een percentage ligt tussen 0 en 100"
    if unit is Unit.SCALE and not scale_min <= value <= scale_max:
        return f"ligt buiten de schaal {scale_min:g}–{scale_max:g}"
    return None


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$")


def read_number(raw) -> tuple[float | None, str | None]:
    """A number as a Dutch user types it: ``12``, ``71,9`` or ``71.9``. ``1.234`` is
    refused as ambiguous (a Dutch reader means 1234, a program 1,234); ``1_000``,
    ``1e3``, ``nan`` and ``inf`` are not numbers a person types into a form."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
        return (value, None) if math.isfinite(value) else (None, "is geen getal")
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    shown = text if len(text) <= 30 else text[:29] + "…"
    if _THOUSANDS.match(text):
        return None, (f"'{shown}' is dubbelzinnig: schrijf {text.replace('.', '')} (zonder "
                      f"punt) of {text.replace('.', ',')} (met een komma)")
    if not _NUMBER.match(text):
        return None, f"'{shown}' is geen getal"
    value = float(text.replace(",", "."))
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        return None, f"'{shown}' is onwaarschijnlijk groot"
    return value, None


class IndicatorError(Refused, ValueError):
    def __init__(self, file: str, message: str, code: str | None = None,
                 field_name: str | None = None):
        self.file, self.code, self.field_name = file, code, field_name
        where = [file] + ([f"indicator '{code}'"] if code else []) + (
            [f"veld '{field_name}'"] if field_name else [])
        super().__init__(f"{', '.join(where)}: {message}")


def parse_indicator(data: dict[str, Any], source: str = "formulier") -> IndicatorSpec:
    try:
        return IndicatorSpec.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field_name = ".".join(str(p) for p in first["loc"]) or None
        code = data.get("code") if isinstance(data.get("code"), str) else None
        raise IndicatorError(source, dutch_message(first), (code or None) and code[:80],
                             field_name) from None


def load_indicator_file(path: Path | str) -> dict[str, dict[str, list[IndicatorSpec]]]:
    """``{'interventions': {name: [spec]}, 'organisations': {name: [spec]}}``."""
    path = Path(path)
    try:
        raw = safe_yaml.load_file(path)
    except safe_yaml.YamlRefused as error:
        raise IndicatorError(path.name, str(error)) from None
    if not isinstance(raw, dict) or not set(raw) or set(raw) - {"interventions",
                                                                 "organisations"}:
        raise IndicatorError(path.name, "verwacht 'interventions:' en/of 'organisations:' met "
                                        "per naam een lijst indicatoren")
    result: dict[str, dict[str, list[IndicatorSpec]]] = {"interventions": {},
                                                          "organisations": {}}
    for owner_kind in ("interventions", "organisations"):
        owners = raw.get(owner_kind) or {}
        if not isinstance(owners, dict):
            raise IndicatorError(path.name, f"'{owner_kind}' moet per naam een lijst "
                                            "indicatoren geven")
        for name, specs in owners.items():
            if not isinstance(specs, list):
                raise IndicatorError(path.name, f"'{str(name)[:80]}' moet een lijst "
                                                "indicatoren zijn")
            parsed = [parse_indicator(spec if isinstance(spec, dict) else {}, path.name)
                      for spec in specs]
            codes = [spec.code for spec in parsed]
            duplicate = next((c for c in codes if codes.count(c) > 1), None)
            if duplicate:
                raise IndicatorError(path.name, "deze code komt twee keer voor", duplicate,
                                     "code")
            result[owner_kind][str(name)] = parsed
    return result


def period_of(day: date, frequency: str) -> tuple[date, date]:
    """The calendar period of ``frequency`` that contains ``day`` (a school year runs
    1 August – 31 July; a lesson is a single day)."""
    frequency = Frequency(frequency)
    if frequency is Frequency.LESSON:
        return day, day
    if frequency is Frequency.MONTH:
        start = day.replace(day=1)
    elif frequency is Frequency.QUARTER:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    elif frequency is Frequency.SCHOOL_YEAR:
        start = date(day.year if day.month >= 8 else day.year - 1, 8, 1)
    else:
        start = date(day.year, 1, 1)
    months = {Frequency.MONTH: 1, Frequency.QUARTER: 3}.get(frequency, 12)
    year, month = divmod(start.month - 1 + months, 12)
    return start, date(start.year + year, month + 1, 1) - timedelta(days=1)


def period_label(start: date, frequency: str) -> str:
    """A period as a user names it: 'schooljaar 2024-2025', 'kwartaal 2 2025', ..."""
    frequency = Frequency(frequency)
    if frequency is Frequency.SCHOOL_YEAR:
        return f"schooljaar {start.year}-{start.year + 1}"
    if frequency is Frequency.YEAR:
        return str(start.year)
    if frequency is Frequency.QUARTER:
        return f"kwartaal {(start.month - 1) // 3 + 1} {start.year}"
    if frequency is Frequency.MONTH:
        return f"{start:%m-%Y}"
    return f"{start:%d-%m-%Y}"


def _bound_text(value) -> str:
    return f"{float(value):g}".replace(".", ",")


def target_text(indicator: dict) -> str:
    """The target in words ('streefwaarde ten minste 85', 'streefwaarde hoogstens 12',
    'streefband 5–12'); "(voorbeeld)" after a target the demo invented (the seeds set
    none), which the store marks as ``example_target``."""
    low, high = indicator.get("target_low"), indicator.get("target_high")
    low = None if low is None or _missing(low) else low
    high = None if high is None or _missing(high) else high
    if low is not None and high is not None:
        text = f"streefband {_bound_text(low)}–{_bound_text(high)}"
    elif low is not None:
        text = f"streefwaarde ten minste {_bound_text(low)}"
    else:
        text = f"streefwaarde hoogstens {_bound_text(high)}"
    return text + (" (voorbeeld)" if indicator.get("example_target") else "")


def _missing(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def example_indicator_ids(db) -> set[int]:
    """The indicators whose target the demo invented: those of ``indicators/demo.yaml``, in
    a database that holds the demo data (the seeds set no targets). The store adds this
    as ``example_target`` to every indicator row it returns."""
    if db.setting("demo_data") != "1":
        return set()
    demo = _demo_indicators()
    rows = db.rows("""SELECT i.id, coalesce(v.name, o.name), i.code FROM indicators i
                      LEFT JOIN interventions v ON v.id = i.intervention_id
                      LEFT JOIN organisations o ON o.id = i.organisation_id""")
    return {int(i) for i, owner, code in rows if (owner, code) in demo}


@functools.cache
def _demo_indicators() -> frozenset[tuple[str, str]]:
    """(owner, code) of every indicator in indicators/demo.yaml (read once per process)."""
    loaded = load_indicator_file(DEFAULT_DIRECTORY / "demo.yaml")
    return frozenset((owner, spec.code) for part in ("interventions", "organisations")
                     for owner, specs in loaded[part].items() for spec in specs)

