"""The store: every read and write of the monitor's data, on DuckDB.

One small object whose methods read like the domain. All SQL of the product lives
behind it (here and in :mod:`implementation.scoring`), every query binds its
parameters, and every write runs in one transaction. Pages and the command line
never see a connection.

A DuckDB connection must not be used from two threads at once. The dashboard
opens one :class:`Store` per process and gives each script run its own
:meth:`Store.cursor`, a store on a new cursor of the same database.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from numbers import Integral
from pathlib import Path

import duckdb
import pandas as pd

from . import scoring
from .checklists import MAIN_CHECKLIST, Checklist, ChecklistError, load_checklists
from .monitoring import MonitoringMixin
from .schema import MIGRATIONS

DEFAULT_DATABASE = Path(__file__).resolve().parent.parent / "data" / "monitor.duckdb"
ANSWER_VALUES = ("ja", "nee", "nvt")
AANSTURING = ("centraal", "decentraal", "vrije markt")
DOEL_VERSPREIDING = ("maximale beschikbaarheid", "maximale kwaliteit", "minimale kosten")
ORGANISATION_KINDS = ("schoolbestuur", "school", "vestiging", "aanbieder", "eigenaar",
                      "gemeente", "kenniscentrum", "overig")
ACTION_STATUSES = ("open", "in_progress", "done")
ACTION_STATUS_LABELS = {"open": "open", "in_progress": "in uitvoering", "done": "gereed"}
PROFILE_FIELDS = ("owner", "aansturing", "doel_verspreiding", "dei_status", "licence",
                  "description")


class NotFoundError(LookupError):
    """A named thing (intervention, organisation, assessment...) is not in the store."""


class StoreError(ValueError):
    """A write that the store refuses, with a message a user can act on."""


@dataclass(frozen=True)
class AnswerInput:
    item_id: str
    answer: str | None
    note: str | None = None
    evidence: str | None = None


def database_path() -> str:
    """The database in use: ``$MONITOR_DB`` (a path or ``:memory:``), else the default file."""
    return os.environ.get("MONITOR_DB") or str(DEFAULT_DATABASE)


class Store(MonitoringMixin):
    def __init__(self, connection: duckdb.DuckDBPyConnection,
                 checklists: dict[str, Checklist], path: str,
                 checklist_errors: list | None = None):
        self._con = connection
        self.checklists = checklists
        self.checklist_errors = checklist_errors or []  # files that did not load
        self.path = path
        self._depth = 0

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: str | None = None,
             checklists: dict[str, Checklist] | None = None) -> Store:
        path = path or database_path()
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = duckdb.connect(path)
        except duckdb.IOException as error:
            raise StoreError(f"de database {path} kan niet worden geopend; is hij in gebruik "
                             "door een ander programma, zoals het dashboard? Stop dat, of kies "
                             f"met MONITOR_DB een andere database. ({error})") from None
        connection.execute("SET enable_progress_bar = false")
        errors = []
        if checklists is None:
            loaded = load_checklists()
            checklists, errors = loaded.checklists, loaded.errors
        store = cls(connection, checklists, path, errors)
        store.migrate()
        store.sync_checklists()
        return store

    def cursor(self) -> Store:
        """A store on its own cursor, for use by one thread (one script run)."""
        return Store(self._con.cursor(), self.checklists, self.path, self.checklist_errors)

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._con.begin()
        self._depth = 1
        try:
            yield
            self._con.commit()
        except duckdb.TransactionException:
            self._rollback()
            raise StoreError("iemand anders sloeg tegelijk gegevens op die hiermee botsen; "
                             "er is niets opgeslagen, probeer het opnieuw") from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        try:
            self._con.rollback()
        except duckdb.TransactionException:
            pass  # DuckDB already ended a transaction that failed to commit

    def _query(self, sql: str, params=None) -> pd.DataFrame:
        return self._con.execute(sql, params or []).df()

    def _one(self, sql: str, params=None):
        row = self._con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    # -- schema ------------------------------------------------------------

    def migrate(self) -> None:
        self._con.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)""")
        done = {row[0] for row in self._con.execute(
            "SELECT version FROM schema_migrations").fetchall()}
        for version, (name, sql) in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            with self.transaction():
                self._con.execute(sql)
                self._con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                                  [version, name])

    @property
    def schema_version(self) -> int:
        return self._one("SELECT coalesce(max(version), 0) FROM schema_migrations")

    def sync_checklists(self) -> None:
        """Mirror the loaded checklist files into ``checklist_items`` for SQL scoring.

        A (checklist id, version) already in the database is left as it is, so old
        assessments keep the items they were scored against.
        """
        known = set(self._con.execute(
            "SELECT DISTINCT checklist_id, checklist_version FROM checklist_items").fetchall())
        for checklist in [c for c in self.checklists.values() if (c.id, c.version) in known]:
            stored = self._con.execute(
                "SELECT item_id, parent_id, step, perspective, motivating, text "
                "FROM checklist_items WHERE checklist_id = ? AND checklist_version = ? "
                "ORDER BY position", [checklist.id, checklist.version]).fetchall()
            loaded = [(i.id, i.parent, i.step, i.perspective and i.perspective.value,
                       i.motivating, i.text) for i in checklist.items]
            if stored != loaded:  # answers were scored against the stored wording
                self.checklists = {k: v for k, v in self.checklists.items()
                                   if k != checklist.id}
                self.checklist_errors = [*self.checklist_errors, ChecklistError(
                    checklist.path.name if checklist.path else checklist.id,
                    f"versie {checklist.version} staat al in de database met andere items of "
                    "teksten; geef het bestand een nieuw versienummer", field_name="version")]
        fresh = [c for c in self.checklists.values() if (c.id, c.version) not in known]
        if not fresh:
            return
        items = pd.DataFrame([
            (c.id, c.version, i.id, i.parent, i.step, i.perspective and i.perspective.value,
             i.motivating, i.depth, i.position, i.text)
            for c in fresh for i in c.items],
            columns=["checklist_id", "checklist_version", "item_id", "parent_id", "step",
                     "perspective", "motivating", "depth", "position", "text"])
        stages = pd.DataFrame([(c.id, c.version, step, stage.value)
                               for c in fresh for step, stage in c.stage_of_step.items()],
                              columns=["checklist_id", "checklist_version", "step", "stage"])
        with self.transaction():
            self._con.register("new_items", items)
            self._con.register("new_stages", stages)
            try:
                self._con.execute("INSERT INTO checklist_items BY NAME SELECT * FROM new_items")
                if len(stages):
                    self._con.execute("INSERT INTO checklist_stages BY NAME "
                                      "SELECT * FROM new_stages")
            finally:
                self._con.unregister("new_items")
                self._con.unregister("new_stages")

    def checklist(self, checklist_id: str) -> Checklist:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            raise NotFoundError(f"onbekende checklist '{checklist_id}'") from None

    # -- interventions -----------------------------------------------------

    def add_intervention(self, name: str, **profile) -> int:
        name = _required(name, "naam")
        self._check_profile(profile)
        with self.transaction():
            if self._one("SELECT id FROM interventions WHERE lower(name) = lower(?)", [name]):
                raise StoreError(f"er is al een interventie met de naam '{name}'")
            columns = ["name", *profile]
            return self._one(
                f"INSERT INTO interventions ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))}) RETURNING id",
                [name, *profile.values()])

    def update_intervention(self, intervention_id: int, **profile) -> None:
        name = profile.pop("name", None)
        self._check_profile(profile)
        with self.transaction():
            self.intervention(intervention_id)
            if name is not None:
                profile["name"] = _required(name, "naam")
                if self._one("SELECT id FROM interventions WHERE lower(name) = lower(?) "
                             "AND id <> ?", [profile["name"], intervention_id]):
                    raise StoreError(f"er is al een interventie met de naam "
                                     f"'{profile['name']}'")
            for column, value in profile.items():  # column names come from PROFILE_FIELDS
                self._con.execute(f"UPDATE interventions SET {column} = ? WHERE id = ?",
                                  [value, intervention_id])

    @staticmethod
    def _check_profile(profile: dict) -> None:
        """Validate profile fields in place; empty texts become NULL."""
        for field in profile:
            profile[field] = _blank_none(profile[field])
        unknown = set(profile) - set(PROFILE_FIELDS)
        if unknown:
            raise StoreError(f"onbekende profielvelden: {', '.join(sorted(unknown))}")
        if profile.get("aansturing") not in (None, *AANSTURING):
            raise StoreError(f"aansturing moet een van {', '.join(AANSTURING)} zijn")
        if profile.get("doel_verspreiding") not in (None, *DOEL_VERSPREIDING):
            raise StoreError(f"doel van verspreiding moet een van "
                             f"{', '.join(DOEL_VERSPREIDING)} zijn")

    def interventions(self) -> pd.DataFrame:
        return self._query(f"SELECT id, name, {', '.join(PROFILE_FIELDS)} "
                           "FROM interventions ORDER BY name")

    def intervention(self, ref: int | str) -> dict:
        """An intervention by id or by (case-insensitive) name."""
        return self._find("interventions", ref, "interventie")

    def _find(self, table: str, ref: int | str, noun: str) -> dict:
        # table comes from the fixed callers below, never from input
        if isinstance(ref, str) and ref.strip().isdigit():
            ref = int(ref)
        if isinstance(ref, Integral):
            ref = int(ref)
            frame = self._query(f"SELECT * FROM {table} WHERE id = ?", [ref])
        else:
            frame = self._query(f"SELECT * FROM {table} WHERE lower(name) = lower(?)",
                                [ref.strip()])
        if frame.empty:
            raise NotFoundError(f"onbekende {noun} '{ref}'")
        return _row(frame)

    # -- organisations and implementations ----------------------------------

    def add_organisation(self, name: str, kind: str, parent_id: int | None = None,
                         place: str | None = None) -> int:
        name = _required(name, "naam")
        with self.transaction():
            if self._one("SELECT id FROM organisations WHERE lower(name) = lower(?)", [name]):
                raise StoreError(f"er is al een organisatie met de naam '{name}'")
            if parent_id is not None:
                self.organisation(parent_id)
            return self._one("INSERT INTO organisations (name, kind, parent_id, place) "
                             "VALUES (?, ?, ?, ?) RETURNING id",
                             [name, _required(kind, "soort"), parent_id, _blank_none(place)])

    def update_organisation(self, organisation_id: int, name: str, kind: str,
                            parent_id: int | None, place: str | None) -> None:
        name = _required(name, "naam")
        with self.transaction():
            self.organisation(organisation_id)
            if self._one("SELECT id FROM organisations WHERE lower(name) = lower(?) "
                         "AND id <> ?", [name, organisation_id]):
                raise StoreError(f"er is al een organisatie met de naam '{name}'")
            if parent_id is not None and organisation_id in self._ancestors(parent_id):
                raise StoreError("een organisatie kan niet onder zichzelf of onder een van "
                                 "haar eigen locaties vallen")
            self._con.execute("UPDATE organisations SET name = ?, kind = ?, parent_id = ?, "
                              "place = ? WHERE id = ?",
                              [name, _required(kind, "soort"), parent_id,
                               _blank_none(place), organisation_id])

    def _ancestors(self, organisation_id: int) -> set[int]:
        """The organisation and every board above it."""
        rows = self._con.execute("""
            WITH RECURSIVE up(id, parent_id) AS (
                SELECT id, parent_id FROM organisations WHERE id = ?
                UNION SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)
            SELECT id FROM up""", [organisation_id]).fetchall()
        return {row[0] for row in rows}

    def organisations(self) -> pd.DataFrame:
        return self._query("""
            SELECT o.id, o.name, o.kind, o.parent_id, p.name AS parent, o.place,
                   (SELECT count(*) FROM organisations c WHERE c.parent_id = o.id) AS locations
            FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id
            ORDER BY coalesce(p.name, o.name), o.parent_id NULLS FIRST, o.name""")

    def organisation(self, ref: int | str) -> dict:
        return self._find("organisations", ref, "organisatie")

    def boards(self) -> pd.DataFrame:
        """Organisations that have locations."""
        return self._query("""SELECT o.id, o.name, count(*) AS locations FROM organisations o
            JOIN organisations c ON c.parent_id = o.id GROUP BY o.id, o.name ORDER BY o.name""")

    def add_implementation(self, intervention_id: int, organisation_id: int,
                           started_on: date) -> int:
        with self.transaction():
            self.intervention(intervention_id)
            self.organisation(organisation_id)
            if self._one("SELECT id FROM implementations WHERE intervention_id = ? "
                         "AND organisation_id = ? AND ended_on IS NULL",
                         [intervention_id, organisation_id]):
                raise StoreError("deze organisatie voert deze interventie al uit")
            return self._one("INSERT INTO implementations (intervention_id, organisation_id, "
                             "started_on) VALUES (?, ?, ?) RETURNING id",
                             [intervention_id, organisation_id, started_on])

    def update_implementation(self, implementation_id: int, started_on: date,
                              ended_on: date | None) -> None:
        """Correct the start date, or end (or reopen) an implementation."""
        if ended_on is not None and ended_on < started_on:
            raise StoreError("de einddatum ligt vóór de startdatum")
        with self.transaction():
            if not self._one("SELECT id FROM implementations WHERE id = ?",
                             [implementation_id]):
                raise NotFoundError(f"onbekende implementatie {implementation_id}")
            self._con.execute("UPDATE implementations SET started_on = ?, ended_on = ? "
                              "WHERE id = ?", [started_on, ended_on, implementation_id])

    def implementations(self, intervention_id: int | None = None) -> pd.DataFrame:
        return self._query("""
            SELECT m.id, m.intervention_id, i.name AS intervention, m.organisation_id,
                   o.name AS organisation, o.parent_id AS board_id, b.name AS board,
                   m.started_on, m.ended_on
            FROM implementations m
            JOIN interventions i ON i.id = m.intervention_id
            JOIN organisations o ON o.id = m.organisation_id
            LEFT JOIN organisations b ON b.id = o.parent_id
            WHERE $intervention IS NULL OR m.intervention_id = $intervention
            ORDER BY i.name, o.name""", {"intervention": intervention_id})

    def implementation_of(self, intervention_id: int, organisation_id: int) -> int:
        found = self._one("SELECT max(id) FROM implementations WHERE intervention_id = ? "
                          "AND organisation_id = ?", [intervention_id, organisation_id])
        if found is None:
            raise NotFoundError("deze organisatie voert deze interventie niet uit")
        return found

    # -- assessments and answers -------------------------------------------

    def start_assessment(self, checklist_id: str, intervention_id: int, assessed_on: date,
                         respondent: str, implementation_id: int | None = None,
                         perspectives: list[str] | None = None,
                         carry_over_from: int | None = None) -> int:
        """A new draft assessment; optionally starting from another assessment's answers."""
        checklist = self.checklist(checklist_id)
        respondent = _required(respondent, "respondent")
        with self.transaction():
            self.intervention(intervention_id)
            if implementation_id is not None and self._one(
                    "SELECT intervention_id FROM implementations WHERE id = ?",
                    [implementation_id]) != intervention_id:
                raise StoreError("deze implementatie hoort niet bij deze interventie")
            assessment_id = self._one(
                "INSERT INTO assessments (checklist_id, checklist_version, intervention_id, "
                "implementation_id, assessed_on, respondent, perspectives, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'draft') RETURNING id",
                [checklist.id, checklist.version, intervention_id, implementation_id,
                 assessed_on, respondent, perspectives])
            if carry_over_from is not None:
                previous = self.assessment(carry_over_from)
                if previous["checklist_id"] != checklist.id:
                    raise StoreError("antwoorden kunnen alleen worden overgenomen van dezelfde "
                                     "checklist")
                self._con.execute("""
                    INSERT INTO answers (assessment_id, item_id, answer, note, evidence,
                                         recorded_by)
                    SELECT ?, item_id, answer, note, evidence, ?
                    FROM current_answers(?)
                    WHERE item_id IN (SELECT item_id FROM checklist_items
                                      WHERE checklist_id = ? AND checklist_version = ?)""",
                                  [assessment_id, respondent, carry_over_from, checklist.id,
                                   checklist.version])
                self.refresh_scores([assessment_id])
            else:
                self._con.execute("INSERT INTO assessment_scores BY NAME "
                                  + scoring.EMPTY_CELLS_SQL, {"id": assessment_id})
            return assessment_id

    def assessment(self, assessment_id: int) -> dict:
        frame = self._query("SELECT * FROM assessments WHERE id = ?", [assessment_id])
        if frame.empty:
            raise NotFoundError(f"onbekende beoordeling {assessment_id}")
        return _row(frame)

    def assessments(self, intervention_id: int | None = None,
                    implementation_id: int | None = None,
                    subject: str = "any") -> pd.DataFrame:
        """Assessments, newest first. ``subject``: 'intervention' (the intervention as a
        whole), 'implementation' (one implementation; needs ``implementation_id``) or 'any'."""
        return self._query("""
            SELECT a.id, a.checklist_id, a.checklist_version, a.intervention_id,
                   a.implementation_id, o.name AS organisation, a.assessed_on, a.respondent,
                   a.status, a.perspectives, a.created_at, a.finalised_at
            FROM assessments a
            LEFT JOIN implementations m ON m.id = a.implementation_id
            LEFT JOIN organisations o ON o.id = m.organisation_id
            WHERE ($intervention IS NULL OR a.intervention_id = $intervention)
              AND ($subject = 'any'
                   OR ($subject = 'intervention' AND a.implementation_id IS NULL)
                   OR ($subject = 'implementation' AND a.implementation_id = $implementation))
            ORDER BY a.assessed_on DESC, a.id DESC""",
                           {"intervention": intervention_id, "subject": subject,
                            "implementation": implementation_id})

    def record_answers(self, assessment_id: int, answers: Iterable[AnswerInput],
                       recorded_by: str) -> int:
        """Append the answers that differ from the current ones; returns rows written.

        Earlier rows stay: the history of every item is kept.
        """
        assessment = self.assessment(assessment_id)
        checklist = self.checklist(assessment["checklist_id"])
        recorded_by = _required(recorded_by, "ingevuld door")
        rows = []
        for answer in answers:
            if not checklist.has_item(answer.item_id):
                raise StoreError(f"item '{answer.item_id}' staat niet in checklist "
                                 f"'{checklist.id}'")
            if answer.answer not in (None, *ANSWER_VALUES):
                raise StoreError(f"item '{answer.item_id}': antwoord moet ja, nee of nvt "
                                 f"zijn, niet '{answer.answer}'")
            rows.append((answer.item_id, answer.answer, _blank_none(answer.note),
                         _blank_none(answer.evidence)))
        if not rows:
            return 0
        incoming = pd.DataFrame(rows, columns=["item_id", "answer", "note", "evidence"])
        with self.transaction():
            self._con.register("incoming_answers", incoming)
            try:
                written = len(self._con.execute("""
                    WITH current AS (SELECT * FROM current_answers($assessment)),
                    changed AS (
                        SELECT n.* FROM incoming_answers n
                        LEFT JOIN current c ON c.item_id = n.item_id
                        WHERE c.item_id IS NULL AND (n.answer IS NOT NULL OR n.note IS NOT NULL
                                                     OR n.evidence IS NOT NULL)
                           OR c.answer IS DISTINCT FROM n.answer
                           OR c.note IS DISTINCT FROM n.note
                           OR c.evidence IS DISTINCT FROM n.evidence)
                    INSERT INTO answers (assessment_id, item_id, answer, note, evidence,
                                         recorded_by)
                    SELECT $assessment, item_id, answer, note, evidence, $by FROM changed
                    RETURNING id""", {"assessment": assessment_id, "by": recorded_by}).fetchall())
            finally:
                self._con.unregister("incoming_answers")
            self.refresh_scores([assessment_id])
        return written

    def finalise(self, assessment_id: int) -> None:
        with self.transaction():
            if self.assessment(assessment_id)["status"] == "final":
                raise StoreError("deze beoordeling is al definitief")
            self._con.execute("UPDATE assessments SET status = 'final', "
                              "finalised_at = current_timestamp WHERE id = ?", [assessment_id])
            self._con.execute("UPDATE assessment_scores SET final = true "
                              "WHERE assessment_id = ?", [assessment_id])
            self._mark_latest(assessment_id)

    def current_answers(self, assessment_id: int) -> pd.DataFrame:
        """The latest row per item: item_id, answer, note, evidence, recorded_at, recorded_by."""
        return self._query("SELECT * FROM current_answers(?) ORDER BY item_id",
                           [assessment_id])

    def answer_history(self, assessment_id: int, item_id: str | None = None) -> pd.DataFrame:
        return self._query("""
            SELECT id, item_id, answer, note, evidence, recorded_at, recorded_by FROM answers
            WHERE assessment_id = $assessment AND ($item IS NULL OR item_id = $item)
            ORDER BY item_id, id""", {"assessment": assessment_id, "item": item_id})

    def answer_rows(self, intervention_id: int) -> pd.DataFrame:
        """Every stored answer row of an intervention, history included (for export)."""
        return self._query("""
            SELECT i.name AS interventie, o.name AS organisatie, a.id AS beoordeling,
                   a.checklist_id, a.checklist_version, a.assessed_on AS datum, a.status,
                   an.item_id, ci.text AS tekst, an.answer AS antwoord, an.note AS toelichting,
                   an.evidence AS bewijs, an.recorded_at AS vastgelegd_op,
                   an.recorded_by AS vastgelegd_door
            FROM answers an
            JOIN assessments a ON a.id = an.assessment_id
            JOIN interventions i ON i.id = a.intervention_id
            LEFT JOIN implementations m ON m.id = a.implementation_id
            LEFT JOIN organisations o ON o.id = m.organisation_id
            LEFT JOIN checklist_items ci ON ci.checklist_id = a.checklist_id
                 AND ci.checklist_version = a.checklist_version AND ci.item_id = an.item_id
            WHERE a.intervention_id = ?
            ORDER BY a.assessed_on, a.id, ci.position, an.id""", [intervention_id])

    def count(self, table: str) -> int:
        if table not in {"interventions", "organisations", "implementations", "assessments",
                         "answers", "assessment_scores", "indicators", "measurements"}:
            raise ValueError(table)
        return self._one(f"SELECT count(*) FROM {table}")

    # -- scoring -----------------------------------------------------------

    def refresh_scores(self, assessment_ids: list[int]) -> None:
        with self.transaction():
            self._con.execute("DELETE FROM assessment_scores WHERE assessment_id IN "
                              "(SELECT unnest(?::INTEGER[]))", [assessment_ids])
            self._con.execute("INSERT INTO assessment_scores BY NAME "
                              + scoring.score_cells_sql("ids"), {"ids": assessment_ids})
            finals = self._con.execute("SELECT id FROM assessments WHERE status = 'final' AND "
                                       "id IN (SELECT unnest(?::INTEGER[]))",
                                       [assessment_ids]).fetchall()
            for (assessment_id,) in finals:
                self._mark_latest(assessment_id)

    def refresh_all_scores(self) -> None:
        """Recompute every score row, e.g. after a bulk load (rows clustered by subject)."""
        with self.transaction():
            self._con.execute("DELETE FROM assessment_scores")
            self._con.execute("INSERT INTO assessment_scores BY NAME SELECT * FROM ("
                              + scoring.score_cells_sql("all") + ") ORDER BY "
                              "implementation_id IS NOT NULL, intervention_id, assessment_id")
            self._con.execute("""
                UPDATE assessment_scores SET latest = true WHERE assessment_id IN (
                    SELECT assessment_id FROM newest_final_assessments)""")

    def _mark_latest(self, assessment_id: int) -> None:
        """Move the ``latest`` flag of the assessment's subject to its newest final one."""
        intervention, implementation, checklist = self._con.execute(
            "SELECT intervention_id, implementation_id, checklist_id FROM assessments "
            "WHERE id = ?", [assessment_id]).fetchone()
        # constants, not a join, so that DuckDB filters before it groups and scans
        self._con.execute("""
            UPDATE assessment_scores
            SET latest = coalesce(assessment_id = (
                SELECT assessment_id FROM newest_final_assessments
                WHERE intervention_id = $intervention AND checklist_id = $checklist
                  AND implementation_id IS NOT DISTINCT FROM $implementation), false)
            WHERE intervention_id = $intervention AND checklist_id = $checklist
              AND implementation_id IS NOT DISTINCT FROM $implementation""",
                          {"intervention": intervention, "implementation": implementation,
                           "checklist": checklist})

    _SUBJECTS = {
        "intervention": "s.intervention_id = $ref AND s.implementation_id IS NULL",
        "implementations": "s.intervention_id = $ref AND s.implementation_id IS NOT NULL",
        "implementation": "s.implementation_id = $ref",
        "assessment": "s.assessment_id = $ref",
        "board": """s.implementation_id IN (SELECT m.id FROM implementations m
                    JOIN organisations o ON o.id = m.organisation_id WHERE o.parent_id = $ref)""",
        "all": "$ref IS NULL",
    }

    def common_gaps(self, intervention_ids: list[int],
                    checklist_id: str = MAIN_CHECKLIST) -> pd.DataFrame:
        """Top-level items answered 'nee' in the latest final assessment of the chosen
        interventions (as a whole), most frequent first."""
        return self._query("""
            WITH newest AS (
                SELECT assessment_id AS id FROM newest_final_assessments
                WHERE implementation_id IS NULL AND checklist_id = $checklist
                  AND list_contains($ids, intervention_id)),
            current AS (
                SELECT an.assessment_id, an.item_id, arg_max_null(an.answer, an.id) AS answer
                FROM answers an WHERE an.assessment_id IN (SELECT id FROM newest)
                GROUP BY ALL)
            SELECT i.item_id, i.step, i.perspective, i.text,
                   count(*) FILTER (WHERE c.answer = 'nee') AS nee,
                   (SELECT count(*) FROM newest) AS interventions
            FROM current c JOIN assessments a ON a.id = c.assessment_id
            JOIN checklist_items i ON i.checklist_id = a.checklist_id
                 AND i.checklist_version = a.checklist_version AND i.item_id = c.item_id
            WHERE i.depth = 0
            GROUP BY ALL HAVING nee > 0
            ORDER BY nee DESC, min(i.position)""", {"ids": intervention_ids,
                                                   "checklist": checklist_id})

    def readiness(self, ref: int | None, by: str = "overall", subject: str = "intervention",
                  checklist_id: str | None = None, final_only: bool = True,
                  latest_only: bool = False) -> pd.DataFrame:
        """Readiness per assessment (one row per assessment date) and group.

        ``subject`` says what ``ref`` is: 'intervention' (its own assessments),
        'implementations' (all implementations of intervention ``ref``),
        'implementation', 'assessment', 'board' (the board's locations), or 'all'.
        ``by`` is one of overall, step, perspective, cell, stage, motivating.
        ``latest_only`` keeps each subject's newest final assessment.
        """
        if by not in scoring.GROUPINGS or subject not in self._SUBJECTS:
            raise ValueError(f"unknown grouping {by!r} or subject {subject!r}")
        where = (f"({self._SUBJECTS[subject]}) AND ($checklist IS NULL OR s.checklist_id = "
                 "$checklist) AND (s.final OR NOT $final_only) AND (s.latest OR NOT $latest)")
        return self._query(scoring.readiness_sql(by, where),
                           {"ref": ref, "checklist": checklist_id, "final_only": final_only,
                            "latest": latest_only})

    def latest_readiness(self, by: str = "cell", checklist_id: str = MAIN_CHECKLIST,
                         intervention_ids: list[int] | None = None) -> pd.DataFrame:
        """The latest final assessment of each intervention as a whole, per group."""
        if by not in scoring.GROUPINGS:
            raise ValueError(by)
        where = """s.latest AND s.implementation_id IS NULL AND s.checklist_id = $checklist
            AND ($ids IS NULL OR list_contains($ids, s.intervention_id))"""
        return self._query(scoring.readiness_sql(by, where),
                           {"checklist": checklist_id, "ids": intervention_ids})

    def item_credits(self, assessment_ids: list[int]) -> pd.DataFrame:
        """Per assessment and top-level item: credit (NaN when nvt) and answered."""
        return self._query(scoring.item_credit_sql("ids"), {"ids": assessment_ids})

    def item_achievements(self, intervention_id: int, implementation_id: int | None = None,
                          checklist_id: str = MAIN_CHECKLIST) -> pd.DataFrame:
        """SIC-style: per top-level item in scope, the first assessment date on which it was
        fully achieved (credit 1: answered ja, or all its applicable elements ja), from the
        subject's final assessments. ``achieved_on`` is NaT for items never achieved."""
        ids = self._subject_assessments(intervention_id, implementation_id, checklist_id)
        return self._query(f"""
            WITH credits AS ({scoring.item_credit_sql("ids")})
            SELECT c.item_id, c.step, c.perspective, g.stage,
                   min(a.assessed_on) FILTER (WHERE c.credit = 1) AS achieved_on
            FROM credits c JOIN assessments a ON a.id = c.assessment_id
            LEFT JOIN checklist_stages g ON g.checklist_id = a.checklist_id
                 AND g.checklist_version = a.checklist_version AND g.step = c.step
            GROUP BY ALL ORDER BY c.step, c.item_id""", {"ids": ids})

    def stage_progress(self, intervention_id: int, implementation_id: int | None = None,
                       checklist_id: str = MAIN_CHECKLIST) -> pd.DataFrame:
        """SIC-style per stage: items, items achieved, proportion, first and last
        achievement date, and the duration between them in days."""
        ids = self._subject_assessments(intervention_id, implementation_id, checklist_id)
        return self._query(f"""
            WITH credits AS ({scoring.item_credit_sql("ids")}),
            achieved AS (
                SELECT c.item_id, g.stage,
                       min(a.assessed_on) FILTER (WHERE c.credit = 1) AS achieved_on
                FROM credits c JOIN assessments a ON a.id = c.assessment_id
                JOIN checklist_stages g ON g.checklist_id = a.checklist_id
                     AND g.checklist_version = a.checklist_version AND g.step = c.step
                GROUP BY ALL
                -- an item that is nvt in the newest assessment does not count
                HAVING arg_max(c.credit IS NOT NULL, (a.assessed_on, a.id)))
            SELECT stage, count(*) AS items, count(achieved_on) AS achieved,
                   count(achieved_on) / count(*) AS proportion,
                   min(achieved_on) AS first_achieved, max(achieved_on) AS last_achieved,
                   date_diff('day', min(achieved_on), max(achieved_on)) AS duration_days
            FROM achieved GROUP BY stage
            ORDER BY list_position(['disseminatie', 'adoptie', 'implementatie', 'borging'],
                                   stage)""", {"ids": ids})

    def _subject_assessments(self, intervention_id: int, implementation_id: int | None,
                             checklist_id: str) -> list[int]:
        rows = self._con.execute("""
            SELECT id FROM assessments WHERE intervention_id = ? AND status = 'final'
              AND checklist_id = ? AND implementation_id IS NOT DISTINCT FROM ?""",
                                 [intervention_id, checklist_id, implementation_id]).fetchall()
        return [row[0] for row in rows]


    # -- improvement actions ------------------------------------------------

    def improvement_points(self, intervention_id: int, implementation_id: int | None = None,
                           checklist_id: str = MAIN_CHECKLIST) -> pd.DataFrame:
        """Every item or element answered 'nee' in the subject's latest final assessment,
        with the newest action on it that is not done, if any (one row per item). A gap
        whose earlier action was finished shows without action, so it can get a new one."""
        return self._query("""
            WITH newest AS (
                SELECT assessment_id AS id FROM newest_final_assessments
                WHERE intervention_id = $intervention AND checklist_id = $checklist
                  AND implementation_id IS NOT DISTINCT FROM $implementation),
            current AS (SELECT * FROM current_answers((SELECT id FROM newest)))
            SELECT a.id AS assessment_id, a.assessed_on, i.item_id, i.step, i.perspective,
                   i.parent_id, i.text, c.note, act.id AS action_id, act.status AS action_status
            FROM current c
            JOIN assessments a ON a.id = (SELECT id FROM newest)
            JOIN checklist_items i ON i.checklist_id = a.checklist_id
                 AND i.checklist_version = a.checklist_version AND i.item_id = c.item_id
            LEFT JOIN (SELECT item_id, max(id) AS id, arg_max(status, id) AS status
                       FROM (SELECT m.id, m.item_id, arg_max(v.status, v.id) AS status
                             FROM improvement_actions m
                             JOIN action_versions v ON v.action_id = m.id
                             WHERE m.intervention_id = $intervention
                               AND m.checklist_id = $checklist
                               AND m.implementation_id IS NOT DISTINCT FROM $implementation
                             GROUP BY m.id, m.item_id)
                       WHERE status <> 'done'
                       GROUP BY item_id) act ON act.item_id = c.item_id
            WHERE c.answer = 'nee'
            ORDER BY i.position""", {"intervention": intervention_id, "checklist": checklist_id,
                                     "implementation": implementation_id})

    def add_action(self, intervention_id: int, item_id: str, description: str,
                   responsible: str, due_on: date | None, recorded_by: str,
                   implementation_id: int | None = None, status: str = "open",
                   checklist_id: str = MAIN_CHECKLIST) -> int:
        if not self.checklist(checklist_id).has_item(item_id):
            raise StoreError(f"item '{item_id}' staat niet in checklist '{checklist_id}'")
        with self.transaction():
            self.intervention(intervention_id)
            action_id = self._one(
                "INSERT INTO improvement_actions (intervention_id, implementation_id, "
                "checklist_id, item_id, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
                [intervention_id, implementation_id, checklist_id, item_id,
                 _required(recorded_by, "ingevuld door")])
            self.update_action(action_id, description, responsible, due_on, status, recorded_by)
            return action_id

    def update_action(self, action_id: int, description: str, responsible: str,
                      due_on: date | None, status: str, recorded_by: str) -> None:
        """A new version of the action; earlier versions stay as its history. A version
        that changes nothing is refused."""
        if status not in ACTION_STATUSES:
            raise StoreError("status moet een van "
                             f"{', '.join(ACTION_STATUS_LABELS.values())} zijn")
        version = (_required(description, "omschrijving"),
                   _required(responsible, "verantwoordelijke"), due_on, status)
        with self.transaction():
            if not self._one("SELECT id FROM improvement_actions WHERE id = ?", [action_id]):
                raise NotFoundError(f"onbekende actie {action_id}")
            current = self._con.execute(
                "SELECT description, responsible, due_on, status FROM action_versions "
                "WHERE action_id = ? ORDER BY id DESC LIMIT 1", [action_id]).fetchone()
            if current == version:
                raise StoreError("er is niets gewijzigd")
            self._con.execute(
                "INSERT INTO action_versions (action_id, description, responsible, due_on, "
                "status, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                [action_id, *version, _required(recorded_by, "ingevuld door")])

    def actions(self, intervention_id: int | None = None, today: date | None = None,
                implementation_id: int | None = None, subject: str = "any") -> pd.DataFrame:
        """Current version of each action, with ``overdue`` (past due and not done) and
        ``can_close`` (the item is answered 'ja' in the subject's latest final assessment)."""
        return self._query("""
            WITH current AS (
                SELECT action_id, arg_max(description, id) AS description,
                       arg_max(responsible, id) AS responsible,
                       arg_max_null(due_on, id) AS due_on,
                       arg_max(status, id) AS status,
                       max(recorded_at) AS updated_at, count(*) AS versions
                FROM action_versions GROUP BY action_id),
            newest AS (SELECT * FROM newest_final_assessments),
            answer_now AS (
                SELECT m.id AS action_id, arg_max_null(an.answer, an.id) AS answer
                FROM improvement_actions m
                JOIN newest n ON n.intervention_id = m.intervention_id
                     AND n.implementation_id IS NOT DISTINCT FROM m.implementation_id
                     AND n.checklist_id = m.checklist_id
                JOIN answers an ON an.assessment_id = n.assessment_id
                     AND an.item_id = m.item_id
                WHERE $intervention IS NULL OR m.intervention_id = $intervention
                GROUP BY m.id)
            SELECT m.id, m.intervention_id, i.name AS intervention, m.implementation_id,
                   o.name AS organisation, m.checklist_id, m.item_id, ci.text AS item_text,
                   c.description, c.responsible, c.due_on, c.status, c.updated_at, c.versions,
                   coalesce(c.status <> 'done' AND c.due_on < $today, false) AS overdue,
                   c.status <> 'done' AND coalesce(an.answer = 'ja', false) AS can_close
            FROM improvement_actions m
            JOIN current c ON c.action_id = m.id
            JOIN interventions i ON i.id = m.intervention_id
            LEFT JOIN implementations im ON im.id = m.implementation_id
            LEFT JOIN organisations o ON o.id = im.organisation_id
            LEFT JOIN answer_now an ON an.action_id = m.id
            LEFT JOIN (SELECT DISTINCT ON (checklist_id, item_id) checklist_id, item_id, text
                       FROM checklist_items ORDER BY checklist_id, item_id,
                       checklist_version DESC) ci
                 ON ci.checklist_id = m.checklist_id AND ci.item_id = m.item_id
            WHERE ($intervention IS NULL OR m.intervention_id = $intervention)
              AND ($subject = 'any'
                   OR ($subject = 'intervention' AND m.implementation_id IS NULL)
                   OR ($subject = 'implementation' AND m.implementation_id = $implementation))
            ORDER BY c.status = 'done', c.due_on NULLS LAST, m.id""",
                           {"intervention": intervention_id, "today": today or date.today(),
                            "implementation": implementation_id, "subject": subject})

    def action_history(self, action_id: int) -> pd.DataFrame:
        return self._query("SELECT description, responsible, due_on, status, recorded_at, "
                           "recorded_by FROM action_versions WHERE action_id = ? "
                           "ORDER BY id", [action_id])


def _required(value: str | None, label: str) -> str:
    if value is None or not str(value).strip():
        raise StoreError(f"{label} is verplicht")
    return str(value).strip()


def _blank_none(value: str | None) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    value = str(value).strip()
    return value or None


def _row(frame: pd.DataFrame) -> dict:
    row = frame.iloc[0].to_dict()
    return {k: (None if pd.api.types.is_scalar(v) and pd.isna(v) else v)
            for k, v in row.items()}
