"""The pages a user is offered, built per user from the core's permissions.

A page that a user may not use is not in their navigation; the core refuses its
writes anyway (pages only hide what the core would refuse).
"""
from __future__ import annotations

import streamlit as st

import shell
from implementation.permissions import Action, User, may_somewhere
from implementation.vocabulary import Role


def _everyone(user: User) -> bool:
    return True


def _writes_assessments(user: User) -> bool:
    """Whoever may fill in a checklist somewhere, and a member of an open team assessment
    (an adviser made a member answers there, though not allowed to write otherwise)."""
    if may_somewhere(user, Action.ASSESSMENT_WRITE) or not user.has(Role.ADVISEUR):
        return True
    return not shell.read.team.open_for_me().empty


def _sees_organisations(user: User) -> bool:
    return user.sees_everything or any(g.organisation_id is not None for g in user.grants) \
        or user.has(Role.EIGENAAR)


def _manages(user: User) -> bool:
    return user.is_admin or user.has(Role.EIGENAAR) or user.has(Role.ORGANISATIE) \
        or user.has(Role.BESTUUR)


# section -> [(file in pages/, title, icon, who)]; the url path is the file name
PAGES = {
    "Overzicht": [("overzicht", "Overzicht", "dashboard", _everyone),
                  ("organisatie", "Organisatie", "domain", _sees_organisations)],
    "Invullen en verbeteren": [("checklist", "Checklist invullen", "fact_check",
                                _writes_assessments),
                               ("verbeterpunten", "Verbeterpunten", "construction", _everyone)],
    "Volgen en vergelijken": [("voortgang", "Voortgang", "trending_up", _everyone),
                              ("monitoring", "Monitoring", "monitoring", _everyone),
                              ("vergelijken", "Vergelijken", "compare", _everyone)],
    "Beheer": [("beheer", "Beheer", "settings", _manages),
               ("gebruikers", "Gebruikers", "group", lambda u: u.is_admin),
               ("logboek", "Logboek", "history",
                lambda u: u.is_admin or u.has(Role.EIGENAAR))],
    "Account": [("account", "Mijn account", "person", _everyone)],
}


def default_page(user: User) -> str:
    boards_first = user.has(Role.BESTUUR) and not user.sees_everything
    return "organisatie" if boards_first else "overzicht"


def pages_for(user: User) -> dict[str, list]:
    first = default_page(user)
    sections = {}
    for section, pages in PAGES.items():
        shown = [st.Page(f"pages/{file}.py", title=title, icon=f":material/{icon}:",
                         default=file == first)
                 for file, title, icon, who in pages if who(user)]
        if shown:
            sections[section] = shown
    return sections


def page_files(user: User) -> list[str]:
    return [file for pages in PAGES.values() for file, _, _, who in pages if who(user)]


def all_page_files() -> list[str]:
    return [file for pages in PAGES.values() for file, *_ in pages]
