"""Time every dashboard page's script run with Streamlit's AppTest, on a given database.

``python page_timing.py DB`` prints JSON: per page the first run with
empty caches (``cold_ms``) and the median of later runs (``warm_median_ms``). Used
by ``python -m implementation benchmark --pages`` on the demo and national databases.
It drives the dashboard from outside, so it lives beside dashboard.py, not in the
core package (which never imports streamlit).
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PAGES = ["pages/overzicht.py", "pages/checklist.py", "pages/verbeterpunten.py",
         "pages/vergelijken.py", "pages/voortgang.py", "pages/monitoring.py",
         "pages/beheer.py"]
RUNS = 5


def _timed(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(f"page failed: {at.exception[0].message}")
    return elapsed


def time_pages_here(database: str) -> dict:
    os.environ["MONITOR_DB"] = database
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    results = {}
    for page in PAGES:
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.run()  # opens the database (once per process) and runs the default page
        at.switch_page(page)
        cold = _timed(at)
        warm = [_timed(at) for _ in range(RUNS)]
        results[Path(page).stem] = {"cold_ms": round(cold, 1),
                                    "warm_median_ms": round(statistics.median(warm), 1)}
    return results


def time_pages(database: str) -> dict:
    """Run the timing in a child process, so that it opens the database on its own."""
    import subprocess
    output = subprocess.run([sys.executable, str(ROOT / "page_timing.py"), database],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(time_pages_here(sys.argv[1])))
