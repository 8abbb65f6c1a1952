"""How long a report takes, for the benchmark: the PDF and the XLSX of the largest
intervention (the most implementations) and of the largest board (the most locations) of
a database, made as its administrator would make them (everything visible).

``python -m implementation benchmark`` calls :func:`report_timing` on the demo database and
on the national one; the targets are 10 s for the largest demo subject and 20 s for a
board with nine locations at national scale.
"""
from __future__ import annotations

import io
import time
from datetime import date

from ..permissions import SYSTEM


def _largest(db) -> tuple[dict, dict]:
    intervention = db.rows("""
        SELECT i.id, i.name, count(m.id) AS implementations
        FROM interventions i LEFT JOIN implementations m ON m.intervention_id = i.id
        GROUP BY i.id, i.name ORDER BY implementations DESC, i.id LIMIT 1""")
    board = db.rows("""
        SELECT o.id, o.name, count(c.id) AS locations,
               (SELECT count(*) FROM implementations m JOIN organisations l
                  ON l.id = m.organisation_id WHERE l.parent_id = o.id) AS implementations
        FROM organisations o JOIN organisations c ON c.parent_id = o.id
        GROUP BY o.id, o.name ORDER BY locations DESC, implementations DESC, o.id LIMIT 1""")
    first = dict(zip(("id", "name", "implementations"), intervention[0], strict=True)) \
        if intervention else {}
    second = dict(zip(("id", "name", "locations", "implementations"), board[0], strict=True)) \
        if board else {}
    return first, second


def report_timing(db_path: str, today: date | None = None, repeats: int = 1) -> dict:
    """Seconds to make the PDF and the XLSX of the largest intervention and the largest
    board in the database at ``db_path`` (the best of ``repeats`` runs), with the pages of
    each PDF. The reports are made through :func:`make_report`, so each is also logged."""
    from pypdf import PdfReader

    from ..store import Database
    from . import make_report
    database = Database.open(db_path)
    try:
        admins = database.rows("""SELECT u.login FROM users u JOIN grants g ON g.user_id = u.id
                                  WHERE g.role = 'beheerder' AND g.revoked_at IS NULL
                                    AND u.active ORDER BY u.id LIMIT 1""")
        actor = database.accounts.user(admins[0][0]) if admins else SYSTEM
        db = database.acting_as(actor)
        intervention, board = _largest(db)
        result = {"as": actor.login}
        for key, subject, kwargs in (("intervention", intervention,
                                      {"intervention": intervention.get("id")}),
                                     ("board", board, {"organisation": board.get("id")})):
            if not subject:
                continue
            found = dict(subject)
            for fmt in ("pdf", "xlsx"):
                best, content = None, b""
                for _ in range(max(1, repeats)):
                    started = time.perf_counter()
                    content = make_report(db, fmt, today=today, **kwargs)
                    took = time.perf_counter() - started
                    best = took if best is None else min(best, took)
                found[f"{fmt}_seconds"] = round(best, 2)
                if fmt == "pdf":
                    found["pages"] = len(PdfReader(io.BytesIO(content)).pages)
            result[key] = found
        return result
    finally:
        database.close()
