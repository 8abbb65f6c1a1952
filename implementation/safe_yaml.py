"""Reading the product's YAML files (checklists, indicator definitions) safely.

``yaml.safe_load`` builds no objects, but it still expands aliases (a 644-byte
"billion laughs" file grows to gigabytes), recurses once per nesting level (100 KB
of ``[[[...`` ends in a ``RecursionError``), lets a later duplicate key silently win,
and raises plain ``ValueError`` for values it cannot build (``2024-13-01``,
``!!float abc``, an integer of 5000 digits). This reader:

- reads only a regular file, and at most :data:`MAX_BYTES` of it (a directory, a FIFO
  or a link to ``/dev/zero`` is refused without waiting or reading on);
- scans the event stream first (in C when libyaml is there), refusing aliases and
  anchors, nesting deeper than :data:`MAX_DEPTH` and more than ``max_nodes`` values,
  before anything is built;
- refuses a key that appears twice in one mapping;
- turns every value that cannot be built into a refusal naming its line.

Every refusal is a :class:`YamlRefused` with a Dutch message; callers add the file
name.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000     # the NJi checklist is about 54 KB
MAX_DEPTH = 40            # a checklist nests about 8 levels
MAX_NODES = 200_000       # scalars, lists and mappings together (indicator files)

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when installed


class YamlRefused(ValueError):
    pass


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _line(mark) -> str:
    return f" (regel {mark.line + 1})" if mark is not None else ""


class _Loader(_Base):
    """A safe loader that refuses duplicate keys and names the line of a value it cannot
    build (aliases, depth and size are checked before, by :func:`_scan`)."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (YamlRefused, yaml.YAMLError):
            raise
        except Exception:  # noqa: BLE001 - ValueError, OverflowError... from a constructor
            shown = node.value if isinstance(node.value, str) else ""
            shown = shown if len(shown) <= 30 else shown[:29] + "…"
            raise YamlRefused(f"de waarde {shown!r}{_line(node.start_mark)} kan niet worden "
                              "gelezen; zet een tekst tussen aanhalingstekens") from None

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value
                    if key in seen and key != "<<":
                        raise YamlRefused(f"de sleutel '{key[:60]}' staat twee keer in dezelfde "
                                          f"mapping{_line(key_node.start_mark)}")
                    seen.add(key)
        return super().construct_mapping(node, deep)


def _scan(text: str, max_nodes: int) -> None:
    """Refuse aliases, anchors, deep nesting and too many values from the events alone."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused("verwijzingen (YAML-aliassen zoals *naam) zijn niet toegestaan"
                              f"{_line(event.start_mark)}")
        if isinstance(event, yaml.NodeEvent):
            if getattr(event, "anchor", None):
                raise YamlRefused("ankers (YAML &naam) zijn niet toegestaan"
                                  f"{_line(event.start_mark)}")
            nodes += 1
            if nodes > max_nodes:
                raise YamlRefused(f"het bestand bevat meer dan {_dutch(max_nodes)} waarden"
                                  f"{_line(event.start_mark)}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlRefused(f"het bestand is dieper genest dan {MAX_DEPTH} niveaus"
                                  f"{_line(event.start_mark)}")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_text(text: str, max_nodes: int = MAX_NODES) -> Any:
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlRefused(f"het bestand is groter dan {MAX_BYTES // 1000} kB")
    try:
        _scan(text, max_nodes)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except YamlRefused:
        raise
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if "nesting depth" in str(getattr(error, "problem", "")):   # libyaml's own limit
            raise YamlRefused(f"het bestand is dieper genest dan {MAX_DEPTH} niveaus"
                              f"{_line(mark)}") from None
        if "could not determine a constructor" in str(getattr(error, "problem", "")):
            raise YamlRefused(f"onbekende YAML-tag{_line(mark)}; gebruik gewone waarden") \
                from None
        raise YamlRefused(f"geen geldige YAML{_line(mark)}") from None
    except RecursionError:  # a nesting the scan could not see
        raise YamlRefused(f"het bestand is dieper genest dan {MAX_DEPTH} niveaus") from None


def read_bytes(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of a regular file; anything else (a directory, a FIFO, a
    device such as /dev/zero behind a link) is refused without blocking."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        if error.errno == 21:  # EISDIR on some systems
            raise YamlRefused("dit is een map, geen bestand") from None
        raise YamlRefused(f"het bestand kan niet worden gelezen ({error.strerror})") from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise YamlRefused("dit is een map, geen bestand")
        if not stat.S_ISREG(mode):
            raise YamlRefused("dit is geen gewoon bestand (maar bijvoorbeeld een apparaat, "
                              "een pijp of een koppeling daarnaar)")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise YamlRefused(f"het bestand is groter dan {limit // 1000} kB")
        return b"".join(chunks)
    except OSError as error:
        raise YamlRefused(f"het bestand kan niet worden gelezen ({error.strerror})") from None
    finally:
        os.close(handle)


def load_file(path: Path | str, max_nodes: int = MAX_NODES) -> Any:
    content = read_bytes(path)
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise YamlRefused("het bestand is UTF-16-tekst; sla het op als UTF-8")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlRefused("het bestand is geen UTF-8-tekst") from None
    if "\x00" in text:
        raise YamlRefused("het bestand bevat een NUL-teken; dit is geen tekstbestand")
    return load_text(text, max_nodes)
