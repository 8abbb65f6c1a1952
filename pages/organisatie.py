"""Organisatie: a board (or school) with all its locations and everything they run."""
from datetime import date

import pandas as pd
import streamlit as st

import application
import shell
import ui
from forms import reports
from implementation import charts
from implementation.checklists import MAIN_CHECKLIST
from implementation.views import action_summary, attention_table, board_cells
from implementation.vocabulary import ActionStatus

application.through_app()

st.title("Organisatie")
selection = shell.selection()
if selection is None or selection.organisation_id is None:
    st.info("Kies in de zijbalk bij *Beginnen bij* een organisatie (een bestuur, school of "
            "locatie).")
    st.stop()
organisation = shell.read.registry.organisation(selection.organisation_id)
within = shell.read.registry.descendants_visible(selection.organisation_id)
locations = shell.read.registry.locations(selection.organisation_id)
st.caption(f"**{ui.text(organisation['name'])}** · "
           f"{ui.count(len(locations), 'locatie', 'locaties')} · alle interventies die zij "
           "uitvoeren, hun eigen checklist en hun eigen indicatoren")
today = date.today()
main = shell.root().checklist(MAIN_CHECKLIST)
implementations = shell.read.registry.implementations(organisation_ids=within)
overall = shell.read.readiness.readiness(selection.organisation_id, "overall", "locations",
                                         latest_only=True)
stages = shell.read.readiness.readiness(selection.organisation_id, "stage", "locations",
                                        latest_only=True)
actions = shell.read.actions.list(subject="organisations", organisation_ids=within, today=today)
attention = shell.read.monitoring.attention(today, None, within)
tiles = st.columns(4)
tiles[0].metric("Locaties", len(locations) or 1, border=True)
tiles[1].metric("Interventies", implementations["intervention_id"].nunique(), border=True,
                help="Verschillende interventies die de locaties uitvoeren")
open_, overdue = action_summary(actions)
tiles[2].metric("Open acties", open_, f"{overdue} verlopen" if overdue else None,
                delta_color="inverse", delta_arrow="off", border=True)
tiles[3].metric("Aandachtspunten", len(attention), border=True,
                help="Indicatoren die twee perioden op rij hun streefwaarde missen of waarvan "
                     "een meting ontbreekt")

st.header("Locaties en interventies")
if implementations.empty:
    st.info("De locaties van deze organisatie voeren nog geen interventie uit.")
else:
    cells = board_cells(implementations, overall, stages, actions, attention,
                        main.spec.stage_reached_at)
    st.plotly_chart(charts.readiness_matrix(
        cells, "organisation", "intervention",
        "Gereedheid per locatie en interventie (laatste beoordeling, organisatie en "
        "professionals)", hover="hover", row_order=sorted(cells["organisation"].unique())),
        width="stretch", key="board_grid")
    st.caption("Beweeg over een vak voor de bereikte stadia, de open en verlopen acties en de "
               "indicatoren die aandacht vragen. Een grijs vak met – betekent: nog niet "
               "beoordeeld.")
    history = shell.read.readiness.readiness(selection.organisation_id, "overall", "locations")
    labels = dict(zip(implementations["id"], implementations["label"], strict=True))
    st.plotly_chart(charts.readiness_trend(
        history.assign(label=history["implementation_id"].map(labels)), series="label",
        median=True, title="Gereedheid per locatie en interventie over de tijd, met de mediaan"),
        width="stretch", key="board_trend")

st.header("Aandacht nodig")
if attention.empty:
    st.success("Geen indicator mist twee perioden op rij de streefwaarde en er ontbreken geen "
               "metingen.")
else:
    st.dataframe(attention_table(attention), hide_index=True, width="stretch",
                 key="board_attention")

own = [c for c in shell.root().checklists.values() if not c.has_perspectives
       and shell.read.readiness.readiness(selection.organisation_id, "overall", "organisation",
                                          c.id, latest_only=True).shape[0]]
for checklist in own:
    st.header(checklist.display_title)
    latest = shell.read.readiness.readiness(selection.organisation_id, "step", "organisation",
                                            checklist.id, latest_only=True)
    names = dict(zip(locations["id"], locations["name"], strict=True)) or {
        selection.organisation_id: organisation["name"]}
    latest = latest.assign(location=latest["organisation_id"].map(names),
                           part=latest["step"].map(checklist.step_title))
    st.plotly_chart(charts.readiness_matrix(
        latest, "location", "part", "Laatste beoordeling per locatie en onderdeel",
        column_order=[checklist.step_title(s.number) for s in checklist.steps]),
        width="stretch", key=f"own_{checklist.id}")
    years = shell.read.readiness.readiness(selection.organisation_id, "overall",
                                           "organisation", checklist.id)
    st.plotly_chart(charts.readiness_trend(
        years.assign(location=years["organisation_id"].map(names)), series="location",
        median=True, title="Per locatie over de schooljaren, met de mediaan"), width="stretch",
        key=f"own_trend_{checklist.id}")

indicators = shell.read.monitoring.indicators(organisation_id=selection.organisation_id,
                                              kind="organisation")
if not indicators.empty:
    st.header("Eigen indicatoren")
    for indicator in indicators.to_dict("records"):
        rows = shell.read.monitoring.measurements(int(indicator["id"]), organisation_ids=within)
        trend = shell.read.monitoring.trend(int(indicator["id"]), within)
        st.plotly_chart(charts.locations_small_multiples(rows, trend, indicator),
                        width="stretch", key=f"board_indicator_{indicator['id']}")

if len(actions):
    st.header("Acties")
    st.dataframe(pd.DataFrame({
        "Onderwerp": actions["organisation"].fillna(""),
        "Interventie": actions["intervention"].fillna("eigen checklist"),
        "Actie": actions["description"], "Status": actions["status"].map(ActionStatus.labels()),
        "Streefdatum": ui.days(actions["due_on"]),
        "Verlopen": actions["overdue"].map(lambda o: "ja" if o else ""),
    }), hide_index=True, width="stretch", key="board_actions")

reports.buttons(organisation["name"], organisation=selection.organisation_id)
