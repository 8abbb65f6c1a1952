"""Time every dashboard page's script run with Streamlit's AppTest, on a given database.

``python page_timing.py DB [PAGE,PAGE]`` logs in as the demo administrator (``beheer``, password
``demo``; the benchmark's data set has the same accounts), chooses in the sidebar the
intervention with the most indicators that has a draft of its own (so that the
checklist page opens that draft, on its largest step, and Monitoring and Voortgang
show indicators), for Organisatie the board with the most locations, and prints JSON,
per page:

- ``cold_ms``: the median of runs with *every* cache emptied first (the cached reads,
  the remembered figures and the read scopes), as after a restart;
- ``after_save_ms``: the median of runs after the answers area moved on, as after
  somebody saved answers (only the reads that depend on answers are recomputed);
- ``warm_ms`` (and, as before, ``warm_median_ms``): the median of runs with warm caches.

Used by ``python -m implementation benchmark --pages``. It drives the dashboard from
outside, so it lives beside dashboard.py, not in the core package (which never
imports streamlit).
"""
from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PAGES = ["pages/overzicht.py", "pages/organisatie.py", "pages/checklist.py",
         "pages/verbeterpunten.py", "pages/vergelijken.py", "pages/voortgang.py",
         "pages/monitoring.py", "pages/beheer.py"]
RUNS = 5


def _timed(at) -> float:
    """One script run, with the garbage collection a server runs after it
    (``runner.postScriptGC``; AppTest's runner leaves it out)."""
    start = time.perf_counter()
    at.run()
    gc.collect(2)
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(f"page failed: {at.exception[0].message}")
    return elapsed


def choice(database) -> dict:
    """The sidebar state the pages are timed with (see the module docstring)."""
    from implementation.checklists import MAIN_CHECKLIST
    row = database.query("""
        SELECT a.intervention_id, a.id AS draft,
               (SELECT count(*) FROM indicators i WHERE i.intervention_id = a.intervention_id)
               AS indicators
        FROM assessments a
        WHERE a.status = 'draft' AND a.implementation_id IS NULL
          AND a.intervention_id IS NOT NULL AND a.checklist_id = ?
        ORDER BY indicators DESC, a.intervention_id, a.id DESC LIMIT 1""",
                         [MAIN_CHECKLIST]).iloc[0]
    checklist = database.checklist(MAIN_CHECKLIST)
    items = checklist.in_scope(None)
    largest = max({i.step for i in items}, key=lambda s: (sum(i.step == s for i in items), -s))
    indicator = database.one("SELECT min(id) FROM indicators WHERE intervention_id = ?",
                             [int(row["intervention_id"])])
    board = database.one("""SELECT parent_id FROM organisations WHERE parent_id IS NOT NULL
                            GROUP BY parent_id ORDER BY count(*) DESC, parent_id LIMIT 1""")
    return {"board": int(board), "start_from": "intervention",
            "intervention": int(row["intervention_id"]),
            "implementation": None, "checklist_id": MAIN_CHECKLIST, "draft": int(row["draft"]),
            "step": largest, **({"indicator": int(indicator)} if indicator else {})}


def _cold() -> None:
    """Empty every cache of the dashboard, as a restart would."""
    import streamlit as st

    import shell
    from implementation import charts
    st.cache_data.clear()
    charts.forget()
    shell.forget_views()
    shell.root()._shared.scopes.clear()


def _after_save() -> None:
    """Move the answers area on, as a save of answers does (see Database.transaction)."""
    import shell
    shared = shell.root()._shared
    with shared.lock:
        shared.generations["answers"] += 1


def _state_for(page: str, state: dict) -> dict:
    """The sidebar for ``page``: Organisatie from the board with the most locations, every
    other page from the chosen intervention (see :func:`choice`)."""
    if page.endswith("organisatie.py"):
        return {"start_from": "organisation", "organisation": state["board"]}
    return {k: v for k, v in state.items() if k != "board"}


def time_pages_here(database: str, only: list[str] | None = None) -> dict:
    """Time every page, or the pages named in ``only`` (``checklist``, ``voortgang``, …)."""
    os.environ["MONITOR_DB"] = database
    sys.path.insert(0, str(ROOT))
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest
    set_log_level("error")   # clearing the caches outside a server run warns each time

    import shell
    state = choice(shell.root())
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    at.run()
    at.text_input(key="login_name").input("beheer")
    at.text_input(key="login_password").input("demo")
    next(b for b in at.button if b.label == "Inloggen").click().run()
    if at.exception or at.error:
        raise RuntimeError(f"login failed: {[e.value for e in at.error] or at.exception}")
    results = {}
    for page in [p for p in PAGES if not only or Path(p).stem in only]:
        for key, value in _state_for(page, state).items():
            at.session_state[key] = value
        at.switch_page(page)
        _timed(at)  # the first run in this process imports the page's modules
        cold, after_save, warm = [], [], []
        for _ in range(RUNS):
            _cold()
            cold.append(_timed(at))
        for _ in range(RUNS):
            _after_save()
            after_save.append(_timed(at))
        for _ in range(RUNS):
            warm.append(_timed(at))
        name = Path(page).stem
        results[name] = {"cold_ms": round(statistics.median(cold), 1),
                         "after_save_ms": round(statistics.median(after_save), 1),
                         "warm_ms": round(statistics.median(warm), 1)}
        results[name]["warm_median_ms"] = results[name]["warm_ms"]
    results["chosen"] = {k: state[k] for k in ("intervention", "draft", "step")}
    return results


def time_pages(database: str) -> dict:
    """Run the timing in a child process, so that it opens the database on its own."""
    import subprocess
    output = subprocess.run([sys.executable, str(ROOT / "page_timing.py"), database],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(time_pages_here(sys.argv[1],
                                     sys.argv[2].split(",") if len(sys.argv) > 2 else None)))
