"""Reading the first worksheet of an XLSX upload, in one streaming pass, refusing early.

This module holds the package side (zip, parts, relationships, strings, styles);
:mod:`.sheet` reads the rows.

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
from xml.parsers import expat

from ..errors import ImportRefused, Problem

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


class WorkbookParts:
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

