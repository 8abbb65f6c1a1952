"""Beheer's tabs: interventions, organisations, implementations, templates, import, export."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
import streamlit as st

import shell
import ui
from implementation.checklists import in_display_order
from implementation.errors import AlreadyImported
from implementation.permissions import Action
from implementation.templates import export_answers, import_answers, template_bytes
from implementation.vocabulary import Aansturing, DoelVerspreiding, OrganisationKind

PROFILE_LABELS = {"name": "Naam", "owner": "Eigenaar", "aansturing": "Aansturing",
                  "doel_verspreiding": "Doel van verspreiding", "dei_status": "DEI-status",
                  "licence": "Licentie", "description": "Korte omschrijving"}
DATE = st.column_config.DateColumn(format="DD-MM-YYYY")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _index(options: list, value) -> int | None:
    return options.index(value) if value in options else None


def _profile_fields(prefix: str, current: dict) -> dict:
    left, right = st.columns(2)
    return {
        "name": left.text_input("Naam", value=current.get("name") or "", key=f"{prefix}_name",
                                max_chars=200),
        "owner": right.text_input("Eigenaar", value=current.get("owner") or "",
                                  key=f"{prefix}_owner"),
        "aansturing": left.selectbox("Aansturing", Aansturing.keys(), key=f"{prefix}_aansturing",
                                     placeholder="Kies…", format_func=Aansturing.label_of,
                                     index=_index(Aansturing.keys(), current.get("aansturing"))),
        "doel_verspreiding": right.selectbox(
            "Doel van verspreiding", DoelVerspreiding.keys(), key=f"{prefix}_doel",
            placeholder="Kies…",
            index=_index(DoelVerspreiding.keys(), current.get("doel_verspreiding"))),
        "dei_status": left.text_input(
            "DEI-status", value=current.get("dei_status") or "", key=f"{prefix}_dei",
            help="Status in de Databank Effectieve Interventies, bijvoorbeeld "
                 "'niet opgenomen', 'in beoordeling' of 'erkend'."),
        "licence": right.text_input("Licentie", value=current.get("licence") or "",
                                    key=f"{prefix}_licence"),
        "description": st.text_area("Korte omschrijving", value=current.get("description") or "",
                                    key=f"{prefix}_description"),
    }


def interventions_tab(selection) -> None:
    found = shell.read.registry.interventions()
    # a table that wraps its text, so that no profile is cut off; empty fields read "–"
    shown = found.drop(columns="id").rename(columns=PROFILE_LABELS)
    shown["Aansturing"] = shown["Aansturing"].map(lambda v: Aansturing.label_of(v))
    st.table(shown.map(lambda v: ui.text(v) if isinstance(v, str) and v else "–"),
             hide_index=True, border="horizontal")
    shell.messages("interventions")
    add, edit = st.columns(2, gap="large")
    if shell.may(Action.INTERVENTION_ADD):
        with add, st.form("intervention_form", clear_on_submit=True):
            st.subheader("Interventie toevoegen")
            profile = _profile_fields("new_intervention", {})
            if st.form_submit_button("Toevoegen", key="add_intervention", type="primary"):
                name = profile.pop("name")
                shell.write(lambda d: d.registry.add_intervention(name, **profile),
                            f"Interventie '{name.strip()}' toegevoegd.", "interventions")
    editable = found[[shell.may(Action.INTERVENTION_EDIT, int(i))
                      for i in found["id"]]]
    if editable.empty:
        return
    with edit:
        names = dict(zip(editable["id"], editable["name"], strict=True))
        if selection is not None and selection.intervention_id in names \
                and st.session_state.get("edit_intervention") not in names:
            st.session_state["edit_intervention"] = selection.intervention_id
        chosen = st.selectbox("Interventie bewerken", list(names), format_func=names.get,
                              key="edit_intervention")
        current = editable[editable["id"] == chosen].iloc[0].to_dict()
        current = {k: (None if pd.isna(v) else v) for k, v in current.items()}
        with st.form(f"edit_intervention_form_{chosen}"):
            profile = _profile_fields(f"edit_intervention_{chosen}", current)
            if st.form_submit_button("Wijzigingen opslaan", key="save_intervention"):
                shell.write(lambda d: d.registry.update_intervention(int(chosen), **profile),
                            f"Interventie '{profile['name'].strip()}' opgeslagen.",
                            "interventions")


def _organisation_fields(prefix: str, current: dict, organisations: pd.DataFrame) -> dict:
    kinds = OrganisationKind.keys()
    if current.get("kind") and current["kind"] not in kinds:
        kinds = [*kinds, current["kind"]]
    parents = organisations[organisations["id"] != current.get("id")]
    parent_names = dict(zip(parents["id"], parents["name"], strict=True))
    options = [None, *parent_names]
    left, right = st.columns(2)
    values = {
        "name": left.text_input("Naam", value=current.get("name") or "", key=f"{prefix}_name",
                                max_chars=200),
        "kind": right.selectbox("Soort", kinds, key=f"{prefix}_kind", placeholder="Kies…",
                                format_func=OrganisationKind.label_of,
                                index=_index(kinds, current.get("kind"))),
        "parent_id": left.selectbox(
            "Bestuur (optioneel)", options, key=f"{prefix}_parent",
            index=_index(options, current.get("parent_id")) or 0,
            format_func=lambda i: "— geen —" if i is None else parent_names[i],
            help="Het schoolbestuur of de organisatie waar deze organisatie onder valt."),
        "place": right.text_input("Plaats", value=current.get("place") or "",
                                  key=f"{prefix}_place"),
    }
    if values["parent_id"] is not None:
        values["parent_id"] = int(values["parent_id"])
    return values


def organisations_tab() -> None:
    found = shell.read.registry.organisations()
    st.dataframe(found[["name", "kind", "parent", "place", "locations"]].rename(columns={
        "name": "Naam", "kind": "Soort", "parent": "Bestuur", "place": "Plaats",
        "locations": "Aantal locaties"}), hide_index=True, key="organisations_table",
        placeholder="–", width="stretch")
    shell.messages("organisations")
    if not shell.may(Action.ORGANISATION_WRITE):
        return
    add, edit = st.columns(2, gap="large")
    with add, st.form("organisation_form", clear_on_submit=True):
        st.subheader("Organisatie toevoegen")
        values = _organisation_fields("new_organisation", {}, found)
        if st.form_submit_button("Toevoegen", key="add_organisation", type="primary"):
            shell.write(lambda d: d.registry.add_organisation(**values),
                        f"Organisatie '{(values['name'] or '').strip()}' toegevoegd.",
                        "organisations")
    if found.empty:
        return
    with edit:
        names = dict(zip(found["id"], found["name"], strict=True))
        chosen = st.selectbox("Organisatie bewerken", list(names), format_func=names.get,
                              key="edit_organisation")
        current = found[found["id"] == chosen].iloc[0].to_dict()
        current = {k: (None if pd.isna(v) else v) for k, v in current.items()}
        with st.form(f"edit_organisation_form_{chosen}"):
            values = _organisation_fields(f"edit_organisation_{chosen}", current, found)
            if st.form_submit_button("Wijzigingen opslaan", key="save_organisation"):
                shell.write(lambda d: d.registry.update_organisation(int(chosen), **values),
                            f"Organisatie '{(values['name'] or '').strip()}' opgeslagen.",
                            "organisations")


def implementations_tab(selection) -> None:
    if selection is not None and selection.intervention_id is not None:
        show_all = st.toggle("Alle interventies tonen", key="implementations_all")
    else:
        show_all = True
    intervention_id = None if show_all else selection.intervention_id
    if not show_all:
        st.caption(f"Organisaties die **{ui.text(selection.intervention)}** uitvoeren. Kies een "
                   "andere interventie in de zijbalk.")
    found = shell.read.registry.implementations(intervention_id)
    st.dataframe(found[["intervention", "organisation", "board", "started_on", "ended_on"]]
                 .rename(columns={"intervention": "Interventie", "organisation": "Organisatie",
                                  "board": "Bestuur", "started_on": "Startdatum",
                                  "ended_on": "Einddatum"}),
                 hide_index=True, key="implementations_table", placeholder="–",
                 column_config={"Startdatum": DATE, "Einddatum": DATE}, width="stretch")
    shell.messages("implementations")
    interventions = shell.read.registry.interventions()
    writable = {int(i): n for i, n in zip(interventions["id"], interventions["name"], strict=True)
                if shell.may(Action.IMPLEMENTATION_WRITE, int(i))}
    if not writable:
        return
    organisations = shell.read.registry.organisations()
    add, end = st.columns(2, gap="large")
    with add, st.form("implementation_form", clear_on_submit=True):
        st.subheader("Implementatie toevoegen")
        default = selection.intervention_id if selection is not None else None
        new_intervention = st.selectbox("Interventie", list(writable), format_func=writable.get,
                                        index=_index(list(writable), default) or 0,
                                        key="new_implementation_intervention")
        names = dict(zip(organisations["id"], organisations["name"], strict=True))
        organisation_id = st.selectbox("Uitvoerende organisatie", list(names),
                                       format_func=names.get, index=None, placeholder="Kies…",
                                       key="new_implementation_organisation")
        started_on = st.date_input("Startdatum", value=date.today(), format="DD-MM-YYYY",
                                   key="new_implementation_start")
        if st.form_submit_button("Toevoegen", key="add_implementation", type="primary"):
            if organisation_id is None:
                shell.flash_error("implementations", "Niet toegevoegd: kies een uitvoerende "
                                                     "organisatie.")
                st.rerun()
            shell.write(lambda d: d.registry.add_implementation(int(new_intervention),
                                                                int(organisation_id), started_on),
                        f"{names[organisation_id]} voert nu {writable[new_intervention]} uit.",
                        "implementations")
    mine = found[found["intervention_id"].isin(list(writable))]
    if mine.empty:
        return
    with end:
        st.subheader("Implementatie bewerken")
        labels = {row.id: f"{row.intervention} bij {row.organisation}"
                  for row in mine.itertuples()}
        chosen = st.selectbox("Implementatie", list(labels), format_func=labels.get,
                              key="edit_implementation")
        current = mine.set_index("id").loc[chosen]
        with st.form(f"edit_implementation_form_{chosen}"):
            start = st.date_input("Startdatum", value=current["started_on"], format="DD-MM-YYYY",
                                  key=f"edit_implementation_start_{chosen}")
            # empty while it runs: no end date is shown that nobody chose
            end_on = st.date_input("Einddatum (leeg zolang de implementatie loopt)",
                                   value=current["ended_on"] if pd.notna(current["ended_on"])
                                   else None, format="DD-MM-YYYY",
                                   key=f"edit_implementation_end_{chosen}")
            if st.form_submit_button("Wijzigingen opslaan", key="save_implementation"):
                shell.write(lambda d: d.registry.update_implementation(int(chosen), start,
                                                                       end_on),
                            f"Implementatie {labels[chosen]} opgeslagen.", "implementations")


def templates_tab() -> None:
    st.write("Een leeg sjabloon om een checklist buiten het dashboard in te vullen, "
             "bijvoorbeeld samen in een teamvergadering. Vul per regel de kolom *antwoord* in "
             "(zie de kolom *mogelijke_antwoorden*) en lees het bestand daarna in onder "
             "**Inlezen**.")
    database = shell.root()
    checklist_id = st.selectbox("Checklist", in_display_order(database.checklists),
                                key="template_checklist",
                                format_func=lambda c: database.checklists[c].display_title)
    checklist = database.checklists[checklist_id]
    left, right = st.columns(2)
    # made when clicked, not on every rerun
    left.download_button("Sjabloon als CSV", lambda: template_bytes(checklist, "csv"),
                         file_name=f"{checklist_id}-sjabloon.csv", mime="text/csv",
                         key="download_csv", icon=":material/download:")
    right.download_button("Sjabloon als Excel (XLSX)", lambda: template_bytes(checklist, "xlsx"),
                          file_name=f"{checklist_id}-sjabloon.xlsx", mime=XLSX,
                          key="download_xlsx", icon=":material/download:")


def import_tab(selection) -> None:
    if selection is None:
        st.info("Kies eerst in de zijbalk waarover de beoordeling gaat.")
        return
    st.write(f"Lees een ingevuld sjabloon in als **concept**beoordeling van "
             f"**{ui.text(selection.subject)}** (kies een ander onderwerp in de zijbalk). Het "
             "hele bestand wordt eerst gecontroleerd; bij één fout wordt niets ingelezen. Het "
             "concept maakt u daarna af en definitief onder *Checklist invullen*.")
    shell.messages("import")
    result = st.session_state.pop("import_result", None)
    if result is not None:
        _show_result(result)
    database = shell.root()
    # a new uploader after every import, so that the file read is no longer in it
    n = st.session_state.setdefault("import_form", 0)
    upload = st.file_uploader("Ingevuld sjabloon (CSV of XLSX, hoogstens 10 MB)",
                              type=["csv", "xlsx"], key="upload" if n == 0 else f"upload_{n}",
                              max_upload_size=10)
    left, right = st.columns(2)
    checklist_id = left.selectbox("Checklist", in_display_order(database.checklists),
                                  key="import_checklist",
                                  format_func=lambda c: database.checklists[c].display_title)
    assessed_on = right.date_input("Datum van de beoordeling", value=date.today(),
                                   format="DD-MM-YYYY", key="import_date")
    final = left.checkbox("Meteen definitief maken", value=False, key="import_final",
                          help="Een definitieve beoordeling telt mee in de gereedheid en de "
                               "verbeterpunten en verandert niet meer.")
    again = right.checkbox("Toch opnieuw inlezen", value=False, key="import_again",
                           help="Alleen nodig als dit bestand al eens is ingelezen voor dit "
                                "onderwerp: dan wordt het anders geweigerd.")
    if not st.button("Inlezen", key="import_button", type="primary"):
        return
    if upload is None:
        shell.flash_error("import", "Kies eerst een bestand.")
        st.rerun()
    content, name = upload.getvalue(), upload.name
    intervention = selection.intervention_id
    organisation = selection.organisation_id if (selection.implementation_id is not None
                                                 or intervention is None) else None

    def run(d):
        return import_answers(d, content, name, checklist_id, intervention, assessed_on,
                              organisation, final=final, again=again)

    outcome = shell.write(run, lambda r: "Ingelezen als "
                          f"{'definitieve beoordeling' if r.final else 'conceptbeoordeling'} "
                          f"van {r.subject}, {ui.day(r.assessed_on)}.", "import",
                          reset=("import_again", "import_final"), rerun=False)
    if outcome is not None:
        st.session_state["import_result"] = outcome
        st.session_state["import_form"] = n + 1
    else:
        _repeat_in_one_sentence()
    st.rerun()


def _repeat_in_one_sentence() -> None:
    """A file refused because it was imported before is not a file to correct: say so in
    one sentence that names what to do, without a table of one problem without a row."""
    refused = st.session_state.pop("_refused_import", None)
    if not isinstance(refused, AlreadyImported):
        return
    st.session_state.pop("_problems_import", None)
    shell.flash_error("import", f"Niet ingelezen: {refused.sentence()}. Vink 'Toch opnieuw "
                                "inlezen' aan als u het nog eens wilt inlezen.")


def _show_result(result) -> None:
    checklist_steps = sorted(set(result.answered_per_step) | set(result.empty_per_step))
    st.table(pd.DataFrame({
        "Stap": checklist_steps,
        "Beantwoord": [result.answered_per_step.get(s, 0) for s in checklist_steps],
        "Leeg gelaten": [result.empty_per_step.get(s, 0) for s in checklist_steps],
    }), hide_index=True, border="horizontal")
    st.caption(f"Gereedheid van dit bestand: {ui.percent(result.readiness)}; van de laatste "
               f"definitieve beoordeling: {ui.percent(result.current_readiness)}.")


def export_tab(selection) -> None:
    if selection is None or selection.intervention_id is None:
        st.info("Kies eerst in de zijbalk een interventie.")
        return
    st.write(f"Alle antwoorden van **{ui.text(selection.intervention)}** die u mag zien (de "
             "interventie als geheel en de uitvoerende organisaties), met de volledige "
             "geschiedenis: elke wijziging is een eigen regel met datum en invuller.")
    database, intervention_id = shell.db(), selection.intervention_id
    stem = "antwoorden-" + re.sub(r"[^a-z0-9]+", "-", selection.intervention.lower()).strip("-")
    left, right = st.columns(2)
    # made on click, on its own cursor: the callable runs outside this script run
    left.download_button("Exporteren als CSV", file_name=f"{stem}.csv", mime="text/csv",
                         data=lambda: export_answers(database.cursor().acting_as(
                             database.actor), intervention_id, "csv"),
                         key="export_csv", icon=":material/download:")
    right.download_button("Exporteren als Excel (XLSX)", file_name=f"{stem}.xlsx", mime=XLSX,
                          data=lambda: export_answers(database.cursor().acting_as(
                              database.actor), intervention_id, "xlsx"),
                          key="export_xlsx", icon=":material/download:")
