import os
from datetime import date

import pytest

from implementation.checklists import load_checklists
from implementation.store import Store

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
