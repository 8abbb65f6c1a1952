"""Vergelijken: interventions side by side, and one intervention across its schools."""
import streamlit as st

import shell
from implementation import charts
from implementation.scoring import STAGE_KEYS
from implementation.store import AANSTURING, DOEL_VERSPREIDING
from implementation.views import filter_interventions, label_implementations

shell.through_app()

DEFAULT_SHOWN = 8  # more rows make the heatmap unreadable; the user can add others

selection = shell.selection()
st.title("Vergelijken")
st.caption("Laatste definitieve beoordeling van elke interventie als geheel, checklist "
           "verspreiding en borging.")

interventions = shell.interventions()
filters = st.columns(3)
aansturing = filters[0].multiselect("Aansturing", AANSTURING, key="filter_aansturing",
                                    placeholder="Alle")
doel = filters[1].multiselect("Doel van verspreiding", DOEL_VERSPREIDING, key="filter_doel",
                            placeholder="Alle")
reached = filters[2].multiselect("Bereikt stadium", ["nog geen", *STAGE_KEYS],
                                 key="filter_stage", format_func=str.capitalize,
                                 placeholder="Alle")
matching = filter_interventions(interventions, shell.latest_readiness("stage"), aansturing,
                                doel, reached)
names = dict(zip(matching["id"], matching["name"], strict=True))
chosen = st.multiselect("Interventies", list(names), default=list(names)[:DEFAULT_SHOWN],
                        format_func=names.get, key="compare_interventions",
                        placeholder="Kies interventies")
ids = tuple(sorted(chosen))

cells = shell.latest_readiness("cell", intervention_ids=ids) if ids else None
if not ids:
    st.info("Geen interventie gekozen, of geen interventie past bij de filters.")
else:
    named = cells.assign(intervention=cells["intervention_id"].map(names))
    st.plotly_chart(charts.readiness_heatmap(named, row="intervention"),
                    width="stretch", key="compare_heatmap")
    perspectives = shell.latest_readiness("perspective", intervention_ids=ids)
    st.plotly_chart(charts.perspective_bars(
        perspectives.assign(intervention=perspectives["intervention_id"].map(names))),
        width="stretch", key="compare_bars")
    gaps = shell.common_gaps(ids)
    st.plotly_chart(charts.common_gaps(gaps), width="stretch", key="common_gaps")
    if not gaps.empty:
        st.dataframe(gaps.rename(columns={"item_id": "Item", "step": "Stap",
                                          "perspective": "Perspectief", "text": "Tekst",
                                          "nee": "Aantal nee",
                                          "interventions": "Van interventies"}),
                     hide_index=True, width="stretch", key="gaps_table")

if selection is not None:
    st.header(f"{selection.intervention}: hoe ver is elke school?")
    schools = label_implementations(
        shell.readiness(selection.intervention_id, "cell", "implementations", latest_only=True),
        shell.implementations(selection.intervention_id))
    st.plotly_chart(charts.readiness_heatmap(
        schools, row="organisation",
        title="Gereedheid per uitvoerende organisatie (laatste beoordeling)"),
        width="stretch", key="schools_heatmap")
    school_perspectives = label_implementations(
        shell.readiness(selection.intervention_id, "perspective", "implementations",
                        latest_only=True), shell.implementations(selection.intervention_id))
    st.plotly_chart(charts.perspective_bars(
        school_perspectives, category="organisation",
        title="Gereedheid per perspectief en uitvoerende organisatie"),
        width="stretch", key="schools_bars")
