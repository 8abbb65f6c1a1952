import os
from datetime import date

import pytest

from implementation.checklists import DEFAULT_DIRECTORY, load_checklists
from implementation.store import Store

ROOT = DEFAULT_DIRECTORY.parent

MINI_CHECKLIST = """
id: mini
version: "1"
title: Mini
stages:
  disseminatie: [1]
  borging: [2]
steps:
  - number: 1
    title: Een
    blocks:
      - perspective: macro
        items:
          - {id: "1.macro.a", text: "A"}
          - {id: "1.macro.b", text: "B", motivating: true}
          - {id: "1.macro.b.x", parent: "1.macro.b", text: "X"}
          - {id: "1.macro.b.y", parent: "1.macro.b", text: "Y"}
          - {id: "1.macro.b.y.p", parent: "1.macro.b.y", text: "P"}
          - {id: "1.macro.b.y.q", parent: "1.macro.b.y", text: "Q"}
      - perspective: meso
        items:
          - {id: "1.meso.c", text: "C"}
  - number: 2
    title: Twee
    blocks:
      - perspective: meso
        items:
          - {id: "2.meso.d", text: "D", motivating: true}
          - {id: "2.meso.e", text: "E"}
"""


@pytest.fixture(scope="session")
def checklists():
    loaded = load_checklists()
    assert loaded.errors == []
    return loaded.checklists


@pytest.fixture
def fresh_store(checklists):
    store = Store.open(":memory:", checklists)
    yield store
    store.close()


@pytest.fixture
def mini_store(tmp_path):
    """A store with only the small hand-made checklist 'mini', for hand-computed scores."""
    (tmp_path / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    store = Store.open(":memory:", load_checklists(tmp_path).checklists)
    yield store
    store.close()


@pytest.fixture
def intervention(fresh_store):
    return fresh_store.add_intervention("JOIN us", owner="Stichting", aansturing="centraal",
                                        doel_verspreiding="maximale kwaliteit")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """A database file with the demo data, built once per test session."""
    from implementation.demo import load_demo
    path = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    store = Store.open(path)
    load_demo(store)
    store.close()
    return path


@pytest.fixture
def demo_store(demo_db, tmp_path):
    """A private copy of the demo database, so tests may write to it."""
    import shutil
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, copy)
    store = Store.open(str(copy))
    yield store
    store.close()


def day(text: str) -> date:
    return date.fromisoformat(text)


os.environ.setdefault("MONITOR_DB", ":memory:")


@pytest.fixture
def app_db(demo_db, tmp_path, monkeypatch):
    """A private copy of the demo database, used by the dashboard under AppTest.

    AppTest runs a page file on its own after ``switch_page``; the page's
    ``shell.through_app()`` then starts the app around it, as on the server.
    """
    import shutil

    import streamlit as st
    copy = tmp_path / "app.duckdb"
    shutil.copy(demo_db, copy)
    monkeypatch.setenv("MONITOR_DB", str(copy))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield str(copy)
    st.cache_resource.clear()
    st.cache_data.clear()


def open_page(page: str | None = None, intervention: str | None = None,
              organisation: str | None = None):
    """Run the dashboard with AppTest, with the sidebar's subject chosen, and open ``page``.

    The subject is put in session state before the first run, as a user's earlier
    choice would be.
    """
    from streamlit.testing.v1 import AppTest

    import shell
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    store = shell.store()
    if intervention is not None:
        at.session_state["intervention"] = int(store.intervention(intervention)["id"])
    if organisation is not None:
        running = store.implementations().set_index(["intervention", "organisation"])
        at.session_state["implementation"] = int(running.loc[(intervention, organisation),
                                                             "id"])
    at.run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def chart_specs(at) -> list[dict]:
    import json
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def values(field) -> list:
    """A plotly array from a chart spec: a plain list, or plotly's base64 'bdata'."""
    import base64

    import numpy as np
    if isinstance(field, dict) and "bdata" in field:
        return np.frombuffer(base64.b64decode(field["bdata"]), dtype=field["dtype"]).tolist()
    return list(field)
