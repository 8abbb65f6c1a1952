"""Reading the first worksheet of an XLSX upload, in one streaming pass, refusing early.

An XLSX file is a zip of XML parts. This reader does not trust any of it:

- the zip's table of contents first: the uncompressed size of every part (a zip bomb
  is refused before a byte is inflated), and encrypted parts;
- the first sheet is the first ``<sheet>`` of ``workbook.xml``, found through the
  relationships, whatever its part is called;
- each part it needs (workbook, relationships, styles, shared strings, the sheet) is
  parsed by expat with a handler that refuses any DOCTYPE or ENTITY declaration, so no
  entity is ever expanded, wherever it stands and whatever the encoding;
- the sheet is read as a stream: a filled cell beyond the column or row limit, or more
  cells than the limit, stops the reading at once (no ``<dimension>`` is trusted, so
  neither a stale nor a huge one changes what is read);
- merged cells and formulas without a stored result (of any kind: normal, shared,
  array, data table) are refused, because both would silently lose answers;
- every other fault (broken XML, a bad number, date, shared-string index or cell
  reference, a bad checksum or compression) is one Dutch problem naming the file and,
  where known, the row and column.

The rows come out as ``(row number, [cell text, ...])``, the row number as a
spreadsheet shows it.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from xml.parsers import expat

from .errors import ImportRefused, Problem

MAX_UNCOMPRESSED = 60_000_000    # all parts together
MAX_RATIO = 100                  # uncompressed / compressed (plus 1 MB of slack)
MAX_PARTS = 1000
MAX_ROWS = 50_000                # data rows (the header is one more)
MAX_COLUMNS = 60
MAX_CELLS = 300_000              # cells in the sheet, filled or not
MAX_CELL = 5000                  # characters in a cell
MAX_ELEMENTS = 4 * MAX_CELLS + 10_000   # XML elements of one part
MAX_NUMBER_TEXT = 400            # characters of a number cell
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")
_RANGE = re.compile(r"^\s*\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
RESAVE = "open het bestand in Excel en sla het opnieuw op als Excel-werkmap, of als CSV UTF-8"


class _Enough(Exception):
    """Stop reading a part: the caller has what it needs."""


def refuse(name: str, message: str, row: int | None = None, field: str | None = None):
    raise ImportRefused([Problem(name, row, field, message)])


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _unescape(text: str) -> str:
    """OOXML's escape of characters XML cannot hold: ``_x000D_``; ``_x005F_`` is '_'."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class Workbook:
    """An XLSX upload, opened and checked up to (not including) its sheets' cells."""

    def __init__(self, content: bytes, name: str):
        self.name = name
        if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            refuse(name, "dit is een oud Excel-bestand (.xls) of een bestand met een wachtwoord; "
                   "sla het in Excel op als Excel-werkmap (.xlsx) zonder wachtwoord, of als CSV "
                   "UTF-8")
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(content))
            parts = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            refuse(name, "dit is geen leesbaar Excel-bestand (.xlsx); sla het opnieuw op als "
                   "Excel-werkmap of als CSV UTF-8")
        if len(parts) > MAX_PARTS:
            refuse(name, f"dit Excel-bestand bestaat uit meer dan {MAX_PARTS} delen; een "
                   "gewone werkmap heeft er enkele tientallen")
        total = sum(p.file_size for p in parts)
        if total > MAX_UNCOMPRESSED or total > MAX_RATIO * len(content) + 1_000_000:
            refuse(name, f"dit Excel-bestand pakt uit tot {total / 1_000_000:.0f} MB; dat is te "
                   f"groot (hoogstens {MAX_UNCOMPRESSED // 1_000_000} MB, en hoogstens "
                   f"{MAX_RATIO} keer het bestand zelf)")
        if any(p.flag_bits & 0x1 for p in parts):
            refuse(name, "dit Excel-bestand is met een wachtwoord beveiligd; sla het op zonder "
                   "wachtwoord")
        self.parts = {p.filename: p for p in parts}
        self._lower = {p.filename.lower(): p for p in parts}
        self._read_workbook()
        self.strings = self._read_strings()
        self.date_styles = self._read_styles()

    # -- the parts ---------------------------------------------------------------------

    def _part(self, path: str) -> zipfile.ZipInfo | None:
        return self.parts.get(path) or self._lower.get(path.lower())

    def stream(self, path: str, start: Callable, end: Callable | None = None,
               text: Callable | None = None, where: Callable[[], int | None] = lambda: None,
               label: str = "") -> Iterator[None]:
        """Parse one part with expat, refusing DOCTYPE and ENTITY declarations; hands
        control back after every chunk (so that finished rows can be used at once)."""
        info = self._part(path)
        if info is None:
            return
        label = label or path
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = 65536
        elements = [0]

        def declared(*_args):
            refuse(self.name, "dit Excel-bestand bevat XML-declaraties (DOCTYPE/ENTITY) die in "
                   f"een gewone werkmap niet voorkomen (in {path}); het wordt niet gelezen")

        def started(tag, attributes):
            elements[0] += 1
            if elements[0] > MAX_ELEMENTS:
                refuse(self.name, f"{label} bevat meer dan {_dutch(MAX_ELEMENTS)} XML-elementen; "
                       f"een werkblad mag hoogstens {_dutch(MAX_CELLS)} cellen hebben", where())
            start(_local(tag), {_local(k): v for k, v in attributes.items()})

        parser.StartDoctypeDeclHandler = declared
        parser.EntityDeclHandler = declared
        parser.UnparsedEntityDeclHandler = declared
        parser.StartElementHandler = started
        if end is not None:
            parser.EndElementHandler = lambda tag: end(_local(tag))
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            with self.archive.open(info) as stream:
                while True:
                    chunk = stream.read(65536)
                    parser.Parse(chunk, not chunk)
                    yield None
                    if not chunk:
                        break
        except expat.ExpatError as error:
            row = where()
            refuse(self.name, f"{label} is geen geldige XML (regel {error.lineno}: "
                   f"{_xml_reason(error)}); {RESAVE}", row)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError) as error:
            refuse(self.name, f"dit Excel-bestand is beschadigd ({path}: {_zip_reason(error)}); "
                   f"{RESAVE}", where())

    def parse(self, path: str, start: Callable, end: Callable | None = None,
              text: Callable | None = None, label: str = "") -> None:
        for _ in self.stream(path, start, end, text, label=label):
            pass

    def _relationships(self, source: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, target part path) for the part ``source``."""
        folder, file = posixpath.split(source)
        rels_path = posixpath.join(folder, "_rels", file + ".rels")
        found: dict[str, tuple[str, str]] = {}

        def start(tag, attributes):
            if tag == "Relationship" and attributes.get("TargetMode") != "External":
                target = attributes.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(folder, target))
                found[attributes.get("Id", "")] = (attributes.get("Type", ""), path)
        self.parse(rels_path, start)
        return found

    def _read_workbook(self) -> None:
        workbook = next((path for kind, path in self._relationships("").values()
                         if kind.endswith("/officeDocument")), "xl/workbook.xml")
        if self._part(workbook) is None:
            refuse(self.name, "dit is geen Excel-werkmap (het werkboek ontbreekt); sla het "
                   "opnieuw op als Excel-werkmap of als CSV UTF-8")
        sheets: list[tuple[str, str]] = []
        self.epoch_1904 = False

        def start(tag, attributes):
            if tag == "sheet":
                sheets.append((attributes.get("name", "?"), attributes.get("id", "")))
            elif tag == "workbookPr":
                self.epoch_1904 = attributes.get("date1904") in ("1", "true")
        self.parse(workbook, start)
        relationships = self._relationships(workbook)
        self.sheets = [(title, relationships.get(rid, ("", ""))[1]) for title, rid in sheets]
        self.related = {kind.rpartition("/")[2]: path for kind, path in relationships.values()}
        if not self.sheets:
            refuse(self.name, "dit Excel-bestand heeft geen werkblad; zet de gegevens op het "
                   "eerste werkblad")

    def _read_strings(self) -> list[str]:
        strings: list[str] = []
        state = {"in": 0, "skip": 0, "parts": []}

        def start(tag, _attributes):
            if tag == "si":
                state["parts"] = []
            elif tag == "rPh":
                state["skip"] += 1
            elif tag == "t" and not state["skip"]:
                state["in"] += 1

        def end(tag):
            if tag == "si":
                strings.append(_unescape("".join(state["parts"]))[:MAX_CELL + 1])
                if len(strings) > MAX_CELLS:
                    refuse(self.name, f"dit Excel-bestand heeft meer dan {MAX_CELLS:,} teksten"
                           .replace(",", "."))
            elif tag == "rPh":
                state["skip"] -= 1
            elif tag == "t" and state["in"]:
                state["in"] -= 1

        def text(data):
            if state["in"] and sum(map(len, state["parts"])) <= MAX_CELL:
                state["parts"].append(data)
        path = self.related.get("sharedStrings")
        if path:
            self.parse(path, start, end, text, label="de gedeelde teksten (sharedStrings)")
        return strings

    def _read_styles(self) -> set[int]:
        """The indexes of the cell styles that show a number as a date."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
        custom: dict[int, str] = {}
        formats: list[int] = []
        state = {"xfs": False}

        def start(tag, attributes):
            if tag == "numFmt":
                try:
                    custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode", "")
                except ValueError:
                    pass
            elif tag == "cellXfs":
                state["xfs"] = True
            elif tag == "xf" and state["xfs"]:
                try:
                    formats.append(int(attributes.get("numFmtId", "0")))
                except ValueError:
                    formats.append(0)

        def end(tag):
            if tag == "cellXfs":
                state["xfs"] = False
        path = self.related.get("styles")
        if path:
            self.parse(path, start, end, label="de opmaak (styles)")
        dates = set()
        for index, number_format in enumerate(formats):
            code = custom.get(number_format, BUILTIN_FORMATS.get(number_format, "General"))
            if is_date_format(code):
                dates.add(index)
        return dates

    # -- the sheets --------------------------------------------------------------------

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


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


_XML_REASONS = {
    "no element found": "het werkblad houdt midden in de XML op",
    "reference to invalid character number": "een teken dat in XML niet mag, zoals &#0;",
    "not well-formed (invalid token)": "een ongeldig teken",
    "mismatched tag": "een element wordt niet goed afgesloten",
    "undefined entity": "een onbekende entiteit",
    "unclosed token": "het werkblad houdt midden in de XML op",
}


def _xml_reason(error: expat.ExpatError) -> str:
    english = expat.errors.messages.get(error.code, "")
    return _XML_REASONS.get(english, "ongeldige XML")


def _zip_reason(error: Exception) -> str:
    text = str(error)
    if "CRC" in text:
        return "de controlesom klopt niet"
    if isinstance(error, zlib.error):
        return "de gegevens zijn niet goed ingepakt"
    if isinstance(error, NotImplementedError):
        return "onbekende inpakmethode"
    if isinstance(error, EOFError):
        return "het bestand houdt te vroeg op"
    return "onleesbaar"


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
