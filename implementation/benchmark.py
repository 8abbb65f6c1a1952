"""Benchmark at national scale: ``python -m implementation benchmark [--scale small|national]``.

Builds a synthetic data set in a temporary DuckDB file, then times the queries
the dashboard needs through the store, and the same aggregations the naive way
(every answer loaded into one pandas DataFrame, then groupby) as a baseline.
Each side runs in its own process, so that its peak memory (``VmHWM``) can
be reported separately. Prints one JSON object; ratios are baseline / store,
measured side by side in one run.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .checklists import MAIN_CHECKLIST
from .store import AnswerInput, Store

SCALES = {
    #            interventions, boards, locations per board, implementations per intervention
    "national": dict(interventions=300, boards=500, locations=9, per_intervention=50,
                     quarters=20),
    "small": dict(interventions=30, boards=50, locations=9, per_intervention=50, quarters=20),
}
CHECKLIST = MAIN_CHECKLIST  # the NJi checklist
FIRST_QUARTER = date(2021, 1, 1)
REPEATS = 15


def build(store: Store, interventions: int, boards: int, locations: int,
          per_intervention: int, quarters: int) -> None:
    """Synthetic data, generated set-wise in SQL. Answers improve over the quarters."""
    con = store._con  # the benchmark builds in bulk; the product writes through the store
    checklist = store.checklist(CHECKLIST)
    organisations = boards * (locations + 1)
    con.execute("""
        INSERT INTO interventions (id, name, aansturing, doel_verspreiding)
        SELECT i, 'Interventie ' || i,
               ['centraal', 'decentraal', 'vrije markt'][1 + i % 3],
               ['maximale beschikbaarheid', 'maximale kwaliteit', 'minimale kosten'][1 + i % 3]
        FROM range(1, $n + 1) t(i)""", {"n": interventions})
    con.execute("""
        INSERT INTO organisations (id, name, kind, parent_id)
        SELECT i, CASE WHEN i <= $boards THEN 'Bestuur ' || i ELSE 'School ' || i END,
               CASE WHEN i <= $boards THEN 'schoolbestuur' ELSE 'vestiging' END,
               CASE WHEN i <= $boards THEN NULL ELSE 1 + (i - $boards - 1) // $locations END
        FROM range(1, $orgs + 1) t(i)""",
                {"boards": boards, "locations": locations, "orgs": organisations})
    # Each intervention runs at per_intervention locations, spread over all boards.
    con.execute("""
        INSERT INTO implementations (id, intervention_id, organisation_id, started_on)
        SELECT row_number() OVER (ORDER BY v.i, k.k), v.i,
               $boards + 1 + ((v.i * 7919 + k.k * 104729) % ($orgs - $boards)),
               DATE '2020-09-01'
        FROM range(1, $n + 1) v(i), range(0, $per) k(k)""",
                {"n": interventions, "per": per_intervention, "boards": boards,
                 "orgs": organisations})
    # Quarterly assessments: the intervention as a whole (all perspectives) and each
    # implementation (meso and micro), ordered by intervention so that rows cluster.
    con.execute("""
        INSERT INTO assessments (id, checklist_id, checklist_version, intervention_id,
                                 implementation_id, assessed_on, respondent, perspectives,
                                 status, finalised_at)
        SELECT row_number() OVER (ORDER BY s.intervention_id, s.implementation_id NULLS FIRST,
                                  q.q),
               $checklist, $version, s.intervention_id, s.implementation_id,
               $first + to_months(3 * q.q)::INTERVAL, 'benchmark',
               CASE WHEN s.implementation_id IS NULL THEN NULL ELSE ['meso', 'micro'] END,
               'final', now()
        FROM (SELECT id AS intervention_id, NULL::INTEGER AS implementation_id
              FROM interventions
              UNION ALL SELECT intervention_id, id FROM implementations) s,
             range(0, $quarters) q(q)""",
                {"checklist": checklist.id, "version": checklist.version,
                 "first": FIRST_QUARTER, "quarters": quarters})
    # Probability of 'ja' grows with the quarter and differs per intervention and step.
    con.execute("""
        INSERT INTO answers (id, assessment_id, item_id, answer, recorded_at, recorded_by)
        SELECT row_number() OVER (ORDER BY a.id, i.position), a.id, i.item_id,
               CASE WHEN r < 0.04 THEN 'nvt'
                    WHEN r < 0.04 + 0.9 * least(1, 0.15 + 0.04 * q
                         + 0.1 * (a.intervention_id % 5) - 0.08 * i.step) THEN 'ja'
                    WHEN r > 0.98 THEN NULL ELSE 'nee' END,
               a.assessed_on::TIMESTAMP, 'benchmark'
        FROM (SELECT *, date_diff('month', $first, assessed_on) // 3 AS q FROM assessments) a
        JOIN checklist_items i ON i.checklist_id = a.checklist_id
             AND i.checklist_version = a.checklist_version
             AND (a.perspectives IS NULL OR list_contains(a.perspectives, i.perspective)),
        LATERAL (SELECT (hash(a.id, i.item_id) % 10000) / 10000.0 AS r)
        ORDER BY a.id, i.position""", {"first": FIRST_QUARTER})
    # About 3% of answers were edited later: history rows on top.
    con.execute("""
        INSERT INTO answers (id, assessment_id, item_id, answer, recorded_at, recorded_by)
        SELECT (SELECT max(id) FROM answers) + row_number() OVER (ORDER BY id), assessment_id,
               item_id, CASE WHEN answer = 'ja' THEN 'nee' ELSE 'ja' END,
               recorded_at + INTERVAL 7 DAY, 'benchmark-edit'
        FROM answers WHERE hash(id) % 100 < 3 ORDER BY id""")
    store.refresh_all_scores()
    build_monitoring(store, quarters)
    for table, sequence in (("interventions", "intervention_ids"),
                            ("organisations", "organisation_ids"),
                            ("implementations", "implementation_ids"),
                            ("assessments", "assessment_ids"), ("answers", "answer_ids")):
        # sequences cannot be moved forward in DuckDB; draw them past the bulk ids
        top = con.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        con.execute(f"SELECT max(nextval('{sequence}')) FROM range(?)", [top])


INDICATORS_PER_INTERVENTION = 10


def build_monitoring(store: Store, quarters: int) -> None:
    """Ten quarterly indicators per intervention, measured at every implementation."""
    con = store._con
    con.execute("""
        INSERT INTO indicators (id, intervention_id, code, name, level, kind, unit, direction,
                                target_low, target_high, frequency, instrument, item_ids)
        SELECT row_number() OVER (ORDER BY v.id, k.k), v.id, 'indicator-' || k.k,
               'Indicator ' || k.k, 'meso', 'integrity', 'percent',
               CASE WHEN k.k % 4 = 0 THEN 'lower' ELSE 'higher' END,
               CASE WHEN k.k % 4 = 0 THEN NULL ELSE 80 END,
               CASE WHEN k.k % 4 = 0 THEN 20 ELSE NULL END,
               'quarter', 'benchmark', []
        FROM interventions v, range(0, $k) k(k)""", {"k": INDICATORS_PER_INTERVENTION})
    con.execute("""
        INSERT INTO measurements (id, indicator_id, intervention_id, implementation_id,
                                  period_start, period_end, value, recorded_by)
        SELECT row_number() OVER (ORDER BY i.intervention_id, i.id, m.id, q.q), i.id,
               i.intervention_id, m.id, $first + to_months(3 * q.q)::INTERVAL,
               $first + to_months(3 * q.q + 3)::INTERVAL - INTERVAL 1 DAY,
               round(40 + 2.5 * q.q + (hash(i.id, m.id, q.q) % 300) / 10.0, 1) % 100,
               'benchmark'
        FROM indicators i JOIN implementations m ON m.intervention_id = i.intervention_id,
             range(0, $quarters) q(q)
        ORDER BY i.intervention_id, i.id, m.id, q.q""",
                {"first": FIRST_QUARTER, "quarters": quarters})
    for table, sequence in (("indicators", "indicator_ids"), ("measurements", "measurement_ids")):
        top = con.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        con.execute(f"SELECT max(nextval('{sequence}')) FROM range(?)", [top])


def _median_ms(action, repeats: int = REPEATS) -> tuple[float, object]:
    action()  # warm
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2), result


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over from the parent across fork+exec, which would hide the child's own."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _targets(store: Store) -> dict:
    con = store._con
    intervention = con.execute("SELECT min(id) + 7 FROM interventions").fetchone()[0]
    board = con.execute("""SELECT o.parent_id FROM implementations m JOIN organisations o
        ON o.id = m.organisation_id GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()[0]
    return {"intervention": intervention, "board": board}


def measure_store(path: str) -> dict:
    store = Store.open(path)
    t = _targets(store)
    queries = {}
    queries["readiness_matrix_one_intervention"], matrix = _median_ms(
        lambda: store.readiness(t["intervention"], by="cell", subject="implementations"))
    queries["latest_readiness_all_interventions"], latest = _median_ms(
        lambda: store.latest_readiness(by="cell"))
    queries["board_locations_over_time"], board = _median_ms(
        lambda: store.readiness(t["board"], by="overall", subject="board"))
    checklist = store.checklist(CHECKLIST)
    items = checklist.items[:150]
    rng = np.random.default_rng(1)

    def save() -> int:
        with store.transaction():
            # dated before the data set, so that the baseline (run afterwards on the same
            # file) still sees the same newest assessments
            assessment = store.start_assessment(CHECKLIST, t["intervention"], date(2020, 1, 1),
                                                "benchmark")
            store.record_answers(assessment, [
                AnswerInput(i.id, ("ja", "nee", "nvt")[rng.integers(3)]) for i in items],
                "benchmark")
        return assessment
    indicator = store._one("SELECT min(id) FROM indicators WHERE intervention_id = ?",
                           [t["intervention"]])
    today = date(2026, 1, 15)
    queries["indicator_trend_one_intervention"], trend = _median_ms(
        lambda: store.indicator_trend(t["intervention"], indicator))
    queries["attention_one_intervention"], attention = _median_ms(
        lambda: store.attention(t["intervention"], today))
    queries["save_assessment_150_answers"], _ = _median_ms(save)

    def save_final() -> int:  # the same, then finalised: the latest flags move too
        assessment = save()
        store.finalise(assessment)
        return assessment
    queries["save_and_finalise_assessment"], _ = _median_ms(save_final)
    return {"queries": queries, "peak_memory_mb": _peak_mb(),
            "checks": {"matrix_rows": len(matrix), "latest_rows": len(latest),
                       "board_rows": len(board),
                       "matrix_mean": round(float(matrix["readiness"].mean()), 6),
                       "latest_mean": round(float(latest["readiness"].mean()), 6),
                       "board_mean": round(float(board["readiness"].mean()), 6),
                       "trend_median_sum": round(float(trend["median"].sum()), 3),
                       "attention_rows": len(attention)}}


def _pandas_credits(answers: pd.DataFrame, items: pd.DataFrame,
                    assessments: pd.DataFrame) -> pd.DataFrame:
    """The readiness formula, the naive way: latest answer per item, nested credit, in pandas."""
    current = (answers.sort_values("id").drop_duplicates(["assessment_id", "item_id"],
                                                         keep="last"))
    scope = assessments[["id", "implementation_id"]].rename(columns={"id": "assessment_id"})
    nodes = scope.merge(items, how="cross")
    nodes = nodes[nodes["implementation_id"].isna() | nodes["perspective"].isin(["meso",
                                                                                 "micro"])]
    nodes = nodes.merge(current[["assessment_id", "item_id", "answer"]],
                        on=["assessment_id", "item_id"], how="left")
    level = None
    for depth in range(int(items["depth"].max()), -1, -1):
        here = nodes[nodes["depth"] == depth].copy()
        here["own"] = np.where(here["answer"] == "ja", 1.0, 0.0)
        here["decided"] = here["answer"].isin(["ja", "nee"])
        if level is not None:
            agg = level.groupby(["assessment_id", "parent_id"]).agg(
                child_credit=("credit", "mean"), child_decided=("decided", "any")).reset_index()
            here = here.merge(agg, left_on=["assessment_id", "item_id"],
                              right_on=["assessment_id", "parent_id"], how="left",
                              suffixes=("", "_c"))
            has = here["child_decided"].fillna(False).astype(bool)
            here["credit"] = np.where(has, here["child_credit"], here["own"])
            here["decided"] = here["decided"] | has
        else:
            here["credit"] = here["own"]
        nvt = here["answer"] == "nvt"
        here.loc[nvt, "credit"] = np.nan
        here.loc[nvt, "decided"] = False
        level = here[["assessment_id", "item_id", "parent_id", "step", "perspective", "credit",
                      "decided"]]
    return level


def measure_baseline(path: str) -> dict:
    import duckdb
    con = duckdb.connect(path, read_only=True)
    answers = con.execute("SELECT * FROM answers").df()  # the naive way: everything in memory
    assessments = con.execute("SELECT * FROM assessments").df()
    items = con.execute("SELECT item_id, parent_id, step, perspective, depth FROM "
                        "checklist_items WHERE checklist_id = ?", [CHECKLIST]).df()
    implementations = con.execute("SELECT * FROM implementations").df()
    organisations = con.execute("SELECT * FROM organisations").df()
    store = Store(con, {}, path)
    t = _targets(store)

    def readiness(selected: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        subset = answers[answers["assessment_id"].isin(selected["id"])]
        credits = _pandas_credits(subset, items, selected)
        credits = credits.merge(selected[["id", "assessed_on"]], left_on="assessment_id",
                                right_on="id")
        grouped = credits.groupby(["assessment_id", "assessed_on", *keys], dropna=False)
        return grouped["credit"].agg(["sum", "count"]).assign(
            readiness=lambda f: f["sum"] / f["count"]).reset_index()

    def matrix():
        chosen = assessments[(assessments["intervention_id"] == t["intervention"])
                             & assessments["implementation_id"].notna()
                             & (assessments["status"] == "final")]
        return readiness(chosen, ["step", "perspective"])

    def latest():
        whole = assessments[assessments["implementation_id"].isna()
                            & (assessments["status"] == "final")]
        newest = whole.sort_values("assessed_on").groupby("intervention_id").tail(1)
        return readiness(newest, ["step", "perspective"])

    def board():
        locations = organisations.loc[organisations["parent_id"] == t["board"], "id"]
        ids = implementations.loc[implementations["organisation_id"].isin(locations), "id"]
        chosen = assessments[assessments["implementation_id"].isin(ids)
                             & (assessments["status"] == "final")]
        return readiness(chosen, [])

    measurements = con.execute("SELECT * FROM measurements").df()
    indicators = con.execute("SELECT * FROM indicators").df()
    indicator = int(indicators.loc[indicators["intervention_id"] == t["intervention"],
                                   "id"].min())

    def trend():
        rows = measurements[measurements["indicator_id"] == indicator]
        current = rows.sort_values("id").drop_duplicates(
            ["indicator_id", "implementation_id", "period_start"], keep="last")
        return current.groupby("period_start")["value"].median().reset_index(name="median")

    def attention():
        mine = indicators[indicators["intervention_id"] == t["intervention"]]
        rows = measurements[measurements["indicator_id"].isin(mine["id"])]
        current = rows.sort_values("id").drop_duplicates(
            ["indicator_id", "implementation_id", "period_start"], keep="last")
        current = current.merge(mine[["id", "target_low", "target_high"]],
                                left_on="indicator_id", right_on="id")
        current["met"] = ((current["target_low"].isna() | (current["value"]
                                                           >= current["target_low"]))
                          & (current["target_high"].isna() | (current["value"]
                                                              <= current["target_high"])))
        last_two = (current.sort_values("period_start")
                    .groupby(["indicator_id", "implementation_id"]).tail(2))
        below = last_two.groupby(["indicator_id", "implementation_id"])["met"].agg(
            ["count", "any"])
        return below[(below["count"] == 2) & ~below["any"]]

    queries = {}
    repeats = 3
    queries["readiness_matrix_one_intervention"], m = _median_ms(matrix, repeats)
    queries["latest_readiness_all_interventions"], la = _median_ms(latest, repeats)
    queries["board_locations_over_time"], b = _median_ms(board, repeats)
    queries["indicator_trend_one_intervention"], tr = _median_ms(trend, repeats)
    queries["attention_one_intervention"], _ = _median_ms(attention, repeats)
    return {"queries": queries, "peak_memory_mb": _peak_mb(),
            "checks": {"matrix_rows": len(m), "latest_rows": len(la), "board_rows": len(b),
                       "matrix_mean": round(float(m["readiness"].mean()), 6),
                       "latest_mean": round(float(la["readiness"].mean()), 6),
                       "board_mean": round(float(b["readiness"].mean()), 6),
                       "trend_median_sum": round(float(tr["median"].sum()), 3)}}


def _in_child(role: str, path: str) -> dict:
    output = subprocess.run([sys.executable, "-m", "implementation.benchmark", role, path],
                            check=True, capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    return json.loads(output.stdout)


def _page_timing(path: str) -> dict:
    """Each dashboard page through AppTest, in a child process (see page_timing.py)."""
    root = Path(__file__).resolve().parent.parent
    output = subprocess.run([sys.executable, str(root / "page_timing.py"), path], check=True,
                            capture_output=True, text=True, cwd=root)
    return json.loads(output.stdout.strip().splitlines()[-1])


def run(scale: str = "national", pages: bool = False, keep: str | None = None) -> dict:
    sizes = SCALES[scale]
    workdir = tempfile.mkdtemp(prefix="monitor-bench-")
    path = keep or os.path.join(workdir, f"{scale}.duckdb")
    started = time.perf_counter()
    store = Store.open(path)
    with store.transaction():
        build(store, **sizes)
    store._con.execute("CHECKPOINT")
    counts = {table: store.count(table) for table in
              ("interventions", "organisations", "implementations", "assessments", "answers",
               "assessment_scores", "indicators", "measurements")}
    store.close()
    build_seconds = round(time.perf_counter() - started, 1)
    ours = _in_child("store", path)
    naive = _in_child("baseline", path)
    queries = {}
    for name, ms in ours["queries"].items():
        entry = {"median_ms": ms}
        if name in naive["queries"]:
            entry["baseline_median_ms"] = naive["queries"][name]
            entry["ratio"] = round(naive["queries"][name] / ms, 1) if ms else None
        queries[name] = entry
    result = {
        "scale": scale, "rows": counts, "build_seconds": build_seconds,
        "queries": queries,
        "peak_memory_mb": {"store": ours["peak_memory_mb"], "baseline": naive["peak_memory_mb"]},
        "same_results": all(ours["checks"][k] == v for k, v in naive["checks"].items()),
    }
    if not result["same_results"]:
        result["checks"] = {"store": ours["checks"], "baseline": naive["checks"]}
    if pages:
        from .demo import load_demo
        demo_path = os.path.join(workdir, "demo.duckdb")
        demo = Store.open(demo_path)
        load_demo(demo)
        demo.close()
        result["pages"] = {"demo": _page_timing(demo_path), scale: _page_timing(path)}
    if keep is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


if __name__ == "__main__":
    role, db = sys.argv[1], sys.argv[2]
    print(json.dumps(measure_store(db) if role == "store" else measure_baseline(db)))
