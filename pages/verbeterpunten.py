"""Verbeterpunten: every item not yet arranged is an improvement point; plan and follow actions."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import application
import shell
import sidebar
import ui
from implementation.checklists import in_display_order
from implementation.permissions import Action
from implementation.views import action_summary, point_text, work_order
from implementation.vocabulary import ActionStatus, Perspective

application.through_app()

NO_ACTION = "nog geen actie"
STATUS = ActionStatus.labels()

st.title("Verbeterpunten")
selection = sidebar.own_checklist_subject(shell.selection())   # a board: per location
if selection is None:
    st.stop()
database = shell.db()
available = in_display_order(database.checklists)
if selection.intervention_id is None:
    available = sorted(available, key=lambda c: database.checklists[c].has_perspectives)
checklist_id = st.selectbox("Checklist", available, key="vp_checklist",
                            format_func=lambda c: database.checklists[c].display_title)
subject = dict(intervention_id=selection.intervention_id,
               implementation_id=selection.implementation_id,
               organisation_id=selection.organisation_id if selection.intervention_id is None
               else None)
points = shell.read.actions.improvement_points(checklist_id=checklist_id, **subject)
all_actions = shell.read.actions.list(
    selection.intervention_id, date.today(), selection.implementation_id,
    "implementation" if selection.implementation_id else
    ("any" if selection.intervention_id else "organisations"),
    organisation_ids=None if selection.intervention_id else [selection.organisation_id])
actions = work_order(all_actions[all_actions["checklist_id"] == checklist_id])
without_action = points[points["action_id"].isna()].drop_duplicates("item_id")
may_act = shell.may(Action.ACTION_WRITE,
                    selection.intervention_id if selection.implementation_id is None else None,
                    selection.implementation_id, subject["organisation_id"])
checklist = database.checklist(checklist_id)
if len(points):
    assessment = shell.read.assessments.assessment(int(points["assessment_id"].iloc[0]))
    checklist = database.checklist(checklist_id, assessment["checklist_version"])

st.write(f"Elk item dat in de laatste definitieve beoordeling van **{ui.text(selection.subject)}**"
         " nog niet geregeld is (*nee*), is een verbeterpunt. Maak er een actie van en volg die "
         "tot het item geregeld is.")
open_, overdue = action_summary(actions)
first, second, third = st.columns(3)
first.metric("Open acties", open_, border=True,
             help="Acties met status open of in uitvoering"
                  + (", van de interventie en alle uitvoerende organisaties."
                     if selection.implementation_id is None and selection.intervention_id
                     else "."))
second.metric("Verlopen acties", overdue, border=True,
              help="Open acties waarvan de streefdatum voorbij is.")
third.metric("Verbeterpunten zonder actie", len(without_action), border=True)

st.subheader("Verbeterpunten")
if points.empty:
    history = shell.read.assessments.list(
        selection.intervention_id, selection.implementation_id, subject["organisation_id"],
        "implementation" if selection.implementation_id else
        ("intervention" if selection.intervention_id else "organisation"),
        checklist_id=checklist_id)
    if history[history["status"] == "final"].empty:
        st.info("Er is nog geen definitieve beoordeling van dit onderwerp met deze checklist. "
                "Vul de checklist in onder *Checklist invullen*.")
    else:
        st.success("Geen verbeterpunten: in de laatste beoordeling is alles geregeld.")
else:
    st.caption(f"Uit de beoordeling van {ui.day(points['assessed_on'].iloc[0])}: "
               f"{ui.count(points['item_id'].nunique(), 'verbeterpunt', 'verbeterpunten')}, "
               f"waarvan {len(without_action)} zonder actie. Bij elke stap staat het advies "
               "uit de bron.")
    for step, group in points.groupby("step", sort=True):
        missing = int(group["action_id"].isna().sum())
        label = (f"{checklist.spec.step_noun} {checklist.step_title(step)} — "
                 f"{ui.count(len(group), 'verbeterpunt', 'verbeterpunten')}"
                 + (f", {missing} zonder actie" if missing else ", alle met een actie"))
        with st.expander(label, expanded=len(points) <= 12):
            # a list, not a table: it reads on a phone as well (a table loses its last
            # columns at 400 px)
            lines = []
            for row in group.itertuples():
                action = NO_ACTION if pd.isna(row.action_id) else \
                    f"actie #{int(row.action_id)}: {STATUS.get(row.action_status, '')}"
                where = f"{Perspective.label_of(row.perspective, '')} · " \
                    if checklist.has_perspectives and isinstance(row.perspective, str) else ""
                badge = ":orange-badge[nog geen actie]" if pd.isna(row.action_id) else \
                    f":blue-badge[{ui.text(action)}]"
                note = f"  \n  *Toelichting:* {ui.text(row.note)}" \
                    if isinstance(row.note, str) and row.note.strip() else ""
                answer = row.answer_label if isinstance(row.answer_label, str) \
                    else "niet beantwoord"
                lines.append(f"- {ui.text(point_text(checklist, row.item_id))} {badge}  \n"
                             f"  :gray[{ui.text(where)}antwoord: {ui.text(answer)}]{note}")
            st.markdown("\n".join(lines))
            steps = [s for s in checklist.steps if s.number == step]
            perspectives = set(group["perspective"].dropna())
            advice = [g for s in steps for g in s.guidance
                      if g.perspective is None or g.perspective.value in perspectives]
            for piece in advice[:4]:
                st.caption(f"Advies ({ui.text(piece.source)}): {ui.text(piece.text)}")

st.subheader("Actie maken")
shell.messages("new_action")
if not may_act:
    st.caption("U kunt de acties van dit onderwerp bekijken, niet wijzigen.")
elif points.empty:
    st.caption("Er is geen verbeterpunt om een actie voor te maken.")
elif without_action.empty:
    st.success("Voor elk verbeterpunt is een actie gemaakt.")
else:
    labels = {row.item_id: f"{checklist.spec.step_noun} {row.step} · "
                           f"{ui.short(point_text(checklist, row.item_id), 110)}"
              for row in without_action.itertuples()}
    # After a save the form gets new keys, so that every field is empty again (deleting a
    # widget's state does not empty it in the browser). A double click sends the submit
    # twice: the second one belongs to the old keys, so it is never seen (and the core
    # refuses the same open action on the same item anyway).
    n = st.session_state.setdefault("action_form", 0)
    with st.form(f"new_action_form_{n}"):
        item_id = st.selectbox("Verbeterpunt", list(labels), format_func=labels.get,
                               key=f"vp_point_{n}", index=None,
                               placeholder="Kies een verbeterpunt")
        description = st.text_area("Omschrijving van de actie", key=f"action_description_{n}",
                                   placeholder="Wat gaat er gebeuren, zodat dit item geregeld is?")
        left, middle, right = st.columns(3)
        responsible = left.text_input("Verantwoordelijke", key=f"action_responsible_{n}",
                                      value=shell.current_user().name)
        due_on = middle.date_input("Streefdatum", value=None, format="DD-MM-YYYY",
                                   key=f"action_due_{n}")
        status = right.selectbox("Status", [s for s in STATUS if s != "withdrawn"],
                                 key=f"action_status_{n}", format_func=STATUS.get)
        if st.form_submit_button("Actie vastleggen", key=f"add_action_{n}", type="primary"):
            if item_id is None:
                shell.flash_error("new_action", "Niet vastgelegd: kies eerst een verbeterpunt.")
                st.rerun()
            if shell.write(lambda d: d.actions.add(item_id, description, responsible, due_on,
                                                   status=status, checklist_id=checklist_id,
                                                   **subject),
                           lambda new: f"Actie #{new} vastgelegd bij "
                                       f"“{ui.short(point_text(checklist, item_id), 80)}”.",
                           "new_action", rerun=False) is not None:
                st.session_state["action_form"] = n + 1
            st.rerun()

st.subheader("Acties")
if actions.empty:
    st.caption("Nog geen acties.")
    st.stop()
# A list, not an eight-column table: it reads whole on a phone as well.
with_subject = selection.implementation_id is None and actions["organisation"].notna().any()
lines = []
for row in actions.itertuples():
    mark = ":red-badge[⚠ verlopen]" if row.overdue else (
        ":green-badge[✓ kan worden afgesloten]" if row.can_close else "")
    due = f"streefdatum {ui.day(row.due_on)}" if pd.notna(row.due_on) else "geen streefdatum"
    where = row.organisation if isinstance(row.organisation, str) else "interventie als geheel"
    subject = f" · {ui.text(where)}" if with_subject else ""
    point = ui.short(point_text(checklist, row.item_id), 140)
    lines.append(f"- **#{row.id}** {ui.text(row.description)} {mark}  \n"
                 f"  {ui.text(STATUS.get(row.status, row.status))} · {due} · "
                 f"{ui.text(row.responsible)}{subject}  \n"
                 f"  :gray[Verbeterpunt: {ui.text(point)}]")
st.markdown("\n".join(lines))

st.subheader("Actie bijwerken")
shell.messages("update_action")
described = {row.id: f"#{row.id} · {ui.short(row.description, 80)} ({STATUS.get(row.status)})"
             for row in actions.itertuples()}
action_id = st.selectbox("Kies een actie", list(described), format_func=described.get,
                         key="vp_action")
current = actions.loc[actions["id"] == action_id].iloc[0]
if bool(current["overdue"]):
    st.warning(f"De streefdatum ({ui.day(current['due_on'])}) is verlopen.")
if bool(current["can_close"]):
    st.info("Het item is in de laatste beoordeling geregeld: deze actie kan worden afgesloten "
            "(status gereed).")
if shell.may(Action.ACTION_WRITE, current["intervention_id"], current["implementation_id"],
             current["organisation_id"]):
    with st.form(f"update_action_form_{action_id}"):
        description = st.text_area("Omschrijving van de actie", value=current["description"],
                                   key=f"update_description_{action_id}")
        left, middle, right = st.columns(3)
        responsible = left.text_input("Verantwoordelijke", value=current["responsible"],
                                      key=f"update_responsible_{action_id}")
        due_on = middle.date_input(
            "Streefdatum", format="DD-MM-YYYY", key=f"update_due_{action_id}",
            value=None if pd.isna(current["due_on"]) else pd.Timestamp(current["due_on"]).date())
        status = right.selectbox("Status", list(STATUS), key=f"update_status_{action_id}",
                                 index=list(STATUS).index(current["status"]),
                                 format_func=STATUS.get)
        reason = st.text_input("Reden (nodig bij vervallen)", key=f"update_reason_{action_id}",
                               value=current["reason"] if isinstance(current["reason"], str)
                               else "")
        if st.form_submit_button("Wijziging vastleggen", key="save_action", type="primary"):
            shell.write(lambda d: d.actions.update(int(action_id), description, responsible,
                                                   due_on, status, reason),
                        f"Actie #{action_id} bijgewerkt; de vorige versie staat in de "
                        "geschiedenis.", "update_action")
history = shell.read.actions.history(int(action_id))
with st.expander(f"Geschiedenis van actie #{action_id} "
                 f"({ui.count(len(history), 'versie', 'versies')})"):
    st.table(pd.DataFrame({
        "Vastgelegd op": history["recorded_at"].map(ui.moment),
        "Door": history["recorded_by"].map(ui.text),
        "Status": history["status"].map(STATUS),
        "Omschrijving": history["description"].map(ui.text),
        "Verantwoordelijke": history["responsible"].map(ui.text),
        "Streefdatum": ui.days(history["due_on"]),
        "Reden": history["reason"].map(ui.text),
    }), hide_index=True, border="horizontal")
