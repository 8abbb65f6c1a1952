"""The Beheer page: what an administrator sees and what the forms write to the database."""
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import shell

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")



@pytest.fixture
def app(app_db):
    """The real dashboard on a private copy of the demo database, on the Beheer page."""
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    at.switch_page("pages/beheer.py")
    at.run()
    assert not at.exception
    yield at
    shell._root().close()


def table_with(at, column):
    """The table on the page that has this column (tables have no keys in AppTest)."""
    found = [frame.value for frame in at.dataframe if column in frame.value.columns]
    assert found, f"no table with column {column!r}"
    return found[0]


def submit(at, key):
    at.button(key=key).click()
    at.run()
    assert not at.exception


def test_the_page_shows_the_demo_interventions_and_organisations(app):
    assert [tab.label for tab in app.tabs] == ["Interventies", "Organisaties", "Implementaties",
                                              "Sjablonen", "Inlezen", "Exporteren"]
    interventions = table_with(app, "Doel van verspreiding")
    assert {"JOIN us", "Leerlingbemiddeling", "Baas in eigen soap"} <= set(interventions["Naam"])
    assert "id" not in interventions.columns
    row = interventions.set_index("Naam").loc["Leerlingbemiddeling"]
    assert row["Aansturing"] == "vrije markt"
    organisations = table_with(app, "Aantal locaties").set_index("Naam")
    assert organisations.loc["Melanchthon", "Aantal locaties"] == 9
    assert organisations.loc["Melanchthon Kralingen", "Bestuur"] == "Melanchthon"


def test_adding_an_intervention_stores_it_and_shows_it_everywhere(app):
    app.text_input(key="new_intervention_name").input("KiVa")
    app.text_input(key="new_intervention_owner").input("Universiteit Turku")
    app.selectbox(key="new_intervention_aansturing").set_value("centraal")
    app.selectbox(key="new_intervention_doel").set_value("maximale kwaliteit")
    app.text_area(key="new_intervention_description").input("Schoolbrede anti-pestaanpak")
    submit(app, "add_intervention")

    assert [s.value for s in app.success] == ["Interventie 'KiVa' toegevoegd."]
    assert "KiVa" in set(table_with(app, "Doel van verspreiding")["Naam"])
    stored = shell.store().intervention("KiVa")
    assert (stored["owner"], stored["aansturing"], stored["licence"]) == \
        ("Universiteit Turku", "centraal", None)
    sidebar_choice = app.selectbox(key="intervention")
    assert "KiVa" in sidebar_choice.options
    assert app.text_input(key="new_intervention_name").value == ""  # the form is empty again


def test_a_duplicate_intervention_is_refused_with_a_message_and_not_stored(app):
    before = len(shell.store().interventions())
    app.text_input(key="new_intervention_name").input("join US")
    submit(app, "add_intervention")
    assert [e.value for e in app.error] == \
        ["Niet toegevoegd: er is al een interventie met de naam 'join US'"]
    assert len(shell.store().interventions()) == before


def test_editing_an_intervention_changes_its_profile(app):
    join_us = shell.store().intervention("JOIN us")["id"]
    app.selectbox(key="edit_intervention").set_value(join_us)
    app.run()
    licence = app.text_input(key=f"edit_intervention_{join_us}_licence")
    licence.input("Schoollicentie per jaar")
    submit(app, "save_intervention")
    assert [s.value for s in app.success] == ["Interventie 'JOIN us' opgeslagen."]
    assert shell.store().intervention(join_us)["licence"] == "Schoollicentie per jaar"
    table = table_with(app, "Licentie").set_index("Naam")
    assert table.loc["JOIN us", "Licentie"] == "Schoollicentie per jaar"


def test_renaming_to_an_existing_name_is_refused(app):
    join_us = shell.store().intervention("JOIN us")["id"]
    app.selectbox(key="edit_intervention").set_value(join_us)
    app.run()
    app.text_input(key=f"edit_intervention_{join_us}_name").input("Leerlingbemiddeling")
    submit(app, "save_intervention")
    assert [e.value for e in app.error] == \
        ["Niet opgeslagen: er is al een interventie met de naam 'Leerlingbemiddeling'"]
    assert shell.store().intervention(join_us)["name"] == "JOIN us"


def test_adding_a_location_under_a_board(app):
    board = shell.store().organisation("Melanchthon")["id"]
    app.text_input(key="new_organisation_name").input("Melanchthon Nieuwerkerk")
    app.selectbox(key="new_organisation_kind").set_value("vestiging")
    app.selectbox(key="new_organisation_parent").set_value(board)
    app.text_input(key="new_organisation_place").input("Nieuwerkerk aan den IJssel")
    submit(app, "add_organisation")

    assert [s.value for s in app.success] == \
        ["Organisatie 'Melanchthon Nieuwerkerk' toegevoegd."]
    stored = shell.store().organisation("Melanchthon Nieuwerkerk")
    assert (stored["kind"], stored["parent_id"]) == ("vestiging", board)
    organisations = table_with(app, "Aantal locaties").set_index("Naam")
    assert organisations.loc["Melanchthon", "Aantal locaties"] == 10
    assert organisations.loc["Melanchthon Nieuwerkerk", "Bestuur"] == "Melanchthon"


def test_an_organisation_without_kind_is_refused(app):
    app.text_input(key="new_organisation_name").input("Zonder soort")
    submit(app, "add_organisation")
    assert [e.value for e in app.error] == ["Niet toegevoegd: soort is verplicht"]
    with pytest.raises(Exception, match="onbekende organisatie"):
        shell.store().organisation("Zonder soort")


def test_adding_an_implementation_for_the_chosen_intervention(app):
    store = shell.store()
    join_us = store.intervention("JOIN us")["id"]
    school = store.organisation("Melanchthon Kralingen")["id"]
    app.selectbox(key="intervention").set_value(join_us)  # the sidebar
    app.run()
    shown = table_with(app, "Startdatum")
    assert set(shown["Interventie"]) == {"JOIN us"}
    assert "Melanchthon Kralingen" not in set(shown["Organisatie"])

    assert app.selectbox(key="new_implementation_intervention").value == join_us
    app.selectbox(key="new_implementation_organisation").set_value(school)
    app.date_input(key="new_implementation_start").set_value(date(2026, 9, 1))
    submit(app, "add_implementation")

    assert [s.value for s in app.success] == \
        ["Melanchthon Kralingen voert nu JOIN us uit."]
    shown = table_with(app, "Startdatum")
    assert "Melanchthon Kralingen" in set(shown["Organisatie"])
    stored = shell.store().implementations(join_us).set_index("organisation")
    assert stored.loc["Melanchthon Kralingen", "started_on"].date() == date(2026, 9, 1)
    # the sidebar now offers the new school
    assert "Melanchthon Kralingen" in app.selectbox(key="implementation").options


def test_templates_can_be_downloaded_as_csv_and_xlsx(app):
    buttons = {button.key: button.label for button in app.get("download_button")}
    assert buttons["download_csv"] == "Sjabloon als CSV"
    assert buttons["download_xlsx"] == "Sjabloon als Excel (XLSX)"
    assert buttons["export_csv"] == "Exporteren als CSV"
    assert buttons["export_xlsx"] == "Exporteren als Excel (XLSX)"


def import_file(at, name, content, respondent="Projectleider"):
    at.file_uploader(key="upload").set_value((name, content, "text/csv"))
    at.text_input(key="import_respondent").input(respondent)
    at.date_input(key="import_date").set_value(date(2026, 11, 1))
    submit(at, "import_button")


def test_a_bad_upload_shows_every_problem_with_row_and_field_and_writes_nothing(app):
    store = shell.store()
    before = store.count("assessments"), store.count("answers")
    bad = b"item_id,antwoord\nbestaat.niet,ja\n2.macro.trends,misschien\n2.macro.verspreid,ja\n"
    import_file(app, "ingevuld.csv", bad)

    assert [e.value for e in app.error] == ["Niets ingelezen: 2 problemen"]
    problems = table_with(app, "probleem")
    assert list(problems.columns) == ["bestand", "rij", "veld", "probleem"]
    assert list(zip(problems["rij"], problems["veld"], strict=True)) == \
        [(2, "item_id"), (3, "antwoord")]
    assert "bestaat.niet" in problems["probleem"].iloc[0]
    assert "misschien" in problems["probleem"].iloc[1]
    assert (store.count("assessments"), store.count("answers")) == before
    assert not app.success


def test_a_good_upload_becomes_a_final_assessment_of_the_chosen_organisation(app):
    store = shell.store()
    join_us = store.intervention("JOIN us")["id"]
    school = store.organisation("Over Y College")["id"]
    app.selectbox(key="intervention").set_value(join_us)
    app.run()
    before = store.count("assessments")
    app.selectbox(key="import_organisation").set_value(school)
    import_file(app, "over-y.csv", b"item_id;antwoord;toelichting\n"
                                   b"2.meso.maatwerk;ja;Aangepast aan de school\n"
                                   b"2.meso.kosten;nee;\n")

    assert not app.error
    assert store.count("assessments") == before + 1
    newest = store.assessments(join_us).iloc[0]
    assert [s.value for s in app.success] == [
        f"Ingelezen als beoordeling {newest['id']} van JOIN us bij Over Y College "
        "(definitief)."]
    assert (newest["organisation"], newest["status"], newest["respondent"]) == \
        ("Over Y College", "final", "Projectleider")
    answers = store.current_answers(int(newest["id"])).set_index("item_id")["answer"]
    assert answers.to_dict() == {"2.meso.kosten": "nee", "2.meso.maatwerk": "ja"}


def test_an_upload_without_respondent_is_not_imported(app):
    before = shell.store().count("assessments")
    import_file(app, "x.csv", b"item_id,antwoord\n2.macro.trends,ja\n", respondent="")
    assert [e.value for e in app.error] == ["Vul in door wie de checklist is ingevuld."]
    assert shell.store().count("assessments") == before


def test_the_import_organisation_follows_the_sidebar(app):
    store = shell.store()
    join_us = store.intervention("JOIN us")["id"]
    school = store.organisation("Over Y College")["id"]
    app.selectbox(key="intervention").set_value(join_us)
    app.run()
    app.selectbox(key="implementation").set_value(
        int(store.implementation_of(join_us, school)))
    app.run()
    assert app.selectbox(key="import_organisation").value == school
    app.selectbox(key="intervention").set_value(store.intervention("Leerlingbemiddeling")["id"])
    app.run()
    assert not app.exception
    choice = app.selectbox(key="import_organisation")
    assert choice.options[choice.index] == shell.WHOLE


def test_an_implementation_can_be_ended_and_a_bad_end_date_is_refused(app):
    store = shell.store()
    row = store.implementations().iloc[0]
    implementation = int(row["id"])
    at = app
    at.selectbox(key="edit_implementation").set_value(implementation).run()
    at.checkbox(key=f"edit_implementation_ended_{implementation}").check()
    at.date_input(key=f"edit_implementation_end_{implementation}").set_value(
        row["started_on"].date().replace(year=row["started_on"].year - 1))
    at.button(key="save_implementation").click().run()
    assert "vóór de startdatum" in at.error[0].value
    assert pd.isna(store.implementations().set_index("id").loc[implementation, "ended_on"])

    at.date_input(key=f"edit_implementation_end_{implementation}").set_value(date(2026, 7, 31))
    at.button(key="save_implementation").click().run()
    assert not at.exception
    ended = store.implementations().set_index("id").loc[implementation, "ended_on"]
    assert ended.date() == date(2026, 7, 31)
