"""Issue 12, answer and measurement files: every bad file of the corpus (made by
``bad_files``) is refused with one exact Dutch message naming the file, row and field,
and every table stays unchanged; limits stop the reading before the file is parsed to
its end; exports never hand a spreadsheet a formula."""
import csv
import io

import pytest
from bad_files import (
    EXTERNAL,
    IDS,
    LAUGHS,
    add_cell,
    answers,
    bad_crc,
    bad_deflate,
    book,
    csv_text,
    first_sheet_in_sheet2,
    missing_sheet_part,
    no_sheets,
    patch,
    raw_sheet,
    renamed_sheet_part,
    replace_cell,
    row,
    shared_strings,
    sheet_patch,
    with_doctype,
)
from helpers import row_counts, world

from implementation import tables
from implementation.errors import ImportRefused
from implementation.measurement_files import import_measurements
from implementation.permissions import SYSTEM
from implementation.store import Database
from implementation.templates import import_answers, template_frame
from implementation.xlsx import sheet as xlsx_sheet

RESAVE = ("open het bestand in Excel en sla het opnieuw op als Excel-werkmap, of als CSV "
          "UTF-8")
ENTITIES = ("dit Excel-bestand bevat XML-declaraties (DOCTYPE/ENTITY) die in een gewone "
            "werkmap niet voorkomen (in {part}); het wordt niet gelezen")
QUOTE_OPEN = ("in deze rij opent een aanhalingsteken (\") een veld dat nooit wordt gesloten; "
              "sluit het veld met een aanhalingsteken, of verdubbel een aanhalingsteken dat in "
              "de tekst hoort (\"\")")
TOO_MANY = ("deze rij heeft {n} velden en de kopregel {m}; staat er een scheidingsteken te veel, "
            "bijvoorbeeld aan het eind van de rij of in een getal met een komma (2,5)? Zet zo'n "
            "waarde tussen aanhalingstekens, of gebruik ';' als scheidingsteken")
TOO_FEW = ("deze rij heeft {n} velden en de kopregel {m}; is er een veld of scheidingsteken "
           "weggevallen? Elke rij heeft evenveel velden als de kopregel (een leeg veld blijft "
           "staan als twee scheidingstekens naast elkaar)")
FORMULA = ("deze cel bevat een formule zonder opgeslagen uitkomst; open het bestand in Excel en "
           "sla het opnieuw op, of typ de waarde in")
MERGED = ("het eerste werkblad heeft samengevoegde cellen (B2:B6); maak de samenvoeging "
          "ongedaan en vul elke rij zelf in")
SAVE_AS = "sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)' en lees het opnieuw in"


@pytest.fixture(scope="module")
def db(checklists):
    """One small world for every refusal of this module (a refusal writes nothing, and
    each case checks that)."""
    database = Database.open(":memory:", checklists)
    world(database.acting_as(SYSTEM))
    yield database.acting_as(SYSTEM)
    database.close()


def template_csv(checklists, change) -> bytes:
    frame = template_frame(checklists["verspreiding-borging"])
    frame["antwoord"] = "ja"
    lines = frame.to_csv(index=False).splitlines(keepends=True)
    return change(lines).encode("utf-8")


def unclosed_in_row_3(lines):
    lines[2] = lines[2].replace(",ja,,", ',ja,"begin zonder einde,', 1)
    return "".join(lines)


def middle_cell_deleted(lines):
    fields = next(csv.reader([lines[6]]))
    del fields[8]   # the 'tekst' cell: 'ja' would slide into it
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    lines[6] = buffer.getvalue()
    return "".join(lines)


# case -> (file name, content maker (gets the loaded checklists), [problem as printed])
CASES = {
    # -- CSV ------------------------------------------------------------------------------
    "a quote after a closing quote": ("a.csv", lambda c: (
        "item_id,antwoord,toelichting\n" + f'{IDS[0]},ja,"abc" def\n').encode(),
        ["a.csv, rij 2: deze rij is geen geldige CSV: na een afsluitend aanhalingsteken hoort "
         "een scheidingsteken; staat er een aanhalingsteken (\") midden in een veld? Zet het "
         "hele veld dan tussen aanhalingstekens en verdubbel het teken"]),
    "an unclosed quote in row 3 of the template": ("a.csv", lambda c: template_csv(
        c, unclosed_in_row_3), [f"a.csv, rij 3: {QUOTE_OPEN}"]),
    "a trailing delimiter on every row": ("a.csv", lambda c: (
        "item_id,antwoord\n" + "".join(f"{i},ja,\n" for i in IDS[:2])).encode(),
        [f"a.csv, rij {n}: {TOO_MANY.format(n=3, m=2)}" for n in (2, 3)]),
    "a decimal comma in a comma-separated file": ("a.csv", lambda c: (
        "item_id,antwoord,toelichting\n" + f"{IDS[0]},ja,2,5\n").encode(),
        [f"a.csv, rij 2: {TOO_MANY.format(n=4, m=3)}"]),
    "a row one field short": ("a.csv", lambda c: template_csv(c, middle_cell_deleted),
                              [f"a.csv, rij 7: {TOO_FEW.format(n=11, m=12)}"]),
    "a field longer than the csv module allows": ("a.csv", lambda c: (
        "item_id,antwoord,toelichting\n" + f"{IDS[0]},ja,{'y' * 200_000}\n").encode(),
        ["a.csv, rij 2: een veld in deze rij is veel langer dan de 5000 tekens die een cel mag "
         "hebben"]),
    "a long cell": ("a.csv", lambda c: csv_text(answers(1, "y" * 5001)).encode(),
                    ["a.csv, rij 2, veld 'toelichting': deze cel is langer dan 5000 tekens"]),
    "a NUL byte after 4 KB": ("a.csv", lambda c: (
        "item_id,antwoord,toelichting\n" + f"{IDS[0]},ja,{'x' * 4500}\n"
        + f"{IDS[1]},ja,voor\x00na\n").encode(),
        ["a.csv, rij 3: het bestand bevat een NUL-teken: het is geen tekstbestand (lever een "
         "CSV- of XLSX-bestand aan)"]),
    "UTF-16 with a byte order mark": ("a.csv", lambda c: csv_text(answers()).encode("utf-16"),
                                      [f"a.csv: dit bestand is UTF-16-tekst; {SAVE_AS}"]),
    "UTF-16 big-endian without a mark": ("a.csv", lambda c: csv_text(answers()).encode(
        "utf-16-be"), [f"a.csv: dit bestand is UTF-16-tekst; {SAVE_AS}"]),
    "UTF-32": ("a.csv", lambda c: csv_text(answers()).encode("utf-32"),
               [f"a.csv: dit bestand is UTF-32-tekst; {SAVE_AS}"]),
    "more rows than the limit": ("a.csv", lambda c: (
        "item_id,antwoord\n" + f"{IDS[0]},ja\n" * 50_001).encode(),
        ["a.csv, rij 50002: het bestand heeft meer dan 50.000 rijen"]),
    # -- XLSX: XML declarations, wherever they stand ------------------------------------------
    "an entity declaration": ("a.xlsx", lambda c: sheet_patch(with_doctype(LAUGHS)),
                              [f"a.xlsx: {ENTITIES.format(part='xl/worksheets/sheet1.xml')}"]),
    "an external entity after 4 KB": ("a.xlsx", lambda c: sheet_patch(with_doctype(
        EXTERNAL, b"<!--" + b"p" * 5000 + b"-->\n", "&xxe;")),
        [f"a.xlsx: {ENTITIES.format(part='xl/worksheets/sheet1.xml')}"]),
    "entities in a UTF-16 sheet": ("a.xlsx", lambda c: sheet_patch(
        lambda x: with_doctype(LAUGHS)(x).replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
        .decode().encode("utf-16")),
        [f"a.xlsx: {ENTITIES.format(part='xl/worksheets/sheet1.xml')}"]),
    "entities in the shared strings": ("a.xlsx", lambda c: patch(
        shared_strings(book(answers())), "xl/sharedStrings.xml",
        lambda x: x.replace(b"?>\n", b"?>\n<!--" + b"p" * 5000 + b"-->" + LAUGHS.encode(), 1)),
        [f"a.xlsx: {ENTITIES.format(part='xl/sharedStrings.xml')}"]),
    "entities in a sheet part not ending in .xml": ("a.xlsx", lambda c: renamed_sheet_part(
        with_doctype(LAUGHS)), [f"a.xlsx: {ENTITIES.format(part='xl/worksheets/sheet1.dat')}"]),
    # -- XLSX: bombs and limits, refused before the sheet is read to its end ------------------
    "a decompression bomb": ("a.xlsx", lambda c: sheet_patch(
        lambda x: x.replace(b"<sheetData>", b"<sheetData>" + b" " * 5_000_000)),
        ["a.xlsx: dit Excel-bestand pakt uit tot 5 MB; dat is te groot (hoogstens 60 MB, en "
         "hoogstens 100 keer het bestand zelf)"]),
    "a row of many cells": ("a.xlsx", lambda c: raw_sheet(
        row(1, *[f"k{i}" for i in range(200)]), b"<kapot"),
        ["a.xlsx, rij 1: het werkblad heeft gegevens in kolom BI; het bestand mag hoogstens 60 "
         "kolommen hebben"]),
    "a cell at row 1048576": ("a.xlsx", lambda c: raw_sheet(
        row(1, "item_id", "antwoord") + row(1_048_576, "x"), b"<kapot"),
        ["a.xlsx, rij 1048576: het bestand heeft meer dan 50.000 rijen"]),
    "more rows than the limit, in XLSX": ("a.xlsx", lambda c: raw_sheet(
        row(1, "item_id", "antwoord") + b"".join(row(n, IDS[0], "ja")
                                                 for n in range(2, 50_003)), b"<kapot"),
        ["a.xlsx, rij 50002: het bestand heeft meer dan 50.000 rijen"]),
    "a cell of 55 kB": ("a.xlsx", lambda c: book(answers(1, "y" * 55_000)),
                        ["a.xlsx, rij 2, veld 'toelichting': deze cel is langer dan 5000 tekens"]),
    # -- XLSX: merged cells, however they are written -------------------------------------------
    "merged cells": ("a.xlsx", lambda c: book(answers(), merge="B2:B6"),
                     [f"a.xlsx, rij 2: {MERGED}"]),
    "merged cells in single quotes": ("a.xlsx", lambda c: patch(
        book(answers(), merge="B2:B6"), "xl/worksheets/sheet1.xml",
        lambda x: x.replace(b'<mergeCell ref="B2:B6"', b"<mergeCell ref='B2:B6'")),
        [f"a.xlsx, rij 2: {MERGED}"]),
    "merged cells with an extra space": ("a.xlsx", lambda c: patch(
        book(answers(), merge="B2:B6"), "xl/worksheets/sheet1.xml",
        lambda x: x.replace(b'<mergeCell ref="B2:B6"', b'<mergeCell  ref="B2:B6"')),
        [f"a.xlsx, rij 2: {MERGED}"]),
    "merged cells on a first sheet stored as sheet2.xml": ("a.xlsx", lambda c: (
        first_sheet_in_sheet2(answers(), merge="B2:B6")), [f"a.xlsx, rij 2: {MERGED}"]),
    # -- XLSX: formulas without a stored result ------------------------------------------------
    "a formula without a stored result": ("a.xlsx", lambda c: book(
        answers(), formulas={"B2": '="ja"'}), [f"a.xlsx, rij 2, veld 'antwoord (kolom B)': "
                                               f"{FORMULA}"]),
    "an array formula without a stored result": ("a.xlsx", lambda c: sheet_patch(replace_cell(
        "B3", b'<c r="B3" t="str"><f t="array" ref="B3">"ja"</f></c>')),
        [f"a.xlsx, rij 3, veld 'antwoord (kolom B)': {FORMULA}"]),
    "a data-table formula without a stored result": ("a.xlsx", lambda c: sheet_patch(
        replace_cell("B4", b'<c r="B4"><f t="dataTable" ref="B4" dt2D="0" dtr="0" r1="A1"/>'
                     b"</c>")), [f"a.xlsx, rij 4, veld 'antwoord (kolom B)': {FORMULA}"]),
    # -- XLSX: broken parts and values ----------------------------------------------------------
    "a truncated sheet": ("a.xlsx", lambda c: sheet_patch(lambda x: x[:len(x) // 2]),
                          ["a.xlsx, rij 2: het werkblad is geen geldige XML (regel 1: het "
                           f"werkblad houdt midden in de XML op); {RESAVE}"]),
    "a NUL character reference": ("a.xlsx", lambda c: sheet_patch(add_cell(
        2, b'<c r="C2" t="inlineStr"><is><t>voor&#0;na</t></is></c>')),
        ["a.xlsx, rij 2: het werkblad is geen geldige XML (regel 1: een teken dat in XML niet "
         f"mag, zoals &#0;); {RESAVE}"]),
    "a NUL escaped as _x0000_": ("a.xlsx", lambda c: book(answers(1, "voor_x0000_na")),
                                 ["a.xlsx, rij 2, veld 'toelichting': deze cel bevat een "
                                  "NUL-teken (een teken dat in tekst niet voorkomt); haal het "
                                  "weg"]),
    "text in a number cell": ("a.xlsx", lambda c: sheet_patch(add_cell(
        2, b'<c r="D2"><v>abc</v></c>')), ["a.xlsx, rij 2, veld 'kolom D': deze cel hoort een "
                                          f"getal te bevatten maar bevat 'abc'; {RESAVE}"]),
    "NaN in a number cell": ("a.xlsx", lambda c: sheet_patch(add_cell(
        3, b'<c r="C3"><v>NaN</v></c>')), ["a.xlsx, rij 3, veld 'toelichting (kolom C)': deze "
                                          "cel hoort een getal te bevatten maar bevat 'NaN'; "
                                          f"{RESAVE}"]),
    "a bad date cell": ("a.xlsx", lambda c: sheet_patch(add_cell(
        2, b'<c r="C2" t="d"><v>2019-13-45</v></c>')),
        ["a.xlsx, rij 2, veld 'toelichting (kolom C)': deze cel bevat geen geldige datum "
         "('2019-13-45'); typ de datum als JJJJ-MM-DD"]),
    "a bad shared-string index": ("a.xlsx", lambda c: patch(
        shared_strings(book(answers())), "xl/worksheets/sheet1.xml",
        replace_cell("B2", b'<c r="B2" t="s"><v>99999</v></c>')),
        ["a.xlsx, rij 2, veld 'antwoord (kolom B)': deze cel verwijst naar tekst nummer "
         f"'99999' die niet in het bestand staat; het bestand is beschadigd; {RESAVE}"]),
    "a bad cell reference": ("a.xlsx", lambda c: sheet_patch(
        lambda x: x.replace(b'<c r="B2"', b'<c r="!!"', 1)),
        [f"a.xlsx, rij 2: het werkblad heeft een ongeldige celverwijzing ('!!'); {RESAVE}"]),
    "a bad checksum": ("a.xlsx", lambda c: bad_crc(),
                       ["a.xlsx: dit Excel-bestand is beschadigd (xl/worksheets/sheet1.xml: de "
                        f"controlesom klopt niet); {RESAVE}"]),
    "bad compression": ("a.xlsx", lambda c: bad_deflate(),
                        ["a.xlsx: dit Excel-bestand is beschadigd (xl/worksheets/sheet1.xml: de "
                         f"gegevens zijn niet goed ingepakt); {RESAVE}"]),
    "no sheets": ("a.xlsx", lambda c: no_sheets(),
                  ["a.xlsx: dit Excel-bestand heeft geen werkblad; zet de gegevens op het eerste "
                   "werkblad"]),
    "a missing sheet part": ("a.xlsx", lambda c: missing_sheet_part(),
                             ["a.xlsx: het werkblad 'checklist' ontbreekt in het bestand; het "
                              f"bestand is beschadigd; {RESAVE}"]),
    "an old or encrypted Excel file": ("a.xlsx", lambda c: (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ["a.xlsx: dit is een oud Excel-bestand (.xls) of een bestand met een wachtwoord; sla "
         "het in Excel op als Excel-werkmap (.xlsx) zonder wachtwoord, of als CSV UTF-8"]),
    "answers on the second sheet": ("a.xlsx", lambda c: book(
        [["iets", "anders"], ["a", "b"]], second=answers()),
        [f"a.xlsx, rij 1, veld '{column}': deze kolom ontbreekt; alleen het eerste werkblad "
         "wordt gelezen: zet de gegevens op het eerste werkblad" for column in
         ("item_id", "antwoord")]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_answers_file_is_refused_with_file_row_and_field(db, checklists, case):
    name, make, expected = CASES[case]
    before = row_counts(db)
    with pytest.raises(ImportRefused) as refused:
        import_answers(db, make(checklists), name, "verspreiding-borging", "Alfa", "2025-02-01")
    assert [str(p) for p in refused.value.problems] == expected
    assert row_counts(db) == before


MEASUREMENTS = {  # case -> (data row as typed in a comma-separated file, problem)
    "a decimal comma in a comma-separated file": (
        "lessen,Locatie Oost,2025-03-01,2,5,", f"m.csv, rij 2: {TOO_MANY.format(n=6, m=5)}"),
    "a 5000-digit value": (f"lessen,Locatie Oost,2025-03-01,{'1' * 5000},",
                           f"m.csv, rij 2, veld 'waarde': '{'1' * 29}…' is onwaarschijnlijk "
                           "groot"),
    "year 1": ("lessen,Locatie Oost,0001-03-01,80,",
               "m.csv, rij 2, veld 'datum': 01-03-0001 ligt vóór 01-01-1990; is het jaartal goed "
               "getypt?"),
    "far in the future": ("lessen,Locatie Oost,2099-01-01,80,",
                          "m.csv, rij 2, veld 'datum': 01-01-2099 ligt meer dan een jaar in de "
                          "toekomst; is het jaartal goed getypt?"),
    "text after the date": ("lessen,Locatie Oost,2019-02-01 onzin,80,",
                            "m.csv, rij 2, veld 'datum': '2019-02-01 onzin' is geen datum; "
                            "gebruik JJJJ-MM-DD"),
    "a thousands point": ("lessen,Locatie Oost,2025-03-01,1.234,",
                          "m.csv, rij 2, veld 'waarde': '1.234' is dubbelzinnig: schrijf 1234 "
                          "(zonder punt) of 1,234 (met een komma)"),
    "an underscore in a number": ("lessen,Locatie Oost,2025-03-01,1_000,",
                                  "m.csv, rij 2, veld 'waarde': '1_000' is geen getal"),
}


@pytest.mark.parametrize("case", list(MEASUREMENTS))
def test_a_bad_measurements_file_is_refused_with_file_row_and_field(db, case):
    line, expected = MEASUREMENTS[case]
    before = row_counts(db)
    content = f"indicator,organisatie,datum,waarde,toelichting\n{line}\n".encode()
    with pytest.raises(ImportRefused) as refused:
        import_measurements(db, content, "m.csv", "Alfa")
    assert [str(p) for p in refused.value.problems] == [expected]
    assert row_counts(db) == before


def test_a_stale_or_huge_dimension_changes_nothing_that_is_read():
    rows = answers(5, "belangrijke toelichting")
    for dimension in (b"A1:B6", b"A1:C3", b"A1:XFD1048576"):
        content = sheet_patch(lambda x, d=dimension: x.replace(b'<dimension ref="A1:C6" />',
                                                               b'<dimension ref="' + d + b'" />'),
                              rows)
        frame = tables.read_table(content, "a.xlsx", ("item_id", "antwoord"))
        assert frame.drop(columns="_row").values.tolist() == [
            [r[0], r[1], r[2] or ""] for r in rows[1:]]


def test_the_first_sheet_is_found_through_the_workbook_whatever_its_part_is_called():
    frame = tables.read_table(first_sheet_in_sheet2(answers(2)), "a.xlsx",
                              ("item_id", "antwoord"))
    assert frame["item_id"].tolist() == IDS[:2]


def test_the_cell_limit_is_checked_while_reading(monkeypatch):
    monkeypatch.setattr(xlsx_sheet, "MAX_CELLS", 10)
    with pytest.raises(ImportRefused) as refused:
        tables.read_table(raw_sheet(b"".join(row(n, "a", "b", "c") for n in range(1, 9)),
                                    b"<kapot"), "a.xlsx", ("a",))
    assert str(refused.value) == "a.xlsx, rij 4: het werkblad heeft meer dan 10 cellen"


def test_formulas_with_a_stored_result_dates_and_numbers_are_read_as_shown():
    content = sheet_patch(lambda x: add_cell(3, b'<c r="C3" t="str"><f>LOWER("JA")</f>'
                                                b"<v>ja</v></c>")(x).replace(
        b'<c r="B2" t="inlineStr"><is><t>ja</t></is></c>', b'<c r="B2"><v>2.50</v></c>'))
    frame = tables.read_table(content, "a.xlsx", ("item_id", "antwoord"))
    assert frame[["antwoord", "toelichting"]].values.tolist()[:2] == [["2.5", ""], ["ja", "ja"]]


def test_an_export_never_hands_a_spreadsheet_a_formula():
    import openpyxl
    import pandas as pd
    hostile = ["=HYPERLINK(\"http://x.example\",\"klik\")", "+1+1", "-2+3", "@SUM(1)",
               "\tTAB", "\rCR", "＝1+1", "＋1", "－1", "＠SUM(1)", "gewoon"]
    frame = pd.DataFrame({"toelichting": hostile, "getal": range(len(hostile))})
    text = tables.csv_bytes(frame).decode()
    read = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [r[0] for r in read] == ["'" + h for h in hostile[:-1]] + ["gewoon"]
    assert [r[1] for r in read] == [str(n) for n in range(len(hostile))]
    sheet = openpyxl.load_workbook(io.BytesIO(tables.workbook_bytes({"a": frame}))).active
    cells = [sheet.cell(row, 1) for row in range(2, len(hostile) + 2)]
    # text cells, as typed (XML itself reads a bare CR as a line feed)
    assert [c.value for c in cells] == [h.replace("\r", "\n") for h in hostile]
    assert {c.data_type for c in cells} == {"s"}
    assert sheet.cell(2, 2).data_type == "n"
