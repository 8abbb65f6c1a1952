"""The load test's client: it reads Streamlit's messages as a browser does, and a short
journey against a real server logs in, opens pages and saves answers that arrive."""
import asyncio
import shutil
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from implementation import loadtest
from implementation.loadtest_client import Run, Tab, parse


def _message(**fields) -> ForwardMsg:
    message = ForwardMsg()
    for name, value in fields.items():
        if name == "script_finished":
            message.script_finished = value
        elif name == "new_session":
            message.new_session.main_script_path = value
        elif name == "navigation":
            page = message.navigation.app_pages.add()
            page.url_pathname, page.page_script_hash = value
            message.navigation.page_script_hash = value[1]
    return message


def test_the_client_reads_a_run_as_a_browser_does():
    run = Run()
    element = ForwardMsg()
    element.delta.new_element.text_input.id = "$$ID-0123abcd-login_name"
    element.delta.new_element.text_input.label = "Gebruikersnaam"
    button = ForwardMsg()
    button.delta.new_element.button.id = "$$ID-4567cdef-None"
    button.delta.new_element.button.label = "Inloggen"
    alert = ForwardMsg()
    alert.delta.new_element.alert.body = "Niet opgeslagen: geweigerd"
    alert.delta.new_element.alert.format = 1   # ERROR
    steps = [_message(new_session="run-1"), element, _message(navigation=("voortgang", "h1")),
             _message(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN),
             _message(new_session="run-2"), element, button, alert,
             _message(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)]
    ends = [parse(m, run) for m in steps]
    assert ends == [False] * 8 + [True]            # a rerun is not the end of a request
    assert run.runs == 2 and len(run.widgets) == 2  # the second run's widgets only
    assert run.widget(key="login_name").label == "Gebruikersnaam"
    assert run.widget(label="Inloggen").key == ""
    assert run.errors == ["Niet opgeslagen: geweigerd"]
    assert run.pages == {"voortgang": "h1"} and run.page == "h1"


def test_the_load_test_only_talks_to_this_machine():
    with pytest.raises(ValueError, match="localhost"):
        Tab("http://example.org:8501")


def test_a_journey_logs_in_opens_pages_and_saves_answers_that_arrive(demo_file, tmp_path):
    path = str(tmp_path / "load.duckdb")
    shutil.copy(demo_file, path)
    port = loadtest._free_port()
    server = loadtest.start_server(path, port)

    async def journey():
        walker = loadtest.Journey(f"http://localhost:{port}", "beheer", __import__(
            "random").Random(3))
        await walker.tab.connect()
        try:   # closed also when an assertion fails, so no socket outlives the test
            run = await walker.request()
            run = await walker.request(values={run.widget(key="login_name"): "beheer",
                                               run.widget(key="login_password"): "demo"},
                                       press=run.widget(label="Inloggen", kind="button"))
            assert "voortgang" in run.pages and run.widget(key="intervention") is not None
            run = await walker.request(page="voortgang")
            # Voortgang's own explanation of the stage figures (its title is a heading)
            assert any("Elk item van de checklist dient een of meer stadia" in text
                       for text in run.texts), run.texts[:5]
            await walker.save()
            await walker.save()
        finally:
            await walker.tab.close()
        return walker

    try:
        walker = asyncio.run(journey())
    finally:
        loadtest.stop_server(server)
    assert walker.errors == []
    assert walker.confirmed >= 1 and walker.saved
    assert loadtest._arrived(path, walker.saved) == len(set(walker.saved))


def test_after_the_first_run_the_long_lived_objects_are_frozen_out_of_the_collection(
        world_app):
    """Streamlit collects garbage after every script run; what lives as long as the process
    (libraries, checklists, the database) is frozen after the first run, so that the
    collection walks only what later runs made (see application._settle_memory). Measured
    in a process of its own, as a server is: a test session's own objects would count."""
    import json
    import subprocess
    import sys
    probe = """
import gc, json, sys
sys.path.insert(0, TESTS)
from helpers import open_page
at = open_page('voortgang', 'alfa')
at.run()
frozen = gc.get_freeze_count()
gc.collect()
print(json.dumps({'frozen': frozen, 'walked': len(gc.get_objects())}))
"""
    tests = repr(str(Path(__file__).parent))
    done = subprocess.run([sys.executable, "-c", probe.replace("TESTS", tests)], capture_output=True, text=True,
                          timeout=300, check=True)
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["frozen"] > 50_000   # the libraries and the dashboard, loaded by the first run
    assert counts["walked"] < counts["frozen"] / 5   # what a collection still walks
