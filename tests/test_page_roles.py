"""Every role gets its own navigation and sidebar, and every page it is offered runs."""
import pytest
from helpers import app, errors

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
