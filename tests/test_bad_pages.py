"""Issue 12 on the pages (AppTest): no bad upload shows a traceback, a hostile name is
shown as typed on every page that shows names, an unexpected error is a short message
with a reference that an administrator can look up, a bad checklist file or a database
held by another program leaves the login working."""
import json
import re
import subprocess
import sys
from datetime import date

import pytest
from bad_files import (
    LAUGHS,
    answers,
    bad_crc,
    book,
    csv_text,
    no_sheets,
    sheet_patch,
    with_doctype,
)
from helpers import MINI_CHECKLIST, PASSWORD, ROOT, app, errors, open_page, row_counts, shown, world

import shell
from implementation.indicators import parse_indicator
from implementation.permissions import SYSTEM
from implementation.store import AnswerInput, Database, MeasurementInput

UPLOADS = {  # file name -> (content, the first problem the page lists)
    "quote.csv": (b"item_id,antwoord,toelichting\n2.macro.trends,ja,\"begin\n",
                  'in deze rij opent een aanhalingsteken (") een veld'),
    "kort.csv": (b"item_id,antwoord,toelichting\n2.macro.trends,ja,\n2.macro.verspreid\n",
                 "deze rij heeft 1 veld en de kopregel 3"),
    "utf16.csv": (csv_text(answers()).encode("utf-16"), "dit bestand is UTF-16-tekst"),
    "entiteit.xlsx": (sheet_patch(with_doctype(LAUGHS)), "XML-declaraties (DOCTYPE/ENTITY)"),
    "bom.xlsx": (sheet_patch(lambda x: x.replace(b"<sheetData>", b"<sheetData>"
                                                 + b" " * 3_000_000)), "pakt uit tot 3 MB"),
    "breed.xlsx": (book([[f"k{i}" for i in range(70)]]), "hoogstens 60 kolommen"),
    "samengevoegd.xlsx": (book(answers(), merge="B2:B6"), "samengevoegde cellen (B2:B6)"),
    "formule.xlsx": (book(answers(), formulas={"B2": '="ja"'}), "formule zonder opgeslagen"),
    "afgebroken.xlsx": (sheet_patch(lambda x: x[:len(x) // 2]), "geen geldige XML"),
    "crc.xlsx": (bad_crc(), "de controlesom klopt niet"),
    "leeg.xlsx": (no_sheets(), "heeft geen werkblad"),
    "oud.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud Excel-bestand"),
}


def test_no_bad_upload_shows_a_traceback_and_nothing_is_written(world_app):
    at = open_page("beheer", "admin")
    before = row_counts(shell.root())   # after the login (a session and its audit entry)
    for name, (content, problem) in UPLOADS.items():
        at.file_uploader(key="upload").set_value((name, content, "application/octet-stream"))
        at.date_input(key="import_date").set_value(date(2025, 5, 1))
        next(b for b in at.button if b.key == "import_button").click().run()
        assert not at.exception, (name, at.exception)
        assert errors(at) == ["Niets ingelezen: 1 probleem. Het bestand is niet gebruikt; "
                              "verbeter het en lees het opnieuw in."], name
        listed = at.dataframe[-1].value
        assert listed["bestand"].iloc[0] == name and problem in listed["probleem"].iloc[0], \
            (name, listed["probleem"].iloc[0])
    assert row_counts(shell.root()) == before
    at = open_page("monitoring", "alfa")
    before = row_counts(shell.root())
    for name, content, problem in (
            ("komma.csv", b"indicator,organisatie,datum,waarde,toelichting\n"
                          b"lessen,Locatie Oost,2025-03-01,2,5,\n", "deze rij heeft 6 velden"),
            ("metingen.xlsx", book([["indicator", "datum", "waarde"]], merge="A2:A3"),
             "samengevoegde cellen")):
        at.file_uploader(key="measurement_upload").set_value((name, content, "text/csv"))
        at.run()
        next(b for b in at.button if b.key == "measurement_import").click().run()
        assert not at.exception and errors(at)[0].startswith("Niets ingelezen: 1 probleem"), name
        assert problem in at.dataframe[-1].value["probleem"].iloc[0], name
    assert row_counts(shell.root()) == before


HOSTILE = ('**vet** ![b](http://127.0.0.1:9/x.png) <script>x</script> [klik](javascript:alert(1))'
           ' <a href="http://127.0.0.1:9/a">a</a>')
UNESCAPED = re.compile(r"(?<!\\)!\[|(?<!\\)\]\((?:http|javascript)|(?<!\\)\*\*vet")
PLAIN = {"value", "values", "raw_value", "raw_values", "default", "options", "placeholder",
         "id", "form_id", "data", "arrow_data", "spec", "figure", "url", "deprecated_value"}


def _strings(message, found):
    from google.protobuf.message import Message
    for field, value in message.ListFields():
        if field.name in PLAIN:
            continue
        single = isinstance(value, str | bytes | Message) or not hasattr(value, "__iter__")
        for item in ([value] if single else value):
            if isinstance(item, Message):
                _strings(item, found)
            elif isinstance(item, str):
                found.append(item)


def rendered(at) -> tuple[list[str], list[str]]:
    """(every text a page hands to a markdown renderer, every text of its charts)."""
    texts, charts = [], []
    nodes = [at._tree]
    while nodes:
        node = nodes.pop()
        nodes.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        if type(proto).__name__ == "PlotlyChart" or hasattr(proto, "spec") and \
                isinstance(getattr(proto, "spec", None), str) and proto.spec.startswith("{"):
            walk = [json.loads(proto.spec)]
            while walk:
                item = walk.pop()
                if isinstance(item, dict):
                    walk.extend(item.values())
                elif isinstance(item, list):
                    walk.extend(item)
                elif isinstance(item, str):
                    charts.append(item)
        _strings(proto, texts)
    return texts, charts


@pytest.fixture
def hostile_app(tmp_path, monkeypatch, checklists):
    """The small world with the hostile text as the name of Alfa, of Bestuur Noord, of the
    administrator, as a note, an action, an indicator and a measurement note."""
    path = tmp_path / "world.duckdb"
    database = Database.open(str(path), checklists)
    db = database.acting_as(SYSTEM)
    ids = world(db)
    db.registry.update_intervention(ids["Alfa"], name=HOSTILE, owner=HOSTILE)
    db.registry.update_organisation(ids["Bestuur Noord"], HOSTILE + " bestuur", "schoolbestuur",
                                    None, None)
    db.execute("UPDATE users SET name = ? WHERE login IN ('admin', 'alfa')", [HOSTILE])
    top = db.checklist("verspreiding-borging").top_level
    new = db.assessments.start("verspreiding-borging", date(2025, 8, 1),
                               intervention_id=ids["Alfa"])
    db.assessments.record_answers(new, [AnswerInput(i.id, "nee", HOSTILE) for i in top[:3]])
    db.assessments.finalise(new)
    db.actions.add(top[1].id, HOSTILE, HOSTILE, date(2026, 1, 1), intervention_id=ids["Alfa"])
    indicator = db.monitoring.add_indicator(parse_indicator(dict(
        code="vijand", name=HOSTILE, level="meso", kind="reach", unit="count",
        direction="higher", target=3, frequency="school_year", instrument=HOSTILE)), ids["Alfa"])
    db.monitoring.record_measurements([
        MeasurementInput(indicator, date(2024, 10, 1), 2, ids["Alfa@Oost"], None, HOSTILE),
        MeasurementInput(indicator, date(2025, 10, 1), 4, ids["Alfa@Oost"], None, HOSTILE)])
    database.close()
    monkeypatch.setenv("MONITOR_DB", str(path))
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path / "fouten.log"))
    shell.forget_databases()
    yield ids
    shell.forget_databases()


def test_a_hostile_name_is_shown_as_typed_on_every_page_that_shows_names(hostile_app):
    seen = in_charts = 0
    for page, login, state in (
            ("overzicht", "admin", {}), ("checklist", "alfa", {}),
            ("verbeterpunten", "alfa", {}), ("voortgang", "alfa", {}),
            ("monitoring", "alfa", {}), ("vergelijken", "admin", {}),
            ("beheer", "admin", {}), ("logboek", "admin", {}), ("account", "alfa", {}),
            ("gebruikers", "admin", {}),
            ("organisatie", "noord", {}),
            ("voortgang", "alfa", {"implementation": hostile_app["Alfa@Oost"]})):
        at = open_page(page, login, **state)
        texts, charts = rendered(at)
        assert not at.exception and errors(at) == [], page
        unescaped = [t for t in texts if UNESCAPED.search(t)]
        assert unescaped == [], (page, unescaped[:3])
        assert not [c for c in charts if "<script>" in c or "<a href" in c], page
        here = sum(HOSTILE in shown(t) for t in texts)
        here_in_charts = sum("&lt;script&gt;x&lt;/script&gt;" in c for c in charts)
        assert here + here_in_charts >= 1, page     # every page shows the name, as text
        seen += here
        in_charts += here_in_charts
    assert seen >= 10 and in_charts >= 3   # shown, as text, on the pages and in charts


def test_an_unexpected_error_is_a_reference_that_an_administrator_can_look_up(
        world_app, monkeypatch, tmp_path):
    import implementation.views as views

    def broken(*args, **kwargs):
        raise RuntimeError("onvoorzien op de pagina")
    monkeypatch.setattr(views, "action_summary", broken)
    at = open_page("verbeterpunten", "alfa")
    (message,) = errors(at)
    reference = message.split("referentie ")[1][:8]
    assert message == (f"Er ging iets mis op deze pagina (referentie {reference}). Er is niets "
                       "verloren gegaan; probeer het opnieuw. Blijft het misgaan, geef de "
                       "beheerder dan deze referentie.")
    at = open_page("logboek", "admin")
    table = next(d.value for d in at.dataframe if "Referentie" in d.value.columns)
    assert table.iloc[0].tolist()[::3] == [reference, "RuntimeError: onvoorzien op de pagina"]
    assert at.selectbox(key="error_reference").value == reference
    assert "Traceback (most recent call last)" in at.code[0].value
    # and when the log cannot be written, the page still says the same, without a traceback
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path))
    at = open_page("verbeterpunten", "alfa")
    assert not at.exception and errors(at)[0].startswith("Er ging iets mis op deze pagina")


def test_a_bad_checklist_file_leaves_the_login_and_the_pages_working(
        world_app, tmp_path, monkeypatch):
    folder = tmp_path / "checklists"
    folder.mkdir()
    from implementation.checklists import DEFAULT_DIRECTORY
    for file in DEFAULT_DIRECTORY.glob("*.yaml"):
        (folder / file.name).write_bytes(file.read_bytes())
    (folder / "kapot.yaml").write_text(MINI_CHECKLIST.replace("id: mini", "id: kapot")
                                       .replace('version: "1"', "version: 2024-13-01"))
    monkeypatch.setenv("MONITOR_CHECKLISTS", str(folder))
    shell.forget_databases()
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not at.exception and errors(at) == []            # the login works
    at.text_input(key="login_name").input("admin")
    at.text_input(key="login_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert not at.exception and len(at.table) > 0            # Overzicht, with its table
    assert errors(at) == ["Checklist niet geladen: kapot.yaml: de waarde '2024-13-01' "
                          "(regel 3) kan niet worden gelezen; zet een tekst tussen "
                          "aanhalingstekens"]


def test_a_database_held_by_another_program_is_a_clear_message_on_the_login(
        tmp_path, monkeypatch):
    path = tmp_path / "bezet.duckdb"
    monkeypatch.setenv("MONITOR_DB", str(path))
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path / "fouten.log"))
    shell.forget_databases()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; "
                               f"c = duckdb.connect({str(path)!r}); print('ok', flush=True); "
                               "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        at = app(login=None)
        assert not at.exception
        assert errors(at) == [f"de database {path} is in gebruik door een ander programma "
                              "(bijvoorbeeld het dashboard of een opdracht op de "
                              "opdrachtregel). Wacht tot dat klaar is of stop het, of kies met "
                              "MONITOR_DB een andere database."]
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        shell.forget_databases()
