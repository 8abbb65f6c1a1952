"""Reading the product's YAML files (checklists, indicator definitions) safely.

``yaml.safe_load`` builds no objects, but it still expands aliases (a 644-byte
"billion laughs" file grows to gigabytes) and recurses once per nesting level
(100 KB of ``[[[...`` ends in a ``RecursionError``). Nobody writes a checklist
with aliases, so this reader refuses them before anything is built, and it
refuses files that are too large or nested too deep. Every refusal is a
:class:`YamlRefused` with a Dutch message; callers add the file name.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000     # the NJi checklist is about 40 KB
MAX_DEPTH = 40            # a checklist nests about 8 levels
MAX_NODES = 200_000       # scalars, lists and mappings together


class YamlRefused(ValueError):
    pass


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases and limits depth and size while composing."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlRefused(f"verwijzingen (YAML-aliassen zoals *naam) zijn niet toegestaan "
                              f"(regel {mark.line + 1})")
        if self.check_event(yaml.ScalarEvent, yaml.SequenceStartEvent,
                            yaml.MappingStartEvent):
            event = self.peek_event()
            if getattr(event, "anchor", None):
                raise YamlRefused(f"ankers (YAML &naam) zijn niet toegestaan "
                                  f"(regel {event.start_mark.line + 1})")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YamlRefused(f"het bestand bevat meer dan {MAX_NODES:,} waarden".replace(",", "."))
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlRefused(f"het bestand is dieper genest dan {MAX_DEPTH} niveaus "
                                  f"(regel {mark.line + 1})")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_text(text: str) -> Any:
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlRefused(f"het bestand is groter dan {MAX_BYTES // 1000} kB")
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except YamlRefused:
        raise
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (regel {mark.line + 1})" if mark else ""
        raise YamlRefused(f"geen geldige YAML{where}") from None
    except RecursionError:  # a nesting the depth check could not see (e.g. in flow style)
        raise YamlRefused(f"het bestand is dieper genest dan {MAX_DEPTH} niveaus") from None
    finally:
        loader.dispose()


def load_file(path: Path | str) -> Any:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise YamlRefused(f"het bestand kan niet worden gelezen ({error.strerror})") from None
    if size > MAX_BYTES:
        raise YamlRefused(f"het bestand is groter dan {MAX_BYTES // 1000} kB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlRefused("het bestand is geen UTF-8-tekst") from None
    if "\x00" in text:
        raise YamlRefused("het bestand bevat een NUL-teken; dit is geen tekstbestand")
    return load_text(text)
