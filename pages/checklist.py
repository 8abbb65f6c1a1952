"""Checklist invullen: score a checklist for the intervention or one implementation."""
from datetime import date

import streamlit as st

import shell
from implementation.checklists import Perspective
from implementation.store import AnswerInput, StoreError

shell.through_app()

ANSWER_LABELS = {"ja": "ja", "nee": "nee", "nvt": "n.v.t.", "": "—"}
BLOCK_COLOURS = {Perspective.MACRO: "blue", Perspective.CONTENT: "blue",
                 Perspective.MESO: "green", Perspective.MICRO: "green"}

selection = shell.selection()
st.title("Checklist invullen")
if selection is None:
    st.stop()
store = shell.store()
st.caption(f"Onderwerp: **{selection.subject}**")

checklist_id = shell.checklist_choice("checklist_id")
checklist = store.checklists[checklist_id]
scope = checklist.scope(selection.implementation_id is not None)
if scope:
    st.caption("Voor een implementatie vult de school het organisatieniveau en het niveau van "
               "de professional(s) in.")

history = shell.assessments(selection.intervention_id, selection.implementation_id)
history = history[history["checklist_id"] == checklist_id]
drafts = history[history["status"] == "draft"]
finals = history[history["status"] == "final"]


def start_assessment() -> None:
    previous = int(finals.iloc[0]["id"]) if st.session_state["carry_over"] and len(finals) \
        else None
    try:
        new = shell.store().start_assessment(
            checklist_id, selection.intervention_id, st.session_state["new_date"],
            st.session_state["new_respondent"], selection.implementation_id, scope, previous)
    except StoreError as error:
        st.session_state["flash"] = ("error", str(error))
        return
    shell.after_write()
    st.session_state["draft"] = new
    st.session_state["flash"] = ("success", "Nieuwe beoordeling gestart"
                                 + (" met de antwoorden van de vorige als startpunt."
                                    if previous else "."))


left, right = st.columns(2)
with right.expander("Nieuwe beoordeling starten", expanded=drafts.empty):
    with st.form("new_assessment"):
        st.date_input("Datum", value=date.today(), key="new_date", format="DD-MM-YYYY")
        st.text_input("Ingevuld door", key="new_respondent",
                      placeholder="naam of rol, bijv. eigenaar of apc")
        st.checkbox("Antwoorden van de vorige beoordeling overnemen", value=True,
                    key="carry_over", disabled=finals.empty)
        st.form_submit_button("Beoordeling starten", on_click=start_assessment)

if "flash" in st.session_state:
    kind, message = st.session_state.pop("flash")
    getattr(st, kind)(message)

if drafts.empty:
    left.info("Er is geen concept voor dit onderwerp. Start rechts een nieuwe beoordeling.")
    st.stop()
labels = {int(r.id): f"{r.assessed_on:%d-%m-%Y} · {r.respondent}" for r in drafts.itertuples()}
if st.session_state.get("draft") not in labels:
    st.session_state["draft"] = next(iter(labels))
assessment_id = left.selectbox("Concept om verder in te vullen", list(labels), key="draft",
                               format_func=labels.get)

current = store.current_answers(assessment_id).set_index("item_id")
in_scope = [i for i in checklist.items
            if scope is None or (i.perspective and i.perspective.value in scope)]
top = [i for i in in_scope if i.parent is None]
answered = sum(1 for i in top if i.id in current.index
               and current.loc[i.id, "answer"] is not None)
readiness = store.readiness(assessment_id, "overall", "assessment", final_only=False)
score = readiness["readiness"].iloc[0] if len(readiness) else None
st.progress(answered / len(top) if top else 0.0,
            text=f"{answered} van {len(top)} items beantwoord · gereedheid nu "
                 f"{shell.percent(score)}")


def key(kind: str, item_id: str) -> str:
    return f"{kind}_{assessment_id}_{item_id}"


def save_step(items, then: str | None = None) -> None:
    """Save the step's answers; ``then`` is 'next' (go to the next step) or 'finalise'."""
    answers = [AnswerInput(item.id, st.session_state[key("answer", item.id)] or None,
                           st.session_state[key("note", item.id)],
                           st.session_state[key("evidence", item.id)]) for item in items]
    target = shell.store()
    try:
        with target.transaction():
            written = target.record_answers(assessment_id, answers,
                                            st.session_state["recorded_by"])
            if then == "finalise":
                target.finalise(assessment_id)
    except StoreError as error:
        st.session_state["flash"] = ("error", f"Niet opgeslagen: {error}")
        return
    shell.after_write()
    new = target.readiness(assessment_id, "overall", "assessment", final_only=False)
    readiness = shell.percent(new["readiness"].iloc[0])
    changes = "1 wijziging" if written == 1 else f"{written} wijzigingen"
    message = (f"Opgeslagen: {changes}. Gereedheid is nu {readiness}." if written
               else f"Er waren geen wijzigingen. Gereedheid: {readiness}.")
    if then == "finalise":
        st.session_state.pop("draft", None)
        message += " De beoordeling is definitief; elke 'nee' staat nu bij Verbeterpunten."
    elif then == "next":
        numbers = [s.number for s in steps]
        st.session_state["step"] = numbers[min(numbers.index(number) + 1, len(numbers) - 1)]
    st.session_state["flash"] = ("success", message)


steps = [s for s in checklist.steps if any(i.step == s.number for i in in_scope)]
step_labels = {s.number: f"{s.number} {s.title}" for s in steps}
number = st.radio(checklist.spec.step_noun, list(step_labels), key="step", horizontal=True,
                  format_func=step_labels.get)
step = next(s for s in steps if s.number == number)
if step.intro:
    with st.expander(f"Over {checklist.spec.step_noun.lower()} {step_labels[number]}"):
        st.markdown(step.intro)

step_items = [i for i in in_scope if i.step == number]
with st.form(f"step_{assessment_id}_{number}"):
    for perspective in dict.fromkeys(i.perspective for i in step_items):
        if perspective is not None:
            colour = BLOCK_COLOURS[perspective]
            st.markdown(f"#### :{colour}-background[{perspective.label}]")
        for item in (i for i in step_items if i.perspective == perspective):
            stored = current.loc[item.id] if item.id in current.index else None
            text, answer_col, note_col, evidence_col = st.columns([5, 3.8, 2, 2])
            marker = "&nbsp;" * 6 * item.depth + ("– " if item.depth else "")
            star = " \\*" if item.motivating else ""
            text.markdown(f"{marker}{'**' if not item.depth else ''}{item.text}"
                          f"{'**' if not item.depth else ''}{star}")
            value = (stored["answer"] if stored is not None and stored["answer"] else "")
            answer_col.radio("Antwoord", list(ANSWER_LABELS), key=key("answer", item.id),
                             index=list(ANSWER_LABELS).index(value), horizontal=True,
                             format_func=ANSWER_LABELS.get, label_visibility="collapsed")
            note_col.text_input("Toelichting", key=key("note", item.id),
                                value=(stored["note"] if stored is not None else None) or "",
                                placeholder="Toelichting", label_visibility="collapsed")
            evidence_col.text_input("Bewijs", key=key("evidence", item.id),
                                    value=(stored["evidence"] if stored is not None
                                           else None) or "",
                                    placeholder="Bewijs (link)", label_visibility="collapsed")
    st.text_input("Ingevuld door", key="recorded_by",
                  value=drafts.loc[drafts["id"] == assessment_id, "respondent"].iloc[0])
    save, forward, final = st.columns([1, 1, 1])
    save.form_submit_button("Opslaan als concept", type="primary", on_click=save_step,
                            args=(step_items,), key="save_step")
    if number != steps[-1].number:
        forward.form_submit_button("Opslaan en volgende stap", on_click=save_step,
                                   args=(step_items, "next"), key="save_next")
    final.form_submit_button(
        "Opslaan en definitief maken", on_click=save_step, args=(step_items, "finalise"),
        key="finalise",
        help="Na definitief maken telt de beoordeling mee in de grafieken en verbeterpunten.")
st.caption("Wat u in een stap invult, wordt bewaard met een van de knoppen hierboven; wie via "
           "de stapkeuze wisselt zonder op te slaan, verliest het. Items met * zijn motiverende "
           "factoren uit de implementatiewijzer.")
