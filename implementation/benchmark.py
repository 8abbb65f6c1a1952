"""The benchmark: ``python -m implementation benchmark [--scale S] [--pages] [--data FILE]``.

It builds the synthetic data set of :mod:`implementation.bench_data` (``small``: 30
interventions, ``national``: 300, or any number), or reuses one built earlier in
``--data FILE``, and measures, each part in a process of its own:

- **queries**: the dashboard's five reads through the store, the naive pandas
  baseline and the competent one (:mod:`implementation.bench_baselines`), all in one
  process, interleaved, ``repeats`` times each after a warm-up; median and 90th
  percentile; every result compared in full with the store's (``same_results``);
- **memory**: the peak resident memory of the store and of each baseline doing that
  work, each in a process of its own;
- **writes**, on a copy of the data set: saving 150 answers, and saving and
  finalising; importing measurements and an answer template;
- **demo**: loading the demo data into an empty database;
- with ``--pages``: every page's script run, truly cold and warm, on the demo and on
  this data set (``page_timing.py``), and the first page after ``streamlit run`` on
  an empty database.

Prints one JSON object. Ratios are baseline / store, measured side by side.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from . import bench_data, bench_store
from .bench_timing import interleaved, peak_mb, ratio, summary
from .errors import StoreError

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 15
NAIVE_UP_TO = 300         # above this the naive baseline's frames do not fit beside the rest
DATA_VERSION = "3"        # bump when bench_data changes: a kept file is then rebuilt
COUNTED = ("interventions", "organisations", "implementations", "assessments", "answers",
           "assessment_scores", "indicators", "measurements")


def label(interventions: int) -> str:
    named = {v: k for k, v in bench_data.NAMED.items()}
    return named.get(interventions, str(interventions))


def prepare(interventions: int, path: str) -> float | None:
    """Build the data set in ``path``, unless it already holds this one; returns the
    seconds the build took (None when reused)."""
    from .permissions import SYSTEM
    from .store import Database
    if os.path.exists(path):
        db = Database.open(path)
        marker = db.setting("benchmark_data")
        db.close()
        if marker is None:   # never delete a file the benchmark did not build
            raise StoreError(f"{path} is geen gegevensbestand van de benchmark; kies met "
                             "--data een nieuw bestand of een eerder door de benchmark "
                             "gebouwd bestand")
        if marker == f"{DATA_VERSION}:{interventions}":
            return None
        for stale in (path, path + ".wal"):
            if os.path.exists(stale):
                os.remove(stale)
    started = time.perf_counter()
    db = Database.open(path).acting_as(SYSTEM)
    bench_data.build(db, interventions)
    db.set_setting("benchmark_data", f"{DATA_VERSION}:{interventions}")
    db.execute("CHECKPOINT")
    db.close()
    return round(time.perf_counter() - started, 1)


def run(scale: str | int = "national", pages: bool = False, data: str | None = None,
        repeats: int = REPEATS) -> dict:
    interventions = bench_data.interventions_of(scale)
    workdir = tempfile.mkdtemp(prefix="monitor-bench-")
    try:
        path = data or os.path.join(workdir, "data.duckdb")
        build_seconds = prepare(interventions, path)
        naive = interventions <= NAIVE_UP_TO
        queries = _child("queries", path, repeats, naive)
        memory = {"store": _child("memory-store", path)["peak_mb"],
                  "baseline": _child("memory-naive", path)["peak_mb"] if naive else None,
                  "competent": _child("memory-competent", path)["peak_mb"]}
        copy = os.path.join(workdir, "writes.duckdb")
        shutil.copy(path, copy)
        writes = _child("writes", copy, repeats, interventions >= bench_data.NAMED["national"])
        result = {
            "scale": label(interventions), "date": date.today().isoformat(),
            "machine": {"cores": os.cpu_count()}, "repeats": repeats,
            "rows": queries["rows"], "build_seconds": build_seconds,
            "queries": _queries(queries["times"], writes["saves"]),
            "peak_memory_mb": memory | {
                "store_share_of_competent": round(memory["store"] / memory["competent"], 3)},
            "same_results": all(d is None for sides in queries["differences"].values()
                                for d in sides.values()),
            "imports": writes["imports"],
            "demo_load_ms": _child("demo", path, repeats=5)["median_ms"],
        }
        if not naive:
            result["naive_skipped"] = (f"the naive baseline runs up to {NAIVE_UP_TO} "
                                       "interventions; above that its frames (every column "
                                       "as Python objects) do not fit beside the others")
        if not result["same_results"]:
            result["checks"] = queries["differences"]
        if pages:
            result["pages"] = _pages(workdir, copy, label(interventions))
            # the PDF and XLSX reports of the largest intervention and board (issue 10's
            # targets: under 10 s on the demo, under 20 s for a board at national scale)
            from .reports.timing import report_timing
            result["reports"] = {"demo": report_timing(os.path.join(workdir, "demo.duckdb")),
                                 label(interventions): report_timing(copy)}
            from .loadtest import cold_start
            result["cold_start_ms"] = cold_start(os.path.join(workdir, "empty.duckdb"))
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _queries(times: dict, saves: dict) -> dict:
    out = {}
    for name, sides in times.items():
        store = summary(sides["store"])
        entry = {"median_ms": store["median_ms"], "p90_ms": store["p90_ms"]}
        for side, prefix, key in (("naive", "baseline", "ratio"),
                                  ("competent", "competent", "competent_ratio")):
            found = summary(sides.get(side, []))
            entry[f"{prefix}_median_ms"] = found["median_ms"]
            entry[f"{prefix}_p90_ms"] = found["p90_ms"]
            entry[key] = ratio(found["median_ms"], store["median_ms"])
        out[name] = entry
    for name, found in saves.items():
        out[name] = summary(found)
    return out


def _pages(workdir: str, data: str, scale: str) -> dict:
    from .demo import load_demo
    from .store import Database
    demo = os.path.join(workdir, "demo.duckdb")
    database = Database.open(demo)
    load_demo(database)
    database.close()
    output = {}
    for name, path in (("demo", demo), (scale, data)):
        found = subprocess.run([sys.executable, str(ROOT / "page_timing.py"), path],
                               check=True, capture_output=True, text=True, cwd=ROOT)
        output[name] = json.loads(found.stdout.strip().splitlines()[-1])
    return output


def _child(role: str, path: str, repeats: int = REPEATS, option: bool = False) -> dict:
    found = subprocess.run([sys.executable, "-m", "implementation.benchmark", role, path,
                            str(repeats), "1" if option else "0"],
                           check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(found.stdout.strip().splitlines()[-1])


# -- the children -------------------------------------------------------------------------

def _open(path: str):
    from .store import Database
    db = Database.open(path)
    return db, bench_store.targets(db)


def child_queries(path: str, repeats: int, naive: bool) -> dict:
    from .bench_baselines import Competent, Naive
    from .bench_timing import difference
    db, t = _open(path)
    store = bench_store.reads(db, t)
    sides = {"store": store}
    baselines = {"competent": Competent(db._con.cursor(), t)}
    if naive:
        baselines["naive"] = Naive(db._con.cursor(), t)
    for side, baseline in baselines.items():
        sides[side] = {name: getattr(baseline, call)
                       for name, call in bench_store.BASELINE_CALLS.items()}
    differences = {}
    for name, call in store.items():
        expected = call()
        differences[name] = {side: difference(expected, calls[name]())
                             for side, calls in sides.items() if side != "store"}
    return {"times": interleaved(sides, repeats), "differences": differences,
            "rows": {table: db.count(table) for table in COUNTED}}


def child_memory(side: str, path: str) -> dict:
    """Peak memory of one side doing the five reads three times."""
    import duckdb
    if side == "store":
        db, t = _open(path)
        calls = bench_store.reads(db, t)
    else:
        from .bench_baselines import Competent, Naive
        from .store import Database
        db = Database.open(path)
        t = bench_store.targets(db)
        db.close()
        baseline = (Competent if side == "competent" else Naive)(
            duckdb.connect(path, read_only=True), t)
        calls = {name: getattr(baseline, call)
                 for name, call in bench_store.BASELINE_CALLS.items()}
    for _ in range(3):
        for call in calls.values():
            call()
    return {"peak_mb": peak_mb()}


def child_writes(path: str, repeats: int, national: bool) -> dict:
    db, t = _open(path)
    return {"saves": bench_store.save_times(db, t, repeats),
            "imports": bench_store.import_times(db, t, national, repeats)}


if __name__ == "__main__":
    role, database, count, flag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
    if role == "queries":
        answer = child_queries(database, count, flag)
    elif role.startswith("memory-"):
        answer = child_memory(role.removeprefix("memory-"), database)
    elif role == "writes":
        answer = child_writes(database, count, flag)
    elif role == "demo":
        answer = summary(bench_store.demo_load_times(count))
    else:
        raise SystemExit(f"unknown role {role}")
    print(json.dumps(answer, default=str))
