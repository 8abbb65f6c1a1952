"""Who may do what: users, grants, and the one function that decides.

Every write of the store calls :func:`ensure` with the acting user, the action
and its target before it writes anything; every read is filtered by the user's
:class:`Scope` inside its query. Pages only hide what this module would refuse
anyway. The rules, as a table (also in the README):

============  ==============================================  =========================================
grant         sees                                            changes
============  ==============================================  =========================================
beheerder     everything                                      everything, including users
eigenaar X    all of X, every implementation of X and the     X's profile, assessments of X as a whole
              organisations that run it                       (all perspectives), X's actions as a
                                                              whole, X's indicators, the measurements
                                                              of X (also per school), X's
                                                              implementations; X's audit trail
organisatie O O and its locations: their implementations,     assessments of those implementations
              their own checklists, their actions and         (meso and micro) and of O's own
              measurements; the national figures (the         checklists, their actions, their
              intervention as a whole, aggregates without     measurements
              other schools' names) of the interventions
              they run
bestuur B     B and all its locations, across every           B's own indicators and their
              intervention they run; national figures as      measurements per location, the
              above                                           obligations checklist of its locations,
                                                              and the actions on those (not the
                                                              schools' implementation assessments:
                                                              those are the locations' own work)
adviseur      everything, read only                           nothing
============  ==============================================  =========================================

Anyone who is a respondent of a team assessment may give their own answers to it.
Reports and exports are open to every user, for what that user may see.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import Forbidden
from .vocabulary import Role, Term


class Action(Term):
    INTERVENTION_ADD = "intervention.add", "een interventie toevoegen"
    INTERVENTION_EDIT = "intervention.edit", "het profiel van een interventie wijzigen"
    ORGANISATION_WRITE = "organisation.write", "organisaties toevoegen of wijzigen"
    IMPLEMENTATION_WRITE = "implementation.write", "implementaties vastleggen"
    ASSESSMENT_WRITE = "assessment.write", "een beoordeling invullen"
    RESPOND = "assessment.respond", "als teamlid een beoordeling invullen"
    ACTION_WRITE = "action.write", "verbeteracties vastleggen"
    INDICATOR_WRITE = "indicator.write", "indicatoren vastleggen"
    MEASUREMENT_WRITE = "measurement.write", "metingen vastleggen"
    USERS_MANAGE = "users.manage", "gebruikers beheren"
    AUDIT_READ = "audit.read", "het logboek lezen"


@dataclass(frozen=True)
class Grant:
    role: Role
    intervention_id: int | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class User:
    id: int | None
    login: str
    name: str
    grants: tuple[Grant, ...] = ()
    email: str | None = None

    def has(self, role: Role) -> bool:
        return any(g.role is role for g in self.grants)

    @property
    def is_admin(self) -> bool:
        return self.has(Role.BEHEERDER)

    @property
    def sees_everything(self) -> bool:
        return self.has(Role.BEHEERDER) or self.has(Role.ADVISEUR)


# The user of the demo loader and of upgrades; it cannot log in (no password).
SYSTEM = User(None, "systeem", "Systeem", (Grant(Role.BEHEERDER),))


@dataclass(frozen=True)
class Target:
    """What an action is done to. ``kind`` is 'global' (no subject), 'intervention' (an
    intervention as a whole), 'implementation' (one organisation's implementation) or
    'organisation' (an organisation's own checklist, indicator or measurement).
    ``organisations`` holds the subject's organisation and every board above it."""

    kind: str = "global"
    intervention_id: int | None = None
    organisations: frozenset[int] = frozenset()
    respondents: frozenset[str] = frozenset()
    description: str = "deze gegevens"


Rule = Callable[[Grant, Target], bool]


def _own_intervention(grant: Grant, target: Target) -> bool:
    return target.intervention_id is not None and target.intervention_id == grant.intervention_id


def _intervention_as_whole(grant: Grant, target: Target) -> bool:
    return target.kind == "intervention" and _own_intervention(grant, target)


def _own_organisation(*kinds: str) -> Rule:
    def rule(grant: Grant, target: Target) -> bool:
        return target.kind in kinds and grant.organisation_id in target.organisations
    return rule


RULES: dict[Role, dict[Action, Rule]] = {
    Role.EIGENAAR: {
        Action.INTERVENTION_EDIT: _intervention_as_whole,
        Action.IMPLEMENTATION_WRITE: _own_intervention,
        Action.ASSESSMENT_WRITE: _intervention_as_whole,
        Action.ACTION_WRITE: _intervention_as_whole,
        Action.INDICATOR_WRITE: _own_intervention,
        Action.MEASUREMENT_WRITE: _own_intervention,
        Action.AUDIT_READ: _own_intervention,
    },
    Role.ORGANISATIE: {
        Action.ASSESSMENT_WRITE: _own_organisation("implementation", "organisation"),
        Action.ACTION_WRITE: _own_organisation("implementation", "organisation"),
        Action.MEASUREMENT_WRITE: _own_organisation("implementation", "organisation"),
    },
    Role.BESTUUR: {
        Action.ASSESSMENT_WRITE: _own_organisation("organisation"),
        Action.ACTION_WRITE: _own_organisation("organisation"),
        Action.INDICATOR_WRITE: _own_organisation("organisation"),
        Action.MEASUREMENT_WRITE: _own_organisation("organisation"),
    },
    Role.ADVISEUR: {},
}


def allowed(user: User | None, action: Action, target: Target = Target()) -> bool:
    """The one decision: may ``user`` do ``action`` to ``target``?"""
    if user is None:
        return False
    if user.is_admin:
        return True
    if action is Action.RESPOND and user.login in target.respondents:
        return True
    if action is Action.RESPOND:
        action = Action.ASSESSMENT_WRITE
    return any(RULES.get(g.role, {}).get(action, lambda *_: False)(g, target)
               for g in user.grants)


def ensure(user: User | None, action: Action, target: Target = Target()) -> None:
    """Refuse, with a Dutch sentence naming the user, the action and the subject."""
    if user is None:
        raise Forbidden(f"geweigerd: {action.label} kan alleen met een gebruiker (log in, of "
                        "geef op de opdrachtregel --as GEBRUIKER); er is niets opgeslagen")
    if not allowed(user, action, target):
        raise Forbidden(f"geweigerd: {user.login} mag niet {action.label} voor "
                        f"{target.description}; er is niets opgeslagen")


def may_somewhere(user: User | None, action: Action) -> bool:
    """Whether any target could allow ``action`` (to decide which pages and forms to
    offer); the write itself still goes through :func:`ensure`."""
    if user is None:
        return False
    if user.is_admin:
        return True
    if action is Action.RESPOND:
        return True
    return any(action in RULES.get(g.role, {}) for g in user.grants)


@dataclass(frozen=True)
class Scope:
    """What a user may read. ``everything`` for beheerder and adviseur; otherwise the
    interventions seen in full (owner), the interventions seen nationally (as a whole
    and in aggregates), and the implementations and organisations seen by name."""

    everything: bool = False
    interventions: frozenset[int] = frozenset()          # as a whole (national figures)
    full_interventions: frozenset[int] = frozenset()     # every implementation too
    implementations: frozenset[int] = frozenset()
    organisations: frozenset[int] = frozenset()
    key: tuple = field(default=(), compare=False)

    def sees_intervention(self, intervention_id: int | None) -> bool:
        return self.everything or intervention_id in self.interventions

    def sees_implementation(self, implementation_id: int | None) -> bool:
        return self.everything or implementation_id in self.implementations

    def sees_organisation(self, organisation_id: int | None) -> bool:
        return self.everything or organisation_id in self.organisations

    def params(self) -> dict:
        """Bound parameters for the store's scoped queries."""
        return {"scope_all": self.everything,
                "scope_interventions": sorted(self.interventions),
                "scope_implementations": sorted(self.implementations),
                "scope_organisations": sorted(self.organisations)}


EVERYTHING = Scope(everything=True)
