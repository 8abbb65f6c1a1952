"""Monitoring indicators: definitions as validated data, and the rules on their values.

An indicator belongs to an intervention and says what is measured (name, level,
kind, unit, direction), what is good enough (a target value or a band), how often
a measurement is expected, and with which instrument. It can name the checklist
items it gives evidence for. Definitions come from the app or from YAML files in
``indicators/`` (see ``indicators/demo.yaml``), validated by the same strict
pydantic models.

Target logic (also in the README; applied in SQL in ``monitoring.py``):

- higher is better: met when value >= target_low (and <= target_high for a band);
- lower is better:  met when value <= target_high (and >= target_low for a band).
  A single target value is written as ``target`` and stored as the bound that
  matters for the direction.
"""
from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from .checklists import dutch_message

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "indicators"


class Level(StrEnum):
    MACRO = "macro"
    MESO = "meso"
    MICRO = "micro"


class Kind(StrEnum):
    INTEGRITY = "integrity"
    EFFECT = "effect"
    REACH = "reach"
    SATISFACTION = "satisfaction"
    CONTEXT = "context"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    SCALE = "scale"
    DAYS = "days"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Frequency(StrEnum):
    LESSON = "lesson"
    MONTH = "month"
    QUARTER = "quarter"
    SCHOOL_YEAR = "school_year"
    YEAR = "year"


LABELS = {
    "macro": "macro (landelijk)", "meso": "meso (organisatie)", "micro": "micro (professional)",
    "integrity": "programma-integriteit", "effect": "effect", "reach": "bereik",
    "satisfaction": "tevredenheid", "context": "context",
    "count": "aantal", "percent": "percentage", "scale": "score op schaal", "days": "dagen",
    "higher": "hoger is beter", "lower": "lager is beter",
    "lesson": "per les", "month": "per maand", "quarter": "per kwartaal",
    "school_year": "per schooljaar", "year": "per jaar",
}
# How long after the end of a period the next measurement is overdue.
EXPECTED_EVERY = {
    Frequency.LESSON: timedelta(days=14), Frequency.MONTH: timedelta(days=31),
    Frequency.QUARTER: timedelta(days=92), Frequency.SCHOOL_YEAR: timedelta(days=366),
    Frequency.YEAR: timedelta(days=366),
}

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-_.]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class IndicatorSpec(BaseModel):
    """One indicator definition. ``code`` is its stable key within the intervention."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Code
    name: Text
    level: Level
    kind: Kind
    unit: Unit
    scale_min: float | None = None
    scale_max: float | None = None
    direction: Direction
    target: float | None = None
    target_low: float | None = None
    target_high: float | None = None
    frequency: Frequency
    instrument: Text
    items: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> IndicatorSpec:
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
                                                               self.scale_min, self.scale_max)
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
                  scale_max: float | None = None) -> str | None:
    """Why ``value`` cannot be a value of ``unit``, or None when it can."""
    unit = Unit(unit)
    if unit in (Unit.COUNT, Unit.DAYS) and value < 0:
        return "mag niet negatief zijn"
    if unit is Unit.PERCENT and not 0 <= value <= 100:
        return "een percentage ligt tussen 0 en 100"
    if unit is Unit.SCALE and not scale_min <= value <= scale_max:
        return f"ligt buiten de schaal {scale_min:g}–{scale_max:g}"
    return None


class IndicatorFile(BaseModel):
    """A YAML file of indicator definitions, grouped per intervention name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interventions: dict[Text, list[IndicatorSpec]]


class IndicatorError(ValueError):
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
        raise IndicatorError(source, dutch_message(first), data.get("code") or None,
                             field_name) from None


def load_indicator_file(path: Path | str) -> dict[str, list[IndicatorSpec]]:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        raise IndicatorError(path.name, "geen geldige UTF-8 YAML") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("interventions"), dict):
        raise IndicatorError(path.name, "verwacht 'interventions:' met per interventie een "
                                        "lijst indicatoren")
    result: dict[str, list[IndicatorSpec]] = {}
    for name, specs in raw["interventions"].items():
        if not isinstance(specs, list):
            raise IndicatorError(path.name, f"'{name}' moet een lijst indicatoren zijn")
        parsed = [parse_indicator(spec if isinstance(spec, dict) else {}, path.name)
                  for spec in specs]
        codes = [spec.code for spec in parsed]
        duplicate = next((c for c in codes if codes.count(c) > 1), None)
        if duplicate:
            raise IndicatorError(path.name, "deze code komt twee keer voor", duplicate, "code")
        result[str(name)] = parsed
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
