"""Entry point: page config, navigation over pages/, and the shared sidebar.

Page files have English names and Dutch url paths that differ from the file names.
Streamlit still treats a ``pages/`` folder as an old-style page list until
``st.navigation`` has run; with a url path that is not a file name, a bookmark such
as ``/voortgang`` always goes through this script first.
"""
import streamlit as st

import shell

st.set_page_config(page_title="Implementatiemonitor", page_icon=":material/checklist:",
                   layout="wide")


def page(file: str, title: str, url: str, icon: str, default: bool = False) -> st.Page:
    if default:
        return st.Page(f"pages/{file}.py", title=title, icon=f":material/{icon}:",
                       default=True)
    return st.Page(f"pages/{file}.py", title=title, url_path=url, icon=f":material/{icon}:")


navigation = st.navigation({
    "Overzicht": [page("overview", "Overzicht", "", "dashboard", default=True)],
    "Eigenaar en school": [
        page("assess", "Checklist invullen", "checklist", "fact_check"),
        page("actions", "Verbeterpunten", "verbeterpunten", "construction"),
    ],
    "Adviseur en bestuur": [
        page("compare", "Vergelijken", "vergelijken", "compare"),
        page("progress", "Voortgang", "voortgang", "trending_up"),
        page("indicators", "Monitoring", "monitoring", "monitoring"),
    ],
    "Beheer": [page("admin", "Beheer", "beheer", "settings")],
})
st.session_state["selection"] = shell.sidebar()
navigation.run()
