"""The errors of the core and the small helpers every part of the store uses.

Every refusal of the core is a :class:`Refused`: its message is Dutch and tells the
user what to do. The dashboard's one write path and the command line catch this
one class, so a new kind of refusal needs no new ``except``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd


class Refused(Exception):
    """Anything the core refuses to do, with a message a user can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(Refused, LookupError):
    """A named thing (intervention, organisation, assessment...) is not in the store."""


class StoreError(Refused, ValueError):
    """A write that the store refuses."""


class Forbidden(Refused, PermissionError):
    """The acting user may not do this; nothing was written."""


@dataclass(frozen=True)
class Problem:
    """One fault in a file: where (file, row as a spreadsheet numbers it, field) and what."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.field:
            where.append(f"veld '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class ImportRefused(Refused, ValueError):
    """A file that was not imported, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"bestand": p.file, "rij": p.row, "veld": p.field,
                              "probleem": p.message} for p in self.problems],
                            columns=["bestand", "rij", "veld", "probleem"])


def refused_file(name: str, message: str, row: int | None = None,
                 field: str | None = None) -> ImportRefused:
    return ImportRefused([Problem(name, row, field, message)])


def required(value, label: str) -> str:
    """A text that must not be empty, stripped."""
    if value is None or (isinstance(value, float) and math.isnan(value)) \
            or not str(value).strip():
        raise StoreError(f"{label} is verplicht")
    return str(value).strip()


def blank_none(value) -> str | None:
    """Empty texts, NaN and None become None; other texts are stripped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = str(value).strip()
    return value or None


def missing(value) -> bool:
    """Whether a value from a pandas row (or a caller) is absent: None, NaN or NaT."""
    return value is None or (not isinstance(value, str) and pd.isna(value))


def first_row(frame: pd.DataFrame) -> dict:
    """The first row of a frame as a dict, missing values as None."""
    row = frame.iloc[0].to_dict()
    return {k: (None if pd.api.types.is_scalar(v) and pd.isna(v) else v)
            for k, v in row.items()}


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class AlreadyImported(ImportRefused):
    """The same file was imported for the same subject before: not a file to correct, so a
    page says it in one sentence (:meth:`sentence`), and the command line names --again."""

    def __init__(self, name: str, when, label: str):
        self.when, self.label = when, label
        super().__init__([Problem(name, None, None, f"dit bestand is op {when:%d-%m-%Y %H:%M} "
                                  f"al ingelezen voor {label}; kies 'toch opnieuw inlezen' "
                                  "(--again) als dat de bedoeling is")])

    def sentence(self) -> str:
        return f"Dit bestand is op {self.when:%d-%m-%Y %H:%M} al ingelezen voor {self.label}"

