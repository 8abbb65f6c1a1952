"""The answer fields of one step of a checklist, for an assessment's own answers, for one
team member's answers, and for the consensus beside every member's answer.

**No input is lost.** The fields are not in an ``st.form``, and every field keeps its value
for the whole session (``persist_state="session"``): a value reaches the server with the
next rerun, also the one of a click on another page in the sidebar, and comes back when
the user returns. A field whose value differs from the stored answer is marked "niet
opgeslagen", with a warning at the top, until one of the buttons saves it. Text is sent a
second after the user stops typing (see ``TYPED``).

**Toelichting and bewijs on demand.** Every field is a widget, and Streamlit copies the
whole session state for each widget it draws, so a page's cost grows with the square of
its fields: a step of 66 items with three fields each took 300-500 ms a run. An item's
note and evidence fields are drawn when the user asks for them (the switch
"Toelichting en bewijs invullen", kept for the session), when the item's answer is
n.v.t. (which needs a note) and when the user changed them and has not saved yet; else
a stored note and evidence are shown as text. A field that is not drawn keeps its
stored value when the step is saved (:func:`typed`).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

import shell
import ui
from implementation.store import AnswerInput
from implementation.vocabulary import BLUE_PERSPECTIVES, ItemKind

EMPTY = "—"
KEEP = dict(persist_state="session")
# Text reaches the server a second after the user stops typing, so that it is already there
# when they click elsewhere: a commit on leaving the field would rerun the page under that
# click (a click on a page in the sidebar would then be lost, though the text would not).
TYPED = dict(KEEP, live="1s")


def shown(step_items, comparison: pd.DataFrame | None, only_disagreement: bool) -> list:
    """The items whose fields are on the page: all of the step, or (the team's agenda) only
    those on which the members disagree. Only these are saved."""
    if comparison is None or not only_disagreement:
        return list(step_items)
    differ = set(comparison.loc[comparison["disagree"].astype(bool), "item_id"])
    return [i for i in step_items if i.id in differ]


def unsaved(stored: dict, items: dict) -> dict:
    """The fields whose value in this session differs from the stored answer: {widget key:
    (item id, step)}. ``stored`` maps widget keys to the value of the stored answer (see
    :func:`stored_values`), ``items`` widget keys to their item."""
    return {k: (items[k].id, items[k].step) for k, value in stored.items()
            if k in st.session_state and st.session_state[k] != value}


def field_items(items, key, with_evidence: bool = True) -> dict:
    """{widget key: item} for every field of ``items``."""
    kinds = ("answer", "note", "evidence") if with_evidence else ("answer", "note")
    return {key(kind, item.id): item for item in items for kind in kinds}


def reset_fields(assessment_id: int) -> None:
    """Empty the fields of an assessment, so that they show the stored answers again (after
    a write that changed them another way, such as taking over the team's agreement)."""
    for key in [k for k in st.session_state if isinstance(k, str)
                and k.split("_")[0] in ("answer", "note", "evidence")
                and f"_{int(assessment_id)}_" in k]:
        del st.session_state[key]


def stored_values(items, current: pd.DataFrame, key, comparison=None) -> dict:
    """What every field shows for the stored answers: {widget key: value}."""
    lines = None if comparison is None else comparison.set_index("item_id")
    values = {}
    for item in items:
        stored = current.loc[item.id] if item.id in current.index else None
        answer = None if stored is None else stored["answer"]
        if lines is not None and answer is None and item.id in lines.index \
                and bool(lines.loc[item.id, "agree"]):
            answer = next(iter(v for k, v in lines.loc[item.id].items()
                               if k.startswith("answer:") and isinstance(v, str)), None)
        values[key("answer", item.id)] = _field_value(item, answer)
        values[key("note", item.id)] = _text(None if stored is None else stored["note"])
        if "evidence" in current.columns:
            values[key("evidence", item.id)] = _text(None if stored is None
                                                     else stored["evidence"])
    return values


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _field_value(item, answer):
    if item.kind is ItemKind.CHOICE and item.multiple:
        return [o for o in item.options if isinstance(answer, str) and o in answer.split("; ")]
    if item.kind is ItemKind.TEXT:
        return _text(answer)
    return answer if isinstance(answer, str) else EMPTY


# -- the fields ------------------------------------------------------------------------------

NOTES_OPEN = "notes_open"


def notes_switch() -> bool:
    """The switch that draws every item's note and evidence fields (see the module)."""
    return st.toggle("Toelichting en bewijs invullen", key=NOTES_OPEN, **KEEP,
                     help="Toont bij elk item een veld voor de toelichting en voor het bewijs "
                          "(een link of document). Een item met n.v.t. of met een toelichting "
                          "die nog niet is opgeslagen, toont ze altijd.")


def render(items, checklist, stored: dict, pending: dict, key, credits=None,
           comparison: pd.DataFrame | None = None, members: dict | None = None,
           with_evidence: bool = True, notes_open: bool = True) -> None:
    """Draw the fields of ``items``: a field the user changed keeps that value (for the
    session), any other starts from ``stored`` (see :func:`stored_values`); ``pending`` are
    the changed ones (see :func:`unsaved`), marked as not saved. ``comparison`` (a team's
    answers per line) adds each member's answer and marks disagreement; the fields then
    set the consensus."""
    scale = {o.value: o.label for o in checklist.scale}
    not_applicable = set(checklist.not_applicable_values)
    lines = None if comparison is None else comparison.set_index("item_id")
    pending_items = {item for item, _ in pending.values()}
    for perspective in dict.fromkeys(i.perspective for i in items):
        block = [i for i in items if i.perspective == perspective]
        if perspective is not None:
            colour = "blue" if perspective in BLUE_PERSPECTIVES else "green"
            st.markdown(f"#### :{colour}-background[{perspective.label}]")
        for item in block:
            keys = [key("answer", item.id), key("note", item.id)] + \
                ([key("evidence", item.id)] if with_evidence else [])
            start = {k: stored[k] for k in keys}
            text_col, answer_col, note_col = st.columns([4, 2.8, 4.2])
            indent = "&emsp;" * item.depth + ("– " if item.depth else "")
            bold = "**" if not item.depth else ""
            star = " \\*" if item.motivating else ""
            mark = " :orange-badge[niet opgeslagen]" if item.id in pending_items else ""
            text_col.markdown(f"{indent}{bold}{ui.text(item.text)}{bold}{star}{mark}")
            if credits is not None and checklist.has_elements(item.id) \
                    and item.id in credits.index:
                row = credits.loc[item.id]
                derived = "n.v.t." if row["nvt"] else ui.percent(row["credit"])
                text_col.caption(f"{indent}Afgeleid uit de elementen: {derived}. Zodra een "
                                 "element is beantwoord, bepalen de elementen het antwoord.")
            if lines is not None and item.id in lines.index:
                _team_line(text_col, lines.loc[item.id], members or {}, scale, indent)
            _answer_field(answer_col, item, keys[0], scale, start[keys[0]])
            answer = st.session_state.get(keys[0], start[keys[0]])   # a list: multiple
            if notes_open or (isinstance(answer, str) and answer in not_applicable) or any(
                    k in pending for k in keys[1:]):
                note_col.text_input(f"Toelichting bij: {item.text}", key=keys[1],
                                    value=start[keys[1]], placeholder="Toelichting",
                                    label_visibility="collapsed", max_chars=5000, **TYPED)
                if with_evidence:
                    note_col.text_input(f"Bewijs bij: {item.text}", key=keys[2],
                                        value=start[keys[2]],
                                        placeholder="Bewijs (link of document)",
                                        label_visibility="collapsed", max_chars=2000, **TYPED)
            else:
                _stored_note(note_col, [start[k] for k in keys[1:]])


def _stored_note(column, texts: list[str]) -> None:
    """A stored note and evidence, as text (their fields are drawn on demand)."""
    shown = [f"{label}: {ui.text(text)}" for label, text in zip(
        ("Toelichting", "Bewijs"), texts, strict=False) if text]
    if shown:
        column.caption(" · ".join(shown))


def _team_line(column, line, members: dict, scale: dict, indent: str) -> None:
    """Every member's answer, readable (not a grey caption): the team's agenda."""
    given = []
    for login, name in members.items():
        value = line[f"answer:{login}"]
        given.append(f"{ui.text(name)}: **{ui.text(scale.get(value, value) or '–')}**")
    mark = ":orange-badge[verschil]" if line["disagree"] else (
        ":green-badge[eens]" if line["agree"] else ":gray-badge[nog niet iedereen]")
    mean = "" if line["mean_credit"] is None or pd.isna(line["mean_credit"]) else \
        f" · gemiddelde van de antwoorden {ui.percent(line['mean_credit'])}"
    column.markdown(f"{indent}{mark} {' · '.join(given)}{mean}")


def _answer_field(column, item, widget_key: str, scale: dict, value) -> None:
    if item.kind is ItemKind.CHOICE and item.multiple:
        column.multiselect(item.text, list(item.options), key=widget_key, default=value,
                           label_visibility="collapsed", placeholder="Kies een of meer",
                           select_all=False, **KEEP)
    elif item.kind is ItemKind.CHOICE:
        options = [EMPTY, *item.options]
        column.selectbox(item.text, options, key=widget_key, label_visibility="collapsed",
                         index=options.index(value) if value in options else 0, **KEEP)
    elif item.kind is ItemKind.TEXT:
        column.text_input(item.text, key=widget_key, label_visibility="collapsed", value=value,
                          max_chars=2000, placeholder="Uw antwoord", **TYPED)
    else:
        options = [EMPTY, *scale]
        column.radio(item.text, options, key=widget_key, horizontal=True,
                     index=options.index(value) if value in options else 0,
                     label_visibility="collapsed", format_func=lambda v: scale.get(v, v),
                     **KEEP)


def typed(items, key, stored: dict, with_evidence: bool = True) -> list[AnswerInput]:
    """What the user typed in the fields of ``items`` (those :func:`shown` put on the page),
    as answers to store. A field that was not drawn keeps its stored value (``stored``, see
    :func:`stored_values`)."""
    def field(kind: str, item_id: str):
        name = key(kind, item_id)
        return st.session_state.get(name, stored.get(name))

    answers = []
    for item in items:
        value = field("answer", item.id)
        if isinstance(value, list):
            value = "; ".join(v for v in item.options if v in value) or None
        elif value in (EMPTY, ""):
            value = None
        answers.append(AnswerInput(item.id, value, field("note", item.id),
                                   field("evidence", item.id) if with_evidence else None))
    return answers


def history(assessment_id: int, checklist) -> None:
    """Who changed which answer when: every stored row of the assessment, newest first."""
    rows = shell.read.assessments.answer_history(assessment_id)
    changes = ui.count(len(rows), "wijziging", "wijzigingen")
    with st.expander(f"Geschiedenis van deze beoordeling ({changes})"):
        if rows.empty:
            st.caption("Nog niets opgeslagen.")
            return
        scale = {o.value: o.label for o in checklist.scale}
        rows = rows.sort_values("id", ascending=False)
        st.dataframe(pd.DataFrame({
            "Vastgelegd op": rows["recorded_at"],
            "Door": rows["recorded_by_name"],
            "Item": rows["item_id"].map(lambda i: checklist.item(i).text
                                        if checklist.has_item(i) else i),
            "Antwoord": rows["answer"].map(lambda v: scale.get(v, v) if isinstance(v, str)
                                           else "–"),
            "Toelichting": rows["note"].fillna(""),
        }), hide_index=True, width="stretch", key=f"history_{assessment_id}",
            placeholder="–",
            column_config={"Vastgelegd op": st.column_config.DatetimeColumn(
                format="DD-MM-YYYY HH:mm"),
                "Item": st.column_config.TextColumn(width="large")})
