"""Mijn account: who I am, what I may do, and my own password."""
import streamlit as st

import application
import shell
import ui
from implementation.vocabulary import Role

application.through_app()

st.title("Mijn account")
user = shell.current_user()
st.write(f"U bent ingelogd als **{ui.text(user.name)}** (gebruikersnaam "
         f"`{ui.text(user.login)}`).")
interventions = shell.read.registry.interventions()
interventions = dict(zip(interventions["id"], interventions["name"], strict=True))
organisations = shell.read.registry.organisations()
organisations = dict(zip(organisations["id"], organisations["name"], strict=True))
for grant in user.grants:
    subject = interventions.get(grant.intervention_id) or organisations.get(grant.organisation_id)
    st.markdown(f"- {Role.label_of(grant.role.value)}"
                + (f": {ui.text(subject)}" if subject else ""))
st.subheader("Wachtwoord wijzigen")
shell.messages("own_password")
with st.form("own_password_form", clear_on_submit=True):
    old = st.text_input("Huidig wachtwoord", type="password", key="old_password")
    new = st.text_input("Nieuw wachtwoord (minstens 8 tekens)", type="password",
                        key="new_password")
    again = st.text_input("Nieuw wachtwoord nog eens", type="password", key="new_password_again")
    if st.form_submit_button("Wachtwoord wijzigen", type="primary"):
        if new != again:
            shell.flash_error("own_password", "Niet gewijzigd: de twee nieuwe wachtwoorden "
                                              "verschillen.")
            st.rerun()
        shell.write(lambda d: d.accounts.set_password(user.login, new, old),
                    "Uw wachtwoord is gewijzigd.", "own_password")
