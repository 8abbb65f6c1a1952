"""Logging in and sessions, kept in the store.

Repeated wrong passwords slow down (``MONITOR_LOGIN_DELAY`` seconds per earlier
failure) and after :data:`MAX_FAILURES` lock the account for :data:`LOCK_MINUTES`;
the lock is in the audit trail. A session is a random token of which only the
SHA-256 is stored; the browser holds it in an HttpOnly cookie, signed with the
instance's secret. A session ends at log-out, after :data:`SESSION_HOURS` (a
working day), or after ``MONITOR_IDLE_MINUTES`` without use.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from datetime import datetime, timedelta

from ..errors import Refused
from ..passwords import dummy_hash, verify_password
from ..permissions import User

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 10
HANDOVER_SECONDS = 120


def idle_minutes() -> int:
    return int(os.environ.get("MONITOR_IDLE_MINUTES", "120"))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class LoginRefused(Refused):
    pass


class Sessions:
    def __init__(self, db):
        self.db = db

    def user(self, login: str) -> User:
        return self.db.accounts.user(login)

    # -- logging in ------------------------------------------------------------

    def authenticate(self, login: str, password: str) -> User:
        """The user, or :class:`LoginRefused` with a message that never says whether the
        login exists. Failures are counted, slowed down, and lock the account."""
        login = str(login or "").strip().lower()[:64]
        now = _now()
        row = self.db.rows("SELECT id, password_hash, active, failed_logins, locked_until "
                           "FROM users WHERE login = ?", [login])
        if not row:
            verify_password(dummy_hash(), password or "")
            self._log_failure(login, "onbekende gebruikersnaam")
            raise LoginRefused("gebruikersnaam of wachtwoord klopt niet")
        user_id, stored, active, failures, locked_until = row[0]
        if locked_until is not None and locked_until > now:
            minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
            self._log_failure(login, "account geblokkeerd")
            raise LoginRefused(f"dit account is tijdelijk geblokkeerd na {MAX_FAILURES} mislukte "
                               f"pogingen; probeer het over {minutes} minuten opnieuw of vraag "
                               "de beheerder")
        time.sleep(float(os.environ.get("MONITOR_LOGIN_DELAY", "1")) * min(failures, 4))
        if not active or not verify_password(stored, password or ""):
            with self.db.transaction():
                failures += 1
                lock = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
                self.db.execute("UPDATE users SET failed_logins = ?, locked_until = ? "
                                "WHERE id = ?", [0 if lock else failures, lock, user_id])
                self.db.audit.record("login.failed", "users", user_id, login=login,
                                     detail="gedeactiveerd account" if not active
                                     else f"wrong password ({failures} op rij)")
                if lock:
                    self.db.audit.record("login.locked", "users", user_id, login=login,
                                         detail=f"geblokkeerd tot {lock:%d-%m-%Y %H:%M}")
            if lock:
                raise LoginRefused(f"dit account is nu {LOCK_MINUTES} minuten geblokkeerd na "
                                   f"{MAX_FAILURES} mislukte pogingen")
            raise LoginRefused("gebruikersnaam of wachtwoord klopt niet")
        with self.db.transaction():
            self.db.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?",
                            [user_id])
            self.db.audit.record("login", "users", user_id, login=login)
        return self.user(login)

    def _log_failure(self, login: str, detail: str) -> None:
        with self.db.transaction():
            self.db.audit.record("login.failed", login=login or "(leeg)", detail=detail)

    def match_identity(self, email: str | None, verified: bool | None = None) -> User | None:
        """Single sign-on: the one active account whose e-mail is the identity provider's.
        An e-mail the provider says it has not verified matches nobody."""
        if not email or verified is False:
            return None
        rows = self.db.rows("SELECT login FROM users WHERE lower(email) = lower(?) AND active",
                            [str(email).strip()])
        if len(rows) != 1:
            return None
        user = self.user(rows[0][0])
        with self.db.transaction():
            self.db.audit.record("login.sso", "users", user.id, login=user.login)
        return user

    def log_sso_logout(self, user: User, reason: str) -> None:
        with self.db.transaction():
            self.db.audit.record("logout", "users", user.id, login=user.login,
                                 detail=f"{reason} (eenmalige aanmelding)")

    # -- sessions --------------------------------------------------------------------

    def start_session(self, user: User) -> str:
        """A new session for ``user``; returns a one-time handover code. The browser
        exchanges it (once, within two minutes) for the session cookie, so that the
        token itself never appears in the page."""
        code, now = secrets.token_urlsafe(24), _now()
        with self.db.transaction():
            self.db.execute("""INSERT INTO sessions (token_hash, user_id, created_at, last_seen,
                                   expires_at, handover_hash, handover_until)
                               VALUES (?, ?, ?, ?, ?, ?, ?)""",
                            ["pending:" + _digest(code), user.id, now, now,
                             now + timedelta(hours=SESSION_HOURS), _digest(code),
                             now + timedelta(seconds=HANDOVER_SECONDS)])
        return code

    def hand_over(self, code: str) -> str | None:
        """The signed cookie value for the session of a handover code, once."""
        digest, token = _digest(str(code or "")[:100]), secrets.token_urlsafe(32)
        with self.db.transaction():
            found = self.db.rows("SELECT token_hash FROM sessions WHERE handover_hash = ? AND "
                                 "handover_until >= ? AND ended_at IS NULL", [digest, _now()])
            if not found:
                return None
            self.db.execute("UPDATE sessions SET token_hash = ?, handover_until = NULL "
                            "WHERE token_hash = ?",
                            [_digest(token), found[0][0]])
        return self.sign(token)

    def session_user(self, cookie: str | None) -> User | None:
        """The user of a valid session cookie (signed, not ended, not expired, not idle)."""
        token_hash = self._unsigned(cookie)
        if token_hash is None:
            return None
        now = _now()
        rows = self.db.rows("""SELECT s.last_seen, u.login FROM sessions s
            JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.expires_at > ? AND u.active""",
                            [token_hash, now])
        if not rows:
            return None
        last_seen, login = rows[0]
        if last_seen + timedelta(minutes=idle_minutes()) < now:
            self._end(token_hash, "verlopen na inactiviteit")
            return None
        if (now - last_seen).total_seconds() > 60:
            with self.db.transaction():
                self.db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
                                [now, token_hash])
        return self.user(login)

    def touch(self, cookie: str | None = None, code: str | None = None) -> None:
        """The user is active: move the session's ``last_seen`` on, so that the cookie of
        someone who works without reloading still opens the next reload."""
        token_hash = self._unsigned(cookie) if cookie else None
        with self.db.transaction():
            if token_hash:
                self.db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND "
                                "ended_at IS NULL", [_now(), token_hash])
            elif code:
                self.db.execute("UPDATE sessions SET last_seen = ? WHERE handover_hash = ? AND "
                                "ended_at IS NULL", [_now(), _digest(str(code)[:100])])

    def end_session(self, cookie: str | None = None, code: str | None = None,
                    reason: str = "uitgelogd") -> None:
        """End a session, found by its cookie or by the handover code it started with;
        the cookie is not accepted afterwards."""
        if cookie:
            token_hash = self._unsigned(cookie)
            if token_hash:
                self._end(token_hash, reason)
        if code:
            for (token_hash,) in self.db.rows(
                    "SELECT token_hash FROM sessions WHERE handover_hash = ?", [_digest(code)]):
                self._end(token_hash, reason)

    def _end(self, token_hash: str, reason: str) -> None:
        with self.db.transaction():
            found = self.db.rows("SELECT u.login, u.id FROM sessions s JOIN users u ON "
                                 "u.id = s.user_id WHERE s.token_hash = ? AND s.ended_at IS NULL",
                                 [token_hash])
            self.db.execute("UPDATE sessions SET ended_at = current_timestamp "
                            "WHERE token_hash = ?", [token_hash])
            if found:
                self.db.audit.record("logout", "users", found[0][1], login=found[0][0],
                                     detail=reason)

    def sign(self, token: str) -> str:
        """The cookie value: the token and an HMAC of it with the instance's secret."""
        mac = hmac.new(self._secret(), token.encode(), hashlib.sha256).hexdigest()
        return f"{token}.{mac}"

    def _unsigned(self, cookie: str | None) -> str | None:
        """The stored hash of a cookie's token, if its signature is right."""
        if not cookie or "." not in cookie or len(cookie) > 200:
            return None
        token, mac = cookie.rsplit(".", 1)
        expected = hmac.new(self._secret(), token.encode(), hashlib.sha256).hexdigest()
        return _digest(token) if hmac.compare_digest(mac, expected) else None

    def _secret(self) -> bytes:
        configured = os.environ.get("MONITOR_SECRET")
        if configured:
            return configured.encode()
        stored = self.db.setting("session_secret")
        if stored is None:
            stored = secrets.token_hex(32)
            with self.db.transaction():
                self.db.set_setting("session_secret", stored)
        return stored.encode()


