"""A loaded checklist: its items (top-level items and elements) and its answer scale, and
the one rule for what an answer to an item may be."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..vocabulary import IMPLEMENTATION_SCOPE, ItemKind, Perspective, Stage
from .spec import DEFAULT_SCALE, MAIN_CHECKLIST, MAX_TEXT, ChecklistSpec, ScaleOption, StepSpec


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
        return item_id in self._parents

    @cached_property
    def _parents(self) -> frozenset[str]:
        return frozenset(item.parent for item in self.items if item.parent is not None)

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


def in_display_order(checklists: dict[str, Checklist]) -> list[str]:
    """Checklist ids as a user picks from them: the NJi checklist first, then by id."""
    return sorted(checklists, key=lambda c: (c != MAIN_CHECKLIST, c))


