"""Team assessments: several respondents answer on their own, the owner sets the consensus.

Each respondent's answers are kept append-only in ``respondent_answers`` (who, what,
when, every change). The assessment's own answers (table ``answers``) are the
*consensus*: readiness is computed from them, as for any assessment, and every change
of the consensus is kept there. Before the consensus is set, the page shows the mean
credit of the respondents' answers, labelled as such.

A respondent is named by login (an account) or, for someone without an account whose
paper form the owner types in, by name.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..errors import StoreError, blank_none, required
from ..permissions import Action, allowed
from .assessments import AnswerInput
from .database import reads, writes
from .scopes import subject_visible


class Team:
    def __init__(self, db):
        self.db = db

    def _draft(self, assessment_id: int) -> dict:
        assessment = self.db.unscoped.assessments.assessment(assessment_id)
        if not assessment["team"]:
            raise StoreError("dit is geen teambeoordeling")
        if assessment["status"] == "final":
            raise StoreError("deze teambeoordeling is definitief en verandert niet meer")
        return assessment

    @writes("answers")
    def add_respondent(self, assessment_id: int, respondent: str) -> None:
        db = self.db
        assessment = self._draft(assessment_id)
        db.ensure(Action.ASSESSMENT_WRITE, db.assessments.target_of(assessment))
        respondent = required(respondent, "teamlid").lower() \
            if db.one("SELECT count(*) FROM users WHERE login = lower(?)", [respondent]) \
            else required(respondent, "teamlid")
        if len(respondent) > 120:
            raise StoreError("een teamlid heeft een naam van hoogstens 120 tekens")
        if db.one("SELECT count(*) FROM assessment_respondents WHERE assessment_id = ? AND "
                  "respondent = ?", [assessment_id, respondent]):
            raise StoreError(f"{respondent} is al teamlid van deze beoordeling")
        db.execute("INSERT INTO assessment_respondents (assessment_id, respondent, added_by) "
                   "VALUES (?, ?, ?)", [assessment_id, respondent, db.actor.login])
        db.audit.record("team.add", "assessments", assessment_id, assessment["intervention_id"],
                        assessment["organisation_id"], new={"teamlid": respondent})

    @reads("answers", "accounts")
    def respondents(self, assessment_id: int) -> pd.DataFrame:
        self.db.assessments.assessment(assessment_id)
        return self.db.query("""SELECT r.respondent, coalesce(u.name, r.respondent) AS name,
                                       r.added_at
                                FROM assessment_respondents r
                                LEFT JOIN users u ON u.login = r.respondent
                                WHERE r.assessment_id = ? ORDER BY r.added_at, r.respondent""",
                             [int(assessment_id)])

    def may_respond(self, assessment: dict) -> bool:
        return allowed(self.db.actor, Action.RESPOND, self.db.assessments.target_of(assessment))

    @writes("answers")
    def record(self, assessment_id: int, respondent: str, answers: Iterable[AnswerInput]) -> int:
        """A respondent's own answers (append-only); returns the rows written. The
        respondent writes their own; the owner may type in a respondent's paper form."""
        db = self.db
        assessment = self._draft(assessment_id)
        members = set(self.respondents_of(assessment_id))
        if respondent not in members:
            raise StoreError(f"{respondent} is geen teamlid van deze beoordeling")
        target = db.assessments.target_of(assessment)
        own = db.actor is not None and db.actor.login == respondent
        db.ensure(Action.RESPOND if own else Action.ASSESSMENT_WRITE, target)
        checklist = db.assessments.checklist_of(assessment)
        in_scope = {i.id for i in checklist.in_scope(assessment["perspectives"])}
        rows = []
        for answer in answers:
            note = blank_none(answer.note)
            problem = checklist.answer_problem(answer.item_id, answer.answer, note)
            if problem is None and answer.item_id not in in_scope:
                problem = "dit item hoort niet bij de onderdelen van deze beoordeling"
            if problem:
                raise StoreError(f"item '{answer.item_id[:120]}': {problem}")
            rows.append((answer.item_id, answer.answer, note))
        if not rows:
            return 0
        incoming = pd.DataFrame(rows, columns=["item_id", "answer", "note"])
        name = "incoming_respondent_answers"
        db._con.register(name, incoming)
        try:
            changed = db.query(f"""
                WITH current AS (
                    SELECT item_id, arg_max_null(answer, id) AS answer,
                           arg_max_null(note, id) AS note
                    FROM respondent_answers WHERE assessment_id = $a AND respondent = $r
                    GROUP BY item_id)
                SELECT n.item_id, n.answer, n.note, c.answer AS old_answer
                FROM {name} n LEFT JOIN current c ON c.item_id = n.item_id
                WHERE (c.item_id IS NULL AND (n.answer IS NOT NULL OR n.note IS NOT NULL))
                   OR c.answer IS DISTINCT FROM n.answer OR c.note IS DISTINCT FROM n.note
                ORDER BY n.item_id""", {"a": int(assessment_id), "r": respondent})
        finally:
            db._con.unregister(name)
        if changed.empty:
            return 0
        db.insert_frame("respondent_answers", changed[["item_id", "answer", "note"]].assign(
            assessment_id=int(assessment_id), respondent=respondent,
            recorded_by=db.actor.login))
        db.audit.record("team.answers", "assessments", assessment_id,
                        assessment["intervention_id"], assessment["organisation_id"],
                        old={r.item_id: _none(r.old_answer) for r in changed.itertuples()},
                        new={"teamlid": respondent, **{r.item_id: _none(r.answer)
                                                       for r in changed.itertuples()}})
        return len(changed)

    @reads("answers", "registry")
    def open_for_me(self) -> pd.DataFrame:
        """The drafts of team assessments in which the acting user is a member, newest
        first, with their subject's names: where a member who may not write assessments
        (an adviser) finds the team page."""
        db = self.db
        if db.actor is None:
            return pd.DataFrame(columns=["id", "checklist_id", "assessed_on", "intervention_id",
                                         "implementation_id", "organisation_id",
                                         "intervention", "organisation"])
        return db.query(f"""
            SELECT a.id, a.checklist_id, a.assessed_on, a.intervention_id,
                   a.implementation_id, a.organisation_id, i.name AS intervention,
                   o.name AS organisation
            FROM assessments a
            JOIN assessment_respondents r ON r.assessment_id = a.id AND r.respondent = $login
            LEFT JOIN interventions i ON i.id = a.intervention_id
            LEFT JOIN organisations o ON o.id = a.organisation_id
            WHERE a.status = 'draft' AND {subject_visible('a')}
            ORDER BY a.assessed_on DESC, a.id DESC""",
                        {"login": db.actor.login, **db.scope.params()})

    def respondents_of(self, assessment_id: int) -> list[str]:
        return [r[0] for r in self.db.rows("SELECT respondent FROM assessment_respondents "
                                           "WHERE assessment_id = ?", [int(assessment_id)])]

    @reads("answers")
    def answers(self, assessment_id: int) -> pd.DataFrame:
        """Every respondent's current answer per item (one row per respondent and item)."""
        self.db.assessments.assessment(assessment_id)
        return self.db.query("""
            SELECT respondent, item_id, arg_max_null(answer, id) AS answer,
                   arg_max_null(note, id) AS note, max(recorded_at) AS recorded_at
            FROM respondent_answers WHERE assessment_id = ?
            GROUP BY respondent, item_id ORDER BY item_id, respondent""", [int(assessment_id)])

    @reads("answers", "accounts")
    def comparison(self, assessment_id: int) -> pd.DataFrame:
        """Per answerable line in scope: each respondent's answer, how many answered,
        whether everyone agrees (all respondents gave the same answer), the mean credit
        of their answers (for scored lines), and the consensus so far."""
        assessment = self.db.assessments.assessment(assessment_id)
        checklist = self.db.assessments.checklist_of(assessment)
        members = self.respondents(assessment_id)["respondent"].tolist()
        given = self.answers(assessment_id)
        consensus = self.db.assessments.current_answers(assessment_id).set_index("item_id")
        credit = {o.value: o.credit for o in checklist.scale}
        rows = []
        for item in checklist.in_scope(assessment["perspectives"]):
            mine = given[given["item_id"] == item.id].set_index("respondent")["answer"]
            values = {m: (mine.get(m) if isinstance(mine.get(m), str) else None)
                      for m in members}
            answered = [v for v in values.values() if v is not None]
            scored = [credit[v] for v in answered if item.scored and credit.get(v) is not None]
            rows.append({
                "item_id": item.id, "step": item.step,
                "perspective": item.perspective.value if item.perspective else None,
                "depth": item.depth, "text": item.text, "kind": item.kind.value,
                **{f"answer:{m}": values[m] for m in members},
                "answered": len(answered),
                "agree": bool(members) and len(answered) == len(members)
                and len(set(answered)) == 1,
                "disagree": len(set(answered)) > 1,
                "mean_credit": sum(scored) / len(scored) if scored else None,
                "consensus": consensus["answer"].get(item.id) if item.id in consensus.index
                else None})
        return pd.DataFrame(rows)

    def agreement_per_step(self, assessment_id: int) -> pd.DataFrame:
        """Per step: lines, lines on which everyone agrees, and that share."""
        table = self.comparison(assessment_id)
        if table.empty:
            return pd.DataFrame(columns=["step", "lines", "agreed", "share"])
        grouped = table.groupby("step").agg(lines=("item_id", "count"), agreed=("agree", "sum"))
        grouped["share"] = grouped["agreed"] / grouped["lines"]
        return grouped.reset_index()

    @writes("answers")
    def adopt_agreement(self, assessment_id: int) -> int:
        """Set the consensus wherever every respondent gave the same answer and no
        consensus is set yet; returns the lines set."""
        db = self.db
        assessment = self._draft(assessment_id)
        db.ensure(Action.ASSESSMENT_WRITE, db.assessments.target_of(assessment))
        table = self.comparison(assessment_id)
        members = [c.split(":", 1)[1] for c in table.columns if c.startswith("answer:")]
        todo = table[table["agree"] & table["consensus"].isna()]
        notes = self.answers(assessment_id).set_index(["item_id", "respondent"])["note"]
        answers = [AnswerInput(r.item_id, r[f"answer:{members[0]}"],
                               _first_note(notes, r.item_id, members))
                   for _, r in todo.iterrows()]
        with db.audit.grouped("team.consensus", detail="overgenomen waar iedereen het eens is"):
            return db.assessments.record_answers(assessment_id, answers)


def _first_note(notes: pd.Series, item_id: str, members: list[str]) -> str | None:
    for member in members:
        note = notes.get((item_id, member))
        if isinstance(note, str) and note.strip():
            return note
    return None


def _none(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value

