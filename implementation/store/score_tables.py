"""The score tables of the store: rewritten with the answers they are computed from.

:mod:`implementation.scoring` holds the formula and the SQL; this module runs it:

- :func:`refresh` rewrites the rows of some assessments in every score table
  (``assessment_scores``, ``assessment_stage_scores``, ``assessment_totals``), from
  their item credits computed once into a temporary table;
- :func:`mark_latest` moves the ``latest`` flag of a subject to its newest final
  assessment and, for an intervention as a whole, copies that one's rows into the
  small latest tables (``latest_scores``, ``latest_stage_scores``);
- :func:`refresh_all` and :func:`refresh_stages` recompute everything, or the stage
  rows of some checklist versions (after an upgrade, a bulk load or a new stage model).

Every filter on one subject is written as equalities on constants (see
:func:`subject_filter`), which DuckDB checks against each block's minimum and maximum,
so that a save reads the rows of its own subject, not the history of every subject.
"""
from __future__ import annotations

from .. import scoring
from ..errors import missing


def refresh(db, assessment_ids: list[int], fresh: bool = False, subject: dict | None = None,
            unanswered: bool = False) -> None:
    """Rewrite the score rows of these assessments. ``fresh``: they are new and have no
    rows yet (``unanswered``: nor any answer); ``subject``: the one assessment's row,
    when the caller has it."""
    ids = [int(i) for i in assessment_ids]
    with db.transaction():
        where, values = "TRUE", {}
        if len(ids) == 1 and not fresh:   # a constant subject lets DuckDB skip rows
            if subject is None:
                subject = db.query("SELECT intervention_id, implementation_id, "
                                   "organisation_id, checklist_id FROM assessments "
                                   "WHERE id = ?", ids).iloc[0].to_dict()
            where, values = subject_filter(subject)
        db.execute(scoring.credits_table_sql("ids", unanswered), {"ids": ids})
        try:
            for table in scoring.SCORE_TABLES:
                if not fresh:
                    db.execute(f"DELETE FROM {table} WHERE {where} AND assessment_id IN "
                               "(SELECT unnest($ids::INTEGER[]))", values | {"ids": ids})
                db.execute(f"INSERT INTO {table} BY NAME " + scoring.sums_sql(table))
        finally:
            db.execute(f"DROP TABLE IF EXISTS {scoring.CREDITS}")
        if fresh or (subject is not None and subject.get("status") == "draft"):
            return   # a draft is never anyone's latest
        for (assessment_id,) in db.rows(
                "SELECT id FROM assessments WHERE status = 'final' AND "
                "id IN (SELECT unnest(?::INTEGER[]))", [ids]):
            mark_latest(db, assessment_id)


def refresh_all(db) -> None:
    """Recompute every score row, clustered by subject."""
    with db.transaction():
        db.execute(scoring.credits_table_sql("all"))
        for table in scoring.SCORE_TABLES:
            db.execute(f"DELETE FROM {table}")
            db.execute(f"INSERT INTO {table} BY NAME SELECT * FROM "
                       f"({scoring.sums_sql(table)}) ORDER BY "
                       "implementation_id IS NOT NULL, intervention_id, assessment_id")
            db.execute(f"""UPDATE {table} SET latest = true WHERE assessment_id IN (
                           SELECT assessment_id FROM newest_final_assessments)""")
        db.execute(f"DROP TABLE {scoring.CREDITS}")
        for latest, source in scoring.LATEST_TABLES.items():
            db.execute(f"DELETE FROM {latest}")
            db.execute(f"INSERT INTO {latest} BY NAME SELECT * FROM {source} "
                       f"WHERE latest AND {scoring.WHOLE}")
        db.touch("answers")


def refresh_stages(db, versions: list[tuple[str, str]]) -> None:
    """Recompute the stage rows of the assessments of these checklist versions."""
    with db.transaction():
        for checklist_id, version in versions:
            ids = [r[0] for r in db.rows(
                "SELECT id FROM assessments WHERE checklist_id = ? AND "
                "checklist_version = ?", [checklist_id, version])]
            if not ids:
                continue
            for table in ("assessment_stage_scores", "latest_stage_scores"):
                db.execute(f"DELETE FROM {table} WHERE checklist_id = ? "
                           "AND checklist_version = ?", [checklist_id, version])
            db.execute("INSERT INTO assessment_stage_scores BY NAME "
                       + scoring.stage_cells_sql("ids"), {"ids": ids})
            db.execute("""UPDATE assessment_stage_scores SET latest = true
                WHERE checklist_id = ? AND checklist_version = ? AND assessment_id IN (
                    SELECT assessment_id FROM newest_final_assessments)""",
                       [checklist_id, version])
            db.execute("INSERT INTO latest_stage_scores BY NAME SELECT * FROM "
                       f"assessment_stage_scores WHERE latest AND {scoring.WHOLE} "
                       "AND checklist_id = ? AND checklist_version = ?",
                       [checklist_id, version])
        db.touch("answers")


def mark_latest(db, assessment: int | dict, finalised: int | None = None) -> None:
    """Move the ``latest`` flag of the assessment's subject to its newest final one,
    and (for an intervention as a whole) copy that one's rows into the latest tables.
    ``finalised``: an assessment of this subject that has just become final (its rows
    get ``final`` too)."""
    if not isinstance(assessment, dict):
        assessment = db.query("SELECT intervention_id, implementation_id, organisation_id, "
                              "checklist_id FROM assessments WHERE id = ?",
                              [int(assessment)]).iloc[0].to_dict()
    subject, values = subject_filter(assessment)
    newest = db.one(f"SELECT assessment_id FROM newest_final_assessments s WHERE {subject}",
                    values)
    values = values | {"newest": newest, "finalised": finalised}
    for table in scoring.SCORE_TABLES:
        db.execute(f"""
            UPDATE {table} SET final = final OR coalesce(assessment_id = $finalised, false),
                               latest = coalesce(assessment_id = $newest, false)
            WHERE {subject}
              AND (assessment_id = $finalised
                   OR latest IS DISTINCT FROM coalesce(assessment_id = $newest, false))""",
                   values)
    whole = missing(assessment["implementation_id"]) and not missing(
        assessment["intervention_id"])
    for latest, source in scoring.LATEST_TABLES.items() if whole else ():
        db.execute(f"DELETE FROM {latest} WHERE {subject}", values)
        if newest is not None:
            db.execute(f"INSERT INTO {latest} BY NAME SELECT * FROM {source} "
                       f"WHERE {subject} AND assessment_id = $newest", values)


def subject_filter(row: dict) -> tuple[str, dict]:
    """A filter on one subject and checklist (columns of a score table or of
    ``newest_final_assessments``) with its parameters: equalities and IS NULL, which
    DuckDB can check against each block's min and max."""
    clauses, values = [], {}
    for column in ("intervention_id", "implementation_id", "organisation_id", "checklist_id"):
        value = row[column]
        if missing(value):
            clauses.append(f"{column} IS NULL")
        else:
            clauses.append(f"{column} = $subject_{column}")
            values[f"subject_{column}"] = value if isinstance(value, str) else int(value)
    return " AND ".join(clauses), values
