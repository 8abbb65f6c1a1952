"""Overzicht: every intervention the user sees, with its latest readiness and stages."""
import streamlit as st

import application
import shell
from implementation import charts
from implementation.checklists import MAIN_CHECKLIST
from implementation.views import intervention_overview
from implementation.vocabulary import Perspective, Stage

application.through_app()

st.title("Overzicht")   # a word that fits a phone (the app's name is in the browser tab)
st.write("Hoe ver is elke interventie met verspreiden en borgen? Gereedheid is het deel van de "
         "toepasselijke items van de NJi-checklist dat geregeld is (*ja*), in de laatste "
         "definitieve beoordeling van de interventie als geheel. Items met *n.v.t.* tellen niet "
         "mee; hoeveel dat er zijn staat ernaast.")

checklist = shell.root().checklist(MAIN_CHECKLIST)
threshold = checklist.spec.stage_reached_at
interventions = shell.read.registry.interventions()
overall = shell.read.readiness.latest("overall")
table = intervention_overview(interventions, overall, shell.read.readiness.latest("perspective"),
                              shell.read.readiness.latest("stage"), threshold)
st.dataframe(table, hide_index=True, width="stretch", key="overview_table",
             column_config={
                 "Interventie": st.column_config.TextColumn(width="medium", pinned=True),
                 "Gereedheid": st.column_config.ProgressColumn(
                     "Gereedheid", min_value=0, max_value=100, format="%.0f%%", width=110,
                     pinned=True),
                 "Beantwoord": st.column_config.TextColumn(width=90),
                 "N.v.t.": st.column_config.NumberColumn(width=60),
                 **{h: st.column_config.TextColumn(width=92)
                    for h in ("Landelijk", "Inhoud", "Organisatie", "Professional")},
                 "Laatste beoordeling": st.column_config.TextColumn("Beoordeeld", width=95),
                 "Stadia bereikt": st.column_config.TextColumn(
                     width="medium", help=f"Een stadium is bereikt als de items die het dienen "
                     f"voor minstens {threshold * 100:.0f}% geregeld zijn; eerdere stadia "
                     "hoeven daarvoor niet bereikt te zijn."),
             })
assessed = overall["intervention_id"].nunique()
if assessed == 0:
    st.info("Er is nog geen definitieve beoordeling van een interventie als geheel.")
    st.stop()
if assessed > 20:
    st.info(f"Er zijn {assessed} beoordeelde interventies: kies er een paar bij Vergelijken om "
            "ze naast elkaar te zien.")
    st.stop()
names = dict(zip(interventions["id"], interventions["name"], strict=True))
stages = shell.read.readiness.latest("stage")
left, right = st.columns(2)
left.plotly_chart(charts.readiness_matrix(
    stages.assign(intervention=stages["intervention_id"].map(names)), "intervention", "stage",
    "Stadiaprofiel per interventie (laatste beoordeling)", column_order=checklist.stage_keys,
    column_labels=Stage.labels()),
    width="stretch", key="overview_stages")
perspectives = shell.read.readiness.latest("perspective")
right.plotly_chart(charts.readiness_matrix(
    perspectives.assign(intervention=perspectives["intervention_id"].map(names)),
    "intervention", "perspective", "Gereedheid per perspectief (laatste beoordeling)",
    column_order=Perspective.keys(), column_labels=Perspective.headings()),
    width="stretch", key="overview_perspectives")
