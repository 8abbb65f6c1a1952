"""Accounts: argon2id hashes, lock-out after repeated failures, sessions that expire and
end at log-out, single sign-on matched to an administrator's account."""
from datetime import datetime, timedelta

import pytest
from helpers import PASSWORD

from implementation.errors import StoreError
from implementation.store.sessions import LOCK_MINUTES, MAX_FAILURES, LoginRefused


def test_a_password_is_stored_as_an_argon2id_hash_and_never_in_plain_text(fresh_db, tmp_path):
    fresh_db.accounts.add("piet", "Piet", "een-lang-geheim", role="adviseur")
    stored = fresh_db.one("SELECT password_hash FROM users WHERE login = 'piet'")
    assert stored.startswith("$argon2id$") and "een-lang-geheim" not in stored
    everything = " ".join(str(v) for t in ("users", "audit_log", "grants", "sessions")
                          for row in fresh_db.rows(f"SELECT * FROM {t}") for v in row)
    assert "een-lang-geheim" not in everything
    assert fresh_db.sessions.authenticate("piet", "een-lang-geheim").login == "piet"


def test_a_short_password_is_refused(fresh_db):
    with pytest.raises(StoreError, match="minstens 8 tekens"):
        fresh_db.accounts.add("kort", "Kort", "demo")


def test_five_wrong_passwords_lock_the_account_and_the_lock_is_logged(small_world, fresh_db):
    for attempt in range(1, MAX_FAILURES):
        with pytest.raises(LoginRefused, match="klopt niet"):
            fresh_db.sessions.authenticate("oost", f"fout-{attempt}")
    with pytest.raises(LoginRefused, match=f"{LOCK_MINUTES} minuten geblokkeerd"):
        fresh_db.sessions.authenticate("oost", "fout-5")
    with pytest.raises(LoginRefused, match="tijdelijk geblokkeerd"):
        fresh_db.sessions.authenticate("oost", PASSWORD)  # even the right one, for now
    actions = [r[0] for r in fresh_db.rows("SELECT action FROM audit_log WHERE login = 'oost' "
                                           "ORDER BY id")]
    assert actions == ["login.failed"] * 5 + ["login.locked", "login.failed"]
    fresh_db.execute("UPDATE users SET locked_until = ? WHERE login = 'oost'",
                     [datetime.now() - timedelta(minutes=1)])
    assert fresh_db.sessions.authenticate("oost", PASSWORD).login == "oost"


def test_an_unknown_login_and_a_wrong_password_get_the_same_answer(small_world, fresh_db):
    messages = set()
    for login in ("niemand", "oost"):
        with pytest.raises(LoginRefused) as refusal:
            fresh_db.sessions.authenticate(login, "fout")
        messages.add(str(refusal.value))
    assert messages == {"gebruikersnaam of wachtwoord klopt niet"}


def test_sql_or_html_in_a_login_or_password_is_harmless(small_world, fresh_db):
    for login in ("'; DROP TABLE users; --", "<script>alert(1)</script>"):
        with pytest.raises(LoginRefused):
            fresh_db.sessions.authenticate(login, "' OR '1'='1")
    assert fresh_db.count("users") == 5
    with pytest.raises(StoreError, match="gebruikersnaam heeft"):
        fresh_db.accounts.add("<b>x</b>", "X", PASSWORD)


def test_a_session_cookie_is_signed_works_once_handed_over_and_ends_at_logout(small_world,
                                                                              fresh_db):
    user = fresh_db.accounts.user("oost")
    code = fresh_db.sessions.start_session(user)
    cookie = fresh_db.sessions.hand_over(code)
    assert fresh_db.sessions.hand_over(code) is None          # the code works once
    assert fresh_db.sessions.session_user(cookie).login == "oost"
    token, signature = cookie.rsplit(".", 1)
    assert fresh_db.sessions.session_user(f"{token}.{'0' * len(signature)}") is None
    assert fresh_db.one("SELECT count(*) FROM sessions WHERE token_hash = ?", [token]) == 0
    fresh_db.sessions.end_session(cookie=cookie)
    assert fresh_db.sessions.session_user(cookie) is None


def test_a_session_expires_after_a_working_day_and_after_idle_time(small_world, fresh_db,
                                                                   monkeypatch):
    user = fresh_db.accounts.user("oost")
    cookie = fresh_db.sessions.hand_over(fresh_db.sessions.start_session(user))
    fresh_db.execute("UPDATE sessions SET last_seen = ?", [datetime.now() - timedelta(hours=3)])
    monkeypatch.setenv("MONITOR_IDLE_MINUTES", "120")
    assert fresh_db.sessions.session_user(cookie) is None     # idle for three hours
    cookie = fresh_db.sessions.hand_over(fresh_db.sessions.start_session(user))
    fresh_db.execute("UPDATE sessions SET expires_at = ? WHERE ended_at IS NULL",
                     [datetime.now() - timedelta(seconds=1)])
    assert fresh_db.sessions.session_user(cookie) is None


def test_a_deactivated_account_cannot_log_in_and_its_sessions_end(small_world, fresh_db):
    user = fresh_db.accounts.user("oost")
    cookie = fresh_db.sessions.hand_over(fresh_db.sessions.start_session(user))
    fresh_db.accounts.set_active("oost", False)
    assert fresh_db.sessions.session_user(cookie) is None
    with pytest.raises(LoginRefused):
        fresh_db.sessions.authenticate("oost", PASSWORD)


def test_single_sign_on_matches_the_e_mail_of_an_account_an_administrator_made(fresh_db):
    fresh_db.accounts.add("jan", "Jan", None, "Jan@School.example", "adviseur")
    assert fresh_db.sessions.match_identity("jan@school.example").login == "jan"
    assert fresh_db.sessions.match_identity("onbekend@school.example") is None
    assert fresh_db.sessions.match_identity(None) is None
    # an e-mail address the identity provider has not verified matches nobody
    assert fresh_db.sessions.match_identity("jan@school.example", verified=False) is None
    assert fresh_db.sessions.match_identity("jan@school.example", verified=True).login == "jan"
    fresh_db.accounts.set_active("jan", False)
    assert fresh_db.sessions.match_identity("jan@school.example") is None


def test_users_change_their_own_password_with_the_old_one(small_world, fresh_db):
    me = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    with pytest.raises(StoreError, match="huidige wachtwoord klopt niet"):
        me.accounts.set_password("oost", "nieuw-wachtwoord", "fout")
    me.accounts.set_password("oost", "nieuw-wachtwoord", PASSWORD)
    assert fresh_db.sessions.authenticate("oost", "nieuw-wachtwoord").login == "oost"


def test_a_session_in_use_stays_open_past_the_idle_time_of_its_last_reload(small_world,
                                                                          fresh_db,
                                                                          monkeypatch):
    from datetime import timedelta

    from implementation.store import sessions as sessions_module
    user = fresh_db.accounts.user("oost")
    cookie = fresh_db.sessions.hand_over(fresh_db.sessions.start_session(user))
    start = sessions_module._now()
    # working for three hours without reloading: the page touches the session meanwhile
    for hours in (1, 2, 3):
        monkeypatch.setattr(sessions_module, "_now", lambda h=hours: start + timedelta(hours=h))
        fresh_db.sessions.touch(cookie)
    monkeypatch.setattr(sessions_module, "_now", lambda: start + timedelta(hours=3, minutes=5))
    assert fresh_db.sessions.session_user(cookie).login == "oost"     # the reload still works


def test_the_first_administrator_can_only_be_made_while_there_are_no_accounts(fresh_db):
    anonymous = fresh_db.acting_as(None)
    anonymous.accounts.add("eerste", "Eerste", "lang-wachtwoord", first_admin=True)
    assert anonymous.accounts.user("eerste").is_admin
    with pytest.raises(Exception, match="er is al een beheerder"):
        anonymous.accounts.add("tweede", "Tweede", "lang-wachtwoord", first_admin=True)
