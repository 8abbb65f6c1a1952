"""The report buttons of Voortgang (an intervention) and Organisatie (a board or school)."""
from __future__ import annotations

import re

import streamlit as st

import shell
from implementation.reports import make_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def buttons(name: str, intervention: int | None = None, organisation: int | None = None) -> None:
    st.header("Rapport")
    st.caption("Een rapport voor de vergadering: de gereedheid en het stadiaprofiel met de "
               "verandering sinds de vorige beoordeling, het verloop, de verbeterpunten met hun "
               "acties, de indicatoren en de aandachtslijst, met wat u mag zien. Het maken "
               "duurt een paar seconden.")
    database = shell.db()
    stem = "rapport-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    left, right = st.columns(2)

    def made(fmt: str):
        # made when clicked, on its own cursor: the callable runs outside this script run
        return lambda: make_report(database.cursor().acting_as(database.actor), fmt,
                                   intervention=intervention, organisation=organisation)
    left.download_button("Rapport als PDF", data=made("pdf"), file_name=f"{stem}.pdf",
                         mime="application/pdf", key="report_pdf", icon=":material/picture_as_pdf:")
    right.download_button("Cijfers als Excel (XLSX)", data=made("xlsx"), file_name=f"{stem}.xlsx",
                          mime=XLSX, key="report_xlsx", icon=":material/table:")
