"""Checklist invullen: score a checklist for an intervention, an implementation or an
organisation. Every way to another step saves first, so no answer is lost."""
from datetime import date

import streamlit as st

import shell
import ui
from implementation.checklists import in_display_order
from implementation.store import AnswerInput
from implementation.vocabulary import BLUE_PERSPECTIVES, ItemKind

shell.through_app()

EMPTY = "—"
st.title("Checklist invullen")
selection = shell.selection()
if selection is None:
    st.stop()
st.caption(f"Onderwerp: **{ui.text(selection.subject)}**")
subject = dict(intervention_id=selection.intervention_id if selection.implementation_id is None
               else None, implementation_id=selection.implementation_id,
               organisation_id=selection.organisation_id if selection.intervention_id is None
               else None)
database = shell.root()
available = in_display_order(database.checklists)
if selection.intervention_id is None:  # an organisation's own checklists first
    available = sorted(available, key=lambda c: database.checklists[c].has_perspectives)
checklist_id = st.selectbox("Checklist", available, key="checklist_id",
                            format_func=lambda c: database.checklists[c].display_title)
checklist = database.checklists[checklist_id]
if checklist.spec.intro:
    read_key = f"intro_read_{checklist_id}"
    with st.expander(f"Over deze checklist: {checklist.display_title}",
                     expanded=not st.session_state.get(read_key)):
        st.markdown(ui.text(checklist.spec.intro).replace("\\-", "-").replace("  ", "\n\n"))
    st.session_state[read_key] = True
if selection.implementation_id is not None and checklist.has_perspectives:
    st.caption("Voor een implementatie vult de organisatie het organisatieniveau en het niveau "
               "van de professional(s) in.")

history = shell.read.assessments.list(
    selection.intervention_id, selection.implementation_id,
    selection.organisation_id if selection.intervention_id is None else None,
    subject="implementation" if selection.implementation_id else
    ("intervention" if selection.intervention_id else "organisation"), checklist_id=checklist_id)
drafts = history[history["status"] == "draft"]
finals = history[history["status"] == "final"]

left, right = st.columns(2)
with right.expander("Nieuwe beoordeling starten", expanded=drafts.empty):
    shell.messages("start")
    with st.form("new_assessment", clear_on_submit=False):
        day = st.date_input("Datum", value=date.today(), key="new_date", format="DD-MM-YYYY")
        carry = st.checkbox("Antwoorden van de vorige definitieve beoordeling overnemen",
                            value=not finals.empty, key="carry_over", disabled=finals.empty)
        if st.form_submit_button("Beoordeling starten", key="start_assessment"):
            previous = int(finals.iloc[0]["id"]) if carry and len(finals) else None
            new = shell.write(
                lambda d: d.assessments.start(checklist_id, day, carry_over_from=previous,
                                              **subject),
                "Nieuwe beoordeling gestart" + (" met de antwoorden van de vorige als "
                                                "startpunt." if previous else "."),
                "start", rerun=False)
            if new is not None:
                st.session_state["draft"] = new
                st.rerun()
            st.rerun()

if drafts.empty:
    with left:
        shell.messages("step")  # e.g. "de beoordeling is definitief" after finalising
        st.info("Er is geen concept voor dit onderwerp. Start rechts een nieuwe beoordeling.")
    st.stop()
labels = {int(r.id): f"{r.assessed_on:%d-%m-%Y} · {r.respondent}" for r in drafts.itertuples()}
if st.session_state.get("draft") not in labels:
    st.session_state["draft"] = next(iter(labels))
assessment_id = left.selectbox("Concept om verder in te vullen", list(labels), key="draft",
                               format_func=labels.get)
assessment = shell.read.assessments.assessment(assessment_id)
if assessment["checklist_version"] != checklist.version:
    st.warning(f"Dit concept is gestart met versie {assessment['checklist_version']} van de "
               f"checklist; de huidige versie is {checklist.version}. Start een nieuwe "
               "beoordeling met de antwoorden van de vorige als startpunt.")
    st.stop()

overall = shell.read.readiness.of_assessment(assessment_id)
score = overall.iloc[0] if len(overall) else None
answered, total = (int(score["answered"]), int(score["items"])) if score is not None else (0, 0)
nvt = int(score["nvt"]) if score is not None else 0
st.progress(answered / total if total else 0.0,
            text=f"{answered} van {total} items beantwoord · gereedheid nu "
                 f"{ui.percent(None if score is None else score['readiness'])} · "
                 f"{ui.count(nvt, 'item', 'items')} n.v.t.")

current = shell.read.assessments.current_answers(assessment_id).set_index("item_id")
credits = shell.read.readiness.item_credits(assessment_id).set_index("item_id")
in_scope = checklist.in_scope(assessment["perspectives"])
steps = [s for s in checklist.steps if any(i.step == s.number for i in in_scope)]
numbers = [s.number for s in steps]
if st.session_state.get("step") not in numbers:
    st.session_state["step"] = numbers[0]
number = st.session_state["step"]
step = checklist.step(number)
step_items = [i for i in in_scope if i.step == number]
scale = {o.value: o.label for o in checklist.scale}


def key(kind: str, item_id: str) -> str:
    return f"{kind}_{assessment_id}_{item_id}"


def typed_answers():
    answers = []
    for item in step_items:
        value = st.session_state.get(key("answer", item.id))
        if isinstance(value, list):
            value = "; ".join(v for v in item.options if v in value) or None
        elif value == EMPTY or value == "":
            value = None
        answers.append(AnswerInput(item.id, value, st.session_state.get(key("note", item.id)),
                                   st.session_state.get(key("evidence", item.id))))
    return answers


def save(then: str | None = None, to_step: int | None = None) -> None:
    """Save this step's answers; then go to another step, or finalise."""
    answers = typed_answers()

    def run(d):
        with d.transaction():
            written = d.assessments.record_answers(assessment_id, answers)
            if then == "finalise":
                d.assessments.finalise(assessment_id)
        return written

    def message(written: int) -> str:
        now = shell.db().readiness.of_assessment(assessment_id)
        readiness = ui.percent(now["readiness"].iloc[0] if len(now) else None)
        changes = ui.count(written, "wijziging", "wijzigingen")
        text = (f"{checklist.spec.step_noun} {number} opgeslagen: {changes}. Gereedheid nu "
                f"{readiness}." if written else
                f"{checklist.spec.step_noun} {number} had geen nieuwe wijzigingen (eerder "
                f"opgeslagen antwoorden blijven staan). Gereedheid {readiness}.")
        if then == "finalise":
            text += (" De beoordeling is definitief; elk item dat nog niet geregeld is, staat "
                     "nu bij Verbeterpunten.")
        return text

    result = shell.write(run, message, "step", rerun=False)
    if result is None:
        st.rerun()
    if then == "finalise":
        st.session_state.pop("draft", None)
    elif to_step is not None:
        st.session_state["step"] = to_step
        st.session_state["scroll_to_step"] = True
    st.rerun()


if step.intro or step.guidance:
    with st.expander(f"Over {checklist.spec.step_noun.lower()} {checklist.step_title(number)}: "
                     "uitleg en advies uit de bron"):
        if step.intro:
            st.markdown(ui.text(step.intro))
        for advice in step.guidance:
            where = f" · {advice.perspective.label}" if advice.perspective else ""
            st.markdown(f"> {ui.text(advice.text)}\n>\n> — *{ui.text(advice.source)}{where}*")

with st.form(f"step_{assessment_id}_{number}"):
    st.markdown(f"**Naar een andere {checklist.spec.step_noun.lower()}** (slaat deze eerst op):")
    buttons = st.columns(len(steps))
    for column, other in zip(buttons, steps, strict=True):
        if column.form_submit_button(checklist.step_title(other.number), width="stretch",
                                     disabled=other.number == number,
                                     key=f"goto_{other.number}"):
            save(to_step=other.number)
    st.subheader(f"{checklist.spec.step_noun} {checklist.step_title(number)}", anchor="stap")
    shell.messages("step")
    for perspective in dict.fromkeys(i.perspective for i in step_items):
        if perspective is not None:
            colour = "blue" if perspective in BLUE_PERSPECTIVES else "green"
            st.markdown(f"#### :{colour}-background[{perspective.label}]")
        for item in (i for i in step_items if i.perspective == perspective):
            stored = current.loc[item.id] if item.id in current.index else None
            value = None if stored is None else stored["answer"]
            text_col, answer_col, note_col, evidence_col = st.columns([4.5, 3, 3, 2])
            indent = "&emsp;" * item.depth + ("– " if item.depth else "")
            star = " \\*" if item.motivating else ""
            bold = "**" if not item.depth else ""
            text_col.markdown(f"{indent}{bold}{ui.text(item.text)}{bold}{star}")
            if checklist.has_elements(item.id) and item.id in credits.index:
                row = credits.loc[item.id]
                derived = ("n.v.t." if row["nvt"] else ui.percent(row["credit"]))
                text_col.caption(f"{indent}Afgeleid uit de elementen: {derived}. Zodra een "
                                 "element is beantwoord, bepalen de elementen het antwoord.")
            if item.kind is ItemKind.CHOICE and item.multiple:
                answer_col.multiselect(item.text, list(item.options), key=key("answer", item.id),
                                       default=[o for o in item.options
                                                if value and o in value.split("; ")],
                                       label_visibility="collapsed", placeholder="Kies…")
            elif item.kind is ItemKind.CHOICE:
                options = [EMPTY, *item.options]
                answer_col.selectbox(item.text, options, key=key("answer", item.id),
                                     index=options.index(value) if value in options else 0,
                                     label_visibility="collapsed")
            elif item.kind is ItemKind.TEXT:
                answer_col.text_input(item.text, key=key("answer", item.id), value=value or "",
                                      label_visibility="collapsed", max_chars=2000)
            else:
                options = [EMPTY, *scale]
                answer_col.radio(item.text, options, key=key("answer", item.id),
                                 index=options.index(value) if value in options else 0,
                                 horizontal=True, label_visibility="collapsed",
                                 format_func=lambda v: scale.get(v, v))
            note_col.text_input(f"Toelichting bij: {item.text}", key=key("note", item.id),
                                value=(None if stored is None else stored["note"]) or "",
                                placeholder="Toelichting", label_visibility="collapsed",
                                max_chars=5000)
            evidence_col.text_input(f"Bewijs bij: {item.text}", key=key("evidence", item.id),
                                    value=(None if stored is None else stored["evidence"]) or "",
                                    placeholder="Bewijs (link)", label_visibility="collapsed",
                                    max_chars=2000)
    position = numbers.index(number)
    save_col, next_col, final_col = st.columns(3)
    if save_col.form_submit_button("Opslaan als concept", type="primary", key="save_step",
                                   width="stretch"):
        save()
    if position + 1 < len(numbers) and next_col.form_submit_button(
            "Opslaan en volgende stap", key="save_next", width="stretch"):
        save(to_step=numbers[position + 1])
    if final_col.form_submit_button(
            "Opslaan en definitief maken", key="finalise", width="stretch",
            help="Na definitief maken telt de beoordeling mee in de grafieken en verbeterpunten "
                 "en verandert ze niet meer."):
        save(then="finalise")
st.caption(f"Elke knop slaat eerst op wat in deze {checklist.spec.step_noun.lower()} is "
           f"ingevuld. {' · '.join(scale.values())}: n.v.t. vraagt om een toelichting. Items "
           "met * zijn motiverende factoren uit de implementatiewijzer. Ingevuld door: "
           f"{ui.text(shell.current_user().name)}.")
if st.session_state.pop("scroll_to_step", False):
    st.html("<script>document.getElementById('stap')?.scrollIntoView({block: 'start'});"
            "</script>", unsafe_allow_javascript=True, width="content")
