"""The shared sidebar: who is logged in, and what the pages are about.

A user starts from an intervention (and optionally one organisation that runs it)
or from an organisation (a board, a school or a location; and optionally one of
the interventions it runs). Its widgets live in the entry script, so the choice
carries across pages. Only what the user may see is offered.
"""
from __future__ import annotations

import streamlit as st

import auth
import shell
import ui
from implementation.demo import has_demo
from implementation.permissions import User
from implementation.vocabulary import Role

OWN = "— de organisatie zelf —"
START = {"intervention": "Interventie", "organisation": "Organisatie"}


def show(user: User) -> shell.Selection | None:
    with st.sidebar:
        st.caption(f"Ingelogd als **{ui.text(user.name)}** · {ui.text(user.login)}")
        st.button("Uitloggen", key="logout", icon=":material/logout:", on_click=auth.logout)
        auth.hand_over_cookie()
        interventions = shell.read.registry.interventions()
        organisations = shell.read.registry.organisations()
        if interventions.empty and organisations.empty:
            st.warning("Er zijn nog geen interventies of organisaties. Voeg ze toe onder Beheer.")
            return None
        if "start_from" not in st.session_state:
            st.session_state["start_from"] = (
                "organisation" if (user.has(Role.BESTUUR) or user.has(Role.ORGANISATIE))
                and not user.sees_everything else "intervention")
        mode = st.segmented_control("Beginnen bij", list(START), format_func=START.get,
                                    key="start_from", width="stretch") or "intervention"
        if mode == "organisation" and not organisations.empty:
            chosen = _from_organisation(user, organisations)
        else:
            chosen = _from_intervention(user, interventions)
        if has_demo(shell.root()):
            st.caption("Demogegevens: namen, datums en cijfers met *(voorbeeld)* zijn "
                       "verzonnen; de rest komt uit de brondocumenten.")
        st.caption(f"Database: `{ui.text(shell.root().path)}`")
        if user.is_admin:
            for error in shell.root().checklist_errors:
                st.error(f"Checklist niet geladen: {ui.text(error)}")
    return chosen


def _from_intervention(user: User, interventions) -> shell.Selection | None:
    if interventions.empty:
        st.info("U ziet nog geen interventies.")
        return None
    names = dict(zip(interventions["id"], interventions["name"], strict=True))
    own = next((g.intervention_id for g in user.grants if g.intervention_id in names), None)
    if st.session_state.get("intervention") not in names:
        st.session_state["intervention"] = own or next(iter(names))
    intervention_id = st.selectbox("Interventie", list(names), format_func=names.get,
                                   key="intervention")
    running = shell.read.registry.implementations(int(intervention_id))
    labels = dict(zip(running["id"], running["organisation"], strict=True))
    options = [None, *labels]
    if st.session_state.get("implementation") not in options:
        st.session_state["implementation"] = None
    implementation_id = st.selectbox(
        "Uitvoerende organisatie", options, key="implementation",
        format_func=lambda i: shell.WHOLE if i is None else labels[i],
        help="Kies een school of locatie om haar eigen implementatie te bekijken.")
    organisation_id = None
    if implementation_id is not None:
        organisation_id = int(running.loc[running["id"] == implementation_id,
                                          "organisation_id"].iloc[0])
    return shell.Selection(int(intervention_id), names[intervention_id],
                           None if implementation_id is None else int(implementation_id),
                           organisation_id, labels.get(implementation_id), "intervention")


def _from_organisation(user: User, organisations) -> shell.Selection | None:
    names = dict(zip(organisations["id"], organisations["name"], strict=True))
    own = next((g.organisation_id for g in user.grants if g.organisation_id in names), None)
    if st.session_state.get("organisation") not in names:
        boards = organisations[organisations["locations"] > 0]
        st.session_state["organisation"] = own or (int(boards["id"].iloc[0]) if len(boards)
                                                   else next(iter(names)))
    organisation_id = int(st.selectbox("Organisatie", list(names), format_func=names.get,
                                       key="organisation"))
    within = shell.read.registry.descendants_visible(organisation_id)
    running = shell.read.registry.implementations(organisation_ids=within)
    programmes = dict(zip(running["intervention_id"], running["intervention"], strict=False))
    options = [None, *sorted(programmes, key=programmes.get)]
    if "org_intervention" not in st.session_state or \
            st.session_state["org_intervention"] not in options:
        # a school starts at what it runs; a board at the organisation itself
        st.session_state["org_intervention"] = (
            options[1] if len(options) > 1 and user.has(Role.ORGANISATIE)
            and not user.has(Role.BESTUUR) else None)
    intervention_id = st.selectbox("Interventie", options, key="org_intervention",
                                   format_func=lambda i: OWN if i is None else programmes[i],
                                   help="Een interventie die de organisatie of een van haar "
                                        "locaties uitvoert.")
    if intervention_id is None:
        return shell.Selection(None, None, None, organisation_id, names[organisation_id],
                               "organisation")
    at = running[running["intervention_id"] == intervention_id]
    labels = dict(zip(at["id"], at["organisation"], strict=True))
    if st.session_state.get("org_implementation") not in labels:
        st.session_state["org_implementation"] = next(iter(labels))
    implementation_id = st.selectbox("Locatie", list(labels), key="org_implementation",
                                     format_func=labels.get) if len(labels) > 1 \
        else next(iter(labels))
    location = int(at.loc[at["id"] == implementation_id, "organisation_id"].iloc[0])
    return shell.Selection(int(intervention_id), programmes[intervention_id],
                           int(implementation_id), location, labels[implementation_id],
                           "organisation")
