"""The dashboard in a real browser: Debian's Chromium, driven by Playwright.

Starts ``streamlit run dashboard.py`` on a free localhost port with a fresh database
(filled with demo data on first start), answers an item on the checklist page, saves,
finalises, and checks that Voortgang's chart has the new assessment. Screenshots of
every page go to ``artifacts/screenshots``. Skipped when Chromium or Playwright is
missing, unless ``REQUIRE_BROWSER=1`` (as in CI), which turns that into a failure.
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
PAGES = ["", "checklist", "verbeterpunten", "vergelijken", "voortgang", "monitoring", "beheer"]

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
    database = tmp_path_factory.mktemp("browser") / "monitor.duckdb"
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=dict(os.environ, MONITOR_DB=str(database)), stdout=log,
        stderr=subprocess.STDOUT)
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
def browser(server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = chromium.new_page(viewport={"width": 1500, "height": 1800})
        page.set_default_timeout(30_000)
        yield page
        chromium.close()


def _open(page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}", wait_until="networkidle")
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')")


FIND_TREND = """() => [...document.querySelectorAll('.js-plotly-plot')].find(
    p => p.layout && p.layout.title && p.layout.title.text
         && p.layout.title.text.includes('>Gereedheid over de tijd<'))"""


def _trend_dates(page) -> list[str]:
    """The dates of the points of Voortgang's chart 'Gereedheid over de tijd'."""
    page.wait_for_function(f"() => !!({FIND_TREND})()")
    return page.evaluate(f"() => ({FIND_TREND})().data[0].x.map(String)")


def test_a_bookmark_as_first_request_after_start_shows_the_page_with_its_sidebar(server,
                                                                               browser):
    # Runs first in this module: the server has not served any page yet.
    page = browser
    _open(page, server, "voortgang")
    assert page.locator("h1").first.inner_text() == "Voortgang"
    assert page.locator('[data-testid="stDialog"]').count() == 0  # no "page not found"
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Checklist invullen") \
        .count() == 1  # the dashboard's navigation, not a list of files


def test_answer_save_finalise_and_see_it_on_voortgang(server, browser):
    page = browser
    _open(page, server, "voortgang")
    page.wait_for_selector(".js-plotly-plot")
    before = _trend_dates(page)
    assert before, "Voortgang shows the readiness trend of the demo intervention"

    _open(page, server, "checklist")
    page.get_by_text("Concept om verder in te vullen").wait_for()
    form = page.locator('[data-testid="stForm"]').last
    first_item = form.locator('[data-testid="stRadio"]').first
    current = first_item.locator("input:checked").get_attribute("value")
    labels = first_item.locator("label")
    choice = "nee" if labels.filter(has_text="ja").first.locator("input").is_checked() else "ja"
    labels.filter(has_text=choice).first.click()
    form.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_text("Opgeslagen: 1 wijziging.").wait_for()
    form = page.locator('[data-testid="stForm"]').last
    form.get_by_role("button", name="Opslaan en definitief maken").click()
    page.get_by_text("De beoordeling is definitief").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "checklist-na-opslaan.png"), full_page=True)

    _open(page, server, "voortgang")
    page.wait_for_selector(".js-plotly-plot")
    after = _trend_dates(page)
    assert len(after) == len(before) + 1, (current, before, after)
    assert any(date.startswith("2026-09-14") for date in after)


def test_every_page_renders_and_is_photographed(server, browser):
    page = browser
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path in PAGES:
        _open(page, server, path)
        time.sleep(1)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        page.screenshot(path=str(SHOTS / f"{path or 'overzicht'}.png"), full_page=True)
        assert (SHOTS / f"{path or 'overzicht'}.png").stat().st_size > 10_000
