"""Logboek: the audit trail, for administrators (everything) and owners (their intervention)."""
from datetime import date, timedelta

import streamlit as st

import application
import shell
from implementation.tables import csv_bytes

application.through_app()

st.title("Logboek")
st.caption("Elke wijziging in het dashboard en op de opdrachtregel: wie, wanneer, wat, en de oude "
           "en nieuwe waarden. Ook in- en uitloggen, mislukte pogingen, exports en rapporten.")
filters = st.columns(4)
since = filters[0].date_input("Vanaf", value=date.today() - timedelta(days=365),
                              format="DD-MM-YYYY", key="audit_since")
until = filters[1].date_input("Tot en met", value=date.today(), format="DD-MM-YYYY",
                              key="audit_until")
login = filters[2].text_input("Gebruiker", key="audit_user", placeholder="gebruikersnaam")
kinds = shell.read.audit.kinds()
kind = filters[3].selectbox("Soort", [None, *kinds], key="audit_kind",
                            format_func=lambda k: "alle" if k is None else k)
selection = shell.selection()
only = st.toggle("Alleen de gekozen interventie", key="audit_only",
                 disabled=selection is None or selection.intervention_id is None)
entries = shell.read.audit.entries(since, until, login.strip().lower() or None, kind,
                                   selection.intervention_id if only and selection else None)
shown = entries[["at", "user_name", "action", "intervention", "organisation", "old_values",
                 "new_values", "detail"]].rename(columns={
    "at": "Tijdstip", "user_name": "Gebruiker", "action": "Handeling",
    "intervention": "Interventie", "organisation": "Organisatie", "old_values": "Oud",
    "new_values": "Nieuw", "detail": "Toelichting"})
st.dataframe(shown, hide_index=True, width="stretch", key="audit_table",
             column_config={"Tijdstip": st.column_config.DatetimeColumn(
                 format="DD-MM-YYYY HH:mm:ss")})
st.caption(f"{len(entries)} regels (de nieuwste eerst, hoogstens 5000).")
st.download_button("Logboek als CSV", data=lambda: csv_bytes(shown), file_name="logboek.csv",
                   mime="text/csv", key="audit_csv", icon=":material/download:")
