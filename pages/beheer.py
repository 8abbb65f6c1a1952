"""Beheer: interventions, organisations, implementations, templates, import and export."""
import streamlit as st

import application
import shell
from forms import beheer
from implementation.permissions import Action, may_somewhere

application.through_app()

st.title("Beheer")
selection = shell.selection()
user = shell.current_user()
tabs = {"Interventies": lambda: beheer.interventions_tab(selection),
        "Organisaties": beheer.organisations_tab,
        "Implementaties": lambda: beheer.implementations_tab(selection),
        "Sjablonen": beheer.templates_tab}
if may_somewhere(user, Action.ASSESSMENT_WRITE):
    tabs["Inlezen"] = lambda: beheer.import_tab(selection)
tabs["Exporteren"] = lambda: beheer.export_tab(selection)
for tab, show in zip(st.tabs(list(tabs)), tabs.values(), strict=True):
    with tab:
        show()
