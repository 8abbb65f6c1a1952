"""The dashboard's shared shell: the store connection, cached reads, the sidebar choice.

Glue between Streamlit and the core package; no SQL and no scoring here. The
DuckDB connection is opened once per process (``st.cache_resource``); every call
of :func:`store` hands out a store on its own cursor, because a connection must
not be used from two threads (two users' script runs) at once. Query results are
cached with ``st.cache_data`` and cleared after every write (:func:`after_write`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from implementation.checklists import MAIN_CHECKLIST, in_display_order
from implementation.demo import is_empty, load_demo
from implementation.store import Store, database_path

CACHE = dict(ttl=900, max_entries=512, show_spinner=False)
WHOLE = "— de interventie als geheel —"


PAGES = {  # section -> (file in pages/, title, icon); the url path is the file name
    "Overzicht": [("overzicht", "Overzicht", "dashboard")],
    "Eigenaar en school": [("checklist", "Checklist invullen", "fact_check"),
                           ("verbeterpunten", "Verbeterpunten", "construction")],
    "Adviseur en bestuur": [("vergelijken", "Vergelijken", "compare"),
                            ("voortgang", "Voortgang", "trending_up"),
                            ("monitoring", "Monitoring", "monitoring")],
    "Beheer": [("beheer", "Beheer", "settings")],
}


def run_app() -> None:
    """Page config, st.navigation over pages/, the shared sidebar, and the chosen page."""
    st.set_page_config(page_title="Implementatiemonitor", page_icon=":material/checklist:",
                       layout="wide")
    navigation = st.navigation({
        section: [st.Page(f"pages/{file}.py", title=title, icon=f":material/{icon}:",
                          default=file == "overzicht")
                  for file, title, icon in pages]
        for section, pages in PAGES.items()})
    st.session_state["selection"] = sidebar()
    navigation.run()


def through_app() -> None:
    """Call first in every page. Until st.navigation has run once in a server process,
    Streamlit treats a ``pages/`` folder the old way: the first request to a page URL
    (a bookmark such as /voortgang after a restart) runs the page file alone, without
    the sidebar. Then start the app from here, which shows this same page, and stop."""
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        run_app()
        st.stop()


@st.cache_resource(show_spinner="Database openen…")
def _root() -> Store:
    store = Store.open(database_path())
    if is_empty(store):
        load_demo(store)
    return store


def store() -> Store:
    """A store on a fresh cursor, for this script run's thread."""
    return _root().cursor()


def after_write() -> None:
    """Call after every write, so that no page shows numbers from before it."""
    st.cache_data.clear()


@st.cache_data(**CACHE)
def interventions() -> pd.DataFrame:
    return store().interventions()


@st.cache_data(**CACHE)
def implementations(intervention_id: int | None = None) -> pd.DataFrame:
    return store().implementations(intervention_id)


@st.cache_data(**CACHE)
def organisations() -> pd.DataFrame:
    return store().organisations()


@st.cache_data(**CACHE)
def boards() -> pd.DataFrame:
    return store().boards()


@st.cache_data(**CACHE)
def readiness(ref: int | None, by: str = "overall", subject: str = "intervention",
              checklist_id: str | None = MAIN_CHECKLIST, final_only: bool = True,
              latest_only: bool = False) -> pd.DataFrame:
    return store().readiness(ref, by, subject, checklist_id, final_only, latest_only)


@st.cache_data(**CACHE)
def latest_readiness(by: str = "cell", checklist_id: str = MAIN_CHECKLIST,
                     intervention_ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    ids = list(intervention_ids) if intervention_ids is not None else None
    return store().latest_readiness(by, checklist_id, ids)


@st.cache_data(**CACHE)
def stage_progress(intervention_id: int, implementation_id: int | None,
                   checklist_id: str = MAIN_CHECKLIST) -> pd.DataFrame:
    return store().stage_progress(intervention_id, implementation_id, checklist_id)


@st.cache_data(**CACHE)
def common_gaps(intervention_ids: tuple[int, ...],
                checklist_id: str = MAIN_CHECKLIST) -> pd.DataFrame:
    return store().common_gaps(list(intervention_ids), checklist_id)


@st.cache_data(**CACHE)
def assessments(intervention_id: int, implementation_id: int | None) -> pd.DataFrame:
    subject = "intervention" if implementation_id is None else "implementation"
    return store().assessments(intervention_id, implementation_id, subject)


@st.cache_data(**CACHE)
def actions(intervention_id: int | None, today: date,
            implementation_id: int | None = None) -> pd.DataFrame:
    """All actions of the intervention, or only those of one implementation."""
    subject = "any" if implementation_id is None else "implementation"
    return store().actions(intervention_id, today, implementation_id, subject)


@st.cache_data(**CACHE)
def improvement_points(intervention_id: int, implementation_id: int | None,
                       checklist_id: str) -> pd.DataFrame:
    return store().improvement_points(intervention_id, implementation_id, checklist_id)


@dataclass(frozen=True)
class Selection:
    """What the sidebar chose: an intervention and optionally one implementation."""

    intervention_id: int
    intervention: str
    implementation_id: int | None
    organisation: str | None

    @property
    def subject(self) -> str:
        return self.intervention if self.organisation is None else \
            f"{self.intervention} bij {self.organisation}"


def sidebar() -> Selection | None:
    """The shared sidebar; its widgets live in the entry script, so the choice carries
    across pages."""
    with st.sidebar:
        found = interventions()
        if found.empty:
            st.warning("Er zijn nog geen interventies. Voeg er een toe onder Beheer.")
            return None
        names = dict(zip(found["id"], found["name"], strict=True))
        intervention_id = st.selectbox("Interventie", list(names), format_func=names.get,
                                       key="intervention")
        running = implementations(intervention_id)
        options = [None, *running["id"].tolist()]
        labels = dict(zip(running["id"], running["organisation"], strict=True))
        implementation_id = st.selectbox(
            "Uitvoerende organisatie", options, key="implementation",
            format_func=lambda i: WHOLE if i is None else labels[i],
            help="Kies een school of vestiging om haar eigen implementatie te bekijken.")
        st.caption(f"Database: `{store().path}`")
        for error in _root().checklist_errors:
            st.error(f"Checklist niet geladen: {error}")
    return Selection(intervention_id, names[intervention_id], implementation_id,
                     labels.get(implementation_id))


def checklist_choice(key: str, label: str = "Checklist") -> str:
    """A checklist picker, the NJi checklist first; returns the chosen id."""
    checklists = store().checklists
    return st.selectbox(label, in_display_order(checklists), key=key,
                        format_func=lambda c: checklists[c].display_title)


def selection() -> Selection | None:
    return st.session_state.get("selection")


def percent(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{value * 100:.0f}%"


@st.cache_data(**CACHE)
def indicators(intervention_id: int) -> pd.DataFrame:
    return store().indicators(intervention_id)


@st.cache_data(**CACHE)
def indicator_trend(intervention_id: int, indicator_id: int | None = None) -> pd.DataFrame:
    return store().indicator_trend(intervention_id, indicator_id)


@st.cache_data(**CACHE)
def measurements(intervention_id: int, indicator_id: int | None = None) -> pd.DataFrame:
    return store().measurements(intervention_id, indicator_id)


@st.cache_data(**CACHE)
def attention(intervention_id: int, today: date) -> pd.DataFrame:
    return store().attention(intervention_id, today)
