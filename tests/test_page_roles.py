"""Every role gets its own navigation and sidebar, and every page it is offered runs."""
import pytest
from helpers import app, errors, open_page

ALL = ["overzicht", "organisatie", "checklist", "verbeterpunten", "voortgang", "monitoring",
       "vergelijken", "beheer", "gebruikers", "logboek", "account"]
PAGES = {
    "admin": ALL,
    "alfa": [p for p in ALL if p != "gebruikers"],
    "oost": [p for p in ALL if p not in ("gebruikers", "logboek")],
    "noord": [p for p in ALL if p not in ("gebruikers", "logboek")],
    "advies": [p for p in ALL if p not in ("checklist", "beheer", "gebruikers", "logboek")],
}
INTERVENTIONS = {"admin": ["Alfa", "Beta"], "alfa": ["Alfa"], "oost": ["Alfa"],
                 "noord": ["Alfa", "Beta"], "advies": ["Alfa", "Beta"]}


def offered(at) -> list[str]:
    import navigation
    from implementation.permissions import User  # noqa: F401
    return navigation.page_files(at.session_state["user"])


@pytest.mark.parametrize("login", sorted(PAGES))
def test_each_role_is_offered_its_pages_and_every_one_of_them_runs(world_app, login):
    at = app(login)
    assert offered(at) == PAGES[login]
    for page in PAGES[login]:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert errors(at) == [], (page, errors(at))
        assert at.title, page


@pytest.mark.parametrize("login", sorted(INTERVENTIONS))
def test_the_sidebar_offers_only_what_the_user_may_see(world_app, login):
    at = app(login)
    at.session_state["start_from"] = "intervention"
    at.run()
    choice = at.sidebar.selectbox(key="intervention")
    assert choice.options == INTERVENTIONS[login]


def test_a_board_starts_from_its_organisation(world_app):
    at = app("noord")
    assert at.title[0].value == "Organisatie"
    organisation = at.sidebar.selectbox(key="organisation")
    assert organisation.options == ["Bestuur Noord", "Locatie Oost", "Locatie West"]
    assert organisation.value == at.session_state["user"].grants[0].organisation_id


def test_a_wrong_password_is_refused_on_the_login_page(world_app):
    at = app(None)
    at.text_input(key="login_name").input("oost")
    at.text_input(key="login_password").input("fout")
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert errors(at) == ["Niet ingelogd: gebruikersnaam of wachtwoord klopt niet"]
    assert "user" not in at.session_state


def test_the_login_page_lists_the_demo_accounts_only_with_demo_data(world_app, app_db):
    at = app(None)
    rows = at.table[0].value
    assert list(rows["Gebruikersnaam"]) == ["beheer", "eigenaar", "school", "bestuur",
                                            "adviseur"]


# The forms each role is shown (by their buttons' keys, or labels), with the sidebar on Alfa as a
# whole: pages hide exactly what the core would refuse (see test_permissions.py).
FORMS = {
    ("admin", "beheer"): {"add_intervention", "save_intervention", "add_organisation",
                          "save_organisation", "add_implementation", "save_implementation",
                          "import_button"},
    ("alfa", "beheer"): {"save_intervention", "add_implementation", "save_implementation",
                         "import_button"},
    ("oost", "beheer"): {"import_button"},
    ("noord", "beheer"): {"import_button"},
    ("admin", "checklist"): {"start_assessment"},
    ("alfa", "checklist"): {"start_assessment"},
    ("oost", "checklist"): set(),          # Alfa as a whole is the owner's to score
    ("noord", "checklist"): set(),
    ("alfa", "verbeterpunten"): {"add_action_0", "save_action"},
    ("oost", "verbeterpunten"): set(),
    ("advies", "verbeterpunten"): set(),
    ("alfa", "monitoring"): {"Meting opslaan", "measurement_import", "Indicator toevoegen"},
    ("oost", "monitoring"): {"Meting opslaan", "measurement_import"},   # its own school
    ("advies", "monitoring"): set(),
}


@pytest.mark.parametrize("login, page", sorted(FORMS))
def test_each_role_is_shown_only_the_forms_it_may_use(world_app, login, page):
    at = open_page(page, login, start_from="intervention")
    keys = {b.label if b.key.startswith("FormSubmitter:") else b.key
            for b in at.button if b.key and b.key != "logout"}
    assert {k for k in keys if not k.startswith(("goto_", "download", "export_"))} == \
        FORMS[login, page]


def test_a_real_instance_asks_for_its_first_administrator_on_the_first_visit(tmp_path,
                                                                             monkeypatch):
    import shell
    monkeypatch.setenv("MONITOR_DB", str(tmp_path / "echt.duckdb"))
    monkeypatch.setenv("MONITOR_DEMO", "0")
    shell.forget_databases()
    try:
        at = app(None)
        assert at.subheader[0].value == "Eerste beheerder" and not at.table   # no demo list
        at.text_input(key="first_login").input("anna")
        at.text_input(key="first_name").input("Anna de Vries")
        at.text_input(key="first_password").input("een-lang-wachtwoord")
        next(b for b in at.button if b.label == "Beheerder aanmaken").click().run()
        assert shell.root().accounts.user("anna").is_admin
        assert shell.root().count("interventions") == 0          # and no demo data
        at = app("anna", "een-lang-wachtwoord")
        assert "gebruikers" in offered(at)
    finally:
        shell.forget_databases()
