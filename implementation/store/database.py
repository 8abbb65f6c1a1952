"""The database object: one connection, transactions, migrations, and the store's parts.

In the manner of sqlite-utils' ``Database``: a small object that holds the
connection and hands out the parts of the store, one per area of the domain::

    db = Database.open()                      # $MONITOR_DB, or data/monitor.duckdb
    me = db.acting_as(user)                   # every write checks this user
    me.registry.interventions()               # reads are filtered by what the user sees
    me.assessments.record_answers(...)        # one transaction, one audit entry

A DuckDB connection must not be used from two threads at once. The dashboard
opens one :class:`Database` per process and gives each script run its own
:meth:`cursor`. All cursors share the loaded checklists and the *generations*:
a counter per area that every committed write moves on, so that cached reads of
that area (and only those) are recomputed.
"""
from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, wraps

import duckdb
import pandas as pd

from ..checklists import Checklist, ChecklistError, load_checklists
from ..errors import NotFoundError, StoreError
from ..permissions import EVERYTHING, Action, Scope, Target, User, ensure
from ..schema import MIGRATIONS
from .connection import _connect, database_path

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
AREAS = ("registry", "answers", "actions", "monitoring", "accounts", "audit")


def _plain(value):
    """numpy scalars (from pandas rows) as Python values, which DuckDB can bind."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value



def reads(*areas: str):
    """Mark a read method with the areas its result depends on (for the cache)."""
    def mark(function):
        function.reads = areas
        return function
    return mark


def writes(area: str, *more: str):
    """A write method: one transaction, and the areas it changes move on when it commits."""
    def wrap(function):
        @wraps(function)
        def run(self, *args, **kwargs):
            with self.db.transaction():
                for name in (area, *more):
                    self.db.touch(name)
                return function(self, *args, **kwargs)
        run.writes = (area, *more)
        return run
    return wrap


def _part(module: str, name: str) -> cached_property:
    """A part of the store, imported when first used (the parts import this module)."""
    def make(self):
        return getattr(importlib.import_module(f".{module}", __package__), name)(self)
    make.__name__ = module
    return cached_property(make)


@dataclass
class _Shared:
    """What every cursor of one database shares."""

    path: str
    checklists: dict[str, Checklist]
    checklist_errors: list[ChecklistError]
    generations: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AREAS, 0))
    lock: threading.Lock = field(default_factory=threading.Lock)
    # One write transaction at a time in this process (see Database.transaction).
    writing: threading.RLock = field(default_factory=threading.RLock)
    versions: dict = field(default_factory=dict)   # (id, version) -> Checklist from the mirror
    scopes: dict = field(default_factory=dict)     # (user, registry generation) -> Scope


class _Transaction:
    def __init__(self):
        self.depth = 0
        self.touched: set[str] = set()


class Database:
    def __init__(self, connection: duckdb.DuckDBPyConnection, shared: _Shared,
                 actor: User | None = None, transaction: _Transaction | None = None):
        self._con = connection
        self._shared = shared
        self.actor = actor
        self._txn = transaction or _Transaction()

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: str | None = None,
             checklists: dict[str, Checklist] | None = None) -> Database:
        """Open (or create) the database at ``path`` (default ``$MONITOR_DB``), apply the
        migrations it lacks, load the checklist files (unless given) and mirror them."""
        path = path or database_path()
        connection = _connect(path)
        connection.execute("SET enable_progress_bar = false")
        errors: list[ChecklistError] = []
        db = cls(connection, _Shared(path, dict(checklists or {}), errors))
        db.migrate()
        if checklists is None:
            # the file the database already knows for an id keeps it (x.yaml beside x.yml)
            claimed: dict[str, set[str]] = {}
            for checklist_id, file in db.rows("SELECT checklist_id, file FROM "
                                              "checklist_versions"):
                claimed.setdefault(checklist_id, set()).add(file)
            loaded = load_checklists(claimed=claimed)
            db._shared.checklists.update(loaded.checklists)
            errors += loaded.errors
        from .mirror import sync_checklists
        sync_checklists(db)
        return db

    def cursor(self) -> Database:
        """A database object on its own cursor, for one thread (one script run)."""
        return Database(self._con.cursor(), self._shared)

    def acting_as(self, user: User | None) -> Database:
        """The same cursor and transaction, with ``user`` as the actor of every write."""
        return Database(self._con, self._shared, user, self._txn)

    @property
    def unscoped(self) -> Database:
        """The same cursor and transaction without read scope, for the lookups a write
        makes *before* the permission check (so that a forbidden write says "geweigerd",
        not "onbekend")."""
        return Database(self._con, self._shared, None, self._txn)

    def close(self) -> None:
        self._con.close()

    @property
    def path(self) -> str:
        return self._shared.path

    # -- the parts (see the package docstring); each is made on first use -----------------

    registry = _part("registry", "Registry")
    assessments = _part("assessments", "Assessments")
    team = _part("team", "Team")
    readiness = _part("readiness", "Readiness")
    actions = _part("actions", "Actions")
    monitoring = _part("monitoring", "Monitoring")
    measurable = _part("measurable", "Measurable")
    accounts = _part("accounts", "Accounts")
    sessions = _part("sessions", "Sessions")
    audit = _part("audit", "Audit")

    # -- checklists ------------------------------------------------------------

    @property
    def checklists(self) -> dict[str, Checklist]:
        return self._shared.checklists

    @property
    def checklist_errors(self) -> list[ChecklistError]:
        return self._shared.checklist_errors

    def checklist(self, checklist_id: str, version: str | None = None) -> Checklist:
        """The loaded checklist, or (with ``version``) the version an assessment used,
        rebuilt from the database when the files no longer hold it."""
        current = self.checklists.get(checklist_id)
        if version is None or (current is not None and current.version == version):
            if current is None:
                raise NotFoundError(f"onbekende checklist '{checklist_id}'")
            return current
        from .mirror import stored_version
        return stored_version(self, checklist_id, version)

    # -- transactions and queries ----------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outer one.

        The transactions of one process take turns (``_Shared.writing``). Every script run
        has its own cursor, and DuckDB lets two transactions that touch the same rows
        (the latest flags, an assessment's totals) run side by side and then refuses one
        at its commit: at 40 users in the load test four saves in a minute were refused
        that way. Waiting costs a save some milliseconds, and a large import makes the
        writes behind it wait (a session's once-a-minute touch among them); reads outside
        a transaction never wait. Only one process can open the file for writing, so
        this is every writer there is."""
        txn = self._txn
        if txn.depth:
            txn.depth += 1
            try:
                yield
            finally:
                txn.depth -= 1
            return
        with self._shared.writing:
            self._con.begin()
            txn.depth, txn.touched = 1, set()
            try:
                yield
                self._con.commit()
            except duckdb.TransactionException:
                self._rollback()
                raise StoreError("iemand anders sloeg tegelijk gegevens op die hiermee botsen; "
                                 "er is niets opgeslagen, probeer het opnieuw") from None
            except BaseException:
                self._rollback()
                raise
            else:
                with self._shared.lock:
                    for area in txn.touched:
                        self._shared.generations[area] += 1
            finally:
                txn.depth = 0

    def _rollback(self) -> None:
        try:
            self._con.rollback()
        except duckdb.TransactionException:
            pass  # DuckDB already ended a transaction that failed to commit

    def touch(self, area: str) -> None:
        self._txn.touched.add(area)

    def generation(self, areas: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(self._shared.generations[a] for a in areas)

    def _run(self, sql: str, params):
        if isinstance(params, dict):  # DuckDB refuses named parameters a query does not use
            used = set(_PARAMETER.findall(sql))
            params = {k: _plain(v) for k, v in params.items() if k in used}
        elif params:
            params = [_plain(v) for v in params]
        return self._con.execute(sql, params or [])

    def query(self, sql: str, params=None) -> pd.DataFrame:
        return self._run(sql, params).df()

    def one(self, sql: str, params=None):
        row = self._run(sql, params).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, params=None) -> list[tuple]:
        return self._run(sql, params).fetchall()

    def execute(self, sql: str, params=None) -> None:
        self._run(sql, params)

    def insert_frame(self, table: str, frame: pd.DataFrame, returning: str | None = None):
        """Append a frame by column name (``table`` is one of the store's own names); with
        ``returning`` (columns, comma-separated), those columns of the new rows as arrays
        by name, each row's values at the same position (not necessarily the frame's)."""
        name = f"incoming_{table}"
        self._con.register(name, frame)
        try:
            if returning is None:
                self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
                return None
            return self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name} "
                                     f"RETURNING {returning}").fetchnumpy()
        finally:
            self._con.unregister(name)

    def count(self, table: str) -> int:
        if table not in {"interventions", "organisations", "implementations", "assessments",
                         "answers", "assessment_scores", "indicators", "measurements",
                         "improvement_actions", "action_versions", "users", "grants",
                         "audit_log", "respondent_answers", "imports"}:
            raise ValueError(table)
        return self.one(f"SELECT count(*) FROM {table}")

    # -- schema ------------------------------------------------------------

    def migrate(self) -> None:
        self._con.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""")
        done = {row[0] for row in self.rows("SELECT version FROM schema_migrations")}
        applied = False
        for version, (name, sql) in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            with self.transaction():
                self._con.execute(sql)
                self._con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                                  [version, name])
            applied = True
        if applied and self.path != ":memory:":
            # Write the schema into the file itself: DuckDB 1.5 cannot replay a WAL that
            # holds migration 5's view after a crash ("no default database set").
            self._con.execute("CHECKPOINT")

    @property
    def schema_version(self) -> int:
        return self.one("SELECT coalesce(max(version), 0) FROM schema_migrations")

    def setting(self, key: str) -> str | None:
        return self.one("SELECT value FROM settings WHERE key = ?", [key])

    def set_setting(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])

    # -- who acts and what they see ------------------------------------------------

    def ensure(self, action: Action, target: Target) -> None:
        ensure(self.actor, action, target)

    @property
    def scope(self) -> Scope:
        """What the actor may read; without an actor (the command line without --as),
        everything: whoever can run the command line can read the file anyway."""
        if self.actor is None or self.actor.sees_everything:
            return EVERYTHING
        from .scopes import scope_of
        return scope_of(self, self.actor)
