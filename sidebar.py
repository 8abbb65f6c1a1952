"""The shared sidebar: who is logged in, and what the pages are about.

A user starts from an intervention (and optionally one organisation that runs it)
or from an organisation (a board, a school or a location; and optionally one of
the interventions it runs). Its widgets live in the entry script, so the choice
carries across pages; it is also kept in the address (``?van=organisatie&
organisatie=12``), so that a reload or a bookmark opens the same subject. Only what
the user may see is offered: a choice in the address that the user may not see falls
back to the default.
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
ITSELF = 0      # the choice "the intervention as a whole" / "the organisation itself" (a
                # selectbox shows a value None as "Choose an option", so it is not None)
START = {"intervention": "Interventie", "organisation": "Organisatie"}
# session state key -> its name in the address; "van" holds the mode in Dutch
URL = {"intervention": "interventie", "implementation": "implementatie",
       "organisation": "organisatie", "org_intervention": "programma",
       "org_implementation": "locatie"}
MODES = {"intervention": "interventie", "organisation": "organisatie"}


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
        _restore()
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
        if user.is_admin:   # where the data lives: only for administrators, as typed
            st.caption(f"Database: `{shell.root().path.replace('`', '')}`")
            for error in shell.root().checklist_errors:
                st.error(f"Checklist niet geladen: {ui.text(error)}")
    _remember(chosen)
    return chosen


def _restore() -> None:
    """Once per session (a reload, a bookmark): take the choice from the address. The
    widgets below check every value against what the user may see."""
    if st.session_state.get("_restored"):
        return
    st.session_state["_restored"] = True
    params = st.query_params
    mode = {v: k for k, v in MODES.items()}.get(params.get("van", ""))
    if mode is None:
        return
    st.session_state["start_from"] = mode
    for key, name in URL.items():
        value = params.get(name, "")
        if value.isdigit():
            st.session_state[key] = int(value)


def _remember(chosen: shell.Selection | None) -> None:
    """The choice in the address, so that a reload opens the same subject."""
    if chosen is None:
        return
    wanted = {"van": MODES.get(st.session_state.get("start_from"), "interventie")}
    keys = (("intervention", "implementation") if chosen.mode == "intervention"
            else ("organisation", "org_intervention", "org_implementation"))
    for key in keys:
        value = st.session_state.get(key)
        if isinstance(value, int) and value != ITSELF:
            wanted[URL[key]] = str(value)
    if chosen.mode == "organisation" and chosen.intervention_id is None:
        wanted.pop(URL["org_implementation"], None)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


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
    options = [ITSELF, *labels]
    if st.session_state.get("implementation") not in options:
        st.session_state["implementation"] = ITSELF
    implementation_id = st.selectbox(
        "Uitvoerende organisatie", options, key="implementation",
        format_func=lambda i: shell.WHOLE if i == ITSELF else labels[i],
        help="Kies een school of locatie om haar eigen implementatie te bekijken.")
    implementation_id = None if implementation_id == ITSELF else implementation_id
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
    options = [ITSELF, *sorted(programmes, key=programmes.get)]
    if "org_intervention" not in st.session_state or \
            st.session_state["org_intervention"] not in options:
        # a school starts at what it runs; a board at the organisation itself
        st.session_state["org_intervention"] = (
            options[1] if len(options) > 1 and user.has(Role.ORGANISATIE)
            and not user.has(Role.BESTUUR) else ITSELF)
    intervention_id = st.selectbox("Interventie", options, key="org_intervention",
                                   format_func=lambda i: OWN if i == ITSELF else programmes[i],
                                   help="Een interventie die de organisatie of een van haar "
                                        "locaties uitvoert.")
    if intervention_id == ITSELF:
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


def own_checklist_subject(selection: shell.Selection | None) -> shell.Selection | None:
    """For the pages that score or follow an organisation's own checklist (Checklist
    invullen, Verbeterpunten): a board's own checklist (its obligations) is scored per
    location, so with a board chosen the page asks which location, on the page itself,
    starting at the first. The same location is kept across those pages. Any other
    choice is returned as it is."""
    if selection is None or selection.intervention_id is not None \
            or selection.organisation_id is None:
        return selection
    locations = shell.read.registry.locations(selection.organisation_id)
    if locations.empty:
        return selection
    names = dict(zip(locations["id"], locations["name"], strict=True))
    names[selection.organisation_id] = f"{selection.organisation} zelf"
    if st.session_state.get("own_location") not in names:
        st.session_state["own_location"] = int(locations["id"].iloc[0])
    chosen = int(st.selectbox("Locatie", list(names), format_func=names.get, key="own_location",
                              help="De eigen checklist van een bestuur (zoals zijn "
                                   "verplichtingen) wordt per locatie ingevuld en gevolgd."))
    if chosen == selection.organisation_id:
        return selection
    return shell.Selection(None, None, None, chosen, names[chosen], "organisation")
