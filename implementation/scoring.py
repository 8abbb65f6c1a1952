"""Readiness scoring, in SQL inside DuckDB.

Readiness formula (also in the README; change both together)
-------------------------------------------------------------
Every *top-level* item ``i`` in scope of an assessment gets a credit ``c(i)``:

- answered ``nvt``            -> the item is not applicable: it leaves both the
                                 numerator and the denominator;
- it has elements, and at least one element (at any depth below) is answered
  ``ja`` or ``nee``           -> ``c(i)`` = mean credit of its applicable elements,
                                 computed the same way, recursively (an element
                                 that is unanswered counts 0, ``nvt`` leaves);
- otherwise                   -> ``c(i)`` = 1 if answered ``ja``, else 0
                                 (``nee`` and unanswered both count 0).

    readiness(group) = sum(c(i) for applicable i in group) / count(applicable i in group)

A group is a step, a perspective, a step x perspective cell, an innovation stage
(the steps the checklist file maps to it), the motivating items (``*``) alone, or
the whole checklist. A group with no applicable items has no readiness (NULL),
not 0. Unanswered items count as "not arranged": readiness measures what is in
place, and ``answered`` (the share with any answer) is reported beside it.

The per-item credit is computed by :func:`item_credit_sql` for a set of
assessments. Its sums per assessment x step x perspective are stored in
``assessment_scores`` when answers are saved; every readiness figure on the
dashboard is a sum over those rows.

Stage reached: a stage counts as reached when its readiness is at least
``STAGE_REACHED_AT`` and every earlier stage has been reached as well.
"""
from __future__ import annotations

import pandas as pd

from .checklists import MAX_ELEMENT_DEPTH

MAX_DEPTH = MAX_ELEMENT_DEPTH  # levels of elements below an item; the loader refuses deeper
STAGE_REACHED_AT = 0.75
STAGE_KEYS = ["disseminatie", "adoptie", "implementatie", "borging"]

GROUPINGS = {
    "overall": [],
    "step": ["step"],
    "perspective": ["perspective"],
    "cell": ["step", "perspective"],
    "stage": ["stage"],
    "motivating": [],
}

ASSESSMENT_FILTERS = {
    # Chosen from this fixed set by key, so no caller text ever reaches the SQL.
    "ids": "a.id IN (SELECT unnest($ids::INTEGER[]))",
    "all": "TRUE",
}
ANSWER_FILTERS = {
    # The constant range lets DuckDB skip row groups by their min/max (answers are
    # appended in assessment order), instead of reading every answer ever stored.
    "ids": "an.assessment_id BETWEEN list_min($ids::INTEGER[]) AND list_max($ids::INTEGER[]) "
           "AND an.assessment_id IN (SELECT id FROM target)",
    "all": "TRUE",
}


def item_credit_sql(target: str = "ids") -> str:
    """SQL giving, per assessment and top-level item in scope: step, perspective,
    motivating, credit (NULL when not applicable) and answered.

    Bound parameter: ``$ids`` (a list of assessment ids) with ``target='ids'``; none
    with ``target='all'`` (used to build the benchmark data set in one statement).
    """
    levels = []
    for depth in range(MAX_DEPTH, -1, -1):
        children = f"level{depth + 1}" if depth < MAX_DEPTH else None
        join = (f"LEFT JOIN {children} c ON c.assessment_id = n.assessment_id "
                "AND c.parent_id = n.item_id") if children else ""
        child_decided = "coalesce(bool_or(c.decided), false)" if children else "false"
        child_answered = "coalesce(bool_or(c.answered), false)" if children else "false"
        child_credit = "avg(c.credit)" if children else "NULL"
        levels.append(f"""
    level{depth} AS (
        SELECT n.assessment_id, n.item_id, n.parent_id, n.step, n.perspective, n.motivating,
            CASE WHEN n.answer = 'nvt' THEN NULL
                 WHEN {child_decided} THEN {child_credit}
                 WHEN n.answer = 'ja' THEN 1.0 ELSE 0.0 END AS credit,
            CASE WHEN n.answer = 'nvt' THEN false
                 ELSE {child_decided} OR n.answer IN ('ja', 'nee') END AS decided,
            {child_answered} OR n.answer IS NOT NULL AS answered
        FROM nodes n {join}
        WHERE n.depth = {depth}
        GROUP BY n.assessment_id, n.item_id, n.parent_id, n.step, n.perspective,
                 n.motivating, n.answer
    )""")
    return f"""
    WITH target AS (
        SELECT a.id, a.checklist_id, a.checklist_version, a.perspectives
        FROM assessments a WHERE {ASSESSMENT_FILTERS[target]}
    ),
    current AS (
        SELECT an.assessment_id, an.item_id, arg_max_null(an.answer, an.id) AS answer
        FROM answers an
        WHERE {ANSWER_FILTERS[target]}
        GROUP BY an.assessment_id, an.item_id
    ),
    nodes AS (
        SELECT t.id AS assessment_id, i.item_id, i.parent_id, i.depth, i.step,
               i.perspective, i.motivating, cur.answer
        FROM target t
        JOIN checklist_items i
          ON i.checklist_id = t.checklist_id AND i.checklist_version = t.checklist_version
        LEFT JOIN current cur ON cur.assessment_id = t.id AND cur.item_id = i.item_id
        WHERE t.perspectives IS NULL OR list_contains(t.perspectives, i.perspective)
    ),{",".join(levels)}
    SELECT assessment_id, item_id, step, perspective, motivating, credit, answered
    FROM level0
    """


EMPTY_CELLS_SQL = """
    SELECT a.id AS assessment_id, a.checklist_id, a.checklist_version, a.intervention_id,
           a.implementation_id, a.assessed_on, a.status = 'final' AS final,
           i.step, i.perspective, 0.0 AS credit, count(*) AS applicable, 0 AS answered,
           count(*) AS items, 0.0 AS motivating_credit,
           count(*) FILTER (WHERE i.motivating) AS motivating_applicable
    FROM assessments a JOIN checklist_items i
         ON i.checklist_id = a.checklist_id AND i.checklist_version = a.checklist_version
    WHERE a.id = $id AND i.depth = 0
      AND (a.perspectives IS NULL OR list_contains(a.perspectives, i.perspective))
    GROUP BY ALL
"""  # the score rows of an assessment without answers: every item applicable, credit 0


def score_cells_sql(target: str = "ids") -> str:
    """SQL giving the ``assessment_scores`` rows for a set of assessments."""
    return f"""
    WITH credits AS ({item_credit_sql(target)})
    SELECT a.id AS assessment_id, a.checklist_id, a.checklist_version, a.intervention_id,
           a.implementation_id, a.assessed_on, a.status = 'final' AS final,
           c.step, c.perspective,
           coalesce(sum(c.credit), 0) AS credit,
           count(c.credit) AS applicable,
           count(*) FILTER (WHERE c.answered) AS answered,
           count(*) AS items,
           coalesce(sum(c.credit) FILTER (WHERE c.motivating), 0) AS motivating_credit,
           count(c.credit) FILTER (WHERE c.motivating) AS motivating_applicable
    FROM credits c JOIN assessments a ON a.id = c.assessment_id
    GROUP BY ALL
    """


def readiness_sql(grouping: str, where: str) -> str:
    """Readiness per assessment and group, from ``assessment_scores``.

    ``grouping`` is a key of :data:`GROUPINGS`; ``where`` is one of the store's
    fixed filter clauses over alias ``s`` (never user text).
    """
    keys = GROUPINGS[grouping]
    numerator, denominator = (("motivating_credit", "motivating_applicable")
                              if grouping == "motivating" else ("credit", "applicable"))
    stage_join = ("JOIN checklist_stages g ON g.checklist_id = s.checklist_id "
                  "AND g.checklist_version = s.checklist_version AND g.step = s.step"
                  if grouping == "stage" else "")
    select_keys = "".join(f", {'g.stage' if k == 'stage' else 's.' + k} AS {k}" for k in keys)
    group_keys = "".join(f", {'g.stage' if k == 'stage' else 's.' + k}" for k in keys)
    return f"""
    SELECT s.assessment_id, s.intervention_id, s.implementation_id, s.assessed_on, s.final
           {select_keys},
           sum(s.{numerator}) / nullif(sum(s.{denominator}), 0) AS readiness,
           sum(s.{numerator}) AS credit, sum(s.{denominator})::INTEGER AS applicable,
           sum(s.answered)::INTEGER AS answered, sum(s.items)::INTEGER AS items
    FROM assessment_scores s {stage_join}
    WHERE {where}
    GROUP BY s.assessment_id, s.intervention_id, s.implementation_id, s.assessed_on,
             s.final {group_keys}
    ORDER BY s.assessed_on, s.assessment_id {group_keys}
    """


def stage_reached(stages: pd.DataFrame, threshold: float = STAGE_REACHED_AT) -> pd.DataFrame:
    """Per assessment, the furthest innovation stage reached.

    ``stages`` is ``store.readiness(..., by="stage")``. A stage is reached when its
    readiness is at least ``threshold`` and every earlier stage is reached too.
    Returns one row per assessment with ``stage_reached`` (None before the first).
    """
    keys = ["assessment_id", "intervention_id", "implementation_id", "assessed_on"]
    if stages.empty:
        return pd.DataFrame(columns=[*keys, "stage_reached"])
    order = [s for s in STAGE_KEYS if s in set(stages["stage"])]
    grid = (stages.set_index([*keys, "stage"])["readiness"].unstack("stage")
            .reindex(columns=order))
    reached = (grid.fillna(0) >= threshold).cummin(axis=1).sum(axis=1)
    names = pd.Series([None, *order])
    result = grid.reset_index()[keys]
    result["stage_reached"] = names.iloc[reached.to_numpy()].to_numpy()
    return result.sort_values("assessed_on").reset_index(drop=True)
