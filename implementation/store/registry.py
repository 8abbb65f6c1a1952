"""The registry: interventions, organisations (boards with locations) and implementations."""
from __future__ import annotations

from datetime import date
from numbers import Integral

import pandas as pd

from ..errors import NotFoundError, StoreError, blank_none, first_row, missing, required
from ..permissions import Action, Target
from ..vocabulary import Aansturing, DoelVerspreiding, OrganisationKind
from .database import reads, writes
from .scopes import implementation_visible, intervention_visible, organisation_visible

PROFILE_FIELDS = ("owner", "aansturing", "doel_verspreiding", "dei_status", "licence",
                  "description")
MAX_NAME = 200


class Registry:
    def __init__(self, db):
        self.db = db

    # -- interventions -----------------------------------------------------

    @writes("registry")
    def add_intervention(self, name: str, **profile) -> int:
        self.db.ensure(Action.INTERVENTION_ADD, Target(description="het dashboard"))
        name = _name(name)
        profile = _profile(profile)
        if self.db.one("SELECT id FROM interventions WHERE lower(name) = lower(?)", [name]):
            raise StoreError(f"er is al een interventie met de naam '{name}'")
        columns = ["name", *profile]
        new_id = self.db.one(f"INSERT INTO interventions ({', '.join(columns)}) "
                             f"VALUES ({', '.join('?' * len(columns))}) RETURNING id",
                             [name, *profile.values()])
        self.db.audit.record("intervention.add", "interventions", new_id, new_id,
                             new={"name": name, **profile})
        return new_id

    @writes("registry")
    def update_intervention(self, intervention_id: int, **profile) -> None:
        current = self.db.unscoped.registry.intervention(intervention_id)
        self.db.ensure(Action.INTERVENTION_EDIT, self.target(intervention_id))
        name = profile.pop("name", None)
        profile = _profile(profile)
        if name is not None:
            profile["name"] = _name(name)
            if self.db.one("SELECT id FROM interventions WHERE lower(name) = lower(?) "
                           "AND id <> ?", [profile["name"], intervention_id]):
                raise StoreError(f"er is al een interventie met de naam '{profile['name']}'")
        changed = {k: v for k, v in profile.items() if current.get(k) != v}
        if not changed:
            raise StoreError("er is niets gewijzigd")
        for column, value in changed.items():  # column names come from PROFILE_FIELDS
            self.db.execute(f"UPDATE interventions SET {column} = ? WHERE id = ?",
                            [value, intervention_id])
        self.db.audit.record("intervention.update", "interventions", intervention_id,
                             intervention_id, old={k: current.get(k) for k in changed},
                             new=changed)

    @reads("registry")
    def interventions(self) -> pd.DataFrame:
        return self.db.query(f"""SELECT id, name, {', '.join(PROFILE_FIELDS)}
            FROM interventions WHERE {intervention_visible('id')} ORDER BY name""",
                             self.db.scope.params())

    @reads("registry")
    def intervention(self, ref: int | str) -> dict:
        """An intervention by id or by (case-insensitive) name, if the user may see it."""
        found = self._find("interventions", ref, "interventie")
        if not self.db.scope.sees_intervention(found["id"]):
            raise NotFoundError(f"onbekende interventie '{ref}'")
        return found

    def _find(self, table: str, ref: int | str, noun: str) -> dict:
        # table comes from the fixed callers in this module, never from input
        if isinstance(ref, str) and ref.strip().isdigit():
            ref = int(ref)
        if isinstance(ref, Integral):
            frame = self.db.query(f"SELECT * FROM {table} WHERE id = ?", [int(ref)])
        else:
            frame = self.db.query(f"SELECT * FROM {table} WHERE lower(name) = lower(?)",
                                  [str(ref).strip()])
        if frame.empty:
            raise NotFoundError(f"onbekende {noun} '{str(ref)[:80]}'")
        return first_row(frame)

    # -- organisations -----------------------------------------------------

    @writes("registry")
    def add_organisation(self, name: str, kind: str, parent_id: int | None = None,
                         place: str | None = None) -> int:
        self.db.ensure(Action.ORGANISATION_WRITE, Target(description="het dashboard"))
        name, kind = _name(name), _kind(kind)
        if self.db.one("SELECT id FROM organisations WHERE lower(name) = lower(?)", [name]):
            raise StoreError(f"er is al een organisatie met de naam '{name}'")
        if parent_id is not None:
            self.organisation(parent_id)
        new_id = self.db.one("INSERT INTO organisations (name, kind, parent_id, place) "
                             "VALUES (?, ?, ?, ?) RETURNING id",
                             [name, kind, parent_id, blank_none(place)])
        self.db.audit.record("organisation.add", "organisations", new_id, organisation_id=new_id,
                             new={"name": name, "kind": kind, "parent_id": parent_id,
                                  "place": blank_none(place)})
        return new_id

    @writes("registry")
    def update_organisation(self, organisation_id: int, name: str, kind: str,
                            parent_id: int | None, place: str | None) -> None:
        self.db.ensure(Action.ORGANISATION_WRITE, Target(description="het dashboard"))
        current = self.organisation(organisation_id)
        new = {"name": _name(name), "kind": _kind(kind), "parent_id": parent_id,
               "place": blank_none(place)}
        if self.db.one("SELECT id FROM organisations WHERE lower(name) = lower(?) AND id <> ?",
                       [new["name"], organisation_id]):
            raise StoreError(f"er is al een organisatie met de naam '{new['name']}'")
        if parent_id is not None and organisation_id in self.ancestors([parent_id]):
            raise StoreError("een organisatie kan niet onder zichzelf of onder een van haar "
                             "eigen locaties vallen")
        changed = {k: v for k, v in new.items() if current.get(k) != v}
        if not changed:
            raise StoreError("er is niets gewijzigd")
        self.db.execute("UPDATE organisations SET name = ?, kind = ?, parent_id = ?, place = ? "
                        "WHERE id = ?", [*new.values(), organisation_id])
        self.db.audit.record("organisation.update", "organisations", organisation_id,
                             organisation_id=organisation_id,
                             old={k: current.get(k) for k in changed}, new=changed)

    def ancestors(self, organisation_ids: list[int]) -> list[int]:
        """The organisations and every board above them."""
        return [r[0] for r in self.db.rows("""
            WITH RECURSIVE up(id, parent_id) AS (
                SELECT id, parent_id FROM organisations WHERE list_contains($ids, id)
                UNION SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)
            SELECT DISTINCT id FROM up""", {"ids": [int(i) for i in organisation_ids]})]

    def descendants(self, organisation_ids: list[int]) -> list[int]:
        """The organisations and all their locations (at any depth)."""
        return [r[0] for r in self.db.rows("""
            WITH RECURSIVE down(id) AS (
                SELECT id FROM organisations WHERE list_contains($ids, id)
                UNION SELECT o.id FROM organisations o JOIN down ON o.parent_id = down.id)
            SELECT DISTINCT id FROM down""", {"ids": [int(i) for i in organisation_ids]})]

    @reads("registry")
    def descendants_visible(self, organisation_id: int) -> list[int]:
        """The organisation and its locations that the user may see."""
        return [i for i in self.descendants([organisation_id])
                if self.db.scope.sees_organisation(i)]

    @reads("registry")
    def organisations(self) -> pd.DataFrame:
        return self.db.query(f"""
            SELECT o.id, o.name, o.kind, o.parent_id, p.name AS parent, o.place,
                   (SELECT count(*) FROM organisations c WHERE c.parent_id = o.id) AS locations
            FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id
            WHERE {organisation_visible('o.id')}
            ORDER BY coalesce(p.name, o.name), o.parent_id NULLS FIRST, o.name""",
                             self.db.scope.params())

    @reads("registry")
    def organisation(self, ref: int | str) -> dict:
        found = self._find("organisations", ref, "organisatie")
        if not self.db.scope.sees_organisation(found["id"]):
            raise NotFoundError(f"onbekende organisatie '{ref}'")
        return found

    @reads("registry")
    def boards(self) -> pd.DataFrame:
        """Organisations that have locations."""
        return self.db.query(f"""SELECT o.id, o.name, count(*) AS locations
            FROM organisations o JOIN organisations c ON c.parent_id = o.id
            WHERE {organisation_visible('o.id')}
            GROUP BY o.id, o.name ORDER BY o.name""", self.db.scope.params())

    @reads("registry")
    def locations(self, board_id: int) -> pd.DataFrame:
        """The board's locations (at any depth), by name."""
        ids = [i for i in self.descendants([board_id]) if i != board_id]
        return self.db.query(f"""SELECT id, name, kind, place FROM organisations
            WHERE list_contains($ids, id) AND {organisation_visible('id')} ORDER BY name""",
                             {"ids": ids, **self.db.scope.params()})

    # -- implementations ------------------------------------------------------

    @writes("registry")
    def add_implementation(self, intervention_id: int, organisation_id: int,
                           started_on: date) -> int:
        intervention = self.db.unscoped.registry.intervention(intervention_id)
        organisation = self.db.unscoped.registry.organisation(organisation_id)
        self.db.ensure(Action.IMPLEMENTATION_WRITE, Target(
            "intervention", intervention_id,
            description=f"{intervention['name']} bij {organisation['name']}"))
        if self.db.one("SELECT id FROM implementations WHERE intervention_id = ? "
                       "AND organisation_id = ? AND ended_on IS NULL",
                       [intervention_id, organisation_id]):
            raise StoreError("deze organisatie voert deze interventie al uit")
        new_id = self.db.one("INSERT INTO implementations (intervention_id, organisation_id, "
                             "started_on) VALUES (?, ?, ?) RETURNING id",
                             [intervention_id, organisation_id, started_on])
        self.db.audit.record("implementation.add", "implementations", new_id, intervention_id,
                             organisation_id, new={"started_on": started_on})
        return new_id

    @writes("registry")
    def update_implementation(self, implementation_id: int, started_on: date,
                              ended_on: date | None) -> None:
        """Correct the start date, or end (or reopen) an implementation."""
        current = self.db.unscoped.registry.implementation(implementation_id)
        self.db.ensure(Action.IMPLEMENTATION_WRITE, Target(
            "intervention", current["intervention_id"], description=current["label"]))
        if ended_on is not None and ended_on < started_on:
            raise StoreError("de einddatum ligt vóór de startdatum")
        old = {"started_on": _day(current["started_on"]), "ended_on": _day(current["ended_on"])}
        new = {"started_on": started_on, "ended_on": ended_on}
        if old == new:
            raise StoreError("er is niets gewijzigd")
        self.db.execute("UPDATE implementations SET started_on = ?, ended_on = ? WHERE id = ?",
                        [started_on, ended_on, implementation_id])
        self.db.audit.record("implementation.update", "implementations", implementation_id,
                             current["intervention_id"], current["organisation_id"], old, new)

    @reads("registry")
    def implementations(self, intervention_id: int | None = None,
                        organisation_ids: list[int] | None = None) -> pd.DataFrame:
        return self.db.query(f"""
            SELECT m.id, m.intervention_id, i.name AS intervention, m.organisation_id,
                   o.name AS organisation, o.parent_id AS board_id, b.name AS board,
                   m.started_on, m.ended_on, o.name || ' · ' || i.name AS label
            FROM implementations m
            JOIN interventions i ON i.id = m.intervention_id
            JOIN organisations o ON o.id = m.organisation_id
            LEFT JOIN organisations b ON b.id = o.parent_id
            WHERE ($intervention IS NULL OR m.intervention_id = $intervention)
              AND ($orgs IS NULL OR list_contains($orgs, m.organisation_id))
              AND {implementation_visible('m.id')}
            ORDER BY i.name, o.name""", {"intervention": intervention_id,
                                         "orgs": organisation_ids, **self.db.scope.params()})

    @reads("registry")
    def implementation(self, implementation_id: int) -> dict:
        found = self.implementations()
        found = found[found["id"] == int(implementation_id)]
        if found.empty:
            raise NotFoundError(f"onbekende implementatie {implementation_id}")
        return first_row(found)

    @reads("registry")
    def implementation_of(self, intervention_id: int, organisation_id: int) -> int:
        found = self.db.one(f"""SELECT max(id) FROM implementations m WHERE intervention_id = $i
                                AND organisation_id = $o AND {implementation_visible('m.id')}""",
                            {"i": intervention_id, "o": organisation_id,
                             **self.db.scope.params()})
        if found is None:
            raise NotFoundError("deze organisatie voert deze interventie niet uit")
        return found

    # -- subjects ---------------------------------------------------------------

    @reads("registry")
    def target(self, intervention_id: int | None = None, implementation_id: int | None = None,
               organisation_id: int | None = None, respondents=()) -> Target:
        """The permission target of a subject, with a description for messages. The most
        specific of the three names the subject (missing values may be None or NaN). A
        subject the user may not see is not named (the description stays generic)."""
        intervention_id, implementation_id, organisation_id = (
            None if missing(v) else int(v)
            for v in (intervention_id, implementation_id, organisation_id))
        if implementation_id is not None:
            row = self.db.rows("SELECT m.intervention_id, m.organisation_id, i.name, o.name "
                               "FROM implementations m JOIN interventions i ON i.id = "
                               "m.intervention_id JOIN organisations o ON o.id = "
                               "m.organisation_id WHERE m.id = ?", [implementation_id])
            if not row:
                raise NotFoundError(f"onbekende implementatie {implementation_id}")
            intervention_id, organisation_id, intervention, organisation = row[0]
            return Target("implementation", intervention_id,
                          frozenset(self.ancestors([organisation_id])), frozenset(respondents),
                          f"{intervention} bij {organisation}"
                          if self.db.scope.sees_implementation(implementation_id)
                          else HIDDEN_SUBJECT)
        if intervention_id is not None:
            name = self.db.one("SELECT name FROM interventions WHERE id = ?", [intervention_id])
            if name is None:
                raise NotFoundError(f"onbekende interventie {intervention_id}")
            return Target("intervention", intervention_id, frozenset(), frozenset(respondents),
                          f"{name} (de interventie als geheel)"
                          if self.db.scope.sees_intervention(intervention_id) else HIDDEN_SUBJECT)
        if organisation_id is not None:
            name = self.db.one("SELECT name FROM organisations WHERE id = ?", [organisation_id])
            if name is None:
                raise NotFoundError(f"onbekende organisatie {organisation_id}")
            return Target("organisation", None, frozenset(self.ancestors([organisation_id])),
                          frozenset(respondents),
                          name if self.db.scope.sees_organisation(organisation_id)
                          else HIDDEN_SUBJECT)
        return Target(description="het dashboard")

    def subject_label(self, intervention_id: int | None, implementation_id: int | None,
                      organisation_id: int | None) -> str:
        return self.target(intervention_id, implementation_id, organisation_id).description


HIDDEN_SUBJECT = "een onderwerp buiten uw rechten"


def _name(name) -> str:
    name = required(name, "naam")
    if len(name) > MAX_NAME:
        raise StoreError(f"een naam is hoogstens {MAX_NAME} tekens lang")
    if any(ord(c) < 32 for c in name):
        raise StoreError("een naam mag geen regeleinden of andere stuurtekens bevatten")
    return name


def _kind(kind) -> str:
    kind = required(kind, "soort")
    if kind not in OrganisationKind.keys():
        raise StoreError(f"soort moet een van {', '.join(OrganisationKind.keys())} zijn")
    return kind


def _profile(profile: dict) -> dict:
    """Validated profile fields; empty texts become None."""
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise StoreError(f"onbekende profielvelden: {', '.join(sorted(unknown))}")
    profile = {k: blank_none(v) for k, v in profile.items()}
    if profile.get("aansturing") not in (None, *Aansturing.keys()):
        raise StoreError(f"aansturing moet een van {', '.join(Aansturing.keys())} zijn")
    if profile.get("doel_verspreiding") not in (None, *DoelVerspreiding.keys()):
        raise StoreError("doel van verspreiding moet een van "
                         f"{', '.join(DoelVerspreiding.keys())} zijn")
    for key, value in profile.items():
        if value is not None and len(value) > 5000:
            raise StoreError(f"{key} is te lang (hoogstens 5000 tekens)")
    return profile


def _day(value) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
