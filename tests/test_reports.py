"""Reports: the numbers in the PDF and the XLSX are the small world's, computed by hand;
a board's report names every location; a report holds only what its user may see."""
import io
import shutil
from datetime import date

import openpyxl
import pytest

from implementation.reports import build, make_report, xlsx_bytes

TODAY = date(2025, 9, 1)
needs_chromium = pytest.mark.skipif(not shutil.which("chromium"),
                                    reason="kaleido needs Debian's chromium for the charts")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@needs_chromium
def test_the_intervention_report_holds_the_hand_computed_numbers(small_world, fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    text = pdf_text(make_report(owner, "pdf", intervention="Alfa", today=TODAY))
    flat = " ".join(text.split())
    assert "Rapport Alfa" in flat and "Gemaakt door: Eigenaar Alfa" in flat
    # 37 of 82 applicable items; 22 of 83 before: +19 points; one item n.v.t.
    assert "Gereedheid 45% (+19 procentpunt sinds de vorige); 83 van 83 items beantwoord, 1 " \
           "niet van toepassing" in flat
    # before (2025-01-15, steps 1-2 ja): disseminatie 6/10, adoptie 14/23
    for stage, now, before in (("Disseminatie", "100%", "60%"), ("Adoptie", "86%", "61%"),
                               ("Implementatie", "31%", "0%"), ("Borging", "13%", "0%")):
        assert f"{stage} {now} {before}" in flat, stage
    assert "Inhoud" in flat and "pagina 3 van" in flat          # table of contents, numbers
    assert "45 verbeterpunten in de laatste beoordeling; 1 open acties, waarvan 1 verlopen" \
        in flat
    assert "Lessen gegeven" in flat


def test_the_xlsx_holds_the_rows_behind_every_chart_with_dates_and_percentages(small_world,
                                                                              fresh_db):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(build(fresh_db, intervention="Alfa",
                                                              today=TODAY))))
    stages = book["Gereedheid per innovatiestadium"]
    rows = list(stages.iter_rows(values_only=True))
    assert rows[0][:2] == ("Stadium", "Gereedheid")
    assert [(r[0], round(r[1], 4)) for r in rows[1:]] == [
        ("Disseminatie", 1.0), ("Adoptie", round(19 / 22, 4)), ("Implementatie", round(8 / 26, 4)),
        ("Borging", round(6 / 46, 4))]
    assert stages.cell(2, 2).number_format == "0%"
    trend = book["Gereedheid over de tijd"]
    assert trend.cell(2, 1).value.date() == date(2025, 1, 15)
    assert trend.cell(2, 1).number_format == "DD-MM-YYYY"
    assert round(trend.cell(3, 2).value, 4) == round(37 / 82, 4)


def test_a_board_report_names_every_location_and_its_own_checklist(small_world, fresh_db):
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    report = build(board, organisation="Bestuur Noord", today=TODAY)
    grid = report.sections[0].figures[0].data
    assert sorted(grid["Locatie"]) == ["Locatie Oost", "Locatie West"]
    assert round(grid.set_index("Locatie").loc["Locatie Oost", "Gereedheid"], 4) == \
        round(8 / 39, 4)
    duties = next(t for t in report.sections[0].tables if t.title.startswith("Anti-pestbeleid"))
    # Oost: part 1 (7 items) 'ja', the other 23 'nee'; no earlier assessment
    assert duties.data.astype(object).where(duties.data.notna(), None).values.tolist() == [
        ["Locatie Oost", date(2025, 6, 20), 7 / 30, None, None, "30 van 30"]]


@needs_chromium
def test_the_board_report_holds_the_hand_computed_numbers_of_every_location(small_world,
                                                                          fresh_db):
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    flat = " ".join(pdf_text(make_report(board, "pdf", organisation="Bestuur Noord",
                                         today=TODAY)).split())
    assert "Rapport Bestuur Noord" in flat and "Gemaakt door: Bestuur Noord (noord)" in flat
    assert "Filters: alle locaties en hun interventies; alleen definitieve beoordelingen" in flat
    assert "Inhoud" in flat and "pagina 3 van" in flat
    assert "2 locaties, 2 interventies in 2 implementaties; 0 open acties, waarvan 0 " \
           "verlopen; 2 punten die aandacht vragen" in flat
    # Alfa at Oost 8 of 39 = 21 %, never assessed before; Beta at West not yet assessed
    assert "Locatie Oost Alfa 21% – –" in flat and "Locatie West Beta – –" in flat
    # the obligations: Oost 7 of 30 = 23 %
    assert "Locatie Oost 20-06-2025 23% – – 30 van 30" in flat
    # the board's own indicator: Oost 80 (below 85), West 90
    assert "Locatie Oost Veilig op school schooljaar 2024-2025 80 streefwaarde ten minste 85 " \
           "nee" in flat
    assert "Locatie West Veilig op school schooljaar 2024-2025 90 streefwaarde ten minste 85 " \
           "ja" in flat
    # attention: Alfa's lessons at Oost below 80 two years running (60, 70) first; West
    # never scored the obligations that Oost scores
    attention = flat[flat.index("Aandachtslijst"):]
    assert attention.index("Lessen gegeven") < attention.index("nog nooit beoordeeld")
    assert "schooljaar 2024-2025:70 (streefwaarde" in attention.replace(": 70", ":70")


def test_a_board_report_holds_only_the_locations_its_user_may_see(small_world, fresh_db):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    report = build(school, organisation="Bestuur Noord", today=TODAY)
    everything = " ".join(t.data.to_string() for s in report.sections for t in s.tables) + \
        " ".join(f.data.to_string() for s in report.sections for f in s.figures)
    assert "Locatie Oost" in everything and "Locatie West" not in everything


def test_the_board_xlsx_holds_the_rows_behind_every_chart(small_world, fresh_db):
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    report = build(board, organisation="Bestuur Noord", today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report)))
    charts = [f.title for s in report.sections for f in s.figures]
    assert len(charts) == 5          # grid, obligations grid, two trends, one indicator
    grid = book["Locaties en interventies"]
    rows = list(grid.iter_rows(values_only=True))
    assert rows[0][:3] == ("Locatie", "Interventie", "Gereedheid")
    assert (rows[1][0], rows[1][1], round(rows[1][2], 4)) == ("Locatie Oost", "Alfa",
                                                              round(8 / 39, 4))
    assert grid.cell(2, 3).number_format == "0%"
    assert rows[2][:3] == ("Locatie West", "Beta", None)
    safe = book["Veilig op school"]
    values = list(safe.iter_rows(values_only=True))
    assert values[0][:4] == ("Locatie", "Periode vanaf", "Waarde", "Gehaald")
    assert [(r[0], r[1].date(), r[2], r[3]) for r in values[1:]] == [
        ("Locatie Oost", date(2024, 8, 1), 0.8, "nee"), ("Locatie West", date(2024, 8, 1),
                                                          0.9, "ja")]
    assert safe.cell(2, 3).number_format == "0.0%" and safe.cell(2, 2).number_format == \
        "DD-MM-YYYY"


def test_a_schools_report_does_not_name_other_schools(small_world, fresh_db):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    report = build(school, intervention="Alfa", today=TODAY)
    everything = " ".join(t.data.to_string() for s in report.sections for t in s.tables) + \
        " ".join(f.data.to_string() for s in report.sections for f in s.figures)
    assert "School Zuid" not in everything


def test_making_a_report_is_logged(small_world, fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    make_report(owner, "xlsx", intervention="Alfa", today=TODAY)
    entry = fresh_db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").iloc[0]
    assert (entry["action"], entry["login"], entry["detail"]) == (
        "report.make", "alfa", "Rapport Alfa als xlsx")
