"""Verbeterpunten: every 'nee' is an improvement point; plan actions and follow them up."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import shell
from implementation.charts import perspective_label
from implementation.store import ACTION_STATUS_LABELS, ACTION_STATUSES, NotFoundError, StoreError
from implementation.views import point_text, work_order

shell.through_app()

NO_ACTION = "nog geen actie"
NEW_ACTION_FIELDS = ("action_description", "action_responsible", "action_due", "action_status")


def dutch_date(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%d-%m-%Y").fillna("–")


def short(text: str, length: int = 140) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def signal(row) -> str:
    if bool(row["overdue"]):
        return "⚠ verlopen"
    if bool(row["can_close"]):
        return "✓ kan worden afgesloten"
    return ""


def signal_style(value: str) -> str:
    if value.startswith("⚠"):
        return "color: #b42318; font-weight: 600"
    return "color: #067647" if value.startswith("✓") else ""


def action_style(value: str) -> str:
    return "color: gray" if value == NO_ACTION else ""


def done(message: str, clear: tuple[str, ...] = ()) -> None:
    shell.after_write()
    st.session_state["vp_flash"] = message
    for key in clear:
        st.session_state.pop(key, None)
    st.rerun()


selection = shell.selection()
st.title("Verbeterpunten")
if selection is None:
    st.info("Er zijn nog geen interventies. Voeg er een toe onder Beheer.")
    st.stop()

store = shell.store()
checklist_id = shell.checklist_choice("vp_checklist")
checklist = store.checklists[checklist_id]
today = date.today()
points = shell.improvement_points(selection.intervention_id, selection.implementation_id,
                                  checklist_id)
actions = work_order(shell.actions(selection.intervention_id, today,
                                   selection.implementation_id))
without_action = points[points["action_id"].isna()].drop_duplicates("item_id")

st.write(f"Elk item dat in de laatste definitieve beoordeling van **{selection.subject}** met "
         "*nee* is beantwoord, is een verbeterpunt. Maak er een actie van en volg die tot het "
         "item *ja* is.")
open_actions = actions[actions["status"] != "done"]
first, second, third = st.columns(3)
first.metric("Open acties", len(open_actions), border=True,
             help="Acties met status open of in uitvoering"
                  + (", van de interventie en alle uitvoerende organisaties."
                     if selection.implementation_id is None else "."))
second.metric("Verlopen acties", int(open_actions["overdue"].fillna(False).sum()), border=True,
              help="Open acties waarvan de streefdatum voorbij is.")
third.metric("Verbeterpunten zonder actie", len(without_action), border=True,
             help=f"Uit de checklist '{checklist.title}'.")

flash = st.session_state.pop("vp_flash", None)
if flash:
    st.success(flash)

# -- improvement points -----------------------------------------------------------------

st.subheader("Verbeterpunten")
if points.empty:
    finals = shell.assessments(selection.intervention_id, selection.implementation_id)
    finals = finals[(finals["checklist_id"] == checklist_id) & (finals["status"] == "final")]
    if finals.empty:
        st.info(f"Er is nog geen definitieve beoordeling van {selection.subject} met deze "
                "checklist. Vul de checklist in onder *Checklist invullen*.")
    else:
        st.success("Geen verbeterpunten: in de laatste beoordeling is geen item met nee "
                   "beantwoord.")
else:
    st.caption(f"Uit de beoordeling van {pd.Timestamp(points['assessed_on'].iloc[0]):%d-%m-%Y}"
               f": {points['item_id'].nunique()} verbeterpunten, waarvan {len(without_action)} "
               "zonder actie.")
    titles = {step.number: step.title for step in checklist.steps}
    for step, group in points.groupby("step", sort=True):
        missing = int(group["action_id"].isna().sum())
        label = (f"{checklist.spec.step_noun} {step} · {titles.get(step, '')} — "
                 f"{len(group)} {'verbeterpunt' if len(group) == 1 else 'verbeterpunten'}"
                 + (f", {missing} zonder actie" if missing else ", alle met een actie"))
        with st.expander(label, expanded=len(points) <= 12):
            table = pd.DataFrame({
                "Perspectief": group["perspective"].map(perspective_label),
                "Verbeterpunt": [point_text(checklist, i) for i in group["item_id"]],
                "Toelichting bij het antwoord": group["note"].fillna(""),
                "Actie": [(NO_ACTION if pd.isna(a) else
                           f"#{int(a)} {ACTION_STATUS_LABELS.get(s, s)}")
                          for a, s in zip(group["action_id"], group["action_status"],
                                          strict=True)],
            })
            if table["Perspectief"].eq("Checklist").all():
                table = table.drop(columns="Perspectief")
            # st.table, not st.dataframe: it wraps the long texts of the checklist
            st.table(table.style.map(action_style, subset=["Actie"]), hide_index=True,
                     border="horizontal")

# -- a new action -----------------------------------------------------------------------

st.subheader("Actie maken")
if points.empty:
    st.caption("Er is geen verbeterpunt om een actie voor te maken.")
elif without_action.empty:
    st.success("Voor elk verbeterpunt is een actie gemaakt.")
else:
    labels = {row.item_id: f"{checklist.spec.step_noun} {row.step} · "
                           f"{short(point_text(checklist, row.item_id))}"
              for row in without_action.itertuples()}
    item_id = st.selectbox("Kies een verbeterpunt", list(labels), format_func=labels.get,
                           key="vp_point")
    note = without_action.loc[without_action["item_id"] == item_id, "note"].iloc[0]
    if isinstance(note, str) and note.strip():
        st.caption(f"Toelichting bij het antwoord: {note}")
    with st.form("new_action_form"):
        description = st.text_area("Omschrijving van de actie", key="action_description",
                                   placeholder="Wat gaat er gebeuren, zodat dit item ja wordt?")
        left, middle, right = st.columns(3)
        responsible = left.text_input("Verantwoordelijke", key="action_responsible")
        due_on = middle.date_input("Streefdatum", value=None, format="DD-MM-YYYY",
                                   key="action_due")
        status = right.selectbox("Status", ACTION_STATUSES, key="action_status",
                                 format_func=ACTION_STATUS_LABELS.get)
        recorded_by = st.text_input("Ingevuld door", key="action_recorded_by",
                                    value=st.session_state.get("vp_author", ""))
        if st.form_submit_button("Actie vastleggen", key="add_action", type="primary"):
            try:
                action_id = shell.store().add_action(
                    int(selection.intervention_id), item_id, description, responsible, due_on,
                    recorded_by, implementation_id=selection.implementation_id, status=status,
                    checklist_id=checklist_id)
            except (StoreError, NotFoundError) as error:
                st.error(f"Niet vastgelegd: {error}")
            else:
                st.session_state["vp_author"] = recorded_by.strip()
                done(f"Actie #{action_id} vastgelegd.", (*NEW_ACTION_FIELDS, "vp_point",
                                                         "action_recorded_by"))

# -- the actions --------------------------------------------------------------------------

st.subheader("Acties")
if actions.empty:
    st.caption("Nog geen acties.")
    st.stop()
# the owner sees the schools' actions too; say whose they are when there are any
by_subject = selection.implementation_id is None and actions["organisation"].notna().any()
table = pd.DataFrame({
    "Nr": "#" + actions["id"].astype(str),
    "Let op": actions.apply(signal, axis=1),
    "Status": actions["status"].map(ACTION_STATUS_LABELS),
    "Streefdatum": dutch_date(actions["due_on"]),
    "Actie": actions["description"],
    "Verantwoordelijke": actions["responsible"],
    "Verbeterpunt": actions["item_text"],
    **({"Onderwerp": actions["organisation"].fillna("interventie als geheel")}
       if by_subject else {}),
    "Versies": actions["versions"],
})
st.table(table.style.map(signal_style, subset=["Let op"]), hide_index=True,
         border="horizontal")

st.subheader("Actie bijwerken")
described = {row.id: f"#{row.id} · {short(row.description, 80)} "
                     f"({ACTION_STATUS_LABELS.get(row.status, row.status)})"
             for row in actions.itertuples()}
action_id = st.selectbox("Kies een actie", list(described), format_func=described.get,
                         key="vp_action")
current = actions.loc[actions["id"] == action_id].iloc[0]
if bool(current["overdue"]):
    st.warning(f"De streefdatum ({pd.Timestamp(current['due_on']):%d-%m-%Y}) is verlopen.")
if bool(current["can_close"]):
    st.info("Het item is in de laatste beoordeling met *ja* beantwoord: deze actie kan worden "
            "afgesloten (status gereed).")
with st.form(f"update_action_form_{action_id}"):
    description = st.text_area("Omschrijving van de actie", value=current["description"],
                               key=f"update_description_{action_id}")
    left, middle, right = st.columns(3)
    responsible = left.text_input("Verantwoordelijke", value=current["responsible"],
                                  key=f"update_responsible_{action_id}")
    due_on = middle.date_input(
        "Streefdatum", format="DD-MM-YYYY", key=f"update_due_{action_id}",
        value=None if pd.isna(current["due_on"]) else pd.Timestamp(current["due_on"]).date())
    status = right.selectbox("Status", ACTION_STATUSES, key=f"update_status_{action_id}",
                             index=ACTION_STATUSES.index(current["status"]),
                             format_func=ACTION_STATUS_LABELS.get)
    recorded_by = st.text_input("Ingevuld door", key=f"update_recorded_by_{action_id}",
                                value=st.session_state.get("vp_author", ""))
    if st.form_submit_button("Wijziging vastleggen", key="save_action", type="primary"):
        try:
            shell.store().update_action(int(action_id), description, responsible, due_on,
                                        status, recorded_by)
        except (StoreError, NotFoundError) as error:
            st.error(f"Niet vastgelegd: {error}")
        else:
            st.session_state["vp_author"] = recorded_by.strip()
            done(f"Actie #{action_id} bijgewerkt; de vorige versie staat in de "
                 "geschiedenis.")

history = shell.store().action_history(int(action_id))
with st.expander(f"Geschiedenis van actie #{action_id} ({len(history)} "
                 f"{'versie' if len(history) == 1 else 'versies'})"):
    st.table(pd.DataFrame({
        "Vastgelegd op": pd.to_datetime(history["recorded_at"]).dt.strftime("%d-%m-%Y %H:%M"),
        "Vastgelegd door": history["recorded_by"],
        "Status": history["status"].map(ACTION_STATUS_LABELS),
        "Omschrijving": history["description"],
        "Verantwoordelijke": history["responsible"],
        "Streefdatum": dutch_date(history["due_on"]),
    }), hide_index=True, border="horizontal")
