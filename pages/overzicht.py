"""Overzicht: every intervention with its latest readiness."""
import streamlit as st

import shell
from implementation import charts
from implementation.views import intervention_overview

shell.through_app()

CHART_LIMIT = 12  # more groups of four bars are not readable

st.title("Implementatiemonitor")
st.write("Hoe ver is elke interventie met verspreiden en borgen? Gereedheid is het deel van de "
         "toepasselijke items van de NJi-checklist dat met *ja* is beantwoord, in de laatste "
         "definitieve beoordeling van de interventie als geheel.")

table = intervention_overview(shell.interventions(), shell.latest_readiness("overall"),
                              shell.latest_readiness("perspective"),
                              shell.latest_readiness("stage"))
st.dataframe(table, hide_index=True, width="stretch", key="overview_table",
             column_config={
                 "Gereedheid": st.column_config.ProgressColumn(
                     "Gereedheid", min_value=0, max_value=100, format="%.0f%%"),
             })
latest = shell.latest_readiness("perspective").merge(
    shell.interventions()[["id", "name"]], left_on="intervention_id", right_on="id")
if latest["intervention_id"].nunique() > CHART_LIMIT:
    st.info(f"Er zijn {latest['intervention_id'].nunique()} interventies: kies er een paar "
            "bij Vergelijken om ze naast elkaar te zien.")
    st.stop()
st.plotly_chart(charts.perspective_bars(latest.rename(columns={"name": "intervention"}),
                                        title="Gereedheid per perspectief, laatste "
                                              "beoordeling"),
                width="stretch", key="overview_chart")
