"""Organisatie: a board (or school) with all its locations and everything they run, what
needs attention first, its own checklist and its own indicators, and a report."""
from datetime import date

import streamlit as st

import application
import shell
import ui
from forms import organisation as parts
from forms import reports
from implementation.views import action_summary

application.through_app()

st.title("Organisatie")
selection = shell.selection()
organisations = shell.read.registry.organisations()
if organisations.empty:
    st.info("U ziet nog geen organisaties.")
    st.stop()
names = dict(zip(organisations["id"], organisations["name"], strict=True))
if selection is not None and selection.mode == "organisation" \
        and selection.organisation_id in names:
    organisation_id = int(selection.organisation_id)
else:
    # Started from an intervention: choose here, starting at the organisation of the chosen
    # implementation, else the first board (or organisation) that runs the intervention.
    if st.session_state.get("organisation_page") not in names:
        default = selection.organisation_id if selection is not None else None
        if default not in names and selection is not None and selection.intervention_id:
            running = shell.read.registry.implementations(selection.intervention_id)
            boards = running["board_id"].dropna().astype(int)
            candidates = [*boards[boards.isin(list(names))], *running["organisation_id"]]
            default = next((int(c) for c in candidates if c in names), None)
        if default not in names:
            boards = organisations[organisations["locations"] > 0]
            default = int(boards["id"].iloc[0]) if len(boards) else next(iter(names))
        st.session_state["organisation_page"] = int(default)
    organisation_id = int(st.selectbox(
        "Organisatie", list(names), format_func=names.get, key="organisation_page",
        help="Een bestuur met zijn locaties, of een school. Kies in de zijbalk bij *Beginnen "
             "bij* een organisatie om ook de andere pagina's vanuit haar te bekijken."))

today = date.today()
found = parts.view(organisation_id, today)
locations = len(found.locations)
interventions = found.implementations["intervention_id"].nunique()
st.caption(f"**{ui.text(found.organisation['name'])}** · "
           + (ui.count(locations, "locatie", "locaties") if found.has_locations
              else "1 locatie: de organisatie zelf")
           + f" · {ui.count(interventions, 'interventie', 'interventies')}"
           " · alles wat zij uitvoeren, hun eigen checklist en hun eigen indicatoren")
tiles = st.columns(4)
tiles[0].metric("Locaties", locations, border=True,
                help="Een school zonder locaties is haar eigen enige locatie.")
tiles[1].metric("Interventies", interventions, border=True,
                help="Verschillende interventies die de locaties uitvoeren")
open_, overdue = action_summary(found.actions)
tiles[2].metric("Open acties", open_, f"{overdue} verlopen" if overdue else None,
                delta_color="inverse", delta_arrow="off", border=True,
                help="Van alle locaties: op hun implementaties en op hun eigen checklist")
tiles[3].metric("Aandacht nodig", len(found.attention), border=True,
                help="Gemiste streefwaarden, verlopen acties, ontbrekende metingen en "
                     "ontbrekende jaarlijkse beoordelingen (zie hieronder)")

st.header("Locaties en interventies")
parts.grid(found)
st.header("Aandacht nodig")
parts.attention(found)
st.header("Verloop per locatie")
parts.trends(found)
parts.own_checklists(found)
parts.indicators(found)
parts.actions(found)
reports.buttons(found.organisation["name"], organisation=organisation_id)
