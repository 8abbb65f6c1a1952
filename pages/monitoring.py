"""Monitoring: indicators against their targets, per organisation, over time."""
from datetime import date

import streamlit as st

import shell
from implementation import charts
from implementation.checklists import MAIN_CHECKLIST
from implementation.indicators import LABELS, IndicatorError, parse_indicator
from implementation.measurement_files import import_measurements, measurement_template_bytes
from implementation.monitoring import MeasurementInput
from implementation.store import StoreError
from implementation.templates import ImportRefused
from implementation.views import attention_table

shell.through_app()


def saved(message: str) -> None:
    """After a write: clear the caches and draw the page again, so that the charts above
    the forms include what was just saved; the message shows at the top."""
    shell.after_write()
    st.session_state["monitoring_flash"] = message
    st.rerun()


selection = shell.selection()
st.title("Monitoring")
if "monitoring_flash" in st.session_state:
    st.success(st.session_state.pop("monitoring_flash"))
if selection is None:
    st.stop()
st.caption(f"Interventie: **{selection.intervention}** · wordt de interventie uitgevoerd zoals "
           "bedoeld, en werkt ze?")
today = date.today()

st.subheader("Aandacht nodig")
attention = shell.attention(selection.intervention_id, today)
indicators = shell.indicators(selection.intervention_id)
if attention.empty and not indicators.empty:
    st.success("Geen indicator mist twee perioden op rij de streefwaarde en er ontbreken geen "
               "metingen.")
elif not attention.empty:
    st.dataframe(attention_table(attention), hide_index=True, width="stretch")

if indicators.empty:
    st.info("Deze interventie heeft nog geen indicatoren. Voeg er hieronder een toe.")
else:
    names = dict(zip(indicators["id"], indicators["name"], strict=True))
    indicator_id = st.selectbox("Indicator", list(names), format_func=names.get,
                                key="indicator")
    indicator = indicators.set_index("id").loc[indicator_id].to_dict() | {"id": indicator_id}
    st.caption(f"{LABELS[indicator['kind']].capitalize()} · niveau {LABELS[indicator['level']]} "
               f"· {LABELS[indicator['unit']]} · {LABELS[indicator['direction']]} · "
               f"{LABELS[indicator['frequency']]} · instrument: {indicator['instrument']}")
    checklist = shell.store().checklists.get(MAIN_CHECKLIST)
    evidence = [checklist.item(i).text for i in indicator["item_ids"]
                if checklist and checklist.has_item(i)]
    if evidence:
        st.caption("Geeft bewijs voor de checklist-items: " + "; ".join(
            f"*{text}*" for text in evidence))
    trend = shell.indicator_trend(selection.intervention_id, indicator_id)
    rows = shell.measurements(selection.intervention_id, indicator_id)
    rows = rows[rows["implementation_id"].notna()]
    shown = None
    if st.toggle("Afzonderlijke organisaties tonen", key="show_organisations"):
        chosen = st.multiselect("Organisaties", sorted(rows["organisation"].unique()),
                                default=sorted(rows["organisation"].unique()),
                                key="organisations_shown", placeholder="Kies organisaties")
        shown = rows[rows["organisation"].isin(chosen)]
    st.plotly_chart(charts.indicator_trend(trend, indicator, shown), width="stretch",
                    key="indicator_trend")
    left, right = st.columns(2)
    left.plotly_chart(charts.target_share(trend, indicator), width="stretch",
                      key="target_share")
    right.plotly_chart(charts.readiness_and_indicator(
        shell.readiness(selection.intervention_id, "overall"), trend, indicator),
        width="stretch", key="readiness_and_indicator")

    boards = shell.boards()
    with_locations = rows[rows["board_id"].isin(boards["id"])]
    if not with_locations.empty:
        board_names = dict(zip(boards["id"], boards["name"], strict=True))
        board = st.selectbox("Bestuur: locaties naast elkaar",
                             sorted(with_locations["board_id"].unique()),
                             format_func=board_names.get, key="monitor_board")
        st.plotly_chart(charts.indicator_trend(
            trend, indicator, with_locations[with_locations["board_id"] == board]),
            width="stretch", key="board_indicator")

st.divider()
enter, upload, define = st.tabs(["Meting invoeren", "Metingen inlezen", "Indicator toevoegen"])
running = shell.implementations(selection.intervention_id)
organisations = dict(zip(running["id"], running["organisation"], strict=True))

with enter:
    if indicators.empty:
        st.write("Voeg eerst een indicator toe.")
    else:
        with st.form("measurement_form", clear_on_submit=True):
            chosen_indicator = st.selectbox("Indicator", list(names), format_func=names.get,
                                            key="measure_indicator")
            organisation = st.selectbox("Organisatie", [None, *organisations],
                                        format_func=lambda i: shell.WHOLE if i is None
                                        else organisations[i], key="measure_organisation")
            day = st.date_input("Datum (een dag in de meetperiode)", value=today,
                                format="DD-MM-YYYY", key="measure_date")
            value = st.number_input("Waarde", value=None, key="measure_value",
                                    placeholder="getal")
            note = st.text_input("Toelichting", key="measure_note")
            by = st.text_input("Ingevuld door", key="measure_by")
            replace = st.checkbox("Bestaande meting voor deze periode vervangen",
                                  key="measure_replace")
            if st.form_submit_button("Meting opslaan"):
                try:
                    if value is None:
                        raise StoreError("vul een waarde in")
                    shell.store().record_measurements(
                        [MeasurementInput(chosen_indicator, day, value, organisation, note)],
                        by, replace)
                except StoreError as error:
                    st.error(f"Niet opgeslagen: {error}")
                else:
                    saved("Meting opgeslagen.")

with upload:
    intervention_id, store = selection.intervention_id, shell.store()
    st.download_button("Leeg sjabloon (XLSX)", key="measurement_template",
                       # made when clicked, on its own cursor (the callable runs elsewhere)
                       data=lambda: measurement_template_bytes(store.cursor(), intervention_id,
                                                               "xlsx"),
                       file_name="metingen.xlsx")
    file = st.file_uploader("Ingevuld bestand (CSV of XLSX)", type=["csv", "xlsx"],
                            key="measurement_upload")
    upload_by = st.text_input("Aangeleverd door", key="upload_by")
    upload_replace = st.checkbox("Bestaande metingen voor dezelfde periode vervangen",
                                 key="upload_replace")
    if st.button("Inlezen", key="measurement_import", disabled=file is None):
        try:
            written = import_measurements(shell.store(), file.getvalue(), file.name,
                                          selection.intervention_id, upload_by or "upload",
                                          upload_replace)
        except ImportRefused as refused:
            count = len(refused.problems)
            st.error(f"Niets ingelezen: {count} {'probleem' if count == 1 else 'problemen'}.")
            st.dataframe(refused.as_frame(), hide_index=True, width="stretch",
                         key="measurement_problems")
        else:
            saved(f"{written} metingen ingelezen.")

with define:
    with st.form("indicator_form"):
        fields = {
            "name": st.text_input("Naam", key="new_indicator_name"),
            "code": st.text_input("Code (voor import, bijv. lessen-in-volgorde)",
                                  key="new_indicator_code"),
            "level": st.selectbox("Niveau", ["macro", "meso", "micro"], format_func=LABELS.get,
                                  key="new_indicator_level"),
            "kind": st.selectbox("Soort", ["integrity", "effect", "reach", "satisfaction",
                                           "context"], format_func=LABELS.get,
                                 key="new_indicator_kind"),
            "unit": st.selectbox("Eenheid", ["percent", "count", "scale", "days"],
                                 format_func=LABELS.get, key="new_indicator_unit"),
            "scale_min": st.number_input("Schaal van (alleen bij score)", value=None,
                                         key="new_indicator_min"),
            "scale_max": st.number_input("Schaal tot", value=None, key="new_indicator_max"),
            "direction": st.selectbox("Richting", ["higher", "lower"], format_func=LABELS.get,
                                      key="new_indicator_direction"),
            "target": st.number_input("Streefwaarde", value=None, key="new_indicator_target"),
            "target_low": st.number_input("Of een streefband: van", value=None,
                                          key="new_indicator_low"),
            "target_high": st.number_input("tot", value=None, key="new_indicator_high"),
            "frequency": st.selectbox("Frequentie", ["lesson", "month", "quarter",
                                                     "school_year", "year"],
                                      format_func=LABELS.get, key="new_indicator_frequency"),
            "instrument": st.text_input("Instrument", key="new_indicator_instrument"),
        }
        checklist = shell.store().checklists.get(MAIN_CHECKLIST)
        evidence_items = {i.id: f"{i.step} · {i.text}" for i in checklist.top_level} \
            if checklist else {}
        fields["items"] = st.multiselect(
            "Geeft bewijs voor checklist-items", list(evidence_items),
            format_func=evidence_items.get, key="new_indicator_items", placeholder="Kies items")
        if st.form_submit_button("Indicator toevoegen"):
            try:
                spec = parse_indicator(fields)
                shell.store().add_indicator(selection.intervention_id, spec)
            except (IndicatorError, StoreError) as error:
                st.error(f"Niet toegevoegd: {error}")
            else:
                saved(f"Indicator '{spec.name}' toegevoegd.")
