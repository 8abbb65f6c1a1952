"""The checklist file format as strict pydantic models, and the errors that name the
place of a fault (file, item id, field) in Dutch."""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ..errors import Refused
from ..vocabulary import ItemKind, Perspective, Stage

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent.parent / "checklists"
# The NJi checklist (Bijlage 2): the one readiness, stages and indicators refer to.
MAIN_CHECKLIST = "verspreiding-borging"
MAX_ELEMENT_DEPTH = 2   # levels of elements below an item; scoring follows this
MAX_ITEMS = 2000        # the NJi checklist has 152 lines
MAX_TEXT = 2000
MAX_NODES = 50_000      # YAML values in one checklist file (the NJi checklist has 1,751)
MAX_STEPS = 200
MAX_OPTIONS = 50        # options of a choice item, and of an answer scale
MAX_LIST = 200          # stages, guidance, blocks: anything else that is a list


def checklist_directory() -> Path:
    """The folder of checklist files: ``$MONITOR_CHECKLISTS``, else ``checklists/``."""
    return Path(os.environ.get("MONITOR_CHECKLISTS") or DEFAULT_DIRECTORY)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=MAX_TEXT)]
Intro = Annotated[str, StringConstraints(max_length=20_000)]
Note = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.\-]*$", max_length=120)]
OptionValue = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._\-]*$",
                                               max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("moet een gewoon getal zijn (geen NaN of oneindig)")
    return value


class ScaleOption(_Strict):
    """One answer option: the stored value, the label a user reads, and the credit it
    earns (0 to 1), or no credit: the item is not applicable and leaves the score."""

    value: OptionValue
    label: NonEmpty
    credit: float | None = Field(ge=0, le=1)

    _check_credit = field_validator("credit")(classmethod(lambda cls, v: _finite(v)))


DEFAULT_SCALE = (
    ScaleOption(value="ja", label="ja", credit=1),
    ScaleOption(value="nee", label="nee", credit=0),
    ScaleOption(value="nvt", label="n.v.t.", credit=None),
)


class Guidance(_Strict):
    """A piece of the seed's advice, quoted, with the section it comes from."""

    text: NonEmpty
    source: NonEmpty
    perspective: Perspective | None = None


class ItemSpec(_Strict):
    id: ItemId
    text: NonEmpty
    parent: ItemId | None = None
    motivating: bool = False
    kind: ItemKind = ItemKind.QUESTION
    options: list[NonEmpty] | None = Field(default=None, max_length=MAX_OPTIONS)
    multiple: bool = False
    stages: list[Stage] | None = Field(default=None, max_length=MAX_LIST)
    replaces: ItemId | None = None


class BlockSpec(_Strict):
    perspective: Perspective
    label: NonEmpty | None = None
    stages: list[Stage] | None = Field(default=None, max_length=MAX_LIST)
    items: list[ItemSpec] = Field(min_length=1, max_length=MAX_ITEMS)


class StepSpec(_Strict):
    number: int = Field(ge=1, le=1000)
    title: NonEmpty
    intro: Intro | None = None
    guidance: list[Guidance] = Field(default_factory=list, max_length=MAX_LIST)
    blocks: list[BlockSpec] | None = Field(default=None, max_length=MAX_LIST)
    items: list[ItemSpec] | None = Field(default=None, max_length=MAX_ITEMS)


class ChecklistSpec(_Strict):
    id: ItemId
    version: NonEmpty
    title: NonEmpty
    source: Note | None = None
    authors: Note | None = None
    step_noun: NonEmpty = "Stap"
    intro: Intro | None = None
    scale: list[ScaleOption] | None = Field(default=None, max_length=MAX_OPTIONS)
    improvement_below: float = Field(default=1.0, gt=0, le=1)
    stage_reached_at: float | None = Field(default=None, gt=0, le=1)
    stages: dict[Stage, Annotated[list[int], Field(max_length=MAX_STEPS)]] = Field(
        default_factory=dict)
    steps: list[StepSpec] = Field(min_length=1, max_length=MAX_STEPS)

    _finite_threshold = field_validator("improvement_below", "stage_reached_at")(
        classmethod(lambda cls, v: _finite(v)))


class ChecklistError(Refused):
    """A checklist file that cannot be used, with the place of the fault."""

    def __init__(self, file: str, message: str, item_id: str | None = None,
                 field_name: str | None = None):
        self.file, self.item_id, self.field_name = file, item_id, field_name
        where = [file]
        if item_id:
            where.append(f"item '{item_id}'")
        if field_name:
            where.append(f"veld '{field_name}'")
        super().__init__(f"{', '.join(where)}: {message}")
        self.reason = message


DUTCH_ERRORS = {
    "missing": "ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_too_short": "mag niet leeg zijn",
    "string_too_long": "is te lang",
    "too_short": "mag niet leeg zijn",
    "too_long": "heeft te veel onderdelen",
    "string_type": "moet tekst zijn (zet een getal tussen aanhalingstekens)",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "finite_number": "moet een gewoon getal zijn (geen NaN of oneindig)",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een mapping (sleutel: waarde) zijn",
    "model_type": "moet een mapping (sleutel: waarde) zijn",
    "greater_than_equal": "is te klein",
    "greater_than": "is te klein",
    "less_than_equal": "is te groot",
    "less_than": "is te groot",
}


def dutch_message(error: dict) -> str:
    """A pydantic error as a Dutch sentence (shared with the indicator models)."""
    kind = error["type"]
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(error.get("ctx", {}).values()), None)
        words = {"greater_than_equal": "minstens", "greater_than": "groter dan",
                 "less_than_equal": "hoogstens", "less_than": "kleiner dan"}[kind]
        if isinstance(bound, float):
            bound = f"{bound:g}".replace(".", ",")
        return f"moet {words} {bound} zijn" if bound is not None else DUTCH_ERRORS[kind]
    if kind in DUTCH_ERRORS:
        return DUTCH_ERRORS[kind]
    if kind == "enum":
        return (f"onbekende waarde {str(error.get('input'))[:60]!r}; kies uit "
                f"{error['ctx']['expected']}")
    if kind == "string_pattern_mismatch":
        return (f"ongeldige id {str(error.get('input'))[:60]!r}: gebruik kleine letters, "
                "cijfers, '.' en '-'")
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return f"ongeldige waarde {str(error.get('input'))[:60]!r}"


