"""Beheer: interventions, organisations, implementations, templates, import and export."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
import streamlit as st

import shell
from implementation.store import (
    AANSTURING,
    DOEL_VERSPREIDING,
    ORGANISATION_KINDS,
    NotFoundError,
    StoreError,
)
from implementation.templates import ImportRefused, export_answers, import_answers, template_bytes

shell.through_app()

PROFILE_LABELS = {"name": "Naam", "owner": "Eigenaar", "aansturing": "Aansturing",
                  "doel_verspreiding": "Doel van verspreiding", "dei_status": "DEI-status",
                  "licence": "Licentie", "description": "Korte omschrijving"}
DATE = st.column_config.DateColumn(format="DD-MM-YYYY")
WHOLE = 0  # not an organisation id: the intervention as a whole (None would mean "no choice")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def done(section: str, message: str, clear: tuple[str, ...] = ()) -> None:
    """After a write: fresh caches, an empty form, and the message shown after the rerun
    (so the tables above the form already show the new row)."""
    shell.after_write()
    st.session_state[f"flash_{section}"] = message
    for key in clear:
        st.session_state.pop(key, None)
    st.rerun()


def show_flash(section: str) -> None:
    message = st.session_state.pop(f"flash_{section}", None)
    if message:
        st.success(message)


def follow_sidebar(key: str, value, sidebar=None) -> None:
    """Set a choice to ``value`` whenever the sidebar (``sidebar``, default ``value``)
    changes; between such changes the user's own choice stays. Call before the widget."""
    marker, sidebar = f"{key}__sidebar", value if sidebar is None else sidebar
    if marker not in st.session_state or st.session_state[marker] != sidebar:
        st.session_state[marker] = sidebar
        st.session_state[key] = value


def option_index(options: list, value) -> int | None:
    return options.index(value) if value in options else None


def pick_record(found: pd.DataFrame, label: str, key: str) -> tuple[int, dict]:
    """A selectbox over the rows of ``found`` by name; the chosen id and its values
    (missing values as None), to fill an edit form."""
    names = dict(zip(found["id"], found["name"], strict=True))
    chosen = st.selectbox(label, list(names), format_func=names.get, key=key)
    current = found.loc[found["id"] == chosen].iloc[0].to_dict()
    return chosen, {k: (None if pd.isna(v) else v) for k, v in current.items()}


def profile_fields(prefix: str, current: dict) -> dict:
    """The profile widgets of an intervention form; returns the values as store fields."""
    left, right = st.columns(2)
    values = {
        "name": left.text_input("Naam", value=current.get("name") or "",
                                key=f"{prefix}_name"),
        "owner": right.text_input("Eigenaar", value=current.get("owner") or "",
                                  key=f"{prefix}_owner"),
        "aansturing": left.selectbox(
            "Aansturing", AANSTURING, key=f"{prefix}_aansturing", placeholder="Kies…",
            index=option_index(list(AANSTURING), current.get("aansturing"))),
        "doel_verspreiding": right.selectbox(
            "Doel van verspreiding", DOEL_VERSPREIDING, key=f"{prefix}_doel",
            placeholder="Kies…",
            index=option_index(list(DOEL_VERSPREIDING), current.get("doel_verspreiding"))),
        "dei_status": left.text_input(
            "DEI-status", value=current.get("dei_status") or "", key=f"{prefix}_dei",
            help="Status in de Databank Effectieve Interventies, bijvoorbeeld "
                 "'niet opgenomen', 'in beoordeling' of 'erkend'."),
        "licence": right.text_input("Licentie", value=current.get("licence") or "",
                                    key=f"{prefix}_licence"),
        "description": st.text_area("Korte omschrijving",
                                    value=current.get("description") or "",
                                    key=f"{prefix}_description"),
    }
    return values


def interventions_tab() -> None:
    found = shell.interventions()
    st.dataframe(found.drop(columns="id").rename(columns=PROFILE_LABELS), hide_index=True,
                 key="interventions_table", placeholder="–")
    show_flash("interventions")
    add, edit = st.columns(2, gap="large")
    with add, st.form("intervention_form"):
        st.subheader("Interventie toevoegen")
        profile = profile_fields("new_intervention", {})
        if st.form_submit_button("Toevoegen", key="add_intervention", type="primary"):
            name = profile.pop("name") or ""
            try:
                shell.store().add_intervention(name, **profile)
            except StoreError as error:
                st.error(f"Niet toegevoegd: {error}")
            else:
                done("interventions", f"Interventie '{name.strip()}' toegevoegd.",
                     tuple(f"new_intervention_{f}" for f in
                           ("name", "owner", "aansturing", "doel", "dei", "licence",
                            "description")))
    with edit:
        if found.empty:
            return
        chosen = shell.selection()
        if chosen is not None and chosen.intervention_id in set(found["id"]):
            follow_sidebar("edit_intervention", chosen.intervention_id)
        intervention_id, current = pick_record(found, "Interventie bewerken",
                                               "edit_intervention")
        with st.form(f"edit_intervention_form_{intervention_id}"):
            profile = profile_fields(f"edit_intervention_{intervention_id}", current)
            if st.form_submit_button("Wijzigingen opslaan", key="save_intervention"):
                try:
                    shell.store().update_intervention(int(intervention_id), **profile)
                except (StoreError, NotFoundError) as error:
                    st.error(f"Niet opgeslagen: {error}")
                else:
                    done("interventions", f"Interventie '{profile['name']}' opgeslagen.")


def organisation_fields(prefix: str, current: dict, organisations: pd.DataFrame) -> dict:
    kinds = list(ORGANISATION_KINDS)
    if current.get("kind") and current["kind"] not in kinds:
        kinds.append(current["kind"])
    parents = organisations[organisations["id"] != current.get("id")]
    parent_names = dict(zip(parents["id"], parents["name"], strict=True))
    parent_options = [None, *parent_names]
    left, right = st.columns(2)
    values = {
        "name": left.text_input("Naam", value=current.get("name") or "", key=f"{prefix}_name"),
        "kind": right.selectbox("Soort", kinds, key=f"{prefix}_kind", placeholder="Kies…",
                                index=option_index(kinds, current.get("kind"))),
        "parent_id": left.selectbox(
            "Bestuur (optioneel)", parent_options, key=f"{prefix}_parent",
            index=option_index(parent_options, current.get("parent_id")) or 0,
            format_func=lambda i: "— geen —" if i is None else parent_names[i],
            help="Het schoolbestuur of de organisatie waar deze organisatie onder valt, "
                 "bijvoorbeeld een vestiging onder haar bestuur."),
        "place": right.text_input("Plaats", value=current.get("place") or "",
                                  key=f"{prefix}_place"),
    }
    if values["parent_id"] is not None:
        values["parent_id"] = int(values["parent_id"])
    return values


def organisations_tab() -> None:
    found = shell.organisations()
    st.dataframe(found[["name", "kind", "parent", "place", "locations"]].rename(columns={
        "name": "Naam", "kind": "Soort", "parent": "Bestuur", "place": "Plaats",
        "locations": "Aantal locaties"}), hide_index=True, key="organisations_table",
        placeholder="–")
    show_flash("organisations")
    add, edit = st.columns(2, gap="large")
    with add, st.form("organisation_form"):
        st.subheader("Organisatie toevoegen")
        values = organisation_fields("new_organisation", {}, found)
        if st.form_submit_button("Toevoegen", key="add_organisation", type="primary"):
            try:
                shell.store().add_organisation(values["name"], values["kind"],
                                               values["parent_id"], values["place"])
            except (StoreError, NotFoundError) as error:
                st.error(f"Niet toegevoegd: {error}")
            else:
                done("organisations", f"Organisatie '{values['name']}' toegevoegd.",
                     tuple(f"new_organisation_{f}" for f in ("name", "kind", "parent",
                                                              "place")))
    with edit:
        if found.empty:
            return
        organisation_id, current = pick_record(found, "Organisatie bewerken",
                                               "edit_organisation")
        with st.form(f"edit_organisation_form_{organisation_id}"):
            values = organisation_fields(f"edit_organisation_{organisation_id}", current,
                                         found)
            if st.form_submit_button("Wijzigingen opslaan", key="save_organisation"):
                try:
                    shell.store().update_organisation(int(organisation_id), **values)
                except (StoreError, NotFoundError) as error:
                    st.error(f"Niet opgeslagen: {error}")
                else:
                    done("organisations", f"Organisatie '{values['name']}' opgeslagen.")


def implementations_tab(chosen: shell.Selection | None) -> None:
    show_all = chosen is None or st.toggle("Alle interventies tonen", key="implementations_all")
    if chosen is not None and not show_all:
        st.caption(f"Organisaties die **{chosen.intervention}** uitvoeren. Kies een andere "
                   "interventie in de zijbalk.")
    found = shell.implementations(None if show_all else chosen.intervention_id)
    st.dataframe(found[["intervention", "organisation", "board", "started_on", "ended_on"]]
                 .rename(columns={"intervention": "Interventie", "organisation": "Organisatie",
                                  "board": "Bestuur", "started_on": "Startdatum",
                                  "ended_on": "Einddatum"}),
                 hide_index=True, key="implementations_table", placeholder="–",
                 column_config={"Startdatum": DATE, "Einddatum": DATE})
    show_flash("implementations")
    interventions, organisations = shell.interventions(), shell.organisations()
    if interventions.empty or organisations.empty:
        st.info("Voeg eerst een interventie en een organisatie toe.")
        return
    add, end = st.columns(2, gap="large")
    with add, st.form("implementation_form"):
        st.subheader("Implementatie toevoegen")
        names = dict(zip(interventions["id"], interventions["name"], strict=True))
        if chosen is not None:
            follow_sidebar("new_implementation_intervention", chosen.intervention_id)
        intervention_id = st.selectbox("Interventie", list(names), format_func=names.get,
                                       key="new_implementation_intervention")
        organisation_names = dict(zip(organisations["id"], organisations["name"], strict=True))
        organisation_id = st.selectbox("Uitvoerende organisatie", list(organisation_names),
                                       format_func=organisation_names.get, index=None,
                                       placeholder="Kies…",
                                       key="new_implementation_organisation")
        started_on = st.date_input("Startdatum", value=date.today(), format="DD-MM-YYYY",
                                   key="new_implementation_start")
        if st.form_submit_button("Toevoegen", key="add_implementation", type="primary"):
            if organisation_id is None:
                st.error("Niet toegevoegd: kies een uitvoerende organisatie")
                return
            try:
                shell.store().add_implementation(int(intervention_id), int(organisation_id),
                                                  started_on)
            except (StoreError, NotFoundError) as error:
                st.error(f"Niet toegevoegd: {error}")
            else:
                done("implementations", f"{organisation_names[organisation_id]} voert nu "
                     f"{names[intervention_id]} uit.",
                     ("new_implementation_organisation",))
    if found.empty:
        return
    with end:
        st.subheader("Implementatie bewerken")
        labels = {row.id: f"{row.intervention} bij {row.organisation}"
                  for row in found.itertuples()}
        implementation_id = st.selectbox("Implementatie", list(labels),
                                         format_func=labels.get, key="edit_implementation")
        current = found.set_index("id").loc[implementation_id]
        with st.form(f"edit_implementation_form_{implementation_id}"):
            started_on = st.date_input("Startdatum", value=current["started_on"],
                                       format="DD-MM-YYYY",
                                       key=f"edit_implementation_start_{implementation_id}")
            ended = st.checkbox("Beëindigd", value=pd.notna(current["ended_on"]),
                                key=f"edit_implementation_ended_{implementation_id}")
            ended_on = st.date_input("Einddatum", value=current["ended_on"]
                                     if pd.notna(current["ended_on"]) else date.today(),
                                     format="DD-MM-YYYY",
                                     key=f"edit_implementation_end_{implementation_id}")
            if st.form_submit_button("Wijzigingen opslaan", key="save_implementation"):
                try:
                    shell.store().update_implementation(int(implementation_id), started_on,
                                                        ended_on if ended else None)
                except (StoreError, NotFoundError) as error:
                    st.error(f"Niet opgeslagen: {error}")
                else:
                    done("implementations", f"Implementatie {labels[implementation_id]} "
                         "opgeslagen.")



def templates_tab() -> None:
    st.write("Een leeg sjabloon om de checklist buiten het dashboard in te vullen, "
             "bijvoorbeeld samen in een teamvergadering. Vul per regel in de kolom "
             "*antwoord* ja, nee of nvt in en lees het bestand daarna in onder **Inlezen**.")
    checklist_id = shell.checklist_choice("template_checklist")
    checklist = shell.store().checklist(checklist_id)
    left, right = st.columns(2)
    # made when clicked, not on every rerun (an XLSX takes a few tenths of a second)
    left.download_button("Sjabloon als CSV", lambda: template_bytes(checklist, "csv"),
                         file_name=f"{checklist_id}-sjabloon.csv", mime="text/csv",
                         key="download_csv", icon=":material/download:")
    right.download_button("Sjabloon als Excel (XLSX)", lambda: template_bytes(checklist, "xlsx"),
                          file_name=f"{checklist_id}-sjabloon.xlsx", mime=XLSX,
                          key="download_xlsx", icon=":material/download:")


def import_tab(chosen: shell.Selection | None) -> None:
    if chosen is None:
        st.info("Voeg eerst een interventie toe.")
        return
    st.write(f"Lees een ingevuld sjabloon in als nieuwe beoordeling van "
             f"**{chosen.intervention}** (kies een andere interventie in de zijbalk). Het hele "
             "bestand wordt eerst gecontroleerd; bij één fout wordt niets ingelezen.")
    show_flash("import")
    upload = st.file_uploader("Ingevuld sjabloon", type=["csv", "xlsx"], key="upload")
    left, right = st.columns(2)
    with left:
        checklist_id = shell.checklist_choice("import_checklist")
        assessed_on = st.date_input("Datum van de beoordeling", value=date.today(),
                                    format="DD-MM-YYYY", key="import_date")
    with right:
        respondent = st.text_input("Ingevuld door", key="import_respondent",
                                   placeholder="naam of rol, bijvoorbeeld 'projectleider'")
        running = shell.implementations(chosen.intervention_id)
        labels = dict(zip(running["organisation_id"], running["organisation"], strict=True))
        options = [WHOLE, *labels]
        current = running.loc[running["id"] == chosen.implementation_id, "organisation_id"]
        follow_sidebar("import_organisation", int(current.iloc[0]) if len(current) else WHOLE,
                       (chosen.intervention_id, chosen.implementation_id))
        organisation_id = st.selectbox(
            "Uitvoerende organisatie (optioneel)", options, key="import_organisation",
            format_func=lambda i: shell.WHOLE if i == WHOLE else labels[i])
    final = st.checkbox("Vastleggen als definitieve beoordeling", value=True,
                        key="import_final",
                        help="Een concept telt nog niet mee in de gereedheid en de "
                             "verbeterpunten.")
    if not st.button("Inlezen", key="import_button", type="primary"):
        return
    if upload is None:
        st.error("Kies eerst een bestand.")
        return
    if not (respondent or "").strip():
        st.error("Vul in door wie de checklist is ingevuld.")
        return
    try:
        assessment_id = import_answers(
            shell.store(), upload.getvalue(), upload.name, checklist_id,
            int(chosen.intervention_id), assessed_on,
            organisation=None if organisation_id == WHOLE else int(organisation_id),
            respondent=respondent.strip(), final=final)
    except ImportRefused as refused:
        count = len(refused.problems)
        st.error(f"Niets ingelezen: {count} {'probleem' if count == 1 else 'problemen'}")
        st.dataframe(refused.as_frame(), hide_index=True, key="import_problems",
                     column_config={"rij": st.column_config.NumberColumn("rij", format="%d")})
    except (StoreError, NotFoundError) as error:
        st.error(f"Niets ingelezen: {error}")
    else:
        subject = chosen.intervention if organisation_id == WHOLE else \
            f"{chosen.intervention} bij {labels[organisation_id]}"
        done("import", f"Ingelezen als beoordeling {assessment_id} van {subject} "
             f"({'definitief' if final else 'concept'}).")


def export_tab(chosen: shell.Selection | None) -> None:
    if chosen is None:
        st.info("Voeg eerst een interventie toe.")
        return
    st.write(f"Alle antwoorden van **{chosen.intervention}** (de interventie als geheel en "
             "alle uitvoerende organisaties), met de volledige geschiedenis: elke wijziging is "
             "een eigen regel met datum en invuller.")
    store, intervention_id = shell.store(), chosen.intervention_id
    stem = "antwoorden-" + re.sub(r"[^a-z0-9]+", "-", chosen.intervention.lower()).strip("-")
    left, right = st.columns(2)
    # The files are made when the button is clicked, not on every rerun of this page;
    # on its own cursor, because the callable runs on another thread.
    left.download_button("Exporteren als CSV", file_name=f"{stem}.csv", mime="text/csv",
                         data=lambda: export_answers(store.cursor(), intervention_id, "csv"),
                         key="export_csv", icon=":material/download:")
    right.download_button("Exporteren als Excel (XLSX)", file_name=f"{stem}.xlsx", mime=XLSX,
                          data=lambda: export_answers(store.cursor(), intervention_id, "xlsx"),
                          key="export_xlsx", icon=":material/download:")


st.title("Beheer")
selection = shell.selection()
tabs = st.tabs(["Interventies", "Organisaties", "Implementaties", "Sjablonen", "Inlezen",
                "Exporteren"])
with tabs[0]:
    interventions_tab()
with tabs[1]:
    organisations_tab()
with tabs[2]:
    implementations_tab(selection)
with tabs[3]:
    templates_tab()
with tabs[4]:
    import_tab(selection)
with tabs[5]:
    export_tab(selection)
