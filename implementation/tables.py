"""Reading and writing the tables users exchange with the product (CSV and XLSX).

The one reader for every upload (answers, measurements), hardened against files that
would crash, hang or silently change data:

- cheap checks first: file size, then for XLSX the uncompressed size of every part
  (a zip bomb is refused before a byte is parsed) and XML entity declarations;
- UTF-16 and other encodings are named, NUL bytes anywhere are refused;
- CSV through :mod:`csv` in strict mode, so a stray quote is a row-numbered problem,
  trailing empty fields are ignored, and a row with more filled fields than the
  header is refused instead of shifting columns;
- XLSX: only the first sheet is read (and a file whose data is on another sheet is
  told so), merged cells and formulas without a stored value are refused, because
  both would silently lose answers;
- limits on rows, columns and cell length.

The writer exports text so that a spreadsheet never evaluates it: a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
apostrophe in CSV and as a text cell in XLSX (the usual defence against formula
injection); numbers stay numbers and dates stay dates.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime

import pandas as pd

from .errors import ImportRefused, Problem

MAX_FILE_BYTES = 10_000_000
MAX_UNCOMPRESSED = 60_000_000
MAX_RATIO = 100
MAX_ROWS = 200_000
MAX_COLUMNS = 60
MAX_CELL = 5000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _refuse(name: str, message: str, row: int | None = None, field: str | None = None):
    raise ImportRefused([Problem(name, row, field, message)])


def read_table(content: bytes, name: str, required: tuple[str, ...]) -> pd.DataFrame:
    """A CSV or XLSX upload as a frame of strings with lower-case column names and at
    least the ``required`` columns. Row numbers in problems are those a spreadsheet
    shows (the header is row 1)."""
    if len(content) > MAX_FILE_BYTES:
        _refuse(name, f"het bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB")
    if not content.strip():
        _refuse(name, "het bestand is leeg")
    if content[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm")):
        rows, other_sheets = _xlsx_rows(content, name)
    else:
        rows, other_sheets = _csv_rows(content, name), []
    return _frame(rows, name, required, other_sheets)


def _frame(rows: list[list[str]], name: str, required: tuple[str, ...],
           other_sheets: list[list[str]]) -> pd.DataFrame:
    if not rows:
        _refuse(name, "het bestand bevat geen kopregel")
    header = [str(c).strip().lower() for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        _refuse(name, f"het bestand heeft meer dan {MAX_COLUMNS} kolommen", 1)
    seen = set()
    for column in header:
        if column and column in seen:
            _refuse(name, f"de kolom '{column[:40]}' staat twee keer in de kopregel", 1, column)
        seen.add(column)
    missing = [c for c in required if c not in header]
    if missing:
        hint = ("; alleen het eerste werkblad wordt gelezen: zet de gegevens op het eerste "
                "werkblad" if any(set(required) <= set(h) for h in other_sheets) else
                "; gebruik het sjabloon")
        raise ImportRefused([Problem(name, 1, c, f"deze kolom ontbreekt{hint}") for c in missing])
    width, data = len(header), []
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [("" if c is None else str(c)) for c in row]
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            problems.append(Problem(name, number, None, f"deze rij heeft meer ingevulde velden "
                                    f"dan de kopregel kolommen heeft ({len(header)}); staat er "
                                    "een scheidingsteken te veel?"))
            continue
        cells = (cells + [""] * width)[:width]
        if not any(c.strip() for c in cells):
            continue  # an empty row
        for column, cell in zip(header, cells, strict=True):
            if len(cell) > MAX_CELL:
                problems.append(Problem(name, number, column, f"deze cel is langer dan "
                                        f"{MAX_CELL} tekens"))
        data.append([number, *cells])
        if len(data) > MAX_ROWS:
            _refuse(name, f"het bestand heeft meer dan {MAX_ROWS:,} rijen".replace(",", "."))
    if problems:
        raise ImportRefused(problems)
    return pd.DataFrame(data, columns=["_row", *header], dtype=object)


def _csv_rows(content: bytes, name: str) -> list[list[str]]:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(content) > 3 and content[1:4:2]
                                                      == b"\x00\x00"):
        _refuse(name, "dit bestand is UTF-16-tekst; sla het in Excel op als 'CSV UTF-8 "
                "(door komma's gescheiden)' en lees het opnieuw in")
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                _refuse(name, f"het bestand heeft meer dan {MAX_ROWS:,} rijen"
                        .replace(",", "."))
    except csv.Error as error:
        _refuse(name, f"deze rij is geen geldige CSV ({_csv_reason(error)}); staat er een "
                "aanhalingsteken (\") midden in een veld? Zet het hele veld dan tussen "
                "aanhalingstekens en verdubbel het teken", reader.line_num)
    return rows


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "expected after" in text:
        return "na een afsluitend aanhalingsteken hoort een scheidingsteken"
    if "unexpected end of data" in text or "EOF" in text:
        return "een aanhalingsteken wordt nooit gesloten"
    return "onleesbare rij"


def _xlsx_rows(content: bytes, name: str) -> tuple[list[list[str]], list[list[str]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        _refuse(name, "dit is geen leesbaar Excel-bestand (.xlsx); sla het opnieuw op als "
                "Excel-werkmap of als CSV UTF-8")
    total = sum(p.file_size for p in parts)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(len(content), 1) + 1_000_000:
        _refuse(name, f"dit Excel-bestand pakt uit tot {total / 1_000_000:.0f} MB; dat is te "
                f"groot (hoogstens {MAX_UNCOMPRESSED // 1_000_000} MB)")
    for part in parts:
        if part.filename.endswith((".xml", ".rels")):
            with archive.open(part) as handle:
                head = handle.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                _refuse(name, "dit Excel-bestand bevat XML-declaraties (DOCTYPE/ENTITY) die in "
                        "een gewone werkmap niet voorkomen; het wordt niet gelezen")
    sheet = _first_sheet(archive)
    if sheet is not None:
        xml = archive.read(sheet)
        merged = re.findall(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml)
        if merged:
            ranges = ", ".join(m.decode() for m in merged[:5])
            _refuse(name, f"het eerste werkblad heeft samengevoegde cellen ({ranges}); maak "
                    "de samenvoeging ongedaan en vul elke rij zelf in")
    import openpyxl
    try:
        formulas = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        _refuse(name, "dit is geen leesbaar Excel-bestand (.xlsx)")
    rows: list[list[str]] = []
    formula_sheet, value_sheet = formulas.worksheets[0], values.worksheets[0]
    for number, (with_formulas, with_values) in enumerate(zip(
            formula_sheet.iter_rows(values_only=True), value_sheet.iter_rows(values_only=True),
            strict=False), start=1):
        if len(rows) > MAX_ROWS + 1:
            _refuse(name, f"het bestand heeft meer dan {MAX_ROWS:,} rijen".replace(",", "."))
        row = []
        for column, (raw, value) in enumerate(zip(with_formulas, with_values, strict=False)):
            if isinstance(raw, str) and raw.startswith("=") and value is None:
                _refuse(name, "deze cel bevat een formule zonder opgeslagen uitkomst; open het "
                        "bestand in Excel en sla het opnieuw op, of typ de waarde in",
                        number, _column_letter(column))
            row.append(_cell_text(value))
        rows.append(row)
    others = []
    for sheet_ in values.worksheets[1:3]:
        first = next(sheet_.iter_rows(values_only=True, max_row=1), ())
        others.append([_cell_text(c).strip().lower() for c in first])
    formulas.close()
    values.close()
    return rows, others


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    names = sorted(n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
    return "xl/worksheets/sheet1.xml" if "xl/worksheets/sheet1.xml" in names else \
        (names[0] if names else None)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_text(value) -> str:
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
    return safe.to_csv(index=False).encode("utf-8")


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
