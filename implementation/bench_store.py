"""The benchmark's store side: what is measured, through the product's own code.

- the five dashboard reads, as the administrator (who sees everything, like the
  baselines) would get them;
- saving an assessment of 150 answers as the intervention's owner (start a draft and
  record the answers, scores included, in one transaction, as the earlier benchmark
  did), the same then finalised, dated after the data so that the ``latest`` flags
  really move, and recording 150 answers into a draft started before (the "Opslaan"
  click of the checklist page);
- importing measurements (500, and 100,000 at national scale) and a filled answer
  template, through the same functions as the command line;
- loading the demo data into an empty database.

The writes change the data set, so :mod:`implementation.benchmark` runs them on a
copy of it.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from . import bench_data
from .bench_timing import timed
from .checklists import MAIN_CHECKLIST
from .store import AnswerInput, Database

READS = ("readiness_matrix_one_intervention", "latest_readiness_all_interventions",
         "board_locations_over_time", "indicator_trend_one_intervention",
         "attention_one_intervention")
SAVES = ("save_assessment_150_answers", "save_and_finalise_assessment",
         "save_150_answers_into_a_draft")
BASELINE_CALLS = dict(zip(READS, ("matrix", "latest", "board", "trend", "attention"),
                          strict=True))


def targets(db: Database) -> dict:
    """What the per-intervention figures are about: the intervention in the middle, the
    board with most locations running it (with its locations), its first indicator."""
    intervention = bench_data.target_intervention(db.count("interventions"))
    board = db.one("""SELECT o.parent_id FROM implementations m
        JOIN organisations o ON o.id = m.organisation_id
        WHERE m.intervention_id = ? AND o.parent_id IS NOT NULL
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""", [intervention])
    return {"intervention": intervention, "board": board,
            "locations": db.registry.descendants([board]),
            "indicator": db.one("SELECT min(id) FROM indicators WHERE intervention_id = ?",
                                [intervention]),
            "today": bench_data.TODAY}


def reads(db: Database, t: dict) -> dict:
    """The dashboard's reads, as the administrator."""
    me = db.acting_as(db.accounts.user("beheer"))
    return {
        "readiness_matrix_one_intervention":
            lambda: me.readiness.readiness(t["intervention"], "cell", "implementations"),
        "latest_readiness_all_interventions": lambda: me.readiness.latest("cell"),
        "board_locations_over_time":
            lambda: me.readiness.readiness(t["board"], "overall", "locations"),
        "indicator_trend_one_intervention": lambda: me.monitoring.trend(t["indicator"]),
        "attention_one_intervention":
            lambda: me.monitoring.attention(t["today"], [t["intervention"]]),
    }


def save_times(db: Database, t: dict, repeats: int) -> dict[str, list[float]]:
    """Milliseconds per save of 150 answers (a new draft of the intervention as a whole),
    and per save that then finalises it."""
    me = db.acting_as(db.accounts.user("eigenaar"))
    items = [i for i in me.checklist(MAIN_CHECKLIST).items if i.kind.value == "question"][:150]
    rng = random.Random(11)
    day = iter(range(10_000))

    def save() -> int:
        with me.transaction():
            new = me.assessments.start(MAIN_CHECKLIST, t["today"] + timedelta(days=next(day)),
                                       intervention_id=t["intervention"])
            me.assessments.record_answers(new, [_answer(i.id, rng) for i in items])
        return new

    def save_and_finalise() -> None:
        me.assessments.finalise(save())

    drafts = [me.assessments.start(MAIN_CHECKLIST, t["today"] + timedelta(days=next(day)),
                                   intervention_id=t["intervention"])
              for _ in range(repeats + 2)]

    def save_into_draft() -> None:   # the "Opslaan" click: the draft was started before
        me.assessments.record_answers(drafts.pop(), [_answer(i.id, rng) for i in items])

    return {"save_assessment_150_answers": timed(save, repeats),
            "save_and_finalise_assessment": timed(save_and_finalise, repeats),
            "save_150_answers_into_a_draft": timed(save_into_draft, repeats)}


def _answer(item_id: str, rng: random.Random) -> AnswerInput:
    answer = rng.choice(("ja", "ja", "nee", "nvt"))
    note = ("Niet van toepassing: landelijk geregeld" if answer == "nvt"
            else "Besproken in het overleg" if rng.random() < 0.1 else None)
    return AnswerInput(item_id, answer, note)


class LessonFiles:
    """Measurement files for the target intervention: its lesson indicator at every
    implementation, on days that hold no measurement yet, so that every file is new
    (the import checks each row against the stored periods, as a real one does)."""

    def __init__(self, db: Database, t: dict):
        self.code = db.one("SELECT code FROM indicators WHERE intervention_id = ? "
                           "AND frequency = 'lesson' ORDER BY id LIMIT 1", [t["intervention"]])
        self.schools = db.registry.implementations(t["intervention"])["organisation"].tolist()
        taken = {d.date() for d in pd.to_datetime(db.query(
            "SELECT DISTINCT m.period_start FROM measurements m JOIN indicators i "
            "ON i.id = m.indicator_id WHERE i.intervention_id = ? AND i.frequency = 'lesson'",
            [t["intervention"]])["period_start"])}
        self.days = (d for d in (date(2016, 1, 1) + timedelta(days=n) for n in range(4000))
                     if d not in taken)

    def next(self, rows: int) -> bytes:
        out: list[tuple] = []
        while len(out) < rows:
            day = next(self.days).isoformat()
            out += [(self.code, school, day, "81,5") for school in self.schools]
        frame = pd.DataFrame(out[:rows], columns=["indicator", "organisatie", "datum", "waarde"])
        return frame.to_csv(index=False).encode("utf-8")


def answer_template(db: Database) -> bytes:
    """The checklist's own XLSX template (as the download writes it), filled in: every
    question answered."""
    from .tables import table_bytes
    from .templates import template_frame
    from .vocabulary import ItemKind
    checklist = db.checklist(MAIN_CHECKLIST)
    frame = template_frame(checklist)
    rng = random.Random(5)
    # by the item's kind, not the template's "soort" column (a Dutch label for readers)
    questions = pd.Series([item.kind is ItemKind.QUESTION for item in checklist.items],
                          index=frame.index)
    frame.loc[questions, "antwoord"] = [rng.choice(("ja", "nee", "nvt", "ja"))
                                        for _ in range(int(questions.sum()))]
    frame.loc[frame["antwoord"] == "nvt", "toelichting"] = "Niet van toepassing (benchmark)"
    return table_bytes(frame, "xlsx", "checklist")


def import_times(db: Database, t: dict, national: bool, repeats: int) -> dict[str, float]:
    """Milliseconds per import (median): measurements (500; 100,000 at national scale,
    once) and an answer template (a new draft each time)."""
    from .bench_timing import summary
    from .measurement_files import import_measurements
    from .templates import import_answers
    me = db.acting_as(db.accounts.user("eigenaar"))
    name = db.registry.intervention(t["intervention"])["name"]
    result = {}
    files = LessonFiles(db, t)
    small = [files.next(500) for _ in range(repeats + 1)]
    result["measurements_500_ms"] = summary(timed(
        lambda: import_measurements(me, small.pop(), "metingen.csv", name),
        repeats, warmup=1))["median_ms"]
    if national:
        large = files.next(100_000)
        result["measurements_100k_ms"] = summary(timed(
            lambda: import_measurements(me, large, "metingen.csv", name),
            1, warmup=0))["median_ms"]
    template = answer_template(db)
    day = iter(range(10_000))
    result["answers_template_ms"] = summary(timed(
        lambda: import_answers(me, template, "checklist.xlsx", MAIN_CHECKLIST, name,
                               date(2026, 2, 1) + timedelta(days=next(day)), again=True),
        repeats, warmup=1))["median_ms"]
    return result


def demo_load_times(repeats: int) -> list[float]:
    """Milliseconds to load the demo data into a fresh database (opening it not counted)."""
    from .demo import load_demo
    databases = [Database.open(":memory:") for _ in range(repeats + 1)]
    fresh = iter(databases)
    try:
        return timed(lambda: load_demo(next(fresh)), repeats, warmup=1)
    finally:
        for database in databases:
            database.close()
