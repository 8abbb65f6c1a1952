"""Vergelijken: interventions side by side, and one intervention across its schools."""
import pandas as pd
import streamlit as st

import application
import shell
import ui
from implementation import charts
from implementation.checklists import MAIN_CHECKLIST
from implementation.vocabulary import (
    IMPLEMENTATION_SCOPE,
    Aansturing,
    DoelVerspreiding,
    Perspective,
    Stage,
)

application.through_app()

DEFAULT_SHOWN = 8  # more rows make the heatmaps hard to read; the user can add others
PERSPECTIVE_LABELS = Perspective.headings()

st.title("Vergelijken")
st.caption("Laatste definitieve beoordeling van elke interventie als geheel, checklist "
           "verspreiding en borging.")
checklist = shell.root().checklist(MAIN_CHECKLIST)
threshold = checklist.spec.stage_reached_at
interventions = shell.read.registry.interventions()
stages = shell.read.readiness.latest("stage")
filters = st.columns(3)
aansturing = filters[0].multiselect("Aansturing", Aansturing.keys(), key="filter_aansturing",
                                    format_func=Aansturing.label_of, placeholder="Alle",
                                    select_all=False)
doel = filters[1].multiselect("Doel van verspreiding", DoelVerspreiding.keys(),
                              key="filter_doel", placeholder="Alle", select_all=False)
reached = filters[2].multiselect(
    "Stadium bereikt", checklist.stage_keys, key="filter_stage", format_func=Stage.label_of,
    placeholder="Alle", help=f"Interventies die dit stadium bereikt hebben (minstens "
                             f"{threshold * 100:.0f}% van de items van dat stadium geregeld).",
    select_all=False)
keep = pd.Series(True, index=interventions.index)
if aansturing:
    keep &= interventions["aansturing"].isin(aansturing)
if doel:
    keep &= interventions["doel_verspreiding"].isin(doel)
for stage in reached:
    hit = stages[(stages["stage"] == stage) & (stages["readiness"] >= threshold - 1e-9)]
    keep &= interventions["id"].isin(hit["intervention_id"])
matching = interventions[keep & interventions["id"].isin(stages["intervention_id"])]
names = dict(zip(matching["id"], matching["name"], strict=True))
chosen = st.multiselect("Interventies", list(names), default=list(names)[:DEFAULT_SHOWN],
                        format_func=names.get, key="compare_interventions",
                        placeholder="Kies interventies", select_all=False)
ids = sorted(int(i) for i in chosen)
if not ids:
    st.info("Geen interventie gekozen, of geen beoordeelde interventie past bij de filters.")
else:
    picked = stages[stages["intervention_id"].isin(ids)]
    st.plotly_chart(charts.readiness_matrix(
        picked.assign(intervention=picked["intervention_id"].map(names)), "intervention",
        "stage", "Stadiaprofiel per interventie", column_order=checklist.stage_keys,
        column_labels={s: Stage.label_of(s) for s in checklist.stage_keys}),
        width="stretch", key="compare_stages")
    cells = shell.read.readiness.latest("cell", intervention_ids=ids)
    cells = cells.assign(intervention=cells["intervention_id"].map(names),
                         column=[f"{s} · {PERSPECTIVE_LABELS[p]}" for s, p in
                                 zip(cells["step"], cells["perspective"], strict=True)])
    order = [f"{s.number} · {PERSPECTIVE_LABELS[p]}" for s in checklist.steps
             for p in Perspective.keys() if f"{s.number} · {PERSPECTIVE_LABELS[p]}"
             in set(cells["column"])]
    # one row per step and perspective (21 rows that read across), one column per
    # intervention: the labels stay horizontal and whole, also on a phone
    st.plotly_chart(charts.readiness_matrix(
        cells, "column", "intervention", "Gereedheid per stap en perspectief",
        row_order=order, column_order=[names[i] for i in ids if names[i] in
                                       set(cells["intervention"])],
        row_title="Stap · perspectief"),
        width="stretch", key="compare_heatmap")
    st.caption("Een grijs vak met – betekent: in die stap en dat perspectief is geen item van "
               "toepassing (of de checklist heeft er geen).")
    gaps = shell.read.readiness.common_gaps(ids)
    st.plotly_chart(charts.common_gaps(gaps), width="stretch", key="common_gaps")
    if not gaps.empty:
        table = pd.DataFrame({
            "Stap": gaps["step"].map(checklist.step_title),
            "Perspectief": gaps["perspective"].map(Perspective.label_of),
            "Item": gaps["text"],
            "Nog niet geregeld bij": [f"{g} van {n} interventies" for g, n in
                                      zip(gaps["gaps"], gaps["interventions"], strict=True)],
        })
        # the most common ones as a table that wraps (no item text cut off), all of them
        # one click away
        st.table(table.head(12).map(ui.text), hide_index=True, border="horizontal")
        with st.expander(f"Alle {len(table)} items die nog niet overal geregeld zijn"):
            st.dataframe(table, hide_index=True, width="stretch", key="gaps_table",
                         column_config={"Item": st.column_config.TextColumn(width="large")})

selection = shell.selection()
if selection is not None and selection.intervention_id is not None:
    st.header(f"{ui.text(selection.intervention)}: hoe ver is elke uitvoerende organisatie?")
    running = shell.read.registry.implementations(selection.intervention_id)
    organisations = dict(zip(running["id"], running["organisation"], strict=True))
    schools = shell.read.readiness.readiness(selection.intervention_id, "perspective",
                                             "implementations", latest_only=True)
    schools = schools.assign(organisation=schools["implementation_id"].map(organisations))
    st.plotly_chart(charts.readiness_matrix(
        schools, "organisation", "perspective",
        "Gereedheid per uitvoerende organisatie (laatste beoordeling)",
        column_order=list(IMPLEMENTATION_SCOPE), column_labels=PERSPECTIVE_LABELS),
        width="stretch", key="schools_heatmap")
    school_stages = shell.read.readiness.readiness(selection.intervention_id, "stage",
                                                   "implementations", latest_only=True)
    school_stages = school_stages.assign(
        organisation=school_stages["implementation_id"].map(organisations))
    st.plotly_chart(charts.readiness_matrix(
        school_stages, "organisation", "stage", "Stadiaprofiel per uitvoerende organisatie",
        column_order=checklist.stage_keys,
        column_labels={s: Stage.label_of(s) for s in checklist.stage_keys}),
        width="stretch", key="schools_stages")
