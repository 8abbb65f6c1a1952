"""The dashboard's shell: Streamlit glue between the pages and the core.

- One :class:`Database` per process (:func:`root`); each script run reads and writes
  through its own cursor, acting as the logged-in user (:func:`db`).
- **One way to read**: ``shell.read.<part>.<method>(...)`` calls a read of the core
  through ``st.cache_data``. The cache key holds the user (reads are scoped per
  user) and the *generation* of the areas the method reads (its ``@reads``
  marks): a write moves its areas on, so exactly the reads it made stale are
  recomputed, for every user, and nothing else is cleared.
- **One way to write**: :func:`write` runs a write of the core, turns any refusal
  into a Dutch message, shows the confirmation where the user is looking (a toast
  and a message at the form), resets the form and reruns. Permission is decided in
  the core, on the same path, so no page can skip it.
- The navigation (built per user) and the sidebar (which chooses the subject) are put
  around the chosen page by :mod:`application`, which stands above this module.
- No traceback reaches a user: an unexpected error is logged with a reference
  and the page shows a short Dutch message.
"""
from __future__ import annotations

import logging
import os
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

import ui
from implementation import error_log
from implementation.errors import ImportRefused, Refused
from implementation.permissions import User
from implementation.store import Database, database_path

T = TypeVar("T")
CACHE = dict(ttl=900, max_entries=4096, show_spinner=False)
WHOLE = "— de interventie als geheel —"
_roots: dict[str, Database] = {}
_lock = threading.Lock()


# -- the database ---------------------------------------------------------------------

def root() -> Database:
    """The process's database for ``$MONITOR_DB``, opened (and filled with demo data
    when empty) on first use."""
    path = database_path()
    with _lock:
        if path not in _roots:
            from implementation.demo import is_empty, load_demo
            database = Database.open(path)
            # A newcomer's first run gets the demo; a real instance sets MONITOR_DEMO=0 and
            # its first visit asks for the first administrator instead (auth.py).
            if os.environ.get("MONITOR_DEMO", "1") != "0" and is_empty(database):
                load_demo(database)
            _roots[path] = database
        return _roots[path]


def forget_databases() -> None:
    """Close every open database (tests switch ``$MONITOR_DB`` between them)."""
    with _lock:
        for database in _roots.values():
            database.close()
        _roots.clear()
    st.cache_data.clear()
    forget_views()


def current_user() -> User | None:
    return st.session_state.get("user")


def db() -> Database:
    """A database on a fresh cursor, acting as the logged-in user."""
    return root().cursor().acting_as(current_user())


# -- reading ------------------------------------------------------------------------------

@st.cache_data(**CACHE)
def _cached(path: str, part: str, method: str, user: User | None, generation: tuple,
            args: tuple, kwargs: tuple) -> Any:
    return getattr(getattr(root().cursor().acting_as(user), part), method)(*args, **dict(kwargs))


class _Part:
    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, method: str) -> Callable:
        function = getattr(getattr(root(), self._name).__class__, method)
        areas = getattr(function, "reads", None)
        if areas is None:
            raise AttributeError(f"{self._name}.{method} is not a cached read (no @reads)")

        def call(*args, **kwargs):
            return _cached(root().path, self._name, method, current_user(),
                           root().generation(areas), args, tuple(sorted(kwargs.items())))
        return call


class _Reader:
    """``read.registry.interventions()``: every read of a page goes through here."""

    def __getattr__(self, part: str) -> _Part:
        return _Part(part)


read = _Reader()

_views: OrderedDict = OrderedDict()
_views_lock = threading.Lock()


def remembered(compute: Callable[..., T], areas: tuple[str, ...], *args) -> T:
    """``compute(*args)``, a view made of cached reads (an organisation's whole view),
    kept for the user while the areas it reads stay where they are: a write to one of
    them moves them on, and the next call computes it again. The value is shared between
    runs, so callers must not change it. (Each read is cached already; this keeps the
    pandas work that joins them, 50-100 ms a run for a board at national scale.)"""
    key = (compute.__module__, compute.__qualname__, root().path, current_user(),
           root().generation(areas), args)
    with _views_lock:
        if key in _views:
            _views.move_to_end(key)
            return _views[key]
    value = compute(*args)
    with _views_lock:
        _views[key] = value
        while len(_views) > 64:
            _views.popitem(last=False)
    return value


def forget_views() -> None:
    """Drop every remembered view (for timing the first run after a restart)."""
    with _views_lock:
        _views.clear()


def may(action, intervention_id=None, implementation_id=None, organisation_id=None,
        respondents=()) -> bool:
    """Whether the logged-in user may do ``action`` to this subject: the core's one
    decision (:func:`implementation.permissions.allowed`), for hiding what it would refuse."""
    from implementation.permissions import Target, allowed
    if allowed(current_user(), action, Target()):   # allowed everywhere: no subject to read
        return True
    target = read.registry.target(intervention_id, implementation_id, organisation_id,
                                  tuple(respondents))
    return allowed(current_user(), action, target)


# -- writing ------------------------------------------------------------------------------

def write(do: Callable[[Database], T], done: str | Callable[[T], str], where: str,
          reset: tuple[str, ...] = (), rerun: bool = True,
          refused_at: str | None = None) -> T | None:
    """The one write path of the dashboard.

    ``do`` gets the user's database and writes through the core. On success the
    message ``done`` (or ``done(result)``) is shown as a toast and, after the rerun,
    at ``where`` (see :func:`messages`); the widgets in ``reset`` are emptied. A
    refusal of the core shows its Dutch message at the same place (or at ``refused_at``,
    where the form stays when a success would move on) and nothing is written.
    """
    refused_at = refused_at or where
    try:
        result = do(db())
    except ImportRefused as refused:
        count = ui.count(len(refused.problems), "probleem", "problemen")
        st.session_state[f"_message_{refused_at}"] = (
            "error", f"Niets ingelezen: {count}. Het bestand is niet gebruikt; verbeter het en "
                     "lees het opnieuw in.")
        st.session_state[f"_problems_{refused_at}"] = refused.as_frame()
        st.session_state[f"_refused_{refused_at}"] = refused   # its kind, for the form
        st.toast(f"Niets ingelezen: {count}", icon=":material/error:")
        if rerun:
            st.rerun()
        return None
    except Refused as refusal:
        st.session_state[f"_message_{refused_at}"] = ("error", f"Niet opgeslagen: {refusal}")
        # short: a long toast gets an English "view more"; the whole message is at the form
        st.toast(ui.text(ui.short(f"Niet opgeslagen: {refusal}", 90)), icon=":material/error:")
        if rerun:
            st.rerun()
        return None
    message = done(result) if callable(done) else done
    st.session_state[f"_message_{where}"] = ("success", message)
    st.toast(ui.text(ui.short(message, 90)), icon=":material/check_circle:")
    for key in reset:
        st.session_state.pop(key, None)
    if rerun:
        st.rerun()
    return result


def messages(where: str) -> None:
    """Show the outcome of the last write at ``where`` (call it beside the form)."""
    found = st.session_state.pop(f"_message_{where}", None)
    if found:
        kind, message = found
        # messages name what users typed (names, notes): shown as text, never as markdown
        (st.success if kind == "success" else st.error)(ui.text(message))
    problems = st.session_state.pop(f"_problems_{where}", None)
    if problems is not None:
        st.dataframe(problems, hide_index=True, width="stretch", key=f"problems_{where}",
                     placeholder="–",   # a problem of the whole file has no row or field
                     column_config={"rij": st.column_config.NumberColumn("rij", format="%d"),
                                    "probleem": st.column_config.TextColumn(width="large")})


def flash_error(where: str, message: str) -> None:
    st.session_state[f"_message_{where}"] = ("error", message)


# -- the application ------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """The sidebar's choice: an intervention (as a whole or one implementation), and an
    organisation (a board, a school or a location)."""

    intervention_id: int | None
    intervention: str | None
    implementation_id: int | None
    organisation_id: int | None
    organisation: str | None
    mode: str = "intervention"

    @property
    def subject(self) -> str:
        if self.intervention is None:
            return self.organisation or "–"
        if self.implementation_id is None:
            return f"{self.intervention} (de interventie als geheel)"
        return f"{self.intervention} bij {self.organisation}"


def selection() -> Selection | None:
    return st.session_state.get("selection")


def guarded(run: Callable[[], None]) -> None:
    """Run ``run``; an unexpected error is logged with a reference, and the user sees
    one Dutch sentence instead of a traceback."""
    try:
        run()
    except Refused as refusal:  # a refusal no page caught: still a clear message
        st.error(ui.text(str(refusal)))
    except Exception:  # noqa: BLE001 - the one guard for the unexpected
        reference = error_log.reference()
        log_error(reference, traceback.format_exc())
        st.error(f"Er ging iets mis op deze pagina (referentie {reference}). Er is niets "
                 "verloren gegaan; probeer het opnieuw. Blijft het misgaan, geef de beheerder "
                 "dan deze referentie.")


def log_error(reference: str, details: str) -> None:
    """Into the error log (which administrators read on Logboek); if that cannot be
    written, into the server's own log. Never raises."""
    try:
        user = getattr(current_user(), "login", "-")
    except Exception:  # noqa: BLE001 - no session (e.g. a script error outside a run)
        user = "-"
    problem = error_log.write(reference, details, f"gebruiker={user}")
    try:
        logging.getLogger("implementatiemonitor").error(
            "fout %s%s:\n%s", reference, "" if problem is None else
            f" (niet in het foutenlogboek {error_log.path()}: {problem})", details)
    except Exception:  # noqa: BLE001, S110 - nothing left to report with
        pass
