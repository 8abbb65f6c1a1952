"""Reading and writing the tables users exchange with the product (CSV and XLSX).

The one reader for every upload (answers, measurements), hardened against files that
would crash, hang or silently change data:

- cheap checks first: the file size; for XLSX the uncompressed size of every part
  (see :mod:`.xlsx`, which reads the first sheet in one streaming pass);
- UTF-16, UTF-32 and other encodings are named, NUL bytes anywhere are refused;
- CSV through :mod:`csv` in strict mode: a stray quote is a problem in the row where
  the quote stands; a row with more or fewer fields than the header is refused with
  its row named (a missing or extra delimiter would shift the columns, so that an
  answer lands in the wrong one), unless the header has the same trailing empty
  fields;
- limits on rows, columns, cells and cell length, checked while reading, so that a
  file far over a limit is refused without being read to the end.

Rows in problems are numbered as a spreadsheet shows them (the header is row 1).

The writer exports text so that a spreadsheet never evaluates it: a cell that starts
with ``=``, ``+``, ``-``, ``@`` (or their full-width forms), a tab or a carriage return
is written with a leading apostrophe in CSV and as a text cell in XLSX (the usual
defence against formula injection); numbers stay numbers and dates stay dates.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

import pandas as pd

from .errors import ImportRefused, Problem, plural
from .xlsx import (
    MAX_CELL,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNCOMPRESSED,
    Workbook,
)

MAX_FILE_BYTES = 10_000_000
# A measurement CSV may hold more rows than any other upload: a national funder's year of
# 15,000 implementations is that many rows per indicator, and a CSV row costs little (the
# 10 MB cap bounds its memory). Workbooks keep MAX_ROWS: their limits guard unpacking.
MAX_MEASUREMENT_ROWS = 150_000
MAX_SAME_PROBLEM = 10   # rows named for one kind of problem; the rest are counted
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
__all__ = ["MAX_CELL", "MAX_CELLS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_MEASUREMENT_ROWS",
           "MAX_RATIO", "MAX_ROWS",
           "MAX_UNCOMPRESSED", "csv_bytes", "read_table", "safe_text", "table_bytes",
           "workbook_bytes"]
_SAVE_AS_CSV = ("sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)' en lees het "
                "opnieuw in")


def _refuse(name: str, message: str, row: int | None = None, field: str | None = None):
    raise ImportRefused([Problem(name, row, field, message)])


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def read_table(content: bytes, name: str, required: tuple[str, ...],
               csv_rows: int = MAX_ROWS) -> pd.DataFrame:
    """A CSV or XLSX upload as a frame of strings with lower-case column names and at
    least the ``required`` columns, and a column ``_row`` with each row's number.
    ``csv_rows``: the most data rows a CSV may have (a workbook: always MAX_ROWS)."""
    if len(content) > MAX_FILE_BYTES:
        _refuse(name, f"het bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB")
    if not content.strip():
        _refuse(name, "het bestand is leeg")
    if content[:2] == b"PK" or content[:4] == b"\xd0\xcf\x11\xe0" or \
            name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        book = Workbook(content, name)
        return _frame(book.rows(), name, required, book.other_headers, exact_width=False)
    return _frame(_csv_rows(content, name), name, required, list, exact_width=True,
                  max_rows=csv_rows)


def _frame(rows: Iterable[tuple[int, list[str]]], name: str, required: tuple[str, ...],
           other_headers: Callable[[], list[list[str]]], exact_width: bool,
           max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """Check the header, then every row as it is read (so that a limit stops the reading).
    ``exact_width``: a CSV row has as many fields as the header (an XLSX row is placed by
    its cell references, and its empty cells at the end are simply not stored)."""
    rows = iter(rows)
    first = next(rows, None)
    while first is not None and not any(str(c).strip() for c in first[1]):
        first = next(rows, None)  # empty lines above the header
    if first is None:
        _refuse(name, "het bestand bevat geen kopregel")
    header_row, raw_header = first
    header = [str(c).strip().lower() for c in raw_header]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        _refuse(name, f"het bestand heeft meer dan {MAX_COLUMNS} kolommen", header_row)
    seen = set()
    for column in header:
        if column and column in seen:
            _refuse(name, f"de kolom '{column[:40]}' staat twee keer in de kopregel",
                    header_row, column)
        seen.add(column)
    missing = [c for c in required if c not in header]
    if missing:
        hint = ("; alleen het eerste werkblad wordt gelezen: zet de gegevens op het eerste "
                "werkblad" if any(set(required) <= set(h) for h in other_headers()) else
                "; gebruik het sjabloon")
        raise ImportRefused([Problem(name, header_row, c, f"deze kolom ontbreekt{hint}")
                             for c in missing])
    width, data = len(header), []
    problems: list[Problem] = []
    cells, max_cells = 0, MAX_CELLS * max(1, max_rows // MAX_ROWS)
    shifted = 0
    for number, row in rows:
        if number > max_rows + 1:
            _refuse(name, f"het bestand heeft meer dan {_dutch(max_rows)} rijen", number)
        row = [("" if c is None else str(c)) for c in row]
        if not any(c.strip() for c in row):
            continue  # an empty row
        if exact_width and not width <= len(row) <= max(len(raw_header), width):
            shifted += 1
            if shifted <= MAX_SAME_PROBLEM:
                problems.append(Problem(name, number, None,
                                        _width_problem(len(row), width, len(row) > width)))
            continue
        extra = [c for c in row[width:] if c.strip()]
        if extra:
            problems.append(Problem(name, number, None, f"deze rij heeft meer ingevulde velden "
                                    f"dan de kopregel kolommen heeft ({width}); staat er "
                                    "een scheidingsteken te veel?"))
            continue
        row = (row + [""] * width)[:width]
        for column, cell in zip(header, row, strict=True):
            if len(cell) > MAX_CELL:
                problems.append(Problem(name, number, column, f"deze cel is langer dan "
                                        f"{MAX_CELL} tekens"))
            elif "\x00" in cell:
                problems.append(Problem(name, number, column, "deze cel bevat een NUL-teken "
                                        "(een teken dat in tekst niet voorkomt); haal het weg"))
        data.append([number, *row])
        cells += width
        if cells > max_cells:
            _refuse(name, f"het bestand heeft meer dan {_dutch(max_cells)} cellen", number)
    if shifted > MAX_SAME_PROBLEM:
        problems.append(Problem(name, None, None, f"en nog {shifted - MAX_SAME_PROBLEM} rijen "
                                "met te veel of te weinig velden"))
    if problems:
        raise ImportRefused(problems)
    return pd.DataFrame(data, columns=["_row", *header], dtype=object)


def _width_problem(fields: int, width: int, more: bool) -> str:
    if more:
        return (f"deze rij heeft {plural(fields, 'veld', 'velden')} en de kopregel {width}; "
                "staat er een "
                "scheidingsteken te veel, bijvoorbeeld aan het eind van de rij of in een getal "
                "met een komma (2,5)? Zet zo'n waarde tussen aanhalingstekens, of gebruik ';' "
                "als scheidingsteken")
    return (f"deze rij heeft {plural(fields, 'veld', 'velden')} en de kopregel {width}; is "
            "er een veld of scheidingsteken weggevallen? Elke rij heeft evenveel velden als de "
            "kopregel (een leeg veld blijft staan als twee scheidingstekens naast elkaar)")


_ENCODINGS = (  # (byte order mark or pattern of the first four bytes, encoding)
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def _encoding(content: bytes) -> str | None:
    """UTF-16 or UTF-32 by byte order mark, or by the zero bytes of ASCII text."""
    for mark, encoding in _ENCODINGS:
        if content.startswith(mark):
            return encoding
    head = content[:4]
    if len(head) == 4:
        zero = [b == 0 for b in head]
        if zero in ([False, True, True, True], [True, True, True, False]):
            return "UTF-32"
        if zero in ([False, True, False, True], [True, False, True, False]):
            return "UTF-16"
    return None


class _Lines:
    """The lines of a text, remembering those of the record being read (for problems)."""

    def __init__(self, text: str):
        self._lines = io.StringIO(text, newline="")
        self.record: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record.append(line)
        return line


def _csv_rows(content: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    encoding = _encoding(content)
    if encoding:
        _refuse(name, f"dit bestand is {encoding}-tekst; {_SAVE_AS_CSV}")
    if b"\x00" in content:
        line = content[:content.index(b"\x00")].count(b"\n") + 1
        _refuse(name, "het bestand bevat een NUL-teken: het is geen tekstbestand (lever een "
                "CSV- of XLSX-bestand aan)", line)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        _refuse(name, "het bestand is geen UTF-8-tekst; sla het op als 'CSV UTF-8'", line)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return _records(text, name, delimiter)


def _records(text: str, name: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    number = 0
    while True:
        lines.record = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            _refuse(name, _csv_problem(error, lines.record), number + 1)
        number += 1
        yield number, row


def _csv_problem(error: csv.Error, lines: list[str]) -> str:
    """Why a record could not be read, named after what the user can see in it."""
    text = str(error)
    # a quote opened in the record's first line and closed (if ever) lines later: the
    # problem is the opening quote, wherever the reader noticed it
    opened = len(lines) > 1 and lines[0].count('"') % 2 == 1
    unclosed = "unexpected end of data" in text or "EOF" in text or opened
    if "expected after" in text and not opened:
        return ("deze rij is geen geldige CSV: na een afsluitend aanhalingsteken hoort een "
                "scheidingsteken; staat er een aanhalingsteken (\") midden in een veld? Zet het "
                "hele veld dan tussen aanhalingstekens en verdubbel het teken")
    if unclosed:
        return ("in deze rij opent een aanhalingsteken (\") een veld dat nooit wordt gesloten; "
                "sluit het veld met een aanhalingsteken, of verdubbel een aanhalingsteken dat "
                "in de tekst hoort (\"\")")
    if "field larger" in text:
        return (f"een veld in deze rij is veel langer dan de {MAX_CELL} tekens die een cel mag "
                "hebben")
    return "deze rij is geen geldige CSV"


# -- writing -----------------------------------------------------------------------------

def safe_text(value):
    """A cell value that a spreadsheet shows as typed, never evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_bytes(frame: pd.DataFrame, fmt: str, sheet: str = "gegevens") -> bytes:
    return workbook_bytes({sheet: frame}) if fmt == "xlsx" else csv_bytes(frame)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(safe_text)
    # CRLF, as RFC 4180 and Excel have it: then a field holding a bare CR is quoted too
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def workbook_bytes(sheets: dict[str, pd.DataFrame],
                   formats: dict[str, dict[str, str]] | None = None) -> bytes:
    """An XLSX with one sheet per frame. Text stays text (never a formula), dates are
    dates, and ``formats`` gives number formats per sheet and column (e.g. '0%')."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    book = openpyxl.Workbook(write_only=True)
    for title, frame in sheets.items():
        sheet = book.create_sheet(_sheet_title(title))
        sheet.append([str(c) for c in frame.columns])
        styles = (formats or {}).get(title, {})
        for row in frame.itertuples(index=False):
            cells = []
            for column, value in zip(frame.columns, row, strict=True):
                cell = WriteOnlyCell(sheet, value=_excel_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a text that starts with '=' stays text
                if column in styles and not isinstance(cell.value, str):
                    cell.number_format = styles[column]
                elif isinstance(cell.value, datetime | date):
                    cell.number_format = "DD-MM-YYYY"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel_value(value):
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return value


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "blad"
