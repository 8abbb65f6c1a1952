"""In the real browser: the owner clicks both export buttons of Beheer and opens the files
(a CSV and an Excel workbook of every answer of JOIN us, history included)."""
import csv
import io

import openpyxl
import pytest
from test_browser import _login, _open, _settle, chromium, server  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
COLUMNS = ["interventie", "organisatie", "beoordeling", "checklist_id", "checklist_version",
           "datum", "status", "item_id", "tekst", "antwoord", "toelichting", "bewijs",
           "vastgelegd_op", "vastgelegd_door"]


def test_the_owner_downloads_both_answer_exports_and_they_hold_the_same_rows(server,  # noqa: F811
                                                                             chromium):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1400, "height": 1000},
                                   accept_downloads=True)
    page = context.new_page()
    _login(page, server, "eigenaar")
    _open(page, server, "beheer")
    page.get_by_role("tab", name="Exporteren").click()
    files = {}
    for label in ("Exporteren als CSV", "Exporteren als Excel (XLSX)"):
        button = page.get_by_role("button", name=label)
        button.wait_for(state="visible")
        _settle(page)
        with page.expect_download(timeout=60_000) as download:
            button.click()
        files[label] = download.value.path().read_bytes()
        assert download.value.suggested_filename.startswith("antwoorden-join-us.")
    context.close()

    rows = list(csv.reader(io.StringIO(files["Exporteren als CSV"].decode("utf-8"))))
    assert rows[0] == COLUMNS
    book = openpyxl.load_workbook(io.BytesIO(files["Exporteren als Excel (XLSX)"]))
    sheet = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert sheet[0] == COLUMNS
    assert len(rows) == len(sheet) > 100          # every answer row, in both files
    assert {r[0] for r in rows[1:]} == {"JOIN us"}   # the owner's own intervention only
    # the first answer of the NJi checklist's first item is in both, as typed
    first_csv = next(r for r in rows[1:] if r[7] == "1.content.vraag-clienten")
    first_xlsx = next(r for r in sheet[1:] if r[7] == "1.content.vraag-clienten")
    assert first_csv[9] == first_xlsx[9] and first_csv[9] in ("ja", "nee", "nvt")
