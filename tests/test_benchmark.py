"""The benchmark measures what it says: its JSON, its baselines (the store's exact
results, on the small hand-computed world), and the derived tables the faster saves
keep. Speed itself is measured by the benchmark, never asserted here."""
from datetime import date

import pytest
from helpers import day

from implementation import bench_data, bench_store, benchmark, scoring
from implementation.bench_baselines import Competent, Naive
from implementation.bench_timing import difference
from implementation.store import AnswerInput


def test_the_benchmark_reports_every_figure_and_the_same_results_as_the_store():
    result = benchmark.run(2, repeats=1)
    assert result["same_results"] is True and "checks" not in result
    assert result["scale"] == "2" and result["rows"]["interventions"] == 2
    for name in bench_store.READS:
        entry = result["queries"][name]
        assert set(entry) == {"median_ms", "p90_ms", "baseline_median_ms", "baseline_p90_ms",
                              "ratio", "competent_median_ms", "competent_p90_ms",
                              "competent_ratio"}
        assert entry["median_ms"] > 0 and entry["p90_ms"] >= entry["median_ms"]
        assert entry["competent_ratio"] == round(entry["competent_median_ms"]
                                                 / entry["median_ms"], 1)
    for name in bench_store.SAVES:
        assert set(result["queries"][name]) == {"median_ms", "p90_ms"}
    assert set(result["imports"]) == {"measurements_500_ms", "answers_template_ms"}
    assert result["demo_load_ms"] > 0
    memory = result["peak_memory_mb"]
    assert memory["store_share_of_competent"] == round(memory["store"] / memory["competent"], 3)


def test_a_scale_is_small_national_or_a_number_of_interventions():
    assert [bench_data.interventions_of(s) for s in ("small", "national", "600", 45)] == \
        [30, 300, 600, 45]
    with pytest.raises(ValueError, match="onbekende schaal"):
        bench_data.interventions_of("groot")


def _targets(db, world) -> dict:
    return {"intervention": world["Alfa"], "board": world["Bestuur Noord"],
            "locations": db.registry.descendants([world["Bestuur Noord"]]),
            "indicator": world["lessen"], "today": day("2025-10-15")}


def _sums(frame) -> list[tuple]:
    grouped = frame.groupby("assessment_id")[["credit", "applicable"]].sum()
    return [(int(i), float(r.credit), int(r.applicable)) for i, r in grouped.iterrows()]


def test_both_baselines_give_the_stores_exact_results_on_the_small_world(small_world, fresh_db):
    t = _targets(fresh_db, small_world)
    store = {"matrix": fresh_db.readiness.readiness(t["intervention"], "cell", "implementations"),
             "latest": fresh_db.readiness.latest("cell"),
             "board": fresh_db.readiness.readiness(t["board"], "overall", "locations"),
             "trend": fresh_db.monitoring.trend(t["indicator"]),
             "attention": fresh_db.monitoring.attention(t["today"], [t["intervention"]])}
    # by hand (see helpers.world): Alfa's latest is A2 with 37 of 82; Oost 8 of 39 and
    # Zuid 24 of 39; the board's locations: only Oost has an assessment
    assert _sums(store["latest"]) == [(small_world["A2"], 37.0, 82)]
    assert _sums(store["matrix"]) == [(small_world["Oost1"], 8.0, 39),
                                      (small_world["Zuid1"], 24.0, 39)]
    assert store["board"]["readiness"].tolist() == pytest.approx([8 / 39])
    # lessen: 60 (Oost) in 2023-24; 70 (Oost) and 90 (Zuid) in 2024-25, target 80
    assert store["trend"]["median"].tolist() == [60, 80]
    assert store["trend"]["share_met"].tolist() == [0, 0.5]
    assert store["trend"][["p25", "p75"]].iloc[1].tolist() == [75, 85]
    # Oost missed the target two school years in a row; nothing is overdue yet
    assert store["attention"][["reason", "organisation", "value"]].values.tolist() == \
        [["streefwaarde niet gehaald", "Locatie Oost", 70.0]]
    for side in (Competent(fresh_db._con.cursor(), t), Naive(fresh_db._con.cursor(), t)):
        for name, expected in store.items():
            assert difference(expected, getattr(side, name)()) is None, (type(side), name)


def test_the_comparison_finds_a_changed_value_a_missing_row_and_another_column(small_world,
                                                                               fresh_db):
    frame = fresh_db.monitoring.trend(small_world["lessen"])
    assert difference(frame, frame.copy()) is None
    changed = frame.copy()
    changed.loc[1, "median"] = 80.0000001
    assert "kolom median, rij 1" in difference(frame, changed)
    assert difference(frame, frame.iloc[:1]) == "2 rijen tegenover 1"
    assert "kolommen" in difference(frame, frame.rename(columns={"low": "laag"}))


def test_a_new_assessment_is_scored_without_reading_answers_as_the_formula_scores_it(
        small_world, fresh_db):
    cases = [("verspreiding-borging", {"intervention_id": small_world["Beta"]}),
             ("verspreiding-borging", {"implementation_id": small_world["Beta@West"]}),
             ("methodiekhandleiding", {"intervention_id": small_world["Beta"]}),
             ("anti-pestbeleid-melanchthon", {"organisation_id": small_world["Locatie West"]})]
    for checklist, subject in cases:
        new = fresh_db.assessments.start(checklist, date(2025, 9, 1), **subject)
        quick = fresh_db.query(scoring.unanswered_credits_sql(), {"ids": [new]})
        full = fresh_db.query(scoring.subject_credits_sql("ids"), {"ids": [new]})
        order = ["item_id"]
        assert difference(full.sort_values(order).reset_index(drop=True),
                          quick[full.columns].sort_values(order).reset_index(drop=True)) is None
        assert len(full) > 0 and full["credit"].sum() == 0 and not full["answered"].any()


def _rows(db, sql: str) -> list[tuple]:
    return sorted(db.rows(sql), key=repr)


def test_the_latest_tables_and_totals_follow_every_save_and_finalise(small_world, fresh_db):
    db = fresh_db
    vb = db.checklist("verspreiding-borging")
    for on in ("2025-09-01", "2024-01-01", "2025-12-01"):   # newer, older, newest-as-draft
        new = db.assessments.start(vb.id, day(on), intervention_id=small_world["Alfa"])
        db.assessments.record_answers(new, [AnswerInput(i.id, "ja") for i in vb.top_level[:5]])
        if on != "2025-12-01":
            db.assessments.finalise(new)
    columns = ("assessment_id, checklist_id, intervention_id, implementation_id, "
               "organisation_id, assessed_on, final, step, perspective, credit, applicable, "
               "answered, nvt, items")
    assert _rows(db, f"SELECT {columns} FROM latest_scores") == _rows(
        db, f"SELECT {columns} FROM assessment_scores WHERE latest AND {scoring.WHOLE}")
    stage = columns.replace("step, perspective", "stage")
    assert _rows(db, f"SELECT {stage} FROM latest_stage_scores") == _rows(
        db, f"SELECT {stage} FROM assessment_stage_scores WHERE latest AND {scoring.WHOLE}")
    assert db.one("SELECT count(DISTINCT assessment_id) FROM latest_scores") == 1  # Alfa only
    # by hand: the newest *final* one (2025-09-01, not the 2025-12-01 draft) with its five
    # 'ja' of the 83 top-level items, all applicable
    latest = db.rows("""SELECT a.assessed_on, sum(l.credit), sum(l.applicable)
                        FROM latest_scores l JOIN assessments a ON a.id = l.assessment_id
                        GROUP BY a.assessed_on""")
    assert latest == [(day("2025-09-01"), 5.0, 83.0)]
    assert _rows(db, "SELECT assessment_id, credit, applicable, answered, nvt, items, "
                     "motivating_credit, motivating_applicable, final, latest "
                     "FROM assessment_totals") == _rows(
        db, "SELECT assessment_id, sum(credit), sum(applicable), sum(answered), sum(nvt), "
            "sum(items), sum(motivating_credit), sum(motivating_applicable), any_value(final), "
            "any_value(latest) FROM assessment_scores GROUP BY assessment_id")


def test_the_benchmark_never_deletes_a_database_it_did_not_build(tmp_path):
    from implementation.benchmark import prepare
    from implementation.errors import StoreError
    from implementation.permissions import SYSTEM
    from implementation.store import Database
    path = str(tmp_path / "monitor.duckdb")          # a real instance's file
    db = Database.open(path).acting_as(SYSTEM)
    db.registry.add_intervention("JOIN us")
    db.close()
    with pytest.raises(StoreError, match="geen gegevensbestand van de benchmark"):
        prepare(2, path)
    db = Database.open(path)
    assert db.registry.interventions()["name"].tolist() == ["JOIN us"]
    db.close()
