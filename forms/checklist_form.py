"""The answer fields of one step of a checklist, for an assessment's own answers, for one
team member's answers, and for the consensus beside every member's answer."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import shell
import ui
from implementation.store import AnswerInput
from implementation.vocabulary import BLUE_PERSPECTIVES, ItemKind

EMPTY = "—"


def shown(step_items, comparison: pd.DataFrame | None, only_disagreement: bool) -> list:
    """The items whose fields are on the page: all of the step, or (the team's agenda) only
    those on which the members disagree. Only these are saved."""
    if comparison is None or not only_disagreement:
        return list(step_items)
    differ = set(comparison.loc[comparison["disagree"].astype(bool), "item_id"])
    return [i for i in step_items if i.id in differ]


def render(items, checklist, current: pd.DataFrame, key, credits=None,
           comparison: pd.DataFrame | None = None, members: dict | None = None) -> None:
    """Draw the fields of ``items``. ``current`` holds the stored answers by item id;
    ``comparison`` (a team's answers per line) adds each member's answer and marks
    disagreement; the fields then set the consensus."""
    scale = {o.value: o.label for o in checklist.scale}
    lines = None if comparison is None else comparison.set_index("item_id")
    for perspective in dict.fromkeys(i.perspective for i in items):
        block = [i for i in items if i.perspective == perspective]
        if perspective is not None:
            colour = "blue" if perspective in BLUE_PERSPECTIVES else "green"
            st.markdown(f"#### :{colour}-background[{perspective.label}]")
        for item in block:
            stored = current.loc[item.id] if item.id in current.index else None
            value = None if stored is None else stored["answer"]
            if lines is not None and value is None and bool(lines.loc[item.id, "agree"]):
                value = next(iter(v for k, v in lines.loc[item.id].items()
                                  if k.startswith("answer:") and isinstance(v, str)), None)
            text_col, answer_col, note_col, evidence_col = st.columns([4.5, 3, 3, 2])
            indent = "&emsp;" * item.depth + ("– " if item.depth else "")
            bold = "**" if not item.depth else ""
            star = " \\*" if item.motivating else ""
            text_col.markdown(f"{indent}{bold}{ui.text(item.text)}{bold}{star}")
            if credits is not None and checklist.has_elements(item.id) \
                    and item.id in credits.index:
                row = credits.loc[item.id]
                derived = "n.v.t." if row["nvt"] else ui.percent(row["credit"])
                text_col.caption(f"{indent}Afgeleid uit de elementen: {derived}. Zodra een "
                                 "element is beantwoord, bepalen de elementen het antwoord.")
            if lines is not None:
                _team_line(text_col, lines.loc[item.id], members or {}, scale, indent)
            _answer_field(answer_col, item, value, key("answer", item.id), scale)
            note_col.text_input(f"Toelichting bij: {item.text}", key=key("note", item.id),
                                value=(None if stored is None else stored["note"]) or "",
                                placeholder="Toelichting", label_visibility="collapsed",
                                max_chars=5000)
            if "evidence" in current.columns:
                evidence_col.text_input(
                    f"Bewijs bij: {item.text}", key=key("evidence", item.id),
                    value=(None if stored is None else stored["evidence"]) or "",
                    placeholder="Bewijs (link)", label_visibility="collapsed", max_chars=2000)


def _team_line(column, line, members: dict, scale: dict, indent: str) -> None:
    given = []
    for login, name in members.items():
        value = line[f"answer:{login}"]
        given.append(f"{ui.text(name)}: {ui.text(scale.get(value, value) or '–')}")
    mark = ":orange-badge[verschil]" if line["disagree"] else (
        ":green-badge[eens]" if line["agree"] else ":gray-badge[nog niet iedereen]")
    mean = "" if line["mean_credit"] is None or pd.isna(line["mean_credit"]) else \
        f" · gemiddelde van de antwoorden {ui.percent(line['mean_credit'])}"
    column.caption(f"{indent}{mark} {' · '.join(given)}{mean}")


def _answer_field(column, item, value, widget_key: str, scale: dict) -> None:
    if item.kind is ItemKind.CHOICE and item.multiple:
        column.multiselect(item.text, list(item.options), key=widget_key,
                           default=[o for o in item.options if value and o in value.split("; ")],
                           label_visibility="collapsed", placeholder="Kies…")
    elif item.kind is ItemKind.CHOICE:
        options = [EMPTY, *item.options]
        column.selectbox(item.text, options, key=widget_key,
                         index=options.index(value) if value in options else 0,
                         label_visibility="collapsed")
    elif item.kind is ItemKind.TEXT:
        column.text_input(item.text, key=widget_key, value=value or "",
                          label_visibility="collapsed", max_chars=2000)
    else:
        options = [EMPTY, *scale]
        column.radio(item.text, options, key=widget_key,
                     index=options.index(value) if value in options else 0, horizontal=True,
                     label_visibility="collapsed", format_func=lambda v: scale.get(v, v))


def typed(items, key, with_evidence: bool = True) -> list[AnswerInput]:
    """What the user typed in the fields of ``items`` (those :func:`shown` put on the page),
    as answers to store."""
    answers = []
    for item in items:
        value = st.session_state.get(key("answer", item.id))
        if isinstance(value, list):
            value = "; ".join(v for v in item.options if v in value) or None
        elif value in (EMPTY, ""):
            value = None
        answers.append(AnswerInput(item.id, value, st.session_state.get(key("note", item.id)),
                                   st.session_state.get(key("evidence", item.id))
                                   if with_evidence else None))
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
            column_config={"Vastgelegd op": st.column_config.DatetimeColumn(
                format="DD-MM-YYYY HH:mm"),
                "Item": st.column_config.TextColumn(width="large")})
