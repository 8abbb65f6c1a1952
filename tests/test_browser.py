"""The dashboard in a real browser: Debian's Chromium, driven by Playwright.

Starts ``streamlit run dashboard.py`` on a free localhost port with a fresh database
(filled with demo data and demo accounts on first start). Logs in (a wrong password
first), does an owner's journey (typed answers kept when leaving through the sidebar,
a step switch that saves, finalising, the new point on Voortgang, one action for a
double click with an empty form after, an import that makes a draft and refuses a
repeat), logs out, and checks what a school and a board see. Screenshots of every
page go to ``artifacts/screenshots``. Skipped when Chromium or Playwright is missing,
unless ``REQUIRE_BROWSER=1`` (as in CI), which turns that into a failure.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


def _require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require(Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
             "Debian's chromium is not installed")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require(False, "playwright is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("browser")
    log = open(folder / "streamlit.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=dict(os.environ, MONITOR_DB=str(folder / "monitor.duckdb"),
                           MONITOR_LOGIN_DELAY="0", MONITOR_ERROR_LOG=str(folder / "f.log")),
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the dashboard did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def chromium(server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def _settle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=60_000)
    time.sleep(0.5)


def _open(page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}", wait_until="networkidle")
    _settle(page)


def _login(page, base: str, login: str, password: str = "demo") -> None:
    page.goto(base, wait_until="networkidle")
    _settle(page)
    page.wait_for_selector('input[type="password"]', timeout=60_000)
    page.locator('input[type="text"]').first.fill(login)
    page.locator('input[type="password"]').first.fill(password)
    page.keyboard.press("Enter")
    _settle(page)
    if password == "demo":  # the page hands the browser its session cookie
        for _ in range(40):
            if any(c["name"] == "monitor_session" for c in page.context.cookies()):
                break
            time.sleep(0.25)


def _nav(page) -> list[str]:
    # the text of a link is its icon's name (a ligature) and its title
    return [t.split("\n")[-1] for t in
            page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def _trend_dates(page) -> list[str]:
    find = """() => [...document.querySelectorAll('.js-plotly-plot')].find(p => p.layout &&
        p.layout.title && p.layout.title.text.includes('Gereedheid over de tijd'))"""
    page.wait_for_function(f"() => !!({find})()", timeout=30_000)
    return page.evaluate(f"() => ({find})().data[0].x.map(String)")


def test_a_bookmark_as_first_request_shows_the_login_then_the_page(server, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    _open(page, server, "voortgang")  # the server's first request
    page.wait_for_selector('input[type="password"]', timeout=60_000)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_the_owners_journey(server, chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _login(page, server, "eigenaar", "fout")
    refused = page.get_by_text("Niet ingelogd: gebruikersnaam of wachtwoord klopt niet")
    refused.wait_for(timeout=30_000)   # a wrong password is answered after a short delay
    assert refused.count() == 1
    _login(page, server, "eigenaar")
    assert "Logboek" in _nav(page) and "Gebruikers" not in _nav(page)

    # a reload keeps the user logged in (the session cookie)
    page.reload(wait_until="networkidle")
    _settle(page)
    assert page.get_by_text("Ingelogd als").count() == 1

    _open(page, server, "voortgang")
    before = _trend_dates(page)
    assert before, "Voortgang shows the readiness trend of JOIN us"

    _open(page, server, "checklist")
    page.get_by_role("button", name="Beoordeling starten").click()
    _settle(page)
    page.get_by_text("Concept om verder in te vullen").wait_for()
    page.get_by_text("Nieuwe beoordeling gestart").first.wait_for()
    radio = page.locator('[data-testid="stRadio"]').first
    choice = "nee" if radio.locator("label").filter(has_text="ja").first.locator(
        "input").is_checked() else "ja"
    radio.locator("label").filter(has_text=choice).first.click()
    _settle(page)
    page.get_by_text("Toelichting en bewijs invullen").click()   # the fields, on demand
    _settle(page)
    note = page.get_by_label("Toelichting bij: Het is helder dat voor deze vraag nog geen "
                             "oplossing is")
    note.fill("getypt en niet opgeslagen")
    time.sleep(1.5)   # a person pauses before reaching for the sidebar; the text is sent then
    _settle(page)
    # leave through the sidebar without saving, and come back: nothing is lost
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Verbeterpunten").click()
    _settle(page)
    page.get_by_role("heading", name="Verbeterpunten").first.wait_for()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Checklist invullen").click()
    _settle(page)
    page.get_by_text("Nog niet opgeslagen: 2 items in stap 1").first.wait_for()
    assert note.input_value() == "getypt en niet opgeslagen"
    assert radio.locator("label").filter(has_text=choice).first.locator("input").is_checked()
    page.get_by_role("button", name="2 Analyseren").click()    # another step: saves first
    _settle(page)
    page.get_by_text("Stap 1 opgeslagen: 2 wijzigingen").first.wait_for()
    page.get_by_text("Nog niet opgeslagen").wait_for(state="detached", timeout=15_000)
    page.get_by_role("button", name="Opslaan en definitief maken").click()
    _settle(page)
    page.get_by_text("is definitief gemaakt").first.wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "checklist-na-opslaan.png"), full_page=True)

    _open(page, server, "voortgang")
    assert len(_trend_dates(page)) == len(before) + 1

    # a double click on "Actie vastleggen" makes one action
    _open(page, server, "verbeterpunten")
    page.screenshot(path=str(SHOTS / "verbeterpunten-voor-actie.png"), full_page=True)
    picker = page.locator('[data-testid="stForm"]').filter(has_text="Actie vastleggen").locator(
        '[data-testid="stSelectbox"]').first
    picker.scroll_into_view_if_needed()
    picker.get_by_role("button", name="Open").click()
    page.locator('[role="option"]').first.wait_for(timeout=10_000)
    page.locator('[role="option"]').first.click()
    page.get_by_label("Omschrijving van de actie").first.fill("Dubbelklik-proef")
    page.get_by_role("button", name="Actie vastleggen").dblclick()
    _settle(page)
    time.sleep(1)
    _settle(page)
    # one action, the confirmation kept, and an empty form
    page.get_by_text("vastgelegd bij").first.wait_for()
    assert page.get_by_text("kies eerst een verbeterpunt").count() == 0
    assert page.get_by_label("Omschrijving van de actie").first.input_value() == ""
    # no point chosen: the picker is empty again (its value is the input's, not its text)
    picked = page.locator('[data-testid="stForm"]').filter(has_text="Actie vastleggen").locator(
        '[data-testid="stSelectbox"]').first.locator("input").input_value()
    assert picked == "", picked
    _open(page, server, "verbeterpunten")
    page.get_by_text("Dubbelklik-proef").first.wait_for()
    time.sleep(1)
    assert page.get_by_text("Dubbelklik-proef").count() == 1

    # an import makes a draft and refuses the same file again
    _open(page, server, "beheer")
    page.get_by_role("tab", name="Inlezen").click()
    template = ROOT / "artifacts" / "sjabloon.csv"
    subprocess.run([sys.executable, "-m", "implementation", "export-template",
                    "verspreiding-borging", "-o", str(template)], cwd=ROOT, check=True)
    text = template.read_text(encoding="utf-8").replace(
        "helder in beeld,,", "helder in beeld,ja,", 1)
    template.write_text(text, encoding="utf-8")
    for attempt in ("first", "again"):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
            str(template))
        page.get_by_text("sjabloon.csv").last.wait_for()   # uploaded
        time.sleep(1)
        page.get_by_role("button", name="Inlezen", exact=True).click()
        _settle(page)
        if attempt == "first":
            page.get_by_text("Ingelezen als conceptbeoordeling van JOIN us").first.wait_for()
            # the uploader is empty again: the file read is no longer in it
            page.get_by_text("sjabloon.csv").first.wait_for(state="detached", timeout=15_000)
        else:   # refused in one sentence that says what to do
            page.get_by_text("Niet ingelezen: Dit bestand is op").first.wait_for()
            assert page.get_by_text("Vink 'Toch opnieuw inlezen' aan").count() == 1

    page.get_by_role("button", name="Uitloggen").click()
    _settle(page)
    assert page.locator('input[type="password"]').count() == 1
    page.reload(wait_until="networkidle")
    _settle(page)
    assert page.locator('input[type="password"]').count() == 1, "the cookie no longer logs in"
    context.close()


def test_a_school_does_not_see_the_owners_pages(server, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    _login(page, server, "school")
    nav = _nav(page)
    assert "Logboek" not in nav and "Gebruikers" not in nav and "Checklist invullen" in nav
    page.close()


def test_every_page_renders_for_every_role_and_is_photographed(server, chromium):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for login in ("beheer", "eigenaar", "school", "bestuur", "adviseur"):
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        _login(page, server, login)
        links = page.locator('[data-testid="stSidebarNav"] a')
        paths = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert paths, login
        for href in paths:
            path = href.replace(server, "").strip("/")
            name = path or "start"     # the user's default page (Overzicht or Organisatie)
            _open(page, server, path)
            assert page.locator('[data-testid="stException"]').count() == 0, (login, name)
            assert page.get_by_text("Er ging iets mis").count() == 0, (login, name)
            page.screenshot(path=str(SHOTS / f"{login}-{name}.png"), full_page=True)
        context.close()


def test_a_board_opens_its_organisation_and_downloads_its_report(server, chromium,
                                                                 tmp_path):
    import io

    from pypdf import PdfReader
    context = chromium.new_context(viewport={"width": 1400, "height": 1000},
                                   accept_downloads=True)
    page = context.new_page()
    _login(page, server, "bestuur")
    page.get_by_text("Locaties en interventies").first.wait_for(timeout=60_000)
    assert "van=organisatie" in page.url           # the choice is kept in the address
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    button = page.get_by_role("button", name="Rapport als PDF")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as download:
        button.click()
    path = tmp_path / "rapport.pdf"
    download.value.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Rapport Melanchthon" in text and "Mathenesse" in text
    # a reload opens the same organisation, still logged in
    page.reload(wait_until="networkidle")
    _settle(page)
    page.get_by_text("Locaties en interventies").first.wait_for(timeout=60_000)
    context.close()


def _team_draft(page) -> None:
    """Pick the team's draft in 'Concept om verder in te vullen' (the newest may be another)."""
    picker = page.locator('[data-testid="stSelectbox"]').filter(
        has_text="Concept om verder in te vullen")
    for _ in range(120):   # a rerun may briefly show the old element beside the new one
        if picker.count() == 1:
            break
        time.sleep(0.5)
    assert picker.count() == 1, "one draft picker on the page"
    chosen = picker.locator("input")
    if "· team" not in chosen.input_value():
        picker.get_by_role("button", name="Open").click()
        page.locator('[role="option"]').filter(has_text="· team").first.click()
        _settle(page)
    assert "· team" in chosen.input_value()


def _answer_first_item(page, choice: str) -> None:
    radio = page.locator('[data-testid="stRadio"]').first
    radio.locator("label").filter(has_text=choice).first.click()
    _settle(page)


def _save_own_answer_and_log_out(page, choice: str) -> None:
    """A member answers the first item on their own, saves it, and logs out."""
    _answer_first_item(page, choice)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    _settle(page)
    page.get_by_text("Uw antwoorden van stap 1 opgeslagen: 1 wijziging").first.wait_for()
    page.get_by_role("button", name="Uitloggen").click()
    _settle(page)


def test_a_team_assessment_each_member_answers_and_the_owner_sets_the_teams_answer(
        server, chromium):
    # the owner starts a team assessment of JOIN us and makes themself and the adviser members
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _login(page, server, "eigenaar")
    _open(page, server, "checklist")
    address = page.url.split("?", 1)[1]      # the sidebar's choice: JOIN us as a whole
    team_box = page.get_by_text("Teambeoordeling: eerst vult elk teamlid zelf in")
    if not team_box.is_visible():
        page.get_by_text("Nieuwe beoordeling starten").first.click()
    team_box.click()
    carry = page.get_by_label("Antwoorden van de vorige definitieve beoordeling overnemen")
    if carry.is_checked():   # the team starts from nothing: no answers carried over
        page.get_by_text("Antwoorden van de vorige definitieve beoordeling overnemen").click()
    assert page.get_by_label("Teambeoordeling: eerst vult elk teamlid zelf in").is_checked()
    assert not carry.is_checked()
    page.get_by_role("button", name="Beoordeling starten").click()
    _settle(page)
    page.get_by_text("Nieuwe beoordeling gestart").first.wait_for()
    page.get_by_text("Dit is een teambeoordeling zonder teamleden").first.wait_for()
    for login in ("eigenaar", "adviseur"):
        page.get_by_label("Teamlid (gebruikersnaam").fill(login)
        page.get_by_role("button", name="Teamlid toevoegen").click()
        _settle(page)
        page.get_by_text(f"{login} is toegevoegd aan het team.").first.wait_for()
    # a member who owns the assessment chooses; own answers come first
    page.get_by_text("Mijn eigen antwoorden").first.wait_for()
    _save_own_answer_and_log_out(page, "ja")

    # the adviser, a member without the right to write, answers the same item differently
    # (Checklist invullen is in an adviser's navigation only while they are a member; the
    # page points to the team assessment when the sidebar is on another intervention)
    _login(page, server, "adviseur")
    assert "Checklist invullen" in _nav(page)
    _open(page, server, "checklist?van=interventie")
    page.get_by_text("U bent teamlid van 1 teambeoordeling over een ander onderwerp").wait_for()
    page.get_by_role("button", name="Open de teambeoordeling van").first.click()
    _settle(page)
    _team_draft(page)
    assert page.get_by_text("Het antwoord van het team").count() == 0   # members only
    _save_own_answer_and_log_out(page, "nee")

    # the owner sees the difference, with each member's answer, and sets the team's answer
    _login(page, server, "eigenaar")
    _open(page, server, f"checklist?{address}")
    _team_draft(page)
    page.get_by_text("Het antwoord van het team").first.click()
    _settle(page)
    # ja (1) and nee (0) on one question: the members' mean is 50%
    page.get_by_text("Nog geen antwoord van het team. Gemiddelde van de antwoorden van de "
                     "teamleden: 50% (over 1 beantwoorde vraag)").first.wait_for()
    page.get_by_text("stap 1: ").first.wait_for()
    assert "1 item met verschil" in page.get_by_text("stap 1: ").first.inner_text()
    line = page.get_by_text("Eigenaar JOIN us (voorbeeld): ja").first
    assert "Implementatieadviseur NJi (voorbeeld): nee" in line.inner_text()
    assert "verschil" in line.inner_text()
    page.get_by_text("Alleen items waarover het team verschilt").first.click()
    _settle(page)
    page.get_by_role("button", name="1 Vraag bepalen (1 verschil)").wait_for()
    assert page.locator('[data-testid="stRadio"]').count() == 1   # the agenda: one item
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "checklist-team.png"), full_page=True)
    _answer_first_item(page, "ja")
    page.get_by_role("button", name="Opslaan als concept").click()
    _settle(page)
    page.get_by_text("(antwoord van het team)").first.wait_for()
    assert page.get_by_text("Nog geen antwoord van het team").count() == 0
    context.close()
