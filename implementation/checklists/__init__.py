"""Checklists as validated data.

A checklist is a YAML file (``.yaml`` or ``.yml``) in ``checklists/`` (or
``$MONITOR_CHECKLISTS``), named after its id (``verspreiding-borging.yaml`` holds
id ``verspreiding-borging``): so a second file can never claim the id of another,
and a conflict (``x.yaml`` beside ``x.yml``) refuses the newcomer and names both
files. The file is read with :mod:`implementation.safe_yaml` (a regular file of at
most 1 MB, no aliases, limited depth and number of values), checked by strict
pydantic models (unknown keys are refused, lists and texts have limits), and then
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
from .loading import LoadResult, from_mirror, load_checklist, load_checklists, parse_checklist
from .model import Checklist, Item, in_display_order
from .spec import (
    DEFAULT_DIRECTORY,
    DEFAULT_SCALE,
    MAIN_CHECKLIST,
    MAX_ELEMENT_DEPTH,
    MAX_ITEMS,
    MAX_NODES,
    MAX_TEXT,
    ChecklistError,
    ChecklistSpec,
    Guidance,
    ItemSpec,
    ScaleOption,
    StepSpec,
    checklist_directory,
    dutch_message,
)

__all__ = ["DEFAULT_DIRECTORY", "DEFAULT_SCALE", "MAIN_CHECKLIST", "MAX_ELEMENT_DEPTH",
           "MAX_ITEMS", "MAX_NODES", "MAX_TEXT", "Checklist", "ChecklistError",
           "ChecklistSpec", "Guidance", "Item", "ItemSpec", "LoadResult", "ScaleOption",
           "StepSpec", "checklist_directory", "dutch_message", "from_mirror",
           "in_display_order", "load_checklist", "load_checklists", "parse_checklist"]
