"""The DuckDB schema, as an ordered list of migrations: the files ``migrations/NNN_name.sql``.

Opening a file applies every migration it has not seen yet, each in its own
transaction, and records it in ``schema_migrations``. Migrations are append-only:
never edit one that has shipped, add the next.

Design choices that are hard to undo:

- ``answers`` and ``measurements`` are append-only. The current answer to an item
  is the row with the highest ``id`` for that (assessment, item); a change adds a
  row with ``recorded_at`` and ``recorded_by``. Nothing updates or deletes them.
- ``assessment_scores`` is a derived table, one row per assessment x step x
  perspective, with the numerator (``credit``) and denominator (``applicable``) of
  readiness. It is rewritten for one assessment in the same transaction that
  changes its answers, so that dashboard queries aggregate a few thousand rows
  instead of millions of answers. It carries the assessment's subject and date so
  that those queries need no join. ``latest`` marks the rows of the newest final
  assessment of each subject (intervention or implementation) and checklist.
- ``checklist_items`` mirrors the YAML files (per checklist id and version), so
  that scoring can join answers to steps, perspectives and parents in SQL.
- Every assessment, score row, action and measurement names its *subject*:
  ``intervention_id`` and ``implementation_id`` (an intervention as a whole, or
  one organisation's implementation of it) and ``organisation_id``. For an
  implementation, ``organisation_id`` is the implementing organisation, copied
  when the row is written (an implementation never changes organisation), so
  that "this board's locations" needs no join. An organisation's own checklist
  (a board's obligations per location) has ``organisation_id`` and no
  intervention.
- ``audit_log`` is append-only and written in the transaction of the change it
  records, with the old and new values as JSON text.
- Values that follow the vocabulary (answers, statuses, kinds, units) are checked
  in the core, not by CHECK constraints, so that a checklist's own answer scale
  or a new term needs no table rebuild (migration 5 rebuilt the tables that had
  such constraints).
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "migrations"


def _migrations() -> list[tuple[str, str]]:
    """(name, SQL) in order; the number in the file name is the migration's version."""
    files = sorted(FOLDER.glob("[0-9][0-9][0-9]_*.sql"))
    numbers = [int(f.name[:3]) for f in files]
    if numbers != list(range(1, len(files) + 1)):
        raise RuntimeError(f"migrations must be numbered 001, 002, ... without gaps: {numbers}")
    return [(f.stem[4:], f.read_text(encoding="utf-8")) for f in files]


MIGRATIONS: list[tuple[str, str]] = _migrations()
