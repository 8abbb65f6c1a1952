"""Gebruikers: administrators create, grant, revoke and deactivate accounts."""
import streamlit as st

import application
import shell
import ui
from implementation.vocabulary import Role

application.through_app()

st.title("Gebruikers")
users = shell.read.accounts.users()
st.dataframe(users[["login", "name", "email", "active", "grants"]].rename(columns={
    "login": "Gebruikersnaam", "name": "Naam", "email": "E-mail", "active": "Actief",
    "grants": "Rechten"}), hide_index=True, width="stretch", key="users_table",
    placeholder="–")
interventions = shell.read.registry.interventions()
organisations = shell.read.registry.organisations()
intervention_names = dict(zip(interventions["id"], interventions["name"], strict=True))
organisation_names = dict(zip(organisations["id"], organisations["name"], strict=True))


def grant_fields(prefix: str) -> dict:
    left, middle, right = st.columns(3)
    # no default: one click must never make an administrator
    role = left.selectbox("Rol", Role.keys(), format_func=Role.label_of, key=f"{prefix}_role",
                          index=None, placeholder="Kies een rol")
    intervention = middle.selectbox("Interventie (bij eigenaar)", [None, *intervention_names],
                                    format_func=lambda i: "—" if i is None
                                    else intervention_names[i], key=f"{prefix}_intervention")
    organisation = right.selectbox("Organisatie (bij organisatie of bestuur)",
                                   [None, *organisation_names], key=f"{prefix}_organisation",
                                   format_func=lambda i: "—" if i is None
                                   else organisation_names[i])
    return {"role": role, "intervention_id": intervention, "organisation_id": organisation}


add, change = st.columns(2, gap="large")
with add:
    st.subheader("Gebruiker toevoegen")
    shell.messages("user_add")
    with st.form("user_form", clear_on_submit=True):
        left, right = st.columns(2)
        login = left.text_input("Gebruikersnaam", key="user_login", max_chars=64)
        name = right.text_input("Naam", key="user_name", max_chars=120)
        email = left.text_input("E-mail (voor inloggen via de organisatie)", key="user_email")
        password = right.text_input("Wachtwoord (minstens 8 tekens)", type="password",
                                    key="user_password")
        grant = grant_fields("user")
        if st.form_submit_button("Toevoegen", type="primary", key="add_user"):
            shell.write(lambda d: d.accounts.add(login, name, password or None, email, **grant),
                        f"Gebruiker '{login.strip().lower()}' toegevoegd.", "user_add")
with change:
    st.subheader("Gebruiker wijzigen")
    shell.messages("user_change")
    logins = users["login"].tolist()
    chosen = st.selectbox("Gebruiker", logins, key="user_chosen")
    row = users[users["login"] == chosen].iloc[0]
    st.caption(f"Rechten nu: {ui.text(row['grants'] or 'geen')}")
    with st.form("grant_form"):
        grant = grant_fields("grant")
        give, take = st.columns(2)
        give_clicked = give.form_submit_button("Recht geven", key="grant")
        take_clicked = take.form_submit_button("Recht intrekken", key="revoke")
        if (give_clicked or take_clicked) and grant["role"] is None:
            shell.flash_error("user_change", "Niet opgeslagen: kies een rol.")
            st.rerun()
        if give_clicked:
            shell.write(lambda d: d.accounts.grant(chosen, **grant),
                        f"{chosen} heeft nu het recht {Role.label_of(grant['role'])}.",
                        "user_change")
        if take_clicked:
            shell.write(lambda d: d.accounts.revoke(chosen, **grant),
                        f"Recht {Role.label_of(grant['role'])} van {chosen} ingetrokken.",
                        "user_change")
    with st.form("password_form", clear_on_submit=True):
        new_password = st.text_input("Nieuw wachtwoord", type="password", key="admin_password")
        if st.form_submit_button("Wachtwoord zetten", key="set_password"):
            shell.write(lambda d: d.accounts.set_password(chosen, new_password),
                        f"Wachtwoord van {chosen} gewijzigd.", "user_change")
    active = bool(row["active"])
    if st.button("Deactiveren" if active else "Weer activeren", key="toggle_active"):
        shell.write(lambda d: d.accounts.set_active(chosen, not active),
                    f"{chosen} is {'gedeactiveerd' if active else 'weer actief'}.",
                    "user_change")
