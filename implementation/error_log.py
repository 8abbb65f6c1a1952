"""The error log: where the one guard for the unexpected puts a full traceback, under a
short reference that the user is shown instead.

``$MONITOR_ERROR_LOG`` (default ``data/fouten.log``). Writing never raises: a guard
that fails would show the very traceback it exists to hide, so :func:`write` returns
why it could not write instead. Administrators read the log on the Logboek page or
with ``python -m implementation fouten``.
"""
from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "data" / "fouten.log"
_HEAD = re.compile(r"^--- ([0-9A-F]{8}) ?(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})? ?(.*)$")
TAIL_BYTES = 2_000_000   # the part of a long log that is read back


def path() -> Path:
    return Path(os.environ.get("MONITOR_ERROR_LOG") or DEFAULT)


def reference() -> str:
    return uuid.uuid4().hex[:8].upper()


def write(ref: str, details: str, context: str = "") -> str | None:
    """Append one entry; None when written, else the reason it could not be (in Dutch)."""
    try:
        log = path()
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8", errors="replace") as handle:
            handle.write(f"--- {ref} {datetime.now():%Y-%m-%d %H:%M:%S} {context}".rstrip()
                         + f"\n{details.rstrip()}\n\n")
        return None
    except Exception as error:  # noqa: BLE001 - never fail: report instead
        return getattr(error, "strerror", None) or type(error).__name__


@dataclass(frozen=True)
class Entry:
    reference: str
    moment: str          # 'JJJJ-MM-DD UU:MM:SS', or '' for entries of older versions
    context: str         # the command, or the user of the page
    details: str         # the full traceback

    @property
    def summary(self) -> str:
        """The last line of the traceback: the error itself."""
        lines = [line for line in self.details.splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""


def entries(limit: int = 50) -> list[Entry]:
    """The newest ``limit`` entries, newest first (an unreadable log gives none)."""
    try:
        with path().open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - TAIL_BYTES))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return []
    found: list[Entry] = []
    current: list | None = None
    for line in text.splitlines():
        head = _HEAD.match(line)
        if head:
            if current:
                found.append(Entry(current[0], current[1], current[2],
                                   "\n".join(current[3]).strip()))
            current = [head.group(1), head.group(2) or "", head.group(3).strip(), []]
        elif current is not None:
            current[3].append(line)
    if current:
        found.append(Entry(current[0], current[1], current[2], "\n".join(current[3]).strip()))
    return list(reversed(found))[:limit]
