"""What a user may read, computed from their grants, and the SQL that applies it.

Every scoped query of the store adds one of the fragments below, with the bound
parameters of :meth:`Scope.params`; nothing is filtered after the query, so a
row a user may not see never leaves the database.
"""
from __future__ import annotations

from ..permissions import Scope, User
from ..vocabulary import Role


def scope_of(db, user: User) -> Scope:
    key = (user, db.generation(("registry",)))
    cache = db._shared.scopes
    if key in cache:
        return cache[key]
    full = {g.intervention_id for g in user.grants
            if g.role is Role.EIGENAAR and g.intervention_id is not None}
    roots = [g.organisation_id for g in user.grants
             if g.role in (Role.ORGANISATIE, Role.BESTUUR) and g.organisation_id is not None]
    organisations = set(db.registry.descendants(roots)) if roots else set()
    rows = db.rows("""SELECT id, intervention_id, organisation_id FROM implementations
                      WHERE list_contains($full, intervention_id)
                         OR list_contains($orgs, organisation_id)""",
                   {"full": sorted(full), "orgs": sorted(organisations)})
    implementations = {r[0] for r in rows}
    interventions = full | {r[1] for r in rows}
    named = organisations | {r[2] for r in rows if r[1] in full}
    if named:
        named |= set(db.registry.ancestors(sorted(named)))
    scope = Scope(False, frozenset(interventions), frozenset(full), frozenset(implementations),
                  frozenset(named))
    if len(cache) > 256:
        cache.clear()
    cache[key] = scope
    return scope


def intervention_visible(column: str) -> str:
    return f"($scope_all OR list_contains($scope_interventions, {column}))"


def implementation_visible(column: str) -> str:
    return f"($scope_all OR list_contains($scope_implementations, {column}))"


def organisation_visible(column: str) -> str:
    return f"($scope_all OR list_contains($scope_organisations, {column}))"


def subject_visible(alias: str) -> str:
    """A row about a subject: an implementation needs that implementation, the
    intervention as a whole needs the intervention, an organisation's own subject
    needs the organisation."""
    return (f"(CASE WHEN {alias}.implementation_id IS NOT NULL "
            f"THEN {implementation_visible(alias + '.implementation_id')} "
            f"WHEN {alias}.intervention_id IS NOT NULL "
            f"THEN {intervention_visible(alias + '.intervention_id')} "
            f"ELSE {organisation_visible(alias + '.organisation_id')} END)")


# An indicator is seen with its intervention, or else with its organisation; a
# measurement with its implementation, its location, or else its intervention.
INDICATOR_VISIBLE = (f"(CASE WHEN i.intervention_id IS NOT NULL "
                     f"THEN {intervention_visible('i.intervention_id')} "
                     f"ELSE {organisation_visible('i.organisation_id')} END)")
MEASUREMENT_VISIBLE = (f"(CASE WHEN m.implementation_id IS NOT NULL "
                       f"THEN {implementation_visible('m.implementation_id')} "
                       f"WHEN m.organisation_id IS NOT NULL "
                       f"THEN {organisation_visible('m.organisation_id')} "
                       f"ELSE {intervention_visible('m.intervention_id')} END)")
