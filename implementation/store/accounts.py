"""Accounts and grants, kept in the store. Passwords are hashed with argon2id (see
:mod:`implementation.passwords`); logging in and sessions are in :mod:`.sessions`.
"""
from __future__ import annotations

import re

import pandas as pd

from ..errors import Forbidden, NotFoundError, StoreError, blank_none, required
from ..passwords import hash_password, verify_password
from ..permissions import Action, Grant, Target, User
from ..vocabulary import Role
from .database import reads, writes

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@\-]{1,63}$")


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
        hashed = None if password is None else hash_password(password)
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
            if not verify_password(stored, old_password or ""):
                raise StoreError("het huidige wachtwoord klopt niet")
        else:
            self._ensure_manager()
        user_id = self._id(login)
        self.db.execute("UPDATE users SET password_hash = ?, failed_logins = 0, "
                        "locked_until = NULL WHERE id = ?", [hash_password(password), user_id])
        self.db.audit.record("user.password", "users", user_id,
                             detail="eigen wachtwoord gewijzigd" if own
                             else "wachtwoord gezet door beheerder")

    def _id(self, login: str) -> int:
        found = self.db.one("SELECT id FROM users WHERE login = ?", [str(login).strip().lower()])
        if found is None:
            raise NotFoundError(f"onbekende gebruiker '{str(login)[:64]}'")
        return found


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
