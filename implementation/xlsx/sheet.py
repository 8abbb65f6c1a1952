"""The rows of a worksheet, read by expat as a stream (see :mod:`.parts` for the rules)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from ..errors import ImportRefused
from .parts import (
    _CELL,
    _RANGE,
    MAX_CELL,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_NUMBER_TEXT,
    MAX_ROWS,
    RESAVE,
    WorkbookParts,
    _column_number,
    _Enough,
    _unescape,
    column_letter,
    refuse,
)


class Workbook(WorkbookParts):
    """An XLSX upload: its parts checked on opening, its sheets read as rows."""

    def rows(self, index: int = 0, limit_rows: int | None = None) -> Iterator[tuple[int, list]]:
        """The rows of sheet ``index`` (0 is the first) as (row number, cell texts)."""
        title, path = self.sheets[index]
        if not path or self._part(path) is None:
            refuse(self.name, f"het werkblad '{title[:40]}' ontbreekt in het bestand; het "
                   f"bestand is beschadigd; {RESAVE}")
        sheet = _Sheet(self, limit_rows)
        try:
            for _ in self.stream(path, sheet.start, sheet.end, sheet.text,
                                 lambda: sheet.row or None, "het werkblad"):
                while sheet.done:
                    yield sheet.done.pop(0)
        except _Enough:
            pass
        sheet.finish_row()
        while sheet.done:
            yield sheet.done.pop(0)
        if sheet.merged and limit_rows is None:
            top = _RANGE.match(sheet.merged[0])
            refuse(self.name, f"het eerste werkblad heeft samengevoegde cellen "
                   f"({', '.join(m[:20] for m in sheet.merged[:5])}); maak de samenvoeging "
                   "ongedaan en vul elke rij zelf in", int(top.group(2)) if top else None)

    def other_headers(self) -> list[list[str]]:
        """The first row of the second and third sheet (to say the data is there)."""
        found = []
        for index in range(1, min(len(self.sheets), 3)):
            try:
                first = next(self.rows(index, limit_rows=1), None)
            except ImportRefused:
                continue
            if first:
                found.append([c.strip().lower() for c in first[1]])
        return found


class _Sheet:
    """The expat handler of one sheet: collects finished rows in ``done``."""

    def __init__(self, book: Workbook, limit_rows: int | None):
        self.book, self.name = book, book.name
        self.limit_rows = limit_rows
        self.done: list[tuple[int, list[str]]] = []
        self.merged: list[str] = []
        self.header: dict[int, str] = {}
        self.row = 0            # the current row number
        self.in_row = False
        self.rows_seen = 0
        self.cells: dict[int, str] = {}
        self.column = 0         # of the last cell
        self.count = 0
        self.in_cell = False
        self.capture = 0        # inside <v>, or <t> of an inline string
        self.skip = 0           # inside <rPh> (phonetic text, not the cell's)
        self.parts: list[str] = []
        self.length = 0
        self.kind = self.style = None
        self.formula = self.value = False

    # where a problem is
    def field(self, column: int) -> str:
        header = self.header.get(column)
        letter = column_letter(column)
        return f"{header[:40]} (kolom {letter})" if header else f"kolom {letter}"

    def start(self, tag: str, attributes: dict) -> None:
        if tag == "c":
            self._start_cell(attributes)
        elif tag == "v" and self.in_cell:
            self.value, self.capture = True, self.capture + 1
        elif tag == "f" and self.in_cell:
            self.formula = True
        elif tag == "rPh":
            self.skip += 1
        elif tag == "t" and self.in_cell and not self.skip and self.kind == "inlineStr":
            self.value, self.capture = True, self.capture + 1
        elif tag == "row":
            self._start_row(attributes)
        elif tag == "mergeCell":
            self.merged.append(attributes.get("ref", "?"))

    def _start_row(self, attributes: dict) -> None:
        self.finish_row()
        given = attributes.get("r")
        if given is None:
            number = self.row + 1
        elif given.isdigit() and 0 < int(given) <= 1_048_576:
            number = int(given)
        else:
            refuse(self.name, f"het werkblad heeft een ongeldig rijnummer ('{given[:20]}'); "
                   f"{RESAVE}", self.row or None)
        if number <= self.row:
            refuse(self.name, f"de rijen van het werkblad staan niet op volgorde (rij {number} "
                   f"na rij {self.row}); {RESAVE}", number)
        self.row, self.column, self.in_row = number, 0, True

    def _start_cell(self, attributes: dict) -> None:
        self.count += 1
        if self.count > MAX_CELLS:
            refuse(self.name, f"het werkblad heeft meer dan {MAX_CELLS:,} cellen"
                   .replace(",", "."), self.row)
        if not self.in_row:
            refuse(self.name, f"het werkblad heeft een cel buiten een rij; {RESAVE}",
                   self.row or None)
        reference = attributes.get("r")
        if reference is None:
            column = self.column + 1
        else:
            found = _CELL.match(reference)
            if not found or int(found.group(2)) != self.row:
                refuse(self.name, f"het werkblad heeft een ongeldige celverwijzing "
                       f"('{reference[:20]}'); {RESAVE}", self.row or None)
            column = _column_number(found.group(1))
        if column <= self.column:
            refuse(self.name, f"de cellen van deze rij staan niet op volgorde (kolom "
                   f"{column_letter(column)}); {RESAVE}", self.row)
        self.column = column
        self.in_cell = True
        self.kind, self.style = attributes.get("t", "n"), attributes.get("s")
        self.formula = self.value = False
        self.parts, self.length = [], 0

    def text(self, data: str) -> None:
        if self.capture and not self.skip and self.length <= MAX_CELL:
            self.parts.append(data)
            self.length += len(data)

    def end(self, tag: str) -> None:
        if tag in ("v", "t") and self.capture:
            self.capture -= 1
        elif tag == "rPh":
            self.skip -= 1
        elif tag == "c" and self.in_cell:
            self.in_cell = False
            self._finish_cell()
        elif tag == "row":
            self.finish_row()

    def _finish_cell(self) -> None:
        column, raw = self.column, "".join(self.parts)
        if self.formula and (not self.value or (not raw.strip() and self.kind != "str")):
            # no <v>, or an empty one where only a text result can be empty
            refuse(self.name, "deze cel bevat een formule zonder opgeslagen uitkomst; open het "
                   "bestand in Excel en sla het opnieuw op, of typ de waarde in", self.row,
                   self.field(column))
        value = self._value(raw, column)
        if value == "":
            return
        if column > MAX_COLUMNS:
            refuse(self.name, f"het werkblad heeft gegevens in kolom {column_letter(column)}; "
                   f"het bestand mag hoogstens {MAX_COLUMNS} kolommen hebben", self.row)
        if self.row > MAX_ROWS + 1:
            refuse(self.name, f"het bestand heeft meer dan {MAX_ROWS:,} rijen".replace(",", "."),
                   self.row)
        self.cells[column] = value

    def _value(self, raw: str, column: int) -> str:
        kind = self.kind
        if kind == "s":
            if not raw.strip():
                return ""
            try:
                return self.book.strings[int(raw)]
            except (ValueError, IndexError):
                refuse(self.name, f"deze cel verwijst naar tekst nummer '{raw[:20]}' die niet in "
                       f"het bestand staat; het bestand is beschadigd; {RESAVE}", self.row,
                       self.field(column))
        if kind in ("inlineStr", "str", "e"):
            return _unescape(raw)
        if kind == "b":
            return {"1": "True", "0": "False", "true": "True", "false": "False"}.get(
                raw.strip(), raw)
        if kind == "d":
            return self._iso_date(raw, column)
        return self._number(raw, column)

    def _iso_date(self, raw: str, column: int) -> str:
        if not raw.strip():
            return ""
        try:
            return cell_text(datetime.fromisoformat(raw.strip()))
        except ValueError:
            refuse(self.name, f"deze cel bevat geen geldige datum ('{raw[:30]}'); typ de datum "
                   "als JJJJ-MM-DD", self.row, self.field(column))

    def _number(self, raw: str, column: int) -> str:
        text = raw.strip()
        if not text:
            return ""
        try:
            if len(text) > MAX_NUMBER_TEXT:
                raise ValueError
            number = float(text)
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError
        except ValueError:
            refuse(self.name, f"deze cel hoort een getal te bevatten maar bevat "
                   f"'{text[:30]}'; {RESAVE}", self.row, self.field(column))
        if self.style is not None and self.style.isdigit() and \
                int(self.style) in self.book.date_styles:
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel
            try:
                moment = from_excel(number, MAC_EPOCH if self.book.epoch_1904 else WINDOWS_EPOCH)
            except (ValueError, OverflowError, TypeError):
                refuse(self.name, f"deze cel is opgemaakt als datum, maar {text[:30]} is geen "
                       "datum; typ de datum als JJJJ-MM-DD", self.row, self.field(column))
            return cell_text(moment)
        if "." in text or "e" in text.lower():
            return cell_text(number)
        return text.lstrip("+")

    def finish_row(self) -> None:
        if not self.in_row:
            return
        self.in_row = False
        if self.cells:
            width = max(self.cells)
            cells = [self.cells.get(c, "") for c in range(1, width + 1)]
            if not self.header:
                self.header = {c: v.strip().lower() for c, v in self.cells.items()}
            self.done.append((self.row, cells))
            self.rows_seen += 1
            self.cells = {}
            if self.limit_rows is not None and self.rows_seen >= self.limit_rows:
                raise _Enough


def cell_text(value) -> str:
    """A cell's value as the text a user sees in it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
