"""Verbeterpunten, Monitoring, Beheer, Gebruikers, Logboek and Mijn account, on
the small world (numbers by hand), and every page write through the one write path.
Organisatie: see test_organisation.py."""
from datetime import date

import pytest
from helpers import PASSWORD, chart, errors, open_page, said, values

import shell


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_verbeterpunten_lists_each_nee_and_one_click_makes_one_action(world_app):
    at = open_page("verbeterpunten", "alfa")
    metrics = {m.label: m.value for m in at.metric}
    # steps 4-6 of Alfa's latest assessment: 11 + 20 + 14 = 45 items 'nee'; one has an action
    assert metrics == {"Open acties": "1", "Verlopen acties": "1",
                       "Verbeterpunten zonder actie": "44"}
    at.selectbox(key="vp_point_0").set_value("6.macro.certificering")
    at.text_area(key="action_description_0").input("Certificering inrichten")
    at.date_input(key="action_due_0").set_value(date(2026, 12, 31))
    button(at, "Actie vastleggen").click().run()
    assert said(at.success)[0].startswith("Actie #2 vastgelegd bij “Certificering wordt "
                                          "onderhouden”")
    # the form is empty again (new fields), the message stays above it
    assert at.selectbox(key="vp_point_1").value is None
    assert at.text_area(key="action_description_1").value == ""
    assert at.date_input(key="action_due_1").value is None
    # the point now has an action, so it is no longer offered for a new one
    assert "6.macro.certificering" not in at.selectbox(key="vp_point_1").options
    listed = shown_text(next(m.value for m in at.markdown if m.value.startswith("- **#")))
    assert "Verbeterpunt: Certificering wordt onderhouden" in listed
    assert "Verbeterpunt: Er zijn trainers beschikbaar, die toerusting in organisatie kunnen " \
        "verzorgen" in listed
    actions = shell.root().actions.list()
    assert actions["description"].tolist().count("Certificering inrichten") == 1
    assert actions.set_index("id").loc[2, "responsible"] == "Eigenaar Alfa"


def test_an_action_is_withdrawn_with_a_reason_and_keeps_its_history(world_app):
    at = open_page("verbeterpunten", "alfa")
    action = shell.root().actions.list()["id"].iloc[0]
    at.selectbox(key="vp_action").set_value(action).run()
    at.selectbox(key=f"update_status_{action}").set_value("withdrawn")
    button(at, "Wijziging vastleggen").click().run()
    assert errors(at) == ["Niet opgeslagen: geef een reden waarom de actie vervalt"]
    at.selectbox(key=f"update_status_{action}").set_value("withdrawn")
    at.text_input(key=f"update_reason_{action}").input("Geen trainers beschikbaar")
    button(at, "Wijziging vastleggen").click().run()
    history = shell.root().actions.history(int(action))
    assert history["status"].tolist() == ["open", "withdrawn"]
    assert history["reason"].tolist()[-1] == "Geen trainers beschikbaar"


def test_a_school_sees_points_of_its_own_implementation_and_no_owner_forms(world_app):
    at = open_page("verbeterpunten", "oost", start_from="organisation")
    metrics = {m.label: m.value for m in at.metric}
    # Oost: step 2 meso and micro 'ja' (8), the other 31 of its 39 items 'nee'
    assert metrics["Verbeterpunten zonder actie"] == "31"


def test_monitoring_opens_on_an_intervention_with_content_and_the_attention_list(world_app):
    at = open_page("monitoring", "alfa")
    attention = at.table[0].value.map(shown_text)   # a table that wraps: nothing cut off
    below = attention[attention["Reden"] == "Streefwaarde niet gehaald"]
    assert below[["Indicator", "Organisatie", "Laatste periode", "Laatste waarde"]] \
        .values.tolist() == [["Lessen gegeven", "Locatie Oost", "schooljaar 2024-2025", "70"]]
    trend = chart(at, "Lessen gegeven")
    median = next(t for t in trend["data"] if t.get("name") == "Mediaan van de organisaties")
    assert values(median["y"]) == [60.0, 80.0]          # 2023-24 Oost 60; 2024-25 (70+90)/2


def test_monitoring_says_when_the_indicator_is_not_of_the_intervention_in_the_sidebar(
        world_app):
    beta = int(shell.root().registry.intervention("Beta")["id"])
    at = open_page("monitoring", "admin", start_from="intervention", intervention=beta,
                   implementation=None)
    # Beta has no indicators: the page shows Alfa's, and says so
    assert said(at.info)[0] == ("Deze indicator hoort bij **Alfa**, niet bij Beta uit de zijbalk: "
                                "voor Beta zijn nog geen indicatoren vastgelegd.")


def test_a_school_is_not_offered_a_tab_it_cannot_use(world_app):
    at = open_page("monitoring", "oost", start_from="organisation")
    assert [t.label for t in at.tabs] == ["Meting invoeren", "Metingen inlezen"]
    at = open_page("monitoring", "alfa")
    assert [t.label for t in at.tabs] == ["Meting invoeren", "Metingen inlezen",
                                          "Indicator toevoegen"]


def test_a_measurement_entered_in_the_form_is_stored_and_a_second_one_refused(world_app):
    at = open_page("monitoring", "oost", start_from="organisation")
    at.selectbox(key="measure_indicator").set_value(shell.root().monitoring.indicator(
        "lessen", shell.root().registry.intervention("Alfa")["id"])["id"]).run()
    at.date_input(key="measure_date").set_value(date(2025, 10, 1))
    at.text_input(key="measure_value").input("82,5")
    button(at, "Meting opslaan").click().run()
    assert said(at.success)[0] == "Meting opgeslagen voor Locatie Oost."
    at.date_input(key="measure_date").set_value(date(2025, 11, 1))
    at.text_input(key="measure_value").input("85")
    button(at, "Meting opslaan").click().run()
    assert "er is al een meting voor de periode vanaf 01-08-2025" in said(at.error)[0]
    rows = shell.root().monitoring.measurements(at.selectbox(key="measure_indicator").value,
                                                with_history=True)
    assert rows["value"].tolist() == [60, 70, 90, 82.5]


def test_beheer_imports_a_template_as_a_draft_and_refuses_the_same_file_again(world_app):
    from implementation.templates import template_frame
    frame = template_frame(shell.root().checklist("verspreiding-borging"))
    frame.loc[frame["item_id"] == "2.macro.trends", "antwoord"] = "ja"
    content = frame.to_csv(index=False).encode("utf-8")
    at = open_page("beheer", "alfa")
    at.file_uploader(key="upload").set_value(("alfa.csv", content, "text/csv"))
    at.date_input(key="import_date").set_value(date(2025, 9, 1))
    button(at, "Inlezen").click().run()
    assert said(at.success)[0] == ("Ingelezen als conceptbeoordeling van Alfa (de interventie "
                                   "als geheel), 01-09-2025.")
    summary = next(t.value for t in at.table if "Stap" in t.value.columns)
    assert summary.set_index("Stap").loc[2].tolist() == [1, 19]   # answered, left empty
    assert any(c.value.startswith("Gereedheid van dit bestand: 1%; van de laatste definitieve "
                                  "beoordeling: 45%") for c in at.caption)
    drafts = shell.root().assessments.list(subject="intervention")
    assert drafts["status"].tolist()[0] == "draft"
    assert at.file_uploader(key="upload_1").value is None    # the file read is gone
    at.file_uploader(key="upload_1").set_value(("alfa.csv", content, "text/csv"))
    button(at, "Inlezen").click().run()
    refusal = said(at.error)[0]
    assert refusal.startswith("Niet ingelezen: Dit bestand is op ") and refusal.endswith(
        "al ingelezen voor Alfa (de interventie als geheel). Vink 'Toch opnieuw inlezen' aan "
        "als u het nog eens wilt inlezen.")
    assert not at.dataframe or "probleem" not in at.dataframe[-1].value.columns
    assert len(shell.root().assessments.list(subject="intervention")) == len(drafts)
    at.checkbox(key="import_again").check()
    button(at, "Inlezen").click().run()
    assert said(at.success)[0].startswith("Ingelezen als conceptbeoordeling")


def test_gebruikers_adds_a_user_with_a_grant(world_app):
    at = open_page("gebruikers", "admin")
    at.text_input(key="user_login").input("nieuw")
    at.text_input(key="user_name").input("Nieuwe collega")
    at.text_input(key="user_password").input("een-lang-wachtwoord")
    at.selectbox(key="user_role").set_value("adviseur")
    button(at, "Toevoegen").click().run()
    assert said(at.success)[0] == "Gebruiker 'nieuw' toegevoegd."
    assert shell.root().accounts.user("nieuw").grants[0].role.value == "adviseur"


def test_logboek_shows_who_changed_what_and_an_owner_sees_only_their_intervention(world_app):
    at = open_page("logboek", "alfa")
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["Interventie"]) == {"Alfa"}
    assert "Beta" not in table.to_string()
    # in Dutch, with item texts instead of ids and no raw JSON
    action = table[table["Handeling"] == "verbeteractie vastgelegd"].iloc[0]
    assert action["Nieuw"].startswith("item: “Er zijn trainers beschikbaar, die toerusting "
                                      "in organisatie kunnen verzorgen”; omschrijving: "
                                      "Trainerspool uitbreiden")
    assert not table["Handeling"].str.contains(r"^[a-z]+\.[a-z]+$").any()
    assert not table["Nieuw"].str.contains("{", regex=False).any()
    assert "verbeteractie" in at.selectbox(key="audit_kind").options


def test_mijn_account_changes_the_own_password(world_app):
    at = open_page("account", "oost")
    at.text_input(key="old_password").input(PASSWORD)
    at.text_input(key="new_password").input("nieuw-wachtwoord")
    at.text_input(key="new_password_again").input("nieuw-wachtwoord")
    button(at, "Wachtwoord wijzigen").click().run()
    assert said(at.success)[0] == "Uw wachtwoord is gewijzigd."
    assert shell.root().sessions.authenticate("oost", "nieuw-wachtwoord").login == "oost"


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    real = shell.write

    def spy(do, done, where, *args, **kwargs):
        calls.append(where)
        return real(do, done, where, *args, **kwargs)
    monkeypatch.setattr(shell, "write", spy)
    return calls


def test_every_page_write_goes_through_the_one_write_path(world_app, recorded):
    before = shell.root().count("audit_log")
    at = open_page("verbeterpunten", "alfa")
    at.selectbox(key="vp_point_0").set_value("6.macro.certificering")
    at.text_area(key="action_description_0").input("Plan")
    button(at, "Actie vastleggen").click().run()
    at = open_page("beheer", "admin")
    at.text_input(key="new_organisation_name").input("Nieuwe school")
    at.selectbox(key="new_organisation_kind").set_value("school")
    next(b for b in at.button if b.key == "add_organisation").click().run()
    at = open_page("checklist", "oost", start_from="organisation")
    next(b for b in at.button if b.label == "Beoordeling starten").click().run()
    at = open_page("account", "oost")
    at.text_input(key="old_password").input(PASSWORD)
    at.text_input(key="new_password").input("nieuw-wachtwoord")
    at.text_input(key="new_password_again").input("nieuw-wachtwoord")
    button(at, "Wachtwoord wijzigen").click().run()
    assert recorded == ["new_action", "organisations", "start", "own_password"]
    logins = 4  # each open_page logs in once: one audit entry each
    assert shell.root().count("audit_log") == before + len(recorded) + logins


def test_a_name_with_markdown_is_shown_as_typed_in_the_confirmation(world_app):
    hostile = "**vet** ![b](http://127.0.0.1:9/x.png) [klik](javascript:alert(1))"
    at = open_page("beheer", "admin")
    at.text_input(key="new_organisation_name").input(hostile)
    at.selectbox(key="new_organisation_kind").set_value("school")
    next(b for b in at.button if b.key == "add_organisation").click().run()
    confirmation = [s for s in at.success if "toegevoegd" in shown_text(s.value)][0].value
    # every markdown character is escaped: no image is fetched, no link or bold renders
    assert "![" not in confirmation and "](" not in confirmation and "**" not in confirmation
    assert shown_text(confirmation) == f"Organisatie '{hostile}' toegevoegd."


def shown_text(markdown: str) -> str:
    from helpers import shown
    return shown(markdown)


def test_no_page_or_form_writes_except_through_shell_write():
    """The equivalent check over every page and form: each call of a write of the store
    (a method marked @writes) or of an import stands inside a function handed to
    shell.write, the one write path."""
    import ast
    import inspect

    from helpers import ROOT

    writes = {"import_answers", "import_measurements", "import_respondent_answers"}
    from implementation.store import (
        accounts,
        actions,
        assessments,
        monitoring,
        registry,
        sessions,
        team,
    )
    for module in (registry, assessments, team, actions, monitoring, accounts, sessions):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                writes |= {name for name, member in inspect.getmembers(cls)
                           if hasattr(member, "writes")}
    assert {"record_answers", "add_intervention", "set_password", "add"} <= writes
    outside = []
    for path in sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("forms/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "write" and getattr(node.func.value, "id", "") \
                    == "shell" and node.args:
                handed = node.args[0]   # a lambda, or a local function by its name
                if isinstance(handed, ast.Name) and handed.id in functions:
                    handed = functions[handed.id]
                if isinstance(handed, ast.Lambda | ast.FunctionDef):
                    inside |= {id(n) for n in ast.walk(handed)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                    getattr(node.func, "id", "")
                if name in writes and id(node) not in inside:
                    outside.append(f"{path.name}:{node.lineno} {name}")
    assert outside == []


def test_gebruikers_offers_no_role_by_default_so_one_click_makes_no_administrator(world_app):
    grants = shell.root().count("grants")
    at = open_page("gebruikers", "admin")
    assert at.selectbox(key="user_role").value is None
    assert at.selectbox(key="grant_role").value is None
    button(at, "Recht geven").click().run()
    assert errors(at) == ["Niet opgeslagen: kies een rol."]
    assert shell.root().count("grants") == grants


def test_only_an_administrator_sees_where_the_database_lives(world_app):
    at = open_page("overzicht", "admin")
    path = shell.root().path
    assert f"Database: `{path}`" in [c.value for c in at.sidebar.caption]
    at = open_page("overzicht", "alfa")
    assert not [c.value for c in at.sidebar.caption if c.value.startswith("Database")]
