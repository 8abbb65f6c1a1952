"""Checklists as validated data.

A checklist is a YAML file in ``checklists/``, named after its id
(``verspreiding-borging.yaml`` holds id ``verspreiding-borging``): so a second
file can never claim the id of another, and a conflict names both files. The
file is read with :mod:`implementation.safe_yaml` (no aliases, limited size and
depth), checked by strict pydantic models (unknown keys are refused), and then
by the rules pydantic cannot express per field: unique item ids, parents that
exist earlier in the same block, choice items with options, a sane size.

Item ids are the keys of stored answers and of imported files. They are chosen
once and never reused for another text: changing a text or the place of an item
means a new checklist version, and a moved item gets a new id that names the
old one in ``replaces`` (so that answers carry over). The format is
``<step>.<perspective>.<slug>`` for items and ``<parent id>.<slug>`` for
elements, so that an id reads as where the item lives.

Frozen per version (the wording an answer was given to): ids, texts, parents,
steps, perspectives, ``*`` marks, kinds, options and the answer scale.
Interpretation, which follows the file (and recomputes stage scores when it
changes): stage tags, the stage threshold, guidance and introductions.

A bad file gives one :class:`ChecklistError` that names the file, the item id
and the field; the other files still load (see :func:`load_checklists`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from . import safe_yaml
from .errors import Refused
from .vocabulary import IMPLEMENTATION_SCOPE, ItemKind, Perspective, Stage

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "checklists"
# The NJi checklist (Bijlage 2): the one readiness, stages and indicators refer to.
MAIN_CHECKLIST = "verspreiding-borging"
MAX_ELEMENT_DEPTH = 2   # levels of elements below an item; scoring follows this
MAX_ITEMS = 2000        # the NJi checklist has 152 lines
MAX_TEXT = 2000

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=MAX_TEXT)]
Intro = Annotated[str, StringConstraints(max_length=20_000)]
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
    options: list[NonEmpty] | None = None
    multiple: bool = False
    stages: list[Stage] | None = None
    replaces: ItemId | None = None


class BlockSpec(_Strict):
    perspective: Perspective
    label: NonEmpty | None = None
    stages: list[Stage] | None = None
    items: list[ItemSpec] = Field(min_length=1)


class StepSpec(_Strict):
    number: int = Field(ge=1, le=1000)
    title: NonEmpty
    intro: Intro | None = None
    guidance: list[Guidance] = Field(default_factory=list)
    blocks: list[BlockSpec] | None = None
    items: list[ItemSpec] | None = None


class ChecklistSpec(_Strict):
    id: ItemId
    version: NonEmpty
    title: NonEmpty
    source: str | None = None
    authors: str | None = None
    step_noun: NonEmpty = "Stap"
    intro: Intro | None = None
    scale: list[ScaleOption] | None = None
    improvement_below: float = Field(default=1.0, gt=0, le=1)
    stage_reached_at: float | None = Field(default=None, gt=0, le=1)
    stages: dict[Stage, list[int]] = Field(default_factory=dict)
    steps: list[StepSpec] = Field(min_length=1, max_length=200)

    _finite_threshold = field_validator("improvement_below", "stage_reached_at")(
        classmethod(lambda cls, v: _finite(v)))


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
    kind: ItemKind = ItemKind.QUESTION
    options: tuple[str, ...] = ()
    multiple: bool = False
    stages: tuple[Stage, ...] = ()
    replaces: str | None = None

    @property
    def scored(self) -> bool:
        return self.kind is ItemKind.QUESTION


@dataclass(frozen=True)
class Checklist:
    spec: ChecklistSpec
    items: tuple[Item, ...]
    path: Path | None = None
    scale: tuple[ScaleOption, ...] = DEFAULT_SCALE

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

    @property
    def file(self) -> str:
        return self.path.name if self.path else f"{self.id}.yaml"

    def step(self, number: int) -> StepSpec:
        return next(s for s in self.spec.steps if s.number == number)

    def step_title(self, number: int) -> str:
        found = [s.title for s in self.spec.steps if s.number == number]
        return f"{number} {found[0]}" if found else f"{self.spec.step_noun} {number}"

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def children(self, item_id: str | None) -> list[Item]:
        return [item for item in self.items if item.parent == item_id]

    def has_elements(self, item_id: str) -> bool:
        return any(item.parent == item_id for item in self.items)

    def perspectives_of(self, step: int) -> list[Perspective | None]:
        seen: list[Perspective | None] = []
        for item in self.items:
            if item.step == step and item.perspective not in seen:
                seen.append(item.perspective)
        return seen

    @property
    def has_perspectives(self) -> bool:
        return any(i.perspective is not None for i in self.items)

    @property
    def top_level(self) -> list[Item]:
        return [item for item in self.items if item.parent is None]

    @property
    def display_title(self) -> str:
        """The title as a heading (the seed writes "ontwerp methodiekhandleiding")."""
        return self.title[:1].upper() + self.title[1:]

    @property
    def stage_keys(self) -> list[str]:
        """The stages some item of this checklist serves, in the order of the stages."""
        used = {stage for item in self.items for stage in item.stages}
        return [stage.value for stage in Stage if stage in used]

    def scope(self, for_implementation: bool) -> list[str] | None:
        """The perspectives an assessment covers: an implementing organisation scores
        the meso and micro parts (what it arranges itself); the owner scores all of it.
        None means every item (also for checklists without perspectives)."""
        if for_implementation and self.has_perspectives:
            return list(IMPLEMENTATION_SCOPE)
        return None

    def in_scope(self, perspectives: list[str] | None) -> list[Item]:
        return [i for i in self.items if perspectives is None
                or (i.perspective is not None and i.perspective.value in perspectives)]

    # -- the answer scale ----------------------------------------------------

    def option(self, value: str | None) -> ScaleOption | None:
        return next((o for o in self.scale if o.value == value), None)

    def read_answer(self, raw: str) -> tuple[bool, str | None]:
        """A typed answer (value or label, any case, or empty) as (known, value)."""
        text = " ".join(str(raw).split()).lower()
        if not text:
            return True, None
        for option in self.scale:
            if text in (option.value.lower(), option.label.lower(),
                        option.label.lower().replace(".", "")):
                return True, option.value
        if self.scale == DEFAULT_SCALE and text in _YES_NO_SPELLINGS:
            return True, _YES_NO_SPELLINGS[text]
        return False, None

    def read_value(self, item: Item, raw) -> tuple[bool, str | None]:
        """What a user typed for ``item`` as the value to store: a scale option for a
        question, the chosen option(s) for a choice (several joined by '; '), the text
        itself for an open item. (known, value); unknown input gives (False, None)."""
        text = "" if raw is None else str(raw)
        if item.kind is ItemKind.QUESTION:
            return self.read_answer(text)
        if item.kind is ItemKind.TEXT:
            return True, text.strip() or None
        chosen = [p.strip() for p in text.split(";") if p.strip()] if item.multiple \
            else ([text.strip()] if text.strip() else [])
        by_lower = {o.lower(): o for o in item.options}
        if any(c.lower() not in by_lower for c in chosen):
            return False, None
        values = [by_lower[c.lower()] for c in chosen]
        values = [o for o in item.options if o in values]  # the file's order, once each
        return True, "; ".join(values) or None

    def answer_problem(self, item_id: str, value: str | None, note: str | None = None,
                       evidence: str | None = None) -> str | None:
        """Why this answer cannot be stored for ``item_id``, or None. The one rule for the
        dashboard, the imports and the store."""
        if not self.has_item(item_id):
            return f"item '{item_id[:120]}' staat niet in checklist '{self.id}'"
        item = self.item(item_id)
        for label, text, limit in (("antwoord", value, MAX_TEXT), ("toelichting", note, 5000),
                                   ("bewijs", evidence, MAX_TEXT)):
            if text is not None and len(text) > limit:
                return f"{label} is te lang (hoogstens {limit} tekens)"
            if text is not None and "\x00" in text:
                return f"{label} bevat een NUL-teken; typ of plak de tekst opnieuw"
        if value is None:
            return None
        if item.kind is ItemKind.QUESTION:
            option = self.option(value)
            if option is None:
                return (f"'{value[:60]}' is geen antwoord van deze checklist; kies uit "
                        f"{self.scale_text} of laat het leeg")
            if option.credit is None and not (note and note.strip()):
                return (f"'{option.label}' vraagt om een toelichting: waarom is dit item niet "
                        "van toepassing?")
        elif item.kind is ItemKind.CHOICE:
            known, _ = self.read_value(item, value)
            if not known:
                return f"kies uit: {'; '.join(item.options)}"
        return None

    @property
    def scale_text(self) -> str:
        return ", ".join(o.label for o in self.scale)

    @property
    def not_applicable_values(self) -> list[str]:
        return [o.value for o in self.scale if o.credit is None]


_YES_NO_SPELLINGS = {"j": "ja", "yes": "ja", "y": "ja", "n": "nee", "no": "nee",
                     "n.v.t": "nvt", "niet van toepassing": "nvt", "na": "nvt"}


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


def in_display_order(checklists: dict[str, Checklist]) -> list[str]:
    """Checklist ids as a user picks from them: the NJi checklist first, then by id."""
    return sorted(checklists, key=lambda c: (c != MAIN_CHECKLIST, c))


@dataclass
class LoadResult:
    checklists: dict[str, Checklist]
    errors: list[ChecklistError] = field(default_factory=list)


def load_checklists(directory: Path | str = DEFAULT_DIRECTORY) -> LoadResult:
    """Load every ``*.yaml``/``*.yml`` file; a bad file is reported, the rest still load."""
    loaded: dict[str, Checklist] = {}
    errors: list[ChecklistError] = []
    for path in sorted(Path(directory).glob("*.y*ml")):
        try:
            checklist = load_checklist(path)
        except ChecklistError as error:
            errors.append(error)
            continue
        if checklist.id in loaded:  # x.yaml and x.yml
            errors.append(ChecklistError(path.name, f"checklist-id '{checklist.id}' hoort al bij "
                                         f"{loaded[checklist.id].file}; dit bestand is niet "
                                         "geladen", field_name="id"))
            continue
        loaded[checklist.id] = checklist
    return LoadResult(loaded, errors)


def load_checklist(path: Path | str) -> Checklist:
    path = Path(path)
    try:
        raw = safe_yaml.load_file(path)
    except safe_yaml.YamlRefused as error:
        raise ChecklistError(path.name, str(error)) from None
    checklist = parse_checklist(raw, path.name, path)
    if path.stem != checklist.id:
        raise ChecklistError(path.name, f"een checklist-bestand heet naar zijn id: dit bestand "
                             f"moet '{checklist.id}.yaml' heten (of zijn id '{path.stem}'); zo "
                             "kan geen bestand de checklist van een ander overnemen",
                             field_name="id")
    return checklist


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
            item_id = node["id"][:120]
    field_name = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
    return item_id, field_name.replace(".[", "[")


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


def _build(spec: ChecklistSpec, file: str, path: Path | None) -> Checklist:
    scale = _scale(spec, file)
    items: list[Item] = []
    seen: dict[str, Item] = {}
    numbers: set[int] = set()
    step_stages = _step_stages(spec, file)
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
                item = _item(spec_item, step.number, perspective, block, step_stages, seen,
                             in_block, len(items), file)
                items.append(item)
                seen[item.id] = item
                in_block.add(item.id)
                if len(items) > MAX_ITEMS:
                    raise ChecklistError(file, f"een checklist heeft hoogstens {MAX_ITEMS} "
                                         "items en elementen", field_name="steps")
    for number in {n for numbers_ in spec.stages.values() for n in numbers_} - numbers:
        raise ChecklistError(file, f"'stages' noemt stap {number}, die niet bestaat",
                             field_name="stages")
    for item in items:
        if item.kind is not ItemKind.QUESTION and any(i.parent == item.id for i in items):
            raise ChecklistError(file, "een keuze- of open vraag kan geen elementen hebben",
                                 item.id, "kind")
    return Checklist(spec, tuple(items), path, scale)


def _scale(spec: ChecklistSpec, file: str) -> tuple[ScaleOption, ...]:
    if spec.scale is None:
        return DEFAULT_SCALE
    if len(spec.scale) < 2:
        raise ChecklistError(file, "een antwoordschaal heeft minstens twee opties",
                             field_name="scale")
    values: set[str] = set()
    labels: set[str] = set()
    for index, option in enumerate(spec.scale):
        if option.value in values:
            raise ChecklistError(file, f"de waarde '{option.value}' komt twee keer voor",
                                 field_name=f"scale[{index}].value")
        if option.label.lower() in labels:
            raise ChecklistError(file, f"het label '{option.label}' komt twee keer voor",
                                 field_name=f"scale[{index}].label")
        values.add(option.value)
        labels.add(option.label.lower())
    if all(o.credit is None for o in spec.scale):
        raise ChecklistError(file, "minstens één optie van de schaal moet punten geven",
                             field_name="scale")
    return tuple(spec.scale)


def _step_stages(spec: ChecklistSpec, file: str) -> dict[int, tuple[Stage, ...]]:
    """The shorthand ``stages: {stage: [steps]}``: every item of those steps serves it."""
    result: dict[int, list[Stage]] = {}
    for stage, steps in spec.stages.items():
        for number in steps:
            result.setdefault(number, []).append(stage)
    return {n: tuple(s for s in Stage if s in stages) for n, stages in result.items()}


def _item(spec_item: ItemSpec, step: int, perspective: Perspective | None, block: BlockSpec,
          step_stages: dict, seen: dict[str, Item], in_block: set[str], position: int,
          file: str) -> Item:
    if spec_item.id in seen:
        raise ChecklistError(file, "deze id komt twee keer voor", spec_item.id, "id")
    depth = 0
    if spec_item.parent is not None:
        if spec_item.parent not in in_block:
            raise ChecklistError(file, f"verwijst naar '{spec_item.parent}', dat niet eerder in "
                                 "hetzelfde blok staat", spec_item.id, "parent")
        depth = seen[spec_item.parent].depth + 1
        if depth > MAX_ELEMENT_DEPTH:
            raise ChecklistError(file, f"elementen mogen hoogstens {MAX_ELEMENT_DEPTH} niveaus "
                                 "diep gaan", spec_item.id, "parent")
        if spec_item.stages is not None:
            raise ChecklistError(file, "stadia horen bij een item, niet bij een element (een "
                                 "element telt mee met zijn item)", spec_item.id, "stages")
    kind = spec_item.kind
    options = tuple(spec_item.options or ())
    if kind is ItemKind.CHOICE:
        if len(options) < 2 or len({o.lower() for o in options}) != len(options):
            raise ChecklistError(file, "een keuzevraag heeft minstens twee verschillende "
                                 "opties", spec_item.id, "options")
    elif options or spec_item.multiple:
        raise ChecklistError(file, "alleen een keuzevraag (kind: choice) heeft opties",
                             spec_item.id, "options")
    if kind is not ItemKind.QUESTION and (spec_item.motivating or depth):
        raise ChecklistError(file, "een keuze- of open vraag is een item zonder * en zonder "
                             "bovenliggend item", spec_item.id, "kind")
    if depth:
        stages = seen[_root_of(spec_item.parent, seen)].stages
    elif kind is not ItemKind.QUESTION:
        stages = ()
    elif spec_item.stages is not None:
        stages = tuple(s for s in Stage if s in spec_item.stages)
    elif block.stages is not None:
        stages = tuple(s for s in Stage if s in block.stages)
    else:
        stages = step_stages.get(step, ())
    return Item(spec_item.id, step, perspective, spec_item.parent, spec_item.text,
                spec_item.motivating, depth, position, kind, options, spec_item.multiple,
                stages, spec_item.replaces)


def _root_of(item_id: str, seen: dict[str, Item]) -> str:
    while seen[item_id].parent is not None:
        item_id = seen[item_id].parent
    return item_id


def from_mirror(checklist_id: str, version: str, title: str, step_noun: str,
                rows: list[dict], scale: list[dict], stage_reached_at: float | None,
                improvement_below: float, steps: dict[int, str]) -> Checklist:
    """A checklist rebuilt from the database mirror: an older version that the files no
    longer hold, so that its assessments can still be shown and scored."""
    spec = ChecklistSpec.model_construct(
        id=checklist_id, version=version, title=title, step_noun=step_noun, intro=None,
        source=None, authors=None, scale=None, improvement_below=improvement_below,
        stage_reached_at=stage_reached_at, stages={},
        steps=[StepSpec.model_construct(number=n, title=t, intro=None, guidance=[],
                                        blocks=None, items=[]) for n, t in steps.items()])
    items = tuple(Item(r["item_id"], int(r["step"]),
                       Perspective(r["perspective"]) if r["perspective"] else None,
                       r["parent_id"], r["text"], bool(r["motivating"]), int(r["depth"]),
                       int(r["position"]), ItemKind(r["kind"] or "question"),
                       tuple(r["options"] or ()), False,
                       tuple(Stage(s) for s in (r["stages"] or ())), r["replaces"])
                  for r in rows)
    options = tuple(ScaleOption.model_construct(value=s["value"], label=s["label"],
                                                credit=s["credit"]) for s in scale)
    return Checklist(spec, items, None, options or DEFAULT_SCALE)
