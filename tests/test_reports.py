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
    for stage, now, before in (("Disseminatie", "100%", "64%"), ("Adoptie", "85%", "62%"),
                               ("Implementatie", "32%", "0%"), ("Borging", "10%", "0%")):
        assert f"{stage} {now} {before}" in flat, stage
    assert "Inhoud" in flat and "pagina 3 van" in flat          # table of contents, numbers
    assert "45 verbeterpunten in de laatste beoordeling; 1 open acties, waarvan 1 verlopen" \
        in flat
    assert "Lessen gegeven" in flat


def test_the_xlsx_holds_the_rows_behind_every_chart_with_dates_and_percentages(small_world,
                                                                              fresh_db):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(build(fresh_db, intervention="Alfa",
                                                              today=TODAY))))
    stages = book["Gereedheid per innovatiestad"]
    rows = list(stages.iter_rows(values_only=True))
    assert rows[0][:2] == ("Stadium", "Gereedheid")
    assert [(r[0], round(r[1], 4)) for r in rows[1:]] == [
        ("Disseminatie", 1.0), ("Adoptie", 0.85), ("Implementatie", 0.32),
        ("Borging", round(4 / 41, 4))]
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
    duties = next(s for s in report.sections if s.title.startswith("Anti-pestbeleid"))
    table = duties.tables[0][1]
    assert table.values.tolist() == [["Locatie Oost", date(2025, 6, 20), "29%", "24 van 24"]]


def test_a_schools_report_does_not_name_other_schools(small_world, fresh_db):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    report = build(school, intervention="Alfa", today=TODAY)
    everything = " ".join(t.to_string() for s in report.sections for _, t in s.tables) + \
        " ".join(f.data.to_string() for s in report.sections for f in s.figures)
    assert "School Zuid" not in everything


def test_making_a_report_is_logged(small_world, fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    make_report(owner, "xlsx", intervention="Alfa", today=TODAY)
    entry = fresh_db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").iloc[0]
    assert (entry["action"], entry["login"], entry["detail"]) == (
        "report.make", "alfa", "Rapport Alfa als xlsx")
