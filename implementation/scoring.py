"""Readiness scoring, in SQL inside DuckDB.

Readiness formula (also in the README; change both together)
-------------------------------------------------------------
A checklist has an answer scale: options with a credit between 0 and 1, or with
no credit ("not applicable"). Without a scale of its own it is ja (1), nee (0),
n.v.t. (not applicable). Only items of kind ``question`` are scored; choice and
open items are stored and shown, never scored.

Every *top-level* item ``i`` in scope of an assessment gets a credit ``c(i)``:

- answered with a not-applicable option       -> it leaves the numerator and the
                                                 denominator;
- it has elements, and at least one element (at any depth below) is answered
  with an option that gives credit              -> ``c(i)`` = mean credit of its
                                                 applicable elements, computed the
                                                 same way, recursively (an
                                                 unanswered element counts 0, a
                                                 not-applicable one leaves). The
                                                 item's own answer then does not
                                                 count: *the elements decide*;
- it has no answer, and all its elements are not applicable -> not applicable;
- otherwise                                     -> ``c(i)`` = the credit of its own
                                                 answer (unanswered counts 0).

    readiness(group) = sum(c(i) for applicable i in group) / count(applicable i in group)

A group is a step, a perspective, a step x perspective cell, an innovation stage
(the items tagged with it in the checklist file; an item may serve several),
the motivating items (``*``) alone, or the whole checklist. A group with no
applicable items has no readiness (NULL, "niet van toepassing"), not 0.
Unanswered items count as "not arranged"; ``answered`` (items with any answer,
their own or an element's) and ``nvt`` (items not applicable) are reported
beside readiness, so that neither can hide.

The per-item credit is computed by :func:`item_credit_sql` for a set of
assessments, once per save (into a temporary table). Its sums per assessment x step
x perspective are stored in ``assessment_scores``, per assessment x stage in
``assessment_stage_scores`` and per assessment in ``assessment_totals``, in the
transaction that saves the answers; the rows of each subject's newest final
assessment are also kept in ``latest_scores`` and ``latest_stage_scores``. Every
readiness figure on the dashboard is a sum over those rows.

Stage reached: a stage counts as reached ("bereikt") when its readiness is at
least the checklist's ``stage_reached_at``. Earlier stages are not required:
seed 003 §2.1 calls the process "niet lineair en voorspelbaar", and all three of
its interventions work on several stages at once.
"""
from __future__ import annotations

import pandas as pd

from .checklists import MAX_ELEMENT_DEPTH

# Bump when the formula or the score tables change: opening a database then
# recomputes every score row (see store.mirror).
SCORES_VERSION = "2"

GROUPINGS = {
    "overall": [],
    "step": ["step"],
    "perspective": ["perspective"],
    "cell": ["step", "perspective"],
    "stage": ["stage"],
    "motivating": [],
}

_TARGETS = {
    # Chosen from this fixed set by key, so no caller text ever reaches the SQL.
    "ids": "a.id IN (SELECT unnest($ids::INTEGER[]))",
    "all": "TRUE",
}
_ANSWERS = {
    # The constant range lets DuckDB skip row groups by their min/max (answers are
    # appended in assessment order), instead of reading every answer ever stored.
    "ids": "an.assessment_id BETWEEN list_min($ids::INTEGER[]) AND list_max($ids::INTEGER[]) "
           "AND an.assessment_id IN (SELECT id FROM target)",
    "all": "TRUE",
}


def item_credit_sql(target: str = "ids") -> str:
    """SQL giving, per assessment and top-level scored item in scope: step, perspective,
    motivating, credit (NULL when not applicable), answered and nvt.

    Bound parameter: ``$ids`` (a list of assessment ids) with ``target='ids'``; none
    with ``target='all'``.
    """
    levels = []
    for depth in range(MAX_ELEMENT_DEPTH, -1, -1):
        below = f"level{depth + 1}" if depth < MAX_ELEMENT_DEPTH else None
        join = (f"LEFT JOIN {below} c ON c.assessment_id = n.assessment_id "
                "AND c.parent_id = n.item_id") if below else ""
        decided = "coalesce(bool_or(c.decided), false)" if below else "false"
        answered = "coalesce(bool_or(c.answered), false)" if below else "false"
        all_nvt = "coalesce(count(c.item_id) > 0 AND bool_and(c.nvt), false)" if below \
            else "false"
        mean = "avg(c.credit)" if below else "NULL"
        levels.append(f"""
    level{depth} AS (
        SELECT n.assessment_id, n.item_id, n.parent_id, n.step, n.perspective, n.motivating,
            CASE WHEN n.own_nvt THEN NULL
                 WHEN {decided} THEN {mean}
                 WHEN n.answer IS NULL AND {all_nvt} THEN NULL
                 ELSE coalesce(n.own_credit, 0.0) END AS credit,
            NOT n.own_nvt AND ({decided} OR n.own_credit IS NOT NULL) AS decided,
            {answered} OR n.answer IS NOT NULL AS answered,
            n.own_nvt OR (n.answer IS NULL AND {all_nvt}) AS nvt
        FROM nodes n {join}
        WHERE n.depth = {depth}
        GROUP BY n.assessment_id, n.item_id, n.parent_id, n.step, n.perspective,
                 n.motivating, n.answer, n.own_nvt, n.own_credit
    )""")
    return f"""
    WITH target AS (
        SELECT a.id, a.checklist_id, a.checklist_version, a.perspectives
        FROM assessments a WHERE {_TARGETS[target]}
    ),
    current AS (
        SELECT an.assessment_id, an.item_id, arg_max_null(an.answer, an.id) AS answer
        FROM answers an
        WHERE {_ANSWERS[target]}
        GROUP BY an.assessment_id, an.item_id
    ),
    nodes AS (
        SELECT t.id AS assessment_id, i.item_id, i.parent_id, i.depth, i.step,
               i.perspective, i.motivating, cur.answer,
               cur.answer IS NOT NULL AND s.value IS NOT NULL AND s.credit IS NULL AS own_nvt,
               s.credit AS own_credit
        FROM target t
        JOIN checklist_items i
          ON i.checklist_id = t.checklist_id AND i.checklist_version = t.checklist_version
         AND coalesce(i.kind, 'question') = 'question'
        LEFT JOIN current cur ON cur.assessment_id = t.id AND cur.item_id = i.item_id
        LEFT JOIN checklist_scales s ON s.checklist_id = t.checklist_id
         AND s.checklist_version = t.checklist_version AND s.value = cur.answer
        WHERE t.perspectives IS NULL OR list_contains(t.perspectives, i.perspective)
    ),{",".join(levels)}
    SELECT assessment_id, item_id, step, perspective, motivating, credit, answered, nvt
    FROM level0
    """


_SUBJECT = """a.checklist_id, a.checklist_version, a.intervention_id, a.implementation_id,
           a.organisation_id, a.assessed_on, a.status = 'final' AS final"""
_SUBJECT_COLUMNS = ("c.assessment_id, c.checklist_id, c.checklist_version, c.intervention_id, "
                    "c.implementation_id, c.organisation_id, c.assessed_on, c.final")

# The score tables, each a set of sums over the item credits of its assessments.
_SUMS = {
    "assessment_scores": ("c.step, c.perspective,", """
           coalesce(sum(c.credit), 0) AS credit, count(c.credit) AS applicable,
           count(*) FILTER (WHERE c.answered) AS answered,
           count(*) FILTER (WHERE c.nvt) AS nvt, count(*) AS items,
           coalesce(sum(c.credit) FILTER (WHERE c.motivating), 0) AS motivating_credit,
           count(c.credit) FILTER (WHERE c.motivating) AS motivating_applicable"""),
    "assessment_stage_scores": ("g.stage,", """
           coalesce(sum(c.credit), 0) AS credit, count(c.credit) AS applicable,
           count(*) FILTER (WHERE c.answered) AS answered,
           count(*) FILTER (WHERE c.nvt) AS nvt, count(*) AS items"""),
    "assessment_totals": ("", """
           coalesce(sum(c.credit), 0) AS credit, count(c.credit) AS applicable,
           count(*) FILTER (WHERE c.answered) AS answered,
           count(*) FILTER (WHERE c.nvt) AS nvt, count(*) AS items,
           coalesce(sum(c.credit) FILTER (WHERE c.motivating), 0) AS motivating_credit,
           count(c.credit) FILTER (WHERE c.motivating) AS motivating_applicable"""),
}
SCORE_TABLES = tuple(_SUMS)
# The rows of the newest final assessment of each intervention as a whole, copied from
# the score tables (the `latest` flag marks them there, and every subject's newest).
LATEST_TABLES = {"latest_scores": "assessment_scores",
                 "latest_stage_scores": "assessment_stage_scores"}
WHOLE = "implementation_id IS NULL AND intervention_id IS NOT NULL"
CREDITS = "scored_credits"   # the temporary table of one rewrite of the score tables


def subject_credits_sql(target: str = "ids") -> str:
    """:func:`item_credit_sql` with each assessment's subject, date and status beside
    every item (the assessments are filtered by their ids before the join)."""
    return f"""
    SELECT c.*, {_SUBJECT}
    FROM ({item_credit_sql(target)}) c
    JOIN (SELECT * FROM assessments a WHERE {_TARGETS[target]}) a ON a.id = c.assessment_id
    """


def unanswered_credits_sql() -> str:
    """The item credits of new assessments (``$ids``) that have no answer yet, with their
    subject: by the formula each top-level question item in scope is then unanswered,
    so it counts 0, is applicable, and is neither answered nor n.v.t. The same rows as
    :func:`subject_credits_sql` gives for them (tests/test_benchmark.py checks this),
    without the work of reading answers."""
    return f"""
    SELECT a.id AS assessment_id, i.item_id, i.step, i.perspective, i.motivating,
           0.0::DOUBLE AS credit, false AS answered, false AS nvt, {_SUBJECT}
    FROM assessments a
    JOIN checklist_items i ON i.checklist_id = a.checklist_id
         AND i.checklist_version = a.checklist_version AND i.depth = 0
         AND coalesce(i.kind, 'question') = 'question'
    WHERE {_TARGETS["ids"]}
      AND (a.perspectives IS NULL OR list_contains(a.perspectives, i.perspective))
    """


def credits_table_sql(target: str = "ids", unanswered: bool = False) -> str:
    """SQL that computes the item credits of a set of assessments once, into the
    temporary table :data:`CREDITS`, from which every score table is summed.
    ``unanswered``: the assessments have no answers yet."""
    source = unanswered_credits_sql() if unanswered else subject_credits_sql(target)
    return f"CREATE OR REPLACE TEMP TABLE {CREDITS} AS {source}"


def sums_sql(table: str, credits: str = CREDITS) -> str:
    """SQL giving the rows of score table ``table`` (a key of :data:`_SUMS`) from item
    credits with their subject (``credits``: a table or a subquery of
    :func:`subject_credits_sql`)."""
    keys, sums = _SUMS[table]
    stages = ("JOIN checklist_item_stages g ON g.checklist_id = c.checklist_id "
              "AND g.checklist_version = c.checklist_version AND g.item_id = c.item_id"
              if table == "assessment_stage_scores" else "")
    return f"""
    SELECT {_SUBJECT_COLUMNS}, {keys} {sums}
    FROM {credits} c {stages}
    GROUP BY ALL
    """


def stage_cells_sql(target: str = "ids") -> str:
    """SQL giving the ``assessment_stage_scores`` rows for a set of assessments."""
    return sums_sql("assessment_stage_scores", f"({subject_credits_sql(target)})")


def readiness_sql(grouping: str, where: str, latest: bool = False) -> str:
    """Readiness per assessment and group, from the score tables.

    ``grouping`` is a key of :data:`GROUPINGS`; ``where`` is one of the store's
    fixed filter clauses over alias ``s`` (never user text). With ``latest``, only
    the newest final assessment of each intervention as a whole is read (from the
    small latest tables; ``where`` must keep to those subjects).
    A table whose rows already are the groups (cells, stages, totals) is read
    without aggregating.
    """
    keys = GROUPINGS[grouping]
    numerator, denominator = (("motivating_credit", "motivating_applicable")
                              if grouping == "motivating" else ("credit", "applicable"))
    if grouping == "stage":
        table = "latest_stage_scores" if latest else "assessment_stage_scores"
    elif grouping in ("overall", "motivating") and not latest:
        table = "assessment_totals"
    else:
        table = "latest_scores" if latest else "assessment_scores"
    grain = {"assessment_scores": ["step", "perspective"], "latest_scores": ["step", "perspective"],
             "assessment_stage_scores": ["stage"], "latest_stage_scores": ["stage"],
             "assessment_totals": []}[table]
    select_keys = "".join(f", s.{k}" for k in keys)
    subject = ("s.assessment_id, s.checklist_id, s.intervention_id, s.implementation_id, "
               "s.organisation_id, s.assessed_on, s.final")
    if keys == grain:   # one row per group already
        nvt = "0" if grouping == "motivating" else "s.nvt"
        return f"""
    SELECT {subject} {select_keys},
           s.{numerator} / nullif(s.{denominator}, 0) AS readiness,
           s.{numerator}::DOUBLE AS credit, s.{denominator}::INTEGER AS applicable,
           s.answered::INTEGER AS answered, ({nvt})::INTEGER AS nvt, s.items::INTEGER AS items
    FROM {table} s
    WHERE {where}
    ORDER BY s.assessed_on, s.assessment_id {select_keys}
    """
    nvt = "0" if grouping == "motivating" else "sum(s.nvt)"
    return f"""
    SELECT {subject} {select_keys},
           sum(s.{numerator}) / nullif(sum(s.{denominator}), 0) AS readiness,
           sum(s.{numerator}) AS credit, sum(s.{denominator})::INTEGER AS applicable,
           sum(s.answered)::INTEGER AS answered, ({nvt})::INTEGER AS nvt,
           sum(s.items)::INTEGER AS items
    FROM {table} s
    WHERE {where}
    GROUP BY {subject} {select_keys}
    ORDER BY s.assessed_on, s.assessment_id {select_keys}
    """


def stage_profile(stages: pd.DataFrame, stage_keys: list[str],
                  threshold: float | None) -> pd.DataFrame:
    """Per stage of one assessment: readiness (None when no item applies: "niet van
    toepassing"), the counts, and whether it is reached (None without a threshold).

    ``stages`` is readiness by stage for a single assessment; ``stage_keys`` are the
    stages the checklist's items serve, in order.
    """
    rows = []
    by_stage = stages.set_index("stage") if not stages.empty else None
    for stage in stage_keys:
        row = by_stage.loc[stage] if by_stage is not None and stage in by_stage.index else None
        readiness = None if row is None or pd.isna(row["readiness"]) else float(row["readiness"])
        rows.append({
            "stage": stage, "readiness": readiness,
            "items": 0 if row is None else int(row["items"]),
            "applicable": 0 if row is None else int(row["applicable"]),
            "answered": 0 if row is None else int(row["answered"]),
            "nvt": 0 if row is None else int(row["nvt"]),
            "reached": None if threshold is None or readiness is None
            else readiness >= threshold - 1e-9,
        })
    return pd.DataFrame(rows, columns=["stage", "readiness", "items", "applicable", "answered",
                                       "nvt", "reached"])
