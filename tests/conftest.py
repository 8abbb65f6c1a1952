"""Fixtures: stores on a fresh in-memory database, on the demo data, and for AppTest."""
import os
import shutil

import pytest

os.environ.setdefault("MONITOR_DB", ":memory:")
os.environ["MONITOR_LOGIN_DELAY"] = "0"      # no waiting after a wrong password in tests
os.environ.setdefault("MONITOR_SECRET", "test-secret")

from helpers import MINI_CHECKLIST, world  # noqa: E402

from implementation.checklists import load_checklists  # noqa: E402
from implementation.permissions import SYSTEM  # noqa: E402
from implementation.store import Database  # noqa: E402


@pytest.fixture(scope="session")
def checklists():
    loaded = load_checklists()
    assert loaded.errors == []
    return loaded.checklists


@pytest.fixture
def fresh_db(checklists):
    """An empty database acting as the system user (who may do everything)."""
    database = Database.open(":memory:", checklists)
    yield database.acting_as(SYSTEM)
    database.close()


@pytest.fixture
def mini_db(tmp_path):
    """A database with only the small hand-made checklist 'mini', for hand-computed scores."""
    (tmp_path / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    database = Database.open(":memory:", load_checklists(tmp_path).checklists)
    yield database.acting_as(SYSTEM)
    database.close()


@pytest.fixture
def small_world(fresh_db):
    """The small world of helpers.world: two interventions, a board with two locations,
    a school, five users; every number in it can be computed by hand."""
    return world(fresh_db)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """A database file with the demo data, built once per test session."""
    from implementation.demo import load_demo
    path = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    database = Database.open(path)
    load_demo(database)
    database.close()
    return path


@pytest.fixture
def demo_db(demo_file, tmp_path):
    """A private copy of the demo database, acting as the system user."""
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, copy)
    database = Database.open(str(copy))
    yield database.acting_as(SYSTEM)
    database.close()


@pytest.fixture
def app_db(demo_file, tmp_path, monkeypatch):
    """A private copy of the demo database, used by the dashboard under AppTest."""
    import shell
    copy = tmp_path / "app.duckdb"
    shutil.copy(demo_file, copy)
    monkeypatch.setenv("MONITOR_DB", str(copy))
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path / "fouten.log"))
    shell.forget_databases()
    yield str(copy)
    shell.forget_databases()


@pytest.fixture
def world_app(tmp_path, monkeypatch, checklists):
    """The small world in a database file, used by the dashboard under AppTest."""
    import shell
    path = tmp_path / "world.duckdb"
    database = Database.open(str(path), checklists)
    world(database.acting_as(SYSTEM))
    database.close()
    monkeypatch.setenv("MONITOR_DB", str(path))
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path / "fouten.log"))
    shell.forget_databases()
    yield str(path)
    shell.forget_databases()
