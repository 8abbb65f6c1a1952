"""Logging in: the login page, the session cookie, single sign-on, logging out.

A successful log-in starts a session in the store and hands the browser a one-time
code; the page's script posts it to ``/auth/session`` (a route of
``dashboard.py``), which answers with the session cookie: HttpOnly, SameSite=Strict,
signed, valid for a working day. A reload or a bookmark then finds the user through
``st.context.cookies``. Logging out ends the session in the store (the cookie is
refused from then on) and clears the cookie through ``/auth/logout``.

Single sign-on: when ``[auth]`` is configured in ``.streamlit/secrets.toml``, the
login page offers ``st.login``; the identity provider's e-mail must belong to an
account an administrator has made (see ``Accounts.match_identity``).
"""
from __future__ import annotations

import json
import os
import time

import streamlit as st

import shell
import ui
from implementation.demo import has_demo
from implementation.demo_facts import ACCOUNTS, DEMO_PASSWORD
from implementation.errors import Refused
from implementation.permissions import User

COOKIE = "monitor_session"


def logged_in_user() -> User | None:
    """The user of this browser session: already known, or found by the session cookie,
    or by single sign-on. Ends an idle session."""
    if st.session_state.pop("end_sso", False):
        st.logout()   # the identity provider's cookie goes too, or it would log in again
        return None
    user = shell.current_user()
    idle = int(os.environ.get("MONITOR_IDLE_MINUTES", "120")) * 60
    now = time.monotonic()
    if user is not None and now - st.session_state.get("last_active", now) > idle:
        logout("verlopen na inactiviteit")
        st.session_state["login_notice"] = "U was een tijd niet actief en bent uitgelogd."
        return None
    if user is None:
        cookie = _cookie()
        if cookie:
            try:
                user = shell.root().cursor().sessions.session_user(cookie)
            except Refused:
                user = None
        if user is None and _sso_configured() and getattr(st.user, "is_logged_in", False):
            user = shell.root().cursor().sessions.match_identity(
                st.user.get("email"), st.user.get("email_verified"))
            if user is None:
                return None  # the login page says "no access yet"
        if user is not None:
            st.session_state["user"] = user
    st.session_state["last_active"] = now
    if user is not None and now - st.session_state.get("last_touch", 0) > 60:
        # at most once a minute: the stored session follows the user's activity
        st.session_state["last_touch"] = now
        shell.root().cursor().sessions.touch(_cookie(), st.session_state.get("session_code"))
    return user


def _cookie() -> str | None:
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no request context (e.g. a test run)
        return None


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def login_page() -> None:
    database = shell.root().cursor()
    notice = st.session_state.pop("login_notice", None)
    st.title("Implementatiemonitor")
    if notice:
        st.info(notice)
    if not database.accounts.any_users():
        _first_administrator()
        return
    if _sso_configured() and getattr(st.user, "is_logged_in", False):
        st.warning(f"U bent aangemeld als {ui.text(st.user.get('email'))}, maar er is nog geen "
                   "account met dat e-mailadres. Vraag de beheerder om u toegang te geven.")
        st.button("Afmelden", on_click=st.logout, key="sso_logout")
        return
    left, right = st.columns([1, 1], gap="large")
    with left, st.form("login", enter_to_submit=True):
        st.subheader("Inloggen")
        login = st.text_input("Gebruikersnaam", key="login_name", autocomplete="username")
        password = st.text_input("Wachtwoord", type="password", key="login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Inloggen", type="primary")
    if submitted:
        _log_in(login, password, left)
    if _sso_configured():
        left.button("Inloggen met uw organisatie-account", on_click=st.login, key="sso_login")
    if has_demo(database):
        with right:
            st.subheader("Demo-accounts")
            st.caption(f"Deze database bevat demogegevens. Elk demo-account heeft het "
                       f"wachtwoord `{DEMO_PASSWORD}`.")
            st.table([{"Gebruikersnaam": login_, "Rol": name}
                      for login_, name, *_ in ACCOUNTS], border="horizontal")


def _log_in(login: str, password: str, where) -> None:
    sessions = shell.root().cursor().sessions
    try:
        user = sessions.authenticate(login, password)
    except Refused as refusal:
        where.error(ui.text(f"Niet ingelogd: {refusal}"))
        return
    code = sessions.start_session(user)
    st.session_state["user"] = user
    st.session_state["session_code"] = code
    st.session_state["hand_over"] = code
    st.rerun()


def hand_over_cookie() -> None:
    """Right after log-in: the browser exchanges the one-time code for the cookie."""
    code = st.session_state.pop("hand_over", None)
    if code:
        st.html(f"""<script>
            fetch('/auth/session', {{method: 'POST', credentials: 'same-origin',
                   headers: {{'Content-Type': 'text/plain'}}, body: {json.dumps(code)}}});
            </script>""", unsafe_allow_javascript=True, width="content")


def logout(reason: str = "uitgelogd") -> None:
    sessions = shell.root().cursor().sessions
    user = shell.current_user()
    sessions.end_session(cookie=_cookie(), code=st.session_state.get("session_code"),
                         reason=reason)
    if user is not None and st.session_state.get("session_code") is None and not _cookie():
        sessions.log_sso_logout(user, reason)     # a single sign-on session has no code
    sso = _sso_configured() and getattr(st.user, "is_logged_in", False)
    for key in list(st.session_state):
        del st.session_state[key]
    st.session_state["clear_cookie"] = True
    st.session_state["end_sso"] = sso


def clear_cookie() -> None:
    if st.session_state.pop("clear_cookie", False):
        st.html("""<script>fetch('/auth/logout', {method: 'POST', credentials: 'same-origin'});
                </script>""", unsafe_allow_javascript=True, width="content")


def _first_administrator() -> None:
    st.subheader("Eerste beheerder")
    st.write("Deze database heeft nog geen gebruikers. Maak het account van de eerste "
             "beheerder; die kan daarna anderen toegang geven (onder Beheer → Gebruikers).")
    with st.form("first_admin"):
        login = st.text_input("Gebruikersnaam", key="first_login")
        name = st.text_input("Naam", key="first_name")
        password = st.text_input("Wachtwoord (minstens 8 tekens)", type="password",
                                 key="first_password")
        if st.form_submit_button("Beheerder aanmaken", type="primary"):
            try:
                shell.root().cursor().accounts.add(login, name, password, first_admin=True)
            except Refused as refusal:
                st.error(ui.text(f"Niet aangemaakt: {refusal}"))
            else:
                st.success("De beheerder is aangemaakt. Log nu in.")
                time.sleep(0.5)
                st.rerun()


# -- the routes of dashboard.py -------------------------------------------------------------

async def session_route(request):
    """POST /auth/session with a one-time code: set the session cookie."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    from implementation.store.sessions import SESSION_HOURS
    code = (await request.body())[:200].decode("utf-8", "replace").strip()
    cookie = await run_in_threadpool(lambda: shell.root().cursor().sessions.hand_over(code))
    response = Response(status_code=204 if cookie else 403)
    if cookie:
        response.set_cookie(COOKIE, cookie, max_age=SESSION_HOURS * 3600, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


async def logout_route(request):
    """POST /auth/logout: end the session of the cookie and clear it."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response
    cookie = request.cookies.get(COOKIE)
    await run_in_threadpool(lambda: shell.root().cursor().sessions.end_session(cookie=cookie))
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/")
    return response
