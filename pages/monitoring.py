"""Monitoring: what needs attention, and each indicator against its target over time."""
from datetime import date

import streamlit as st

import application
import shell
import ui
from implementation import charts
from implementation.checklists import MAIN_CHECKLIST
from implementation.permissions import Action, may_somewhere
from implementation.views import attention_table
from implementation.vocabulary import Direction, Frequency, IndicatorKind, Level, Unit

application.through_app()

st.title("Monitoring")
st.caption("Wordt de interventie uitgevoerd zoals bedoeld, en werkt ze? Indicatoren tegen hun "
           "streefwaarde, per organisatie en over de tijd.")
selection = shell.selection()
user = shell.current_user()
today = date.today()

st.subheader("Aandacht nodig")
scope_label = "alle interventies en organisaties die u ziet"
if selection is not None and selection.intervention_id is None:
    within = shell.read.registry.descendants_visible(selection.organisation_id)
    attention = shell.read.monitoring.attention(today, None, within)
    scope_label = f"{selection.organisation} en haar locaties"
elif selection is not None and selection.mode == "intervention" and not st.toggle(
        "Van alle interventies die u ziet", key="attention_everything"):
    # the chosen intervention first; everything (at national scale thousands of rows,
    # seconds of work) only on request
    attention = shell.read.monitoring.attention(today, [selection.intervention_id])
    scope_label = f"{selection.intervention}"
else:
    attention = shell.read.monitoring.attention(today)
st.caption(f"Van {ui.text(scope_label)}: een indicator die twee perioden op rij zijn "
           "streefwaarde mist, of een meting die volgens de frequentie had moeten komen. De "
           "urgentste staan bovenaan.")
if attention.empty:
    st.success("Niets: geen indicator mist twee perioden op rij de streefwaarde en er "
               "ontbreken geen metingen.")
else:
    # a table that wraps its text, so that no column is cut off (also at 400 px)
    table = attention_table(attention)
    st.table(table.head(25).map(ui.text), hide_index=True, border="horizontal")
    if len(table) > 25:
        with st.expander(f"Alle {len(table)} meldingen"):
            st.dataframe(table, hide_index=True, width="stretch", key="attention_table")

indicators = shell.read.monitoring.indicators()
if indicators.empty:
    st.info("Er zijn nog geen indicatoren. Voeg er hieronder een toe.")
else:
    owner = indicators["intervention"].fillna(indicators["owner_organisation"])
    names = {int(i): f"{o} · {n}" for i, o, n in zip(indicators["id"], owner,
                                                        indicators["name"], strict=True)}
    preferred = indicators[indicators["intervention_id"] == (selection.intervention_id
                                                             if selection else None)]
    if selection is not None and selection.intervention_id is None \
            and selection.organisation_id is not None:   # a board or school: its own first
        preferred = shell.read.monitoring.indicators(
            organisation_id=selection.organisation_id, kind="organisation")
    # follow the sidebar: its intervention's (or organisation's) first indicator, unless the
    # user picked one of those already
    if st.session_state.get("indicator") not in names or (
            len(preferred) and st.session_state.get("indicator_for") != selection
            and st.session_state["indicator"] not in set(preferred["id"])):
        st.session_state["indicator"] = int((preferred if len(preferred) else
                                             indicators)["id"].iloc[0])
    st.session_state["indicator_for"] = selection
    indicator_id = st.selectbox("Indicator", list(names), format_func=names.get,
                                key="indicator")
    indicator = indicators.set_index("id").loc[indicator_id].to_dict() | {"id": indicator_id}
    if selection is not None and selection.intervention_id is not None and \
            indicator["intervention_id"] != selection.intervention_id:
        chosen_for = indicator["intervention"] if isinstance(indicator["intervention"], str) \
            else indicator["owner_organisation"]
        st.info(f"Deze indicator hoort bij **{ui.text(chosen_for)}**, niet bij "
                f"{ui.text(selection.intervention)} uit de zijbalk"
                + ("" if len(preferred) else
                   f": voor {ui.text(selection.intervention)} zijn nog geen indicatoren "
                   "vastgelegd") + ".")
    st.caption(f"{IndicatorKind.label_of(indicator['kind']).capitalize()} · gemeten "
               f"{Level.label_of(indicator['level'])} · {Unit.label_of(indicator['unit'])} · "
               f"{Direction.label_of(indicator['direction'])} · "
               f"{Frequency.label_of(indicator['frequency'])} · "
               f"{charts.target_text(indicator)} · instrument: {ui.text(indicator['instrument'])}")
    checklist = shell.root().checklists.get(MAIN_CHECKLIST)
    evidence = [checklist.item(i).text for i in indicator["item_ids"]
                if checklist and checklist.has_item(i)]
    if evidence:
        st.caption("Geeft bewijs voor de checklist-items: " + "; ".join(
            f"*{ui.text(text)}*" for text in evidence))
    trend = shell.read.monitoring.trend(indicator_id)
    rows = shell.read.monitoring.measurements(indicator_id)
    rows = rows[rows["organisation_id"].notna()]
    shown = None
    if len(rows) and st.toggle("Afzonderlijke organisaties tonen", key="show_organisations"):
        chosen = st.multiselect("Organisaties", sorted(rows["organisation"].unique()),
                                default=sorted(rows["organisation"].unique())[:6],
                                key="organisations_shown", placeholder="Kies organisaties",
                                select_all=False)
        shown = rows[rows["organisation"].isin(chosen)]
    st.plotly_chart(charts.indicator_trend(trend, indicator, shown), width="stretch",
                    key="indicator_trend")
    per_organisation = not trend.empty and trend["share_met"].notna().any()
    left, right = st.columns(2) if per_organisation else (None, st.container())
    if per_organisation:   # a national indicator has no organisations to count
        left.plotly_chart(charts.target_share(trend, indicator), width="stretch",
                          key="target_share")
    if indicator["intervention_id"] is not None and indicator["intervention_id"] == \
            indicator["intervention_id"]:
        right.plotly_chart(charts.readiness_and_indicator(
            shell.read.readiness.readiness(int(indicator["intervention_id"]), "overall"),
            trend, indicator), width="stretch", key="readiness_and_indicator")

st.divider()
if not (may_somewhere(user, Action.MEASUREMENT_WRITE)
        or may_somewhere(user, Action.INDICATOR_WRITE)):
    st.stop()
from forms import monitoring as forms  # noqa: E402 - only for those who may use them

forms.show(selection, indicators, today)
