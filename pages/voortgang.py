"""Voortgang: the stage profile first, then readiness over time and the indicators."""
from datetime import date

import pandas as pd
import streamlit as st

import application
import shell
import ui
from forms import organisation, reports
from implementation import charts
from implementation.checklists import MAIN_CHECKLIST
from implementation.views import action_summary, change

application.through_app()

st.title("Voortgang")
selection = shell.selection()
if selection is None or selection.intervention_id is None:
    if selection is not None and selection.organisation_id is not None:
        organisation.progress(selection.organisation_id)   # a board or school as a whole
    else:
        st.info("Kies in de zijbalk een interventie of een organisatie.")
    st.stop()
st.caption(f"Onderwerp: **{ui.text(selection.subject)}** · checklist verspreiding en borging · "
           "alleen definitieve beoordelingen")
checklist = shell.root().checklist(MAIN_CHECKLIST)
threshold = checklist.spec.stage_reached_at
ref, subject = ((selection.intervention_id, "intervention") if selection.implementation_id
                is None else (selection.implementation_id, "implementation"))
overall = shell.read.readiness.readiness(ref, "overall", subject)
latest, delta = change(overall)
motivating = shell.read.readiness.readiness(ref, "motivating", subject)
latest_motivating, delta_motivating = change(motivating)
actions = shell.read.actions.list(selection.intervention_id, date.today(),
                                  selection.implementation_id,
                                  "implementation" if selection.implementation_id else "any")
open_, overdue = action_summary(actions[actions["checklist_id"] == MAIN_CHECKLIST])

tiles = st.columns(4)
newest = overall.iloc[-1] if len(overall) else None
changed = delta is not None and round(delta * 100) != 0
tiles[0].metric("Gereedheid", ui.percent(latest), ui.points(delta), border=True,
                delta_color="normal" if changed else "off",
                delta_arrow="auto" if changed else "off",
                help="Verandering sinds de vorige definitieve beoordeling, in procentpunten")
tiles[1].metric("Beantwoord", "–" if newest is None else
                f"{int(newest['answered'])} van {int(newest['items'])}", border=True,
                help="Items met een antwoord (ook via hun elementen) in de laatste beoordeling")
tiles[2].metric("Niet van toepassing", "–" if newest is None else int(newest["nvt"]),
                border=True, help="Items met n.v.t.: ze tellen niet mee in de gereedheid")
tiles[3].metric("Open verbeteracties", open_, f"{overdue} verlopen" if overdue else None,
                delta_color="inverse", delta_arrow="off", border=True)

st.header("Stadiaprofiel")
assessment_id = None if newest is None else int(newest["assessment_id"])
profile = shell.read.readiness.stage_profile(assessment_id, MAIN_CHECKLIST)
st.plotly_chart(charts.stage_profile(profile, "Gereedheid per innovatiestadium (laatste "
                                     "beoordeling)", threshold), width="stretch",
                key="stage_profile")
st.caption(f"Elk item van de checklist dient een of meer stadia (zie de uitleg in het "
           f"checklistbestand); stap 1 (vraag bepalen) dient er geen. Een stadium heet "
           f"*bereikt* als zijn items voor minstens {threshold * 100:.0f}% geregeld zijn. "
           "Eerdere stadia hoeven daarvoor niet bereikt te zijn: volgens de bron verloopt het "
           "proces niet lineair. Een stadium zonder toepasselijke items is *niet van "
           "toepassing*.")
if assessment_id is not None:
    columns = st.columns(len(profile))
    every_stage = shell.read.readiness.stage_items(assessment_id)   # one read for all four
    for column, row in zip(columns, profile.itertuples(), strict=True):
        with column.popover(f"Items van {row.stage}", width="stretch"):
            items = every_stage[every_stage["stage"] == row.stage]
            st.table(pd.DataFrame({
                "Stap": items["step"],
                "Item": items["text"].map(lambda t: ui.text(ui.short(t, 90))),
                "Geregeld": [("n.v.t." if n else ui.percent(c)) for c, n in
                             zip(items["credit"], items["nvt"], strict=True)],
            }), hide_index=True, border="horizontal")

st.header("Over de tijd")
trend, per_stage = st.columns(2)
trend.plotly_chart(charts.readiness_trend(overall, "overall"), width="stretch",
                   key="trend_overall")
per_stage.plotly_chart(charts.readiness_trend(shell.read.readiness.readiness(ref, "stage",
                                                                            subject), "stage"),
                       width="stretch", key="trend_stage")
perspective, sic = st.columns(2)
perspective.plotly_chart(charts.readiness_trend(shell.read.readiness.readiness(
    ref, "perspective", subject), "perspective"), width="stretch", key="trend_perspective")
sic.plotly_chart(charts.stage_progress_bars(shell.read.readiness.stage_progress(
    selection.intervention_id, selection.implementation_id)), width="stretch",
    key="stage_progress")
st.caption("De voortgang per stadium telt de items die ooit volledig geregeld waren (in de "
           "stijl van de Stages of Implementation Completion), met de tijd van het eerste tot "
           "het laatste.")

st.header("Indicatoren")
indicators = shell.read.monitoring.indicators(selection.intervention_id)
if indicators.empty:
    st.info("Voor deze interventie zijn nog geen indicatoren vastgelegd (zie Monitoring).")
records = {int(r["id"]): r for r in indicators.to_dict("records")}
# two at first, more on request: each is a query and a chart on every run
shown = st.multiselect("Indicatoren", list(records), default=list(records)[:2],
                       format_func=lambda i: records[i]["name"],
                       key=f"progress_indicators_{selection.intervention_id}",
                       placeholder="Kies indicatoren") if records else []
columns = st.columns(2)
for index, indicator in enumerate(records[i] for i in shown):
    columns[index % 2].plotly_chart(
        charts.indicator_trend(shell.read.monitoring.trend(int(indicator["id"])), indicator),
        width="stretch", key=f"indicator_{indicator['id']}")

reports.buttons(selection.intervention, intervention=selection.intervention_id
                if selection.implementation_id is None else None,
                organisation=selection.organisation_id if selection.implementation_id else None)
