"""Overzicht: every intervention the user sees, with its latest readiness and stages."""
import pandas as pd
import streamlit as st

import application
import shell
import ui
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
# A table that wraps its cells: every column is seen whole, at 1400 px and on a phone.
shown = table.assign(Gereedheid=[ui.percent(v / 100) if v == v else "–"
                                 for v in table["Gereedheid"]],
                     **{"N.v.t.": [("–" if pd.isna(n) else str(int(n))) for n in table["N.v.t."]]})
shown = shown[["Interventie", "Gereedheid", "Beantwoord", "N.v.t.", "Stadia bereikt",
               "Landelijk", "Inhoud", "Organisatie", "Professional", "Laatste beoordeling"]]
st.table(shown.map(ui.text).rename(columns={"Laatste beoordeling": "Beoordeeld"}),
         hide_index=True, border="horizontal")
st.caption(f"Een stadium is bereikt als de items die het dienen voor minstens "
           f"{threshold * 100:.0f}% geregeld zijn; eerdere stadia hoeven daarvoor niet bereikt "
           "te zijn. Landelijk, Inhoud, Organisatie en Professional: de gereedheid per "
           "perspectief.")
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
