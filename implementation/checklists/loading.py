"""Reading checklist files: every file of the folder, each on its own (a bad file is
reported and the others load), validated by the models of :mod:`.spec` and then by the
rules pydantic cannot express per field."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import safe_yaml
from ..vocabulary import ItemKind, Perspective, Stage
from .model import Checklist, Item
from .spec import (
    DEFAULT_SCALE,
    MAX_ELEMENT_DEPTH,
    MAX_ITEMS,
    MAX_NODES,
    BlockSpec,
    ChecklistError,
    ChecklistSpec,
    ItemSpec,
    ScaleOption,
    StepSpec,
    checklist_directory,
    dutch_message,
)


@dataclass
class LoadResult:
    checklists: dict[str, Checklist]
    errors: list[ChecklistError] = field(default_factory=list)


SUFFIXES = (".yaml", ".yml")


def load_checklists(directory: Path | str | None = None,
                    claimed: dict[str, set[str]] | None = None) -> LoadResult:
    """Load every ``*.yaml``/``*.yml`` file of ``directory`` (default: the folder of
    :func:`checklist_directory`); a bad file is reported, the rest still load.

    A file is named after its id, so only ``x.yaml`` and ``x.yml`` can claim id ``x``.
    When both do, the one the database already knows (``claimed``: id -> file names
    from the mirror) keeps it, else ``x.yaml``; the other is refused, naming both."""
    folder = Path(directory) if directory is not None else checklist_directory()
    loaded: dict[str, Checklist] = {}
    errors: list[ChecklistError] = []
    try:
        names = sorted(entry.name for entry in os.scandir(folder)
                       if entry.name.endswith(SUFFIXES) and not entry.name.startswith("."))
    except OSError as error:
        return LoadResult({}, [ChecklistError(str(folder), "de map met checklists kan niet "
                                              f"worden gelezen ({error.strerror})")])
    known = claimed or {}
    names.sort(key=lambda name: (Path(name).stem, Path(name).stem not in known
                                 or name not in known[Path(name).stem], name))
    for name in names:
        try:
            checklist = load_checklist(folder / name)
        except ChecklistError as error:
            errors.append(error)
            continue
        if checklist.id in loaded:  # x.yaml and x.yml
            errors.append(ChecklistError(name, f"checklist-id '{checklist.id}' hoort al bij "
                                         f"{loaded[checklist.id].file}; een id hoort bij één "
                                         "bestand: dit bestand is niet geladen",
                                         field_name="id"))
            continue
        loaded[checklist.id] = checklist
    return LoadResult(loaded, errors)


def load_checklist(path: Path | str) -> Checklist:
    path = Path(path)
    try:
        raw = safe_yaml.load_file(path, MAX_NODES)
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
                       _listed(r["options"]), False,
                       tuple(Stage(s) for s in _listed(r["stages"])), r["replaces"])
                  for r in rows)
    options = tuple(ScaleOption.model_construct(value=s["value"], label=s["label"],
                                                credit=s["credit"]) for s in scale)
    return Checklist(spec, items, None, options or DEFAULT_SCALE)


def _listed(value) -> tuple:
    """A list column of the mirror as a tuple: DuckDB hands a list as a numpy array (whose
    truth value is an error when it holds two or more) or None."""
    return () if value is None else tuple(value)
