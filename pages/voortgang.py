"""Voortgang: readiness and stage over time, for boards and owners."""
from datetime import date

import streamlit as st

import shell
from implementation import charts
from implementation.scoring import stage_reached
from implementation.views import change, label_implementations, latest_per

shell.through_app()

selection = shell.selection()
st.title("Voortgang")
if selection is None:
    st.stop()
st.caption(f"Onderwerp: **{selection.subject}** · checklist verspreiding en borging · "
           "alleen definitieve beoordelingen")

ref, subject = ((selection.intervention_id, "intervention") if selection.implementation_id
                is None else (selection.implementation_id, "implementation"))
overall = shell.readiness(ref, "overall", subject)
motivating = shell.readiness(ref, "motivating", subject)
stages = shell.readiness(ref, "stage", subject)
reached = stage_reached(stages)
actions = shell.actions(selection.intervention_id, date.today(), selection.implementation_id)

latest, delta = change(overall)
latest_motivating, delta_motivating = change(motivating)
tiles = st.columns(4)
tiles[0].metric("Gereedheid", shell.percent(latest),
                None if delta is None else f"{delta * 100:+.0f} procentpunt",
                help="Verandering sinds de vorige definitieve beoordeling")
tiles[1].metric("Motiverende factoren (*)", shell.percent(latest_motivating),
                None if delta_motivating is None else f"{delta_motivating * 100:+.0f} "
                                                      "procentpunt")
tiles[2].metric("Bereikt stadium",
                (reached["stage_reached"].iloc[-1] or "nog geen").capitalize()
                if len(reached) else "–")
open_actions = actions[actions["status"] != "done"]
overdue = int(open_actions["overdue"].sum())
tiles[3].metric("Open verbeteracties", len(open_actions),
                f"{overdue} verlopen" if overdue else None, delta_color="inverse",
                delta_arrow="off")

trend, per_perspective = st.columns(2)
trend.plotly_chart(charts.readiness_trend(overall, "overall"), width="stretch",
                   key="trend_overall")
per_perspective.plotly_chart(charts.readiness_trend(shell.readiness(ref, "perspective", subject),
                                                    "perspective"),
                             width="stretch", key="trend_perspective")
per_stage, timeline = st.columns(2)
per_stage.plotly_chart(charts.readiness_trend(stages, "stage"), width="stretch",
                       key="trend_stage")
timeline.plotly_chart(charts.stage_timeline(reached), width="stretch",
                      key="stage_timeline")
progress = shell.stage_progress(selection.intervention_id, selection.implementation_id)
st.plotly_chart(charts.stage_progress_bars(progress), width="stretch",
                key="stage_progress")
st.caption("Een stadium is bereikt als de gereedheid van de stappen die erbij horen minstens "
           "75% is en alle eerdere stadia ook bereikt zijn. De voortgang per stadium telt de "
           "items die ooit volledig met ja zijn beantwoord (in de stijl van de Stages of "
           "Implementation Completion), met de tijd van het eerste tot het laatste.")

st.header("Indicatoren")
indicators = shell.indicators(selection.intervention_id)
if indicators.empty:
    st.info("Voor deze interventie zijn nog geen indicatoren vastgelegd (zie Monitoring).")
columns = st.columns(2)
for index, indicator in enumerate(indicators.to_dict("records")):
    columns[index % 2].plotly_chart(
        charts.indicator_trend(shell.indicator_trend(selection.intervention_id,
                                                     indicator["id"]), indicator),
        width="stretch", key=f"indicator_{indicator['id']}")

st.header("Bestuur: locaties naast elkaar")
boards = shell.boards()
if boards.empty:
    st.info("Er zijn geen besturen met locaties.")
    st.stop()
names = dict(zip(boards["id"], boards["name"], strict=True))
board = st.selectbox("Bestuur", list(names), format_func=names.get, key="board")
locations = label_implementations(shell.readiness(board, "overall", "board"),
                                  shell.implementations())
st.plotly_chart(charts.readiness_trend(locations, series="label",
                                       title=f"Gereedheid per locatie en interventie, "
                                             f"{names[board]}"),
                width="stretch", key="board_trend")
cells = label_implementations(latest_per(shell.readiness(board, "perspective", "board"),
                                         "implementation_id"), shell.implementations())
st.plotly_chart(charts.perspective_bars(cells, category="label",
                                        title="Laatste gereedheid per locatie en perspectief"),
                width="stretch", key="board_bars")
measured = shell.measurements(selection.intervention_id)
at_board = measured[measured["board_id"] == board]
columns = st.columns(2)
for index, indicator in enumerate(i for i in indicators.to_dict("records")
                                  if i["id"] in set(at_board["indicator_id"])):
    columns[index % 2].plotly_chart(
        charts.indicator_trend(shell.indicator_trend(selection.intervention_id,
                                                     indicator["id"]), indicator,
                               at_board[at_board["indicator_id"] == indicator["id"]]),
        width="stretch", key=f"board_indicator_{indicator['id']}")
