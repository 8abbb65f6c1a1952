"""Checklist invullen: score a checklist for an intervention, an implementation or an
organisation, alone or as a team. Every way to another step saves first, so no answer
is lost."""
from datetime import date

import streamlit as st

import application
import shell
import sidebar
import ui
from forms import checklist_form, team
from implementation.checklists import in_display_order
from implementation.permissions import Action
from implementation.views import team_mean

application.through_app()

st.title("Checklist invullen")
selection = sidebar.own_checklist_subject(shell.selection())   # a board: per location
if selection is None:
    st.stop()
user = shell.current_user()
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
        st.markdown(ui.paragraphs(checklist.spec.intro))
    st.session_state[read_key] = True
if selection.implementation_id is not None and checklist.has_perspectives:
    st.caption("Voor een implementatie vult de organisatie het organisatieniveau en het niveau "
               "van de professional(s) in.")

may_write = shell.may(Action.ASSESSMENT_WRITE, **subject)
history = shell.read.assessments.list(
    selection.intervention_id, selection.implementation_id, subject["organisation_id"],
    subject="implementation" if selection.implementation_id else
    ("intervention" if selection.intervention_id else "organisation"), checklist_id=checklist_id)
drafts = history[history["status"] == "draft"]
finals = history[history["status"] == "final"]

team.open_elsewhere(drafts["id"].astype(int).tolist())
left, right = st.columns(2)
with left:
    shell.messages("start")   # "Nieuwe beoordeling gestart", above the draft it started
    shell.messages("done")    # after finalising: what happened to the draft
if may_write:
    with right.expander("Nieuwe beoordeling starten", expanded=drafts.empty):
        with st.form("new_assessment"):
            day = st.date_input("Datum", value=date.today(), key="new_date", format="DD-MM-YYYY")
            carry = st.checkbox("Antwoorden van de vorige definitieve beoordeling overnemen",
                                value=not finals.empty, key="carry_over", disabled=finals.empty)
            as_team = st.checkbox("Teambeoordeling: eerst vult elk teamlid zelf in, daarna "
                                  "bepaalt u samen het antwoord", key="as_team")
            if st.form_submit_button("Beoordeling starten", key="start_assessment"):
                previous = int(finals.iloc[0]["id"]) if carry and len(finals) else None
                new = shell.write(
                    lambda d: d.assessments.start(checklist_id, day, carry_over_from=previous,
                                                  team=as_team, **subject),
                    "Nieuwe beoordeling gestart" + (" met de antwoorden van de vorige als "
                                                    "startpunt." if previous else "."),
                    "start", rerun=False)
                if new is not None:
                    st.session_state["draft"] = new
                    st.session_state["step"] = None   # a new draft opens at its first step
                st.rerun()

if drafts.empty:
    with left:
        st.info("Er is geen concept voor dit onderwerp." + (
            " Start een nieuwe beoordeling met *Nieuwe beoordeling starten*."
            if may_write else ""))
    st.stop()
labels = {int(r.id): f"{r.assessed_on:%d-%m-%Y} · {r.respondent}"
          + (" · team" if r.team else "") for r in drafts.itertuples()}
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

mode = team.mode(assessment, may_write) if assessment["team"] else "own"
if mode is None:
    st.info("U bent geen teamlid van deze beoordeling.")
    st.stop()
in_scope = checklist.in_scope(assessment["perspectives"])
steps = [s for s in checklist.steps if any(i.step == s.number for i in in_scope)]
numbers = [s.number for s in steps]
if st.session_state.get("step") not in numbers:
    st.session_state["step"] = numbers[0]
number = st.session_state["step"]
step = checklist.step(number)
step_items = [i for i in in_scope if i.step == number]
comparison = members = None
only_disagreement = False
if mode == "mine":
    mine = shell.read.team.answers(assessment_id)
    current = mine[mine["respondent"] == user.login].drop(columns="respondent") \
        .set_index("item_id")
else:
    current = shell.read.assessments.current_answers(assessment_id).set_index("item_id")

overall = shell.read.readiness.of_assessment(assessment_id)
score = overall.iloc[0] if len(overall) else None
answered, total = (int(score["answered"]), int(score["items"])) if score is not None else (0, 0)
nvt = int(score["nvt"]) if score is not None else 0
if mode == "consensus" and current["answer"].notna().sum() == 0:
    # no team answer yet: the members' answers are all there is, labelled as such
    mean, lines = team_mean(shell.read.team.comparison(assessment_id))
    st.progress(0.0 if mean is None else mean,
                text="Nog geen antwoord van het team. Gemiddelde van de antwoorden van de "
                     f"teamleden: {ui.percent(mean)} (over "
                     f"{ui.count(lines, 'beantwoorde vraag', 'beantwoorde vragen')})")
else:
    st.progress(answered / total if total else 0.0,
                text=f"{answered} van {total} items beantwoord"
                     + (" (antwoord van het team)" if assessment["team"] else "")
                     + f" · gereedheid nu "
                       f"{ui.percent(None if score is None else score['readiness'])}"
                     + f" · {ui.count(nvt, 'item', 'items')} n.v.t.")
if mode == "consensus":
    comparison, members, only_disagreement = team.overview(assessment_id, number)
fields = checklist_form.shown(step_items, comparison, only_disagreement)
credits = shell.read.readiness.item_credits(assessment_id).set_index("item_id")
with_evidence = mode != "mine"


def key(kind: str, item_id: str) -> str:
    # own answers keep the plain key; a member's and the team's fields are kept apart
    return (f"{kind}_{assessment_id}_{item_id}" if mode == "own"
            else f"{kind}_{mode}_{assessment_id}_{item_id}")


answers_shown = current if with_evidence else \
    current.assign(evidence=None).drop(columns="evidence")
# what every field of the assessment shows for its stored answer; a field the user changed
# keeps its own value for the session, also across pages, until it is saved
stored_all = checklist_form.stored_values(
    in_scope, answers_shown, key,
    shell.read.team.comparison(assessment_id) if mode == "consensus" else None)
shown_fields = checklist_form.field_items(fields, key, with_evidence)
stored = {k: v for k, v in stored_all.items() if k in shown_fields}
waiting = checklist_form.unsaved(stored_all, checklist_form.field_items(in_scope, key,
                                                                         with_evidence))
if waiting:
    where = sorted({s for _, s in waiting.values()})
    items = ui.count(len({i for i, _ in waiting.values()}), "item", "items")
    st.warning(f"Nog niet opgeslagen: {items} "
               f"in {checklist.spec.step_noun.lower()} {', '.join(map(str, where))} "
               "(gemarkeerd met *niet opgeslagen*). Wat u typte blijft bewaard zolang u "
               "ingelogd bent, ook als u naar een andere pagina gaat; sla het op met een van "
               "de knoppen.", icon=":material/edit_note:")


def save(then: str | None = None, to_step: int | None = None, at: str = "buttons") -> None:
    """Save this step's answers; then go to another step, or finalise. A confirmation is
    shown where the user will look (the top of the next step, the top of the page after
    finalising, else beside the buttons); a refusal where the user clicked (``at``)."""
    answers = checklist_form.typed(fields, key, stored, with_evidence=with_evidence)
    noun = checklist.spec.step_noun

    def run(d):
        if mode == "mine":
            return d.team.record(assessment_id, user.login, answers)
        with d.transaction(), d.audit.grouped("answers.save"):
            written = d.assessments.record_answers(assessment_id, answers)
            if then == "finalise":
                d.assessments.finalise(assessment_id)
        return written

    def message(written: int) -> str:
        now = shell.db().readiness.of_assessment(assessment_id)
        readiness = ui.percent(now["readiness"].iloc[0] if len(now) else None)
        changes = ui.count(written, "wijziging", "wijzigingen")
        if then == "finalise":
            saved = (f"{noun} {number}: {changes} opgeslagen" if written else
                     f"{noun} {number} had geen nieuwe wijzigingen; alles was al opgeslagen")
            return (f"De beoordeling van {ui.day(assessment['assessed_on'])} is definitief "
                    f"gemaakt ({saved}). Gereedheid {readiness}; elk item dat nog niet geregeld "
                    "is, staat nu bij Verbeterpunten.")
        if mode == "mine":
            return (f"Uw antwoorden van {noun.lower()} {number} opgeslagen: {changes}." if written
                    else f"Uw antwoorden van {noun.lower()} {number} waren al opgeslagen.")
        text = (f"{noun} {number} opgeslagen: {changes}." if written else
                f"{noun} {number} had geen nieuwe wijzigingen; alles was al opgeslagen.")
        return f"{text} Gereedheid nu {readiness}."

    where = "done" if then == "finalise" else ("step" if to_step is not None else "buttons")
    result = shell.write(run, message, where, rerun=False, refused_at=at)
    if result is not None and then == "finalise":
        checklist_form.reset_fields(assessment_id)   # nothing of a final one is kept
        st.session_state.pop("draft", None)
        st.session_state["step"] = None
    elif result is not None and to_step is not None:
        st.session_state["step"] = to_step
        st.session_state["scroll_to_step"] = True
    st.rerun()


if step.intro or step.guidance:
    with st.expander(f"Over {checklist.spec.step_noun.lower()} {checklist.step_title(number)}: "
                     "uitleg en advies uit de bron"):
        if step.intro:
            st.markdown(ui.paragraphs(step.intro))
        for advice in step.guidance:
            where = f" · {advice.perspective.label}" if advice.perspective else ""
            st.markdown(ui.quoted(advice.text, f"{advice.source}{where}"))

differ = team.differences_per_step(comparison) if only_disagreement else {}
st.markdown(f"**Naar een andere {checklist.spec.step_noun.lower()}** (slaat deze eerst op):")
for column, other in zip(st.columns(len(steps)), steps, strict=True):
    label = checklist.step_title(other.number)
    if only_disagreement:
        label += f" ({ui.count(differ.get(other.number, 0), 'verschil', 'verschillen')})"
    if column.button(label, width="stretch", disabled=other.number == number,
                     key=f"goto_{other.number}"):
        save(to_step=other.number, at="step")
st.subheader(f"{checklist.spec.step_noun} {checklist.step_title(number)}", anchor="stap")
shell.messages("step")
notes_open = checklist_form.notes_switch()

checklist_form.render(fields, checklist, stored, waiting, key, credits, comparison, members,
                      with_evidence=with_evidence, notes_open=notes_open)
position = numbers.index(number)
shell.messages("buttons")   # the outcome of "Opslaan" where the user clicked it
save_col, next_col, final_col = st.columns(3)
if save_col.button("Opslaan" if mode == "mine" else "Opslaan als concept", type="primary",
                   key="save_step", width="stretch"):
    save()
if position + 1 < len(numbers) and next_col.button(
        f"Opslaan en naar {checklist.spec.step_noun.lower()} {numbers[position + 1]}",
        key="save_next", width="stretch"):
    save(to_step=numbers[position + 1])
if mode != "mine" and final_col.button(
        "Opslaan en definitief maken", key="finalise", width="stretch",
        help="Na definitief maken telt de beoordeling mee in de grafieken en verbeterpunten "
             "en verandert ze niet meer."):
    save(then="finalise")
scale_text = " · ".join(o.label for o in checklist.scale)
st.caption(f"Elke knop slaat eerst op wat in deze {checklist.spec.step_noun.lower()} is "
           f"ingevuld. Antwoorden: {scale_text}; een antwoord dat niet van toepassing is, vraagt "
           f"om een toelichting. Items met * zijn motiverende factoren uit de "
           f"implementatiewijzer. Ingevuld door: {ui.text(user.name)}.")
checklist_form.history(assessment_id, checklist)
if assessment["team"] and may_write:
    team.members(assessment_id)
if st.session_state.pop("scroll_to_step", False):
    st.html("<script>document.getElementById('stap')?.scrollIntoView({block: 'start'});"
            "</script>", unsafe_allow_javascript=True, width="content")
