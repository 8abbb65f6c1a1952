"""Logboek: the audit trail, for administrators (everything) and owners (their intervention);
for administrators also the error log (what a user's error reference stands for)."""
from datetime import date, timedelta

import pandas as pd
import streamlit as st

import application
import shell
import ui
from implementation.views import audit_action, audit_table

application.through_app()

st.title("Logboek")
st.caption("Elke wijziging in het dashboard en op de opdrachtregel: wie, wanneer, wat, en de oude "
           "en nieuwe waarden. Ook in- en uitloggen, mislukte pogingen, exports en rapporten.")
filters = st.columns([1, 1, 1, 1, 2])
since = filters[0].date_input("Vanaf", value=date.today() - timedelta(days=365),
                              format="DD-MM-YYYY", key="audit_since")
until = filters[1].date_input("Tot en met", value=date.today(), format="DD-MM-YYYY",
                              key="audit_until")
login = filters[2].text_input("Gebruiker", key="audit_user", placeholder="gebruikersnaam")
kinds = shell.read.audit.kinds()
kind = filters[3].selectbox("Soort", [None, *kinds], key="audit_kind",
                            format_func=lambda k: "alle" if k is None else audit_action(k))
interventions = shell.read.registry.interventions()
organisations = shell.read.registry.organisations()
subjects = {None: "alle onderwerpen",
            **{("i", int(i)): n for i, n in zip(interventions["id"], interventions["name"],
                                                 strict=True)},
            **{("o", int(i)): f"{n} (organisatie)" for i, n in
               zip(organisations["id"], organisations["name"], strict=True)}}
subject = filters[4].selectbox("Onderwerp", list(subjects), format_func=subjects.get,
                               key="audit_subject")
entries = shell.read.audit.entries(
    since, until, login.strip().lower() or None, kind,
    subject[1] if subject and subject[0] == "i" else None,
    subject[1] if subject and subject[0] == "o" else None)
shown = audit_table(entries, shell.root().checklists)
if shown.empty:   # an empty table says "empty" in English: say it in Dutch instead
    st.info("Geen regels in het logboek voor deze keuze.")
else:
    st.dataframe(shown, hide_index=True, width="stretch", key="audit_table", placeholder="–",
                 column_config={"Tijdstip": st.column_config.DatetimeColumn(
                     format="DD-MM-YYYY HH:mm:ss"),
                     "Oud": st.column_config.TextColumn(width="medium"),
                     "Nieuw": st.column_config.TextColumn(width="large")})
st.caption(f"{len(entries)} regels (de nieuwste eerst, hoogstens 5000).")
database = shell.db()
# made on click, on its own cursor (the callable runs outside this script run); logged
st.download_button("Logboek als CSV", file_name="logboek.csv", mime="text/csv",
                   data=lambda: database.cursor().acting_as(database.actor).audit.export(shown),
                   key="audit_csv", icon=":material/download:")

if shell.current_user().is_admin:
    from implementation import error_log
    st.subheader("Onverwachte fouten")
    st.caption("Een gebruiker die een fout krijgt, ziet alleen een referentie; hier staan de "
               f"details ({ui.text(error_log.path())}), de nieuwste eerst. Op de opdrachtregel: "
               "`python -m implementation errors [REFERENTIE]`.")
    logged = error_log.entries(100)
    if not logged:
        st.caption("Er zijn geen onverwachte fouten vastgelegd.")
    else:
        st.dataframe(pd.DataFrame({"Referentie": [e.reference for e in logged],
                                   "Tijdstip": [e.moment for e in logged],
                                   "Waar": [e.context for e in logged],
                                   "Fout": [e.summary for e in logged]}),
                     hide_index=True, width="stretch", key="error_table")
        chosen = st.selectbox("Details van", [e.reference for e in logged], key="error_reference")
        st.code(next(e.details for e in logged if e.reference == chosen), language=None)
