"""Checklists as validated data.

A checklist is a YAML file in ``checklists/``. It is read with ``yaml.safe_load``,
checked by strict pydantic models (unknown keys are refused), and then by the
rules that pydantic cannot express per field: unique item ids, parents that
exist earlier in the same block, stage mappings that name existing steps.

Item ids are the keys of stored answers and of imported files. They are chosen
once and never reused for another text: changing a text means a new checklist
version, and a removed item keeps its id retired. The format is
``<step>.<perspective>.<slug>`` for items and ``<parent id>.<slug>`` for
elements, so that an id reads as where the item lives.

A bad file gives one :class:`ChecklistError` that names the file, the item id
and the field; the other files still load (see :func:`load_checklists`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "checklists"
# The NJi checklist (Bijlage 2): the one readiness, stages and indicators refer to.
MAIN_CHECKLIST = "verspreiding-borging"


class Perspective(StrEnum):
    MACRO = "macro"
    CONTENT = "content"
    MESO = "meso"
    MICRO = "micro"

    @property
    def label(self) -> str:
        return PERSPECTIVE_LABELS[self]


PERSPECTIVE_LABELS = {
    Perspective.MACRO: "Landelijk niveau van verspreiden",
    Perspective.CONTENT: "Inhoud interventie",
    Perspective.MESO: "Organisatieniveau",
    Perspective.MICRO: "Niveau van de professional(s)",
}


class Stage(StrEnum):
    """Stages of innovation (seed 003, §2.1), in the order they are reached."""

    DISSEMINATIE = "disseminatie"
    ADOPTIE = "adoptie"
    IMPLEMENTATIE = "implementatie"
    BORGING = "borging"

    @property
    def label(self) -> str:
        return self.value.capitalize()


STAGE_ORDER = list(Stage)
IMPLEMENTATION_SCOPE = (Perspective.MESO.value, Perspective.MICRO.value)
MAX_ELEMENT_DEPTH = 2  # scoring.MAX_DEPTH follows this

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.\-]*$", max_length=120)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemSpec(_Strict):
    id: ItemId
    text: NonEmpty
    parent: ItemId | None = None
    motivating: bool = False


class BlockSpec(_Strict):
    perspective: Perspective
    label: NonEmpty | None = None
    items: list[ItemSpec] = Field(min_length=1)


class StepSpec(_Strict):
    number: int = Field(ge=1)
    title: NonEmpty
    intro: str | None = None
    blocks: list[BlockSpec] | None = None
    items: list[ItemSpec] | None = None


class ChecklistSpec(_Strict):
    id: ItemId
    version: NonEmpty
    title: NonEmpty
    source: str | None = None
    authors: str | None = None
    step_noun: NonEmpty = "Stap"
    intro: str | None = None
    stages: dict[Stage, list[int]] = Field(default_factory=dict)
    steps: list[StepSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Item:
    """One answerable line: a top-level item (``parent is None``) or an element."""

    id: str
    step: int
    perspective: Perspective | None
    parent: str | None
    text: str
    motivating: bool
    depth: int
    position: int


@dataclass(frozen=True)
class Checklist:
    spec: ChecklistSpec
    items: tuple[Item, ...]
    path: Path | None = None
    stage_of_step: dict[int, Stage] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        return self.spec.version

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def steps(self) -> list[StepSpec]:
        return self.spec.steps

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def children(self, item_id: str | None) -> list[Item]:
        return [item for item in self.items if item.parent == item_id]

    def items_of(self, step: int, perspective: Perspective | None = None) -> list[Item]:
        return [i for i in self.items if i.step == step and i.perspective == perspective]

    def perspectives_of(self, step: int) -> list[Perspective | None]:
        seen: list[Perspective | None] = []
        for item in self.items:
            if item.step == step and item.perspective not in seen:
                seen.append(item.perspective)
        return seen

    @property
    def top_level(self) -> list[Item]:
        return [item for item in self.items if item.parent is None]

    @property
    def display_title(self) -> str:
        """The title as a heading (the seed writes "ontwerp methodiekhandleiding")."""
        return self.title[:1].upper() + self.title[1:]

    def scope(self, for_implementation: bool) -> list[str] | None:
        """The perspectives an assessment covers: an implementing organisation scores
        the meso and micro parts (what it arranges itself); the owner scores all of it.
        None means every item (also for checklists without perspectives)."""
        if for_implementation and any(i.perspective is not None for i in self.items):
            return list(IMPLEMENTATION_SCOPE)
        return None


class ChecklistError(Exception):
    """A checklist file that cannot be used, with the place of the fault."""

    def __init__(self, file: str, message: str, item_id: str | None = None,
                 field_name: str | None = None):
        self.file, self.item_id, self.field_name, self.message = file, item_id, field_name, message
        where = [file]
        if item_id:
            where.append(f"item '{item_id}'")
        if field_name:
            where.append(f"veld '{field_name}'")
        super().__init__(f"{', '.join(where)}: {message}")


def in_display_order(checklists: dict[str, Checklist]) -> list[str]:
    """Checklist ids as a user picks from them: the NJi checklist first, then by id."""
    return sorted(checklists, key=lambda c: (c != MAIN_CHECKLIST, c))


@dataclass
class LoadResult:
    checklists: dict[str, Checklist]
    errors: list[ChecklistError]


def load_checklists(directory: Path | str = DEFAULT_DIRECTORY) -> LoadResult:
    """Load every ``*.yaml``/``*.yml`` file; a bad file is reported, the rest still load."""
    loaded: dict[str, Checklist] = {}
    errors: list[ChecklistError] = []
    paths = sorted(Path(directory).glob("*.y*ml"))
    for path in paths:
        try:
            checklist = load_checklist(path)
        except ChecklistError as error:
            errors.append(error)
            continue
        if checklist.id in loaded:
            errors.append(ChecklistError(path.name, f"checklist-id '{checklist.id}' staat ook in "
                                         f"{loaded[checklist.id].path.name}", field_name="id"))
            continue
        loaded[checklist.id] = checklist
    return LoadResult(loaded, errors)


def load_checklist(path: Path | str) -> Checklist:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ChecklistError(path.name, "het bestand is geen UTF-8-tekst") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (regel {mark.line + 1})" if mark else ""
        raise ChecklistError(path.name, f"geen geldige YAML{where}") from None
    return parse_checklist(raw, path.name, path)


def parse_checklist(raw: Any, file: str, path: Path | None = None) -> Checklist:
    if not isinstance(raw, dict):
        raise ChecklistError(file, "het bestand moet een mapping met checklist-velden zijn")
    try:
        spec = ChecklistSpec.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        item_id, field_name = _locate(raw, first["loc"])
        raise ChecklistError(file, dutch_message(first), item_id, field_name) from None
    return _build(spec, file, path)


def _locate(raw: Any, loc: tuple) -> tuple[str | None, str]:
    """Turn a pydantic error location into (nearest item id, dotted field path)."""
    node, item_id = raw, None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            item_id = node["id"]
    field_name = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
    return item_id, field_name.replace(".[", "[")


DUTCH_ERRORS = {
    "missing": "ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_too_short": "mag niet leeg zijn",
    "too_short": "mag niet leeg zijn",
    "string_type": "moet tekst zijn (zet een getal tussen aanhalingstekens)",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een mapping (sleutel: waarde) zijn",
    "model_type": "moet een mapping (sleutel: waarde) zijn",
    "greater_than_equal": "is te klein",
}


def dutch_message(error: dict) -> str:
    """A pydantic error as a Dutch sentence (shared with the indicator models)."""
    kind = error["type"]
    if kind in DUTCH_ERRORS:
        return DUTCH_ERRORS[kind]
    if kind == "enum":
        return f"onbekende waarde {error.get('input')!r}; kies uit {error['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return (f"ongeldige id {error.get('input')!r}: gebruik kleine letters, cijfers, "
                "'.' en '-'")
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return f"ongeldige waarde {error.get('input')!r}"


def _build(spec: ChecklistSpec, file: str, path: Path | None) -> Checklist:
    items: list[Item] = []
    seen: dict[str, Item] = {}
    numbers: set[int] = set()
    for step in spec.steps:
        if step.number in numbers:
            raise ChecklistError(file, f"stap {step.number} komt twee keer voor",
                                 field_name="number")
        numbers.add(step.number)
        if (step.blocks is None) == (step.items is None):
            raise ChecklistError(file, f"stap {step.number} heeft precies één van 'blocks' of "
                                 "'items' nodig", field_name="blocks")
        blocks = step.blocks or [BlockSpec(perspective=Perspective.CONTENT, items=step.items)]
        for block in blocks:
            perspective = block.perspective if step.blocks is not None else None
            in_block: set[str] = set()
            for spec_item in block.items:
                if spec_item.id in seen:
                    raise ChecklistError(file, "deze id komt twee keer voor", spec_item.id, "id")
                depth = 0
                if spec_item.parent is not None:
                    if spec_item.parent not in in_block:
                        raise ChecklistError(
                            file, f"verwijst naar '{spec_item.parent}', dat niet eerder in "
                            "hetzelfde blok staat", spec_item.id, "parent")
                    depth = seen[spec_item.parent].depth + 1
                    if depth > MAX_ELEMENT_DEPTH:
                        raise ChecklistError(file, f"elementen mogen hoogstens "
                                             f"{MAX_ELEMENT_DEPTH} niveaus diep gaan",
                                             spec_item.id, "parent")
                item = Item(spec_item.id, step.number, perspective, spec_item.parent,
                            spec_item.text, spec_item.motivating, depth, len(items))
                items.append(item)
                seen[item.id] = item
                in_block.add(item.id)
    stage_of_step: dict[int, Stage] = {}
    for stage, steps in spec.stages.items():
        for number in steps:
            if number not in numbers:
                raise ChecklistError(file, f"stadium '{stage}' noemt stap {number}, die niet "
                                     "bestaat", field_name=f"stages.{stage}")
            if number in stage_of_step:
                raise ChecklistError(file, f"stap {number} staat bij twee stadia",
                                     field_name=f"stages.{stage}")
            stage_of_step[number] = stage
    return Checklist(spec, tuple(items), path, stage_of_step)
