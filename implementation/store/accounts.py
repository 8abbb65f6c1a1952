"""Accounts, grants and sessions, kept in the store.

Passwords are hashed with argon2id (argon2-cffi); no password is stored, logged or
shown. Repeated wrong passwords slow down (``MONITOR_LOGIN_DELAY`` seconds per
earlier failure) and after :data:`MAX_FAILURES` lock the account for
:data:`LOCK_MINUTES`; the lock is in the audit trail. A session is a random token
of which only the SHA-256 is stored; the browser holds it in an HttpOnly cookie,
signed with the instance's secret. A session ends at log-out, after
:data:`SESSION_HOURS` (a working day), or after ``MONITOR_IDLE_MINUTES`` without use.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
from datetime import datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import Forbidden, NotFoundError, Refused, StoreError, blank_none, required
from ..permissions import Action, Grant, Target, User
from ..vocabulary import Role
from .database import reads, writes

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 10
HANDOVER_SECONDS = 120
MIN_PASSWORD = 8
LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@\-]{1,63}$")
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("geen-account")  # equal work for unknown logins


def idle_minutes() -> int:
    return int(os.environ.get("MONITOR_IDLE_MINUTES", "120"))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class LoginRefused(Refused):
    pass


class Accounts:
    def __init__(self, db):
        self.db = db

    # -- reading -----------------------------------------------------------

    @reads("accounts")
    def users(self) -> pd.DataFrame:
        """Every account with its grants: for administrators (and the command line without
        --as, which can read the file anyway)."""
        if self.db.actor is not None:
            self._ensure_manager()
        return self.db.query("""
            SELECT u.id, u.login, u.name, u.email, u.active, u.locked_until,
                   list(g.role ORDER BY g.id) FILTER (WHERE g.id IS NOT NULL) AS roles,
                   string_agg(g.role || coalesce(' · ' || i.name, '') || coalesce(' · ' || o.name, ''),
                              '; ' ORDER BY g.id) AS grants
            FROM users u
            LEFT JOIN grants g ON g.user_id = u.id AND g.revoked_at IS NULL
            LEFT JOIN interventions i ON i.id = g.intervention_id
            LEFT JOIN organisations o ON o.id = g.organisation_id
            GROUP BY ALL ORDER BY u.login""")

    def user(self, login: str) -> User:
        rows = self.db.rows("SELECT id, login, name, email, active FROM users "
                            "WHERE login = ?", [str(login).strip().lower()])
        if not rows:
            raise NotFoundError(f"onbekende gebruiker '{str(login)[:64]}'")
        user_id, login, name, email, active = rows[0]
        if not active:
            raise Forbidden(f"het account '{login}' is gedeactiveerd")
        grants = tuple(Grant(Role(r), i, o) for r, i, o in self.db.rows(
            "SELECT role, intervention_id, organisation_id FROM grants WHERE user_id = ? AND "
            "revoked_at IS NULL ORDER BY id", [user_id]))
        return User(user_id, login, name, grants, email)

    def any_users(self) -> bool:
        return bool(self.db.one("SELECT count(*) FROM users"))

    # -- managing ------------------------------------------------------------

    def _ensure_manager(self) -> None:
        self.db.ensure(Action.USERS_MANAGE, Target(description="de gebruikers"))

    @writes("accounts")
    def add(self, login: str, name: str, password: str | None, email: str | None = None,
            role: str | None = None, intervention_id: int | None = None,
            organisation_id: int | None = None, first_admin: bool = False) -> int:
        """A new account, optionally with a first grant. ``first_admin``: the first
        account of an instance without accounts, made by whoever opens it first."""
        if first_admin:
            if self.any_users():
                raise Forbidden("er is al een beheerder; log in om gebruikers toe te voegen")
            role = Role.BEHEERDER.value
        else:
            self._ensure_manager()
        login = _login(login)
        if self.db.one("SELECT id FROM users WHERE login = ?", [login]):
            raise StoreError(f"er is al een gebruiker '{login}'")
        email = _email(email)
        hashed = None if password is None else _hash(password)
        user_id = self.db.one("INSERT INTO users (login, name, email, password_hash) VALUES "
                              "(?, ?, ?, ?) RETURNING id",
                              [login, _display(name), email, hashed])
        self.db.audit.record("user.add", "users", user_id, login=None if not first_admin
                             else login, new={"login": login, "name": _display(name),
                                              "email": email})
        if role is not None:
            self._grant(user_id, login, role, intervention_id, organisation_id,
                        by=login if first_admin else None)
        return user_id

    @writes("accounts")
    def grant(self, login: str, role: str, intervention_id: int | None = None,
              organisation_id: int | None = None) -> None:
        self._ensure_manager()
        user_id = self._id(login)
        self._grant(user_id, login, role, intervention_id, organisation_id)

    def _grant(self, user_id: int, login: str, role: str, intervention_id, organisation_id,
               by: str | None = None) -> None:
        try:
            role = Role(role)
        except ValueError:
            raise StoreError(f"rol moet een van {', '.join(Role.keys())} zijn") from None
        if role is Role.EIGENAAR and intervention_id is None:
            raise StoreError("een eigenaar hoort bij een interventie: geef --intervention")
        if role in (Role.ORGANISATIE, Role.BESTUUR) and organisation_id is None:
            raise StoreError(f"de rol {role.value} hoort bij een organisatie: geef --organisation")
        if role in (Role.BEHEERDER, Role.ADVISEUR) or role is not Role.EIGENAAR:
            intervention_id = None
        if role not in (Role.ORGANISATIE, Role.BESTUUR):
            organisation_id = None
        if intervention_id is not None:
            self.db.registry.intervention(intervention_id)
        if organisation_id is not None:
            self.db.registry.organisation(organisation_id)
        if self.db.one("SELECT id FROM grants WHERE user_id = ? AND role = ? AND revoked_at IS "
                       "NULL AND intervention_id IS NOT DISTINCT FROM ? AND organisation_id IS "
                       "NOT DISTINCT FROM ?", [user_id, role.value, intervention_id,
                                                organisation_id]):
            raise StoreError(f"{login} heeft dit recht al")
        by = by or self.db.actor.login
        grant_id = self.db.one("INSERT INTO grants (user_id, role, intervention_id, "
                               "organisation_id, granted_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
                               [user_id, role.value, intervention_id, organisation_id, by])
        self.db.audit.record("user.grant", "grants", grant_id, intervention_id, organisation_id,
                             new={"login": login, "role": role.value}, login=by)

    @writes("accounts")
    def revoke(self, login: str, role: str, intervention_id: int | None = None,
               organisation_id: int | None = None) -> None:
        self._ensure_manager()
        user_id = self._id(login)
        grant_id = self.db.one("""SELECT max(id) FROM grants WHERE user_id = ? AND role = ?
            AND revoked_at IS NULL AND (? IS NULL OR intervention_id = ?)
            AND (? IS NULL OR organisation_id = ?)""",
                               [user_id, role, intervention_id, intervention_id,
                                organisation_id, organisation_id])
        if grant_id is None:
            raise StoreError(f"{login} heeft geen recht '{role}' om in te trekken")
        if login == self.db.actor.login and role == Role.BEHEERDER.value:
            raise StoreError("u kunt uw eigen beheerdersrecht niet intrekken")
        self.db.execute("UPDATE grants SET revoked_at = current_timestamp, revoked_by = ? "
                        "WHERE id = ?", [self.db.actor.login, grant_id])
        self.db.audit.record("user.revoke", "grants", grant_id, intervention_id,
                             organisation_id, old={"login": login, "role": role})

    @writes("accounts")
    def set_active(self, login: str, active: bool) -> None:
        self._ensure_manager()
        user_id = self._id(login)
        if not active and login == self.db.actor.login:
            raise StoreError("u kunt uw eigen account niet deactiveren")
        self.db.execute("UPDATE users SET active = ? WHERE id = ?", [active, user_id])
        if not active:
            self.db.execute("UPDATE sessions SET ended_at = current_timestamp WHERE user_id = ? "
                            "AND ended_at IS NULL", [user_id])
        self.db.audit.record("user.activate" if active else "user.deactivate", "users", user_id,
                             old={"active": not active}, new={"active": active})

    @writes("accounts")
    def set_password(self, login: str, password: str, old_password: str | None = None) -> None:
        """An administrator sets a password; a user changes their own (with the old one)."""
        actor = self.db.actor
        own = actor is not None and actor.login == login
        if own:
            stored = self.db.one("SELECT password_hash FROM users WHERE login = ?", [login])
            if not _verify(stored, old_password or ""):
                raise StoreError("het huidige wachtwoord klopt niet")
        else:
            self._ensure_manager()
        user_id = self._id(login)
        self.db.execute("UPDATE users SET password_hash = ?, failed_logins = 0, "
                        "locked_until = NULL WHERE id = ?", [_hash(password), user_id])
        self.db.audit.record("user.password", "users", user_id,
                             detail="eigen wachtwoord gewijzigd" if own
                             else "wachtwoord gezet door beheerder")

    def _id(self, login: str) -> int:
        found = self.db.one("SELECT id FROM users WHERE login = ?", [str(login).strip().lower()])
        if found is None:
            raise NotFoundError(f"onbekende gebruiker '{str(login)[:64]}'")
        return found

    # -- logging in ------------------------------------------------------------

    def authenticate(self, login: str, password: str) -> User:
        """The user, or :class:`LoginRefused` with a message that never says whether the
        login exists. Failures are counted, slowed down, and lock the account."""
        login = str(login or "").strip().lower()[:64]
        now = _now()
        row = self.db.rows("SELECT id, password_hash, active, failed_logins, locked_until "
                           "FROM users WHERE login = ?", [login])
        if not row:
            _verify(_DUMMY, password or "")
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
        if not active or not _verify(stored, password or ""):
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

    def match_identity(self, email: str | None) -> User | None:
        """Single sign-on: the active account whose e-mail is the identity provider's."""
        if not email:
            return None
        rows = self.db.rows("SELECT login FROM users WHERE lower(email) = lower(?) AND active",
                            [str(email).strip()])
        if len(rows) != 1:
            return None
        user = self.user(rows[0][0])
        with self.db.transaction():
            self.db.audit.record("login.sso", "users", user.id, login=user.login)
        return user

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


def _hash(password: str) -> str:
    if password is None or len(password) < MIN_PASSWORD:
        raise StoreError(f"een wachtwoord heeft minstens {MIN_PASSWORD} tekens")
    if len(password) > 200:
        raise StoreError("een wachtwoord heeft hoogstens 200 tekens")
    return _hasher.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _login(login) -> str:
    login = required(login, "gebruikersnaam").lower()
    if not LOGIN.match(login):
        raise StoreError("een gebruikersnaam heeft 2 tot 64 tekens: kleine letters, cijfers en "
                         ". _ @ -, beginnend met een letter of cijfer")
    return login


def _display(name) -> str:
    name = required(name, "naam")
    if len(name) > 120 or any(ord(c) < 32 for c in name):
        raise StoreError("een naam heeft hoogstens 120 tekens en geen regeleinden")
    return name


def _email(email) -> str | None:
    email = blank_none(email)
    if email is not None and not re.match(r"^[^@\s<>\"']{1,64}@[^@\s<>\"']{1,190}$", email):
        raise StoreError(f"'{email[:80]}' is geen e-mailadres")
    return email


def demo_hash(password: str) -> str:
    """One hash for every demo account (they share the password 'demo', shorter than a
    real account may have); hashing once keeps the demo load fast."""
    return _hasher.hash(password)
