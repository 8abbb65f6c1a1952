"""Small generators of bad upload files (the corpus of issue 12), made by the tests
themselves: no binary is committed. Each takes a few rows and returns bytes."""
from __future__ import annotations

import io
import re
import zipfile

SHEET = "xl/worksheets/sheet1.xml"
IDS = ["1.content.vraag-clienten", "1.content.geen-oplossing", "2.macro.buurinterventies",
       "2.macro.trends", "2.macro.strategische-partners"]
HEADER = ["item_id", "antwoord", "toelichting"]
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">'
                    for i in range(1, 10)) + "]>")
EXTERNAL = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def answers(n: int = 5, note: str | None = None) -> list[list]:
    rows = [HEADER] + [[item, "ja", None] for item in IDS[:n]]
    if note is not None:
        rows[1][2] = note
    return rows


def csv_text(rows: list[list], delimiter: str = ",") -> str:
    return "".join(delimiter.join("" if c is None else str(c) for c in row) + "\n"
                   for row in rows)


def book(rows: list[list], merge: str | None = None, formulas: dict | None = None,
         second: list[list] | None = None, first_title: str = "checklist") -> bytes:
    import openpyxl
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = first_title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    for reference, formula in (formulas or {}).items():
        sheet[reference] = formula
    if second is not None:
        other = workbook.create_sheet("blad2")
        for row in second:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def rezip(contents: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patch(data: bytes, part: str, change) -> bytes:
    contents = parts(data)
    contents[part] = change(contents[part])
    return rezip(contents)


def sheet_patch(change, rows: list[list] | None = None) -> bytes:
    return patch(book(rows or answers()), SHEET, change)


def without_prolog(xml: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)


def with_doctype(doctype: str, padding: bytes = b"", reference: str = "&lol9;"):
    """A sheet with a DOCTYPE (after ``padding``) and a cell that uses its entity."""
    def change(xml: bytes) -> bytes:
        xml = without_prolog(xml).replace(
            b"</row>", b'<c r="D1" t="inlineStr"><is><t>' + reference.encode() +
            b"</t></is></c></row>", 1)
        return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + padding +
                doctype.encode() + b"\n" + xml)
    return change


def replace_cell(reference: str, cell: bytes):
    """Replace cell ``reference`` of the sheet by the raw XML ``cell``."""
    def change(xml: bytes) -> bytes:
        new, count = re.subn(rb'<c r="' + reference.encode() + rb'"[^>]*?(/>|>.*?</c>)',
                             cell, xml, count=1, flags=re.S)
        assert count == 1, reference
        return new
    return change


def add_cell(row: int, cell: bytes):
    """Add the raw XML ``cell`` at the end of row ``row``."""
    def change(xml: bytes) -> bytes:
        return re.sub(rb'(<row r="' + str(row).encode() + rb'"[^>]*>.*?)(</row>)',
                      lambda m: m.group(1) + cell + m.group(2), xml, count=1, flags=re.S)
    return change


def shared_strings(data: bytes) -> bytes:
    """The same book with its inline strings moved into a sharedStrings part (as Excel
    writes them)."""
    contents = parts(data)
    strings: list[bytes] = []

    def shared(match):
        strings.append(match.group(1))
        return b't="s"><v>%d</v>' % (len(strings) - 1)
    contents[SHEET] = re.sub(rb't="inlineStr"><is><t>(.*?)</t></is>', shared, contents[SHEET])
    contents["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org'
        b'/spreadsheetml/2006/main">' + b"".join(b"<si><t>%s</t></si>" % s for s in strings)
        + b"</sst>")
    contents["xl/_rels/workbook.xml.rels"] = contents["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    return rezip(contents)


def first_sheet_in_sheet2(rows: list[list], merge: str | None = None) -> bytes:
    """A book whose first sheet is stored as sheet2.xml (and the second as sheet1.xml)."""
    import openpyxl
    workbook = openpyxl.Workbook()
    workbook.active.title = "antwoorden"
    for row in rows:
        workbook.active.append(row)
    if merge:
        workbook.active.merge_cells(merge)
    workbook.create_sheet("leeg")
    buffer = io.BytesIO()
    workbook.save(buffer)
    contents = parts(buffer.getvalue())
    contents[SHEET], contents["xl/worksheets/sheet2.xml"] = (
        contents["xl/worksheets/sheet2.xml"], contents[SHEET])
    rels = contents["xl/_rels/workbook.xml.rels"]
    contents["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"worksheets/sheet1.xml", b"worksheets/TMP").replace(
        b"worksheets/sheet2.xml", b"worksheets/sheet1.xml").replace(
        b"worksheets/TMP", b"worksheets/sheet2.xml")
    return rezip(contents)


def bad_crc() -> bytes:
    raw = bytearray(rezip(parts(book(answers())), zipfile.ZIP_STORED))
    at = raw.find(b"<sheetData>")
    raw[at + 3] ^= 0x01
    return bytes(raw)


def bad_deflate() -> bytes:
    raw = bytearray(book(answers()))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    for offset in range(20):
        raw[start + offset] ^= 0xFF
    return bytes(raw)


def no_sheets() -> bytes:
    return patch(book(answers()), "xl/workbook.xml",
                 lambda xml: re.sub(rb"<sheets>.*?</sheets>", b"<sheets/>", xml, flags=re.S))


def missing_sheet_part() -> bytes:
    contents = parts(book(answers()))
    del contents[SHEET]
    return rezip(contents)


def renamed_sheet_part(change) -> bytes:
    """The first sheet stored as sheet1.dat (not ending in .xml), changed by ``change``."""
    contents = parts(book(answers()))
    contents["xl/worksheets/sheet1.dat"] = change(contents.pop(SHEET))
    contents["xl/_rels/workbook.xml.rels"] = contents["xl/_rels/workbook.xml.rels"].replace(
        b"worksheets/sheet1.xml", b"worksheets/sheet1.dat")
    return rezip(contents)


def raw_sheet(body: bytes, tail: bytes = b"") -> bytes:
    """A book whose sheetData is ``body`` (rows as raw XML), followed by ``tail``."""
    def change(xml: bytes) -> bytes:
        head = xml.split(b"<sheetData>")[0]
        rest = xml.split(b"</sheetData>")[1]
        return head + b"<sheetData>" + body + b"</sheetData>" + tail + rest
    return sheet_patch(change)


def inline(text: str) -> bytes:
    return b'<c t="inlineStr"><is><t>' + text.encode() + b"</t></is></c>"


def row(number: int, *texts: str) -> bytes:
    return b'<row r="%d">' % number + b"".join(inline(t) for t in texts) + b"</row>"
