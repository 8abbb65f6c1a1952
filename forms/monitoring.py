"""Monitoring's forms: enter a measurement, import a file, define an indicator."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import shell
import ui
from implementation.checklists import MAIN_CHECKLIST
from implementation.indicators import parse_indicator, read_number
from implementation.measurement_files import import_measurements, measurement_template_bytes
from implementation.permissions import Action
from implementation.store import MeasurementInput
from implementation.vocabulary import Direction, Frequency, IndicatorKind, Level, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show(selection: shell.Selection | None, indicators: pd.DataFrame, today: date) -> None:
    tabs = {"Meting invoeren": lambda: _enter(indicators, today),
            "Metingen inlezen": lambda: _upload(selection)}
    owner = _owner(selection)
    if owner is not None and shell.may(Action.INDICATOR_WRITE, owner[0].get("intervention"),
                                       None, owner[0].get("organisation")):
        tabs["Indicator toevoegen"] = lambda: _define(selection)   # only where it may
    for tab, show_tab in zip(st.tabs(list(tabs)), tabs.values(), strict=True):
        with tab:
            show_tab()


def _subjects(indicator_id: int) -> dict:
    """The subjects a measurement of this indicator can be for, that the user may write
    (decided in the core: Measurable.subjects)."""
    return {(kind, ref): shell.WHOLE if name is None else name
            for kind, ref, name in shell.read.measurable.subjects(indicator_id)}


def _enter(indicators: pd.DataFrame, today: date) -> None:
    shell.messages("measurement")
    if indicators.empty:
        st.write("Voeg eerst een indicator toe.")
        return
    names = dict(zip(indicators["id"].astype(int), indicators["name"], strict=True))
    offered = [i for i in shell.read.measurable.indicators() if i in names]
    if not offered:
        st.caption("U kunt voor geen van deze indicatoren metingen vastleggen.")
        return
    indicator_id = st.selectbox("Indicator", offered, key="measure_indicator",
                                format_func=names.get)
    subjects = _subjects(indicator_id)
    with st.form("measurement_form", clear_on_submit=True):
        subject = st.selectbox("Voor", list(subjects), format_func=subjects.get,
                               key="measure_subject")
        day = st.date_input("Datum (een dag in de meetperiode)", value=today,
                            format="DD-MM-YYYY", key="measure_date")
        raw = st.text_input("Waarde", key="measure_value", placeholder="bijvoorbeeld 12 of 71,5")
        note = st.text_input("Toelichting", key="measure_note", max_chars=5000)
        replace = st.checkbox("Bestaande meting voor deze periode vervangen (de oude blijft in "
                              "de geschiedenis)", key="measure_replace")
        if st.form_submit_button("Meting opslaan", type="primary"):
            value, reason = read_number(raw) if raw.strip() else (None, "vul een waarde in")
            if reason:
                shell.flash_error("measurement", f"Niet opgeslagen: {reason}")
                st.rerun()
            kind, ref = subject
            row = MeasurementInput(indicator_id, day, value,
                                   ref if kind == "i" else None, ref if kind == "o" else None,
                                   note)
            shell.write(lambda d: d.monitoring.record_measurements([row], replace),
                        f"Meting opgeslagen voor {subjects[subject]}.", "measurement")


def _owner(selection: shell.Selection | None) -> tuple[dict, str] | None:
    if selection is None:
        return None
    if selection.intervention_id is not None:
        return {"intervention": selection.intervention_id}, selection.intervention
    return {"organisation": selection.organisation_id}, selection.organisation


def _upload(selection: shell.Selection | None) -> None:
    owner = _owner(selection)
    shell.messages("measurement_import")
    if owner is None:
        st.write("Kies in de zijbalk een interventie of organisatie.")
        return
    kwargs, label = owner
    st.write(f"Metingen van **{ui.text(label)}** inlezen (kies in de zijbalk een ander "
             "onderwerp). Het hele bestand wordt eerst gecontroleerd; bij één fout wordt "
             "niets ingelezen.")
    database = shell.db()
    st.download_button("Leeg sjabloon (XLSX)", key="measurement_template", mime=XLSX,
                       data=lambda: measurement_template_bytes(database.cursor().acting_as(
                           database.actor), "xlsx", **kwargs),
                       file_name="metingen-sjabloon.xlsx", icon=":material/download:")
    file = st.file_uploader("Ingevuld bestand (CSV of XLSX, hoogstens 10 MB)",
                            type=["csv", "xlsx"], key="measurement_upload", max_upload_size=10)
    replace = st.checkbox("Bestaande metingen voor dezelfde periode vervangen",
                          key="upload_replace")
    if st.button("Inlezen", key="measurement_import", disabled=file is None, type="primary"):
        content, name = file.getvalue(), file.name
        shell.write(lambda d: import_measurements(d, content, name, replace=replace, **kwargs),
                    lambda written: f"{written} metingen ingelezen uit {name}.",
                    "measurement_import", reset=("measurement_upload",))


def _define(selection: shell.Selection | None) -> None:
    owner = _owner(selection)
    shell.messages("indicator")
    if owner is None:
        st.write("Kies in de zijbalk een interventie of organisatie.")
        return
    kwargs, label = owner
    if not shell.may(Action.INDICATOR_WRITE, kwargs.get("intervention"), None,
                     kwargs.get("organisation")):
        st.caption(f"U kunt geen indicatoren vastleggen voor {ui.text(label)}.")
        return
    st.write(f"Een indicator van **{ui.text(label)}**.")
    with st.form("indicator_form"):
        left, right = st.columns(2)
        fields = {
            "name": left.text_input("Naam", key="new_indicator_name"),
            "code": right.text_input("Code (voor het inlezen, bijv. lessen-in-volgorde)",
                                     key="new_indicator_code"),
            "level": left.selectbox("Niveau", Level.keys(), format_func=Level.label_of,
                                    key="new_indicator_level"),
            "kind": right.selectbox("Soort", IndicatorKind.keys(),
                                    format_func=IndicatorKind.label_of, key="new_indicator_kind"),
            "unit": left.selectbox("Eenheid", Unit.keys(), format_func=Unit.label_of,
                                   key="new_indicator_unit"),
            "direction": right.selectbox("Richting", Direction.keys(),
                                         format_func=Direction.label_of,
                                         key="new_indicator_direction"),
            "scale_min": left.number_input("Schaal van (alleen bij score op schaal)", value=None,
                                           key="new_indicator_min"),
            "scale_max": right.number_input("Schaal tot", value=None, key="new_indicator_max"),
            "target": left.number_input("Streefwaarde", value=None, key="new_indicator_target"),
            "target_low": left.number_input("Of een streefband: van", value=None,
                                            key="new_indicator_low"),
            "target_high": right.number_input("tot", value=None, key="new_indicator_high"),
            "frequency": right.selectbox("Frequentie", Frequency.keys(),
                                         format_func=Frequency.label_of,
                                         key="new_indicator_frequency"),
            "instrument": st.text_input("Instrument", key="new_indicator_instrument"),
        }
        if "intervention" in kwargs:
            checklist = shell.root().checklists.get(MAIN_CHECKLIST)
            evidence = {i.id: f"{i.step} · {i.text}" for i in checklist.top_level} \
                if checklist else {}
            fields["items"] = st.multiselect(
                "Geeft bewijs voor checklist-items", list(evidence), format_func=evidence.get,
                key="new_indicator_items", placeholder="Kies items", select_all=False)
        if st.form_submit_button("Indicator toevoegen", type="primary"):
            def add(d):
                spec = parse_indicator(fields)
                return d.monitoring.add_indicator(spec, kwargs.get("intervention"),
                                                  kwargs.get("organisation"))
            shell.write(add, f"Indicator '{fields['name'].strip()}' toegevoegd.", "indicator")
