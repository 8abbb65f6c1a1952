"""The application around a page: page config, the login, the user's navigation, the
shared sidebar, and the chosen page, under the shell's one guard against tracebacks.

It stands above :mod:`shell` (which pages, forms, the sidebar and the login use), so
that the shell imports none of them.
"""
from __future__ import annotations

import gc

import streamlit as st

import auth
import navigation
import shell
import sidebar


def run_app() -> None:
    """Page config, the user's navigation, the shared sidebar, and the chosen page."""
    st.set_page_config(page_title="Implementatiemonitor", page_icon=":material/checklist:",
                       layout="wide")
    shell.guarded(_run)
    _settle_memory(shell.current_user() is not None)


_settled: set[bool] = set()


def _settle_memory(logged_in: bool) -> None:
    """Once per server process after its first script run, and once more after its first
    run for a logged-in user (which loads the pages' modules and the charts): collect,
    then freeze what is alive (``gc.freeze``), so that later collections skip it.

    Streamlit runs a full garbage collection after every script run
    (``runner.postScriptGC``). With the libraries, the checklists and the database loaded
    that is some 150,000 objects and about 100 ms of CPU per run, under the interpreter
    lock that every session's run shares: 45 % of the server's CPU in a load test of 10
    users. Frozen, the same collection walks only what later runs made, 1-6 ms. What is
    frozen is what lives as long as the process (modules, the loaded checklists, the
    database); the collection still runs, so later cycles are still freed."""
    if logged_in not in _settled:
        _settled.add(logged_in)
        gc.collect()
        gc.freeze()


def _run() -> None:
    user = auth.logged_in_user()
    auth.clear_cookie()
    if user is None:
        # every page's address shows the login; after logging in it shows that page
        login = [st.Page(auth.login_page, title="Inloggen", icon=":material/login:",
                         url_path="inloggen", default=True)]
        login += [st.Page(auth.login_page, title="Inloggen", url_path=name)
                  for name in navigation.all_page_files()]
        st.navigation(login, position="hidden").run()
        return
    pages = navigation.pages_for(user)
    chosen = st.navigation(pages)
    st.session_state["selection"] = sidebar.show(user)
    chosen.run()



def through_app() -> None:
    """Call first in every page. Until st.navigation has run once in a server process,
    Streamlit treats a ``pages/`` folder the old way: the first request to a page URL
    (a bookmark such as /voortgang after a restart) runs the page file alone, without
    the sidebar. Then start the app from here, which shows this same page, and stop."""
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        run_app()
        st.stop()
