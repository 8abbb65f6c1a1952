"""How the benchmark times and compares: every side in one process, interleaved.

- :func:`interleaved` runs each query on every side in turn (store, competent,
  naive, ...), rotating which side goes first, after a warm-up, so that a slow
  moment of a shared machine falls on all sides alike. A full garbage collection
  runs before each timed call, outside the timer, so that no side pays for
  another's garbage.
- :func:`summary` gives the median and the 90th percentile.
- :func:`difference` compares two results in full: the same columns in the same
  order, the same rows in the same order, every value equal (floats within a
  relative tolerance of 1e-9, dates as dates, missing as missing).
"""
from __future__ import annotations

import gc
import math
import resource
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

TOLERANCE = 1e-9


def interleaved(sides: dict[str, dict[str, Callable]], repeats: int,
                warmup: int = 2) -> dict[str, dict[str, list[float]]]:
    """{query: {side: [milliseconds, ...]}}; ``sides`` is {side: {query: call}}."""
    names = list(sides)
    queries = list(next(iter(sides.values())))
    times: dict[str, dict[str, list[float]]] = {q: {s: [] for s in names} for q in queries}
    for round_ in range(warmup + repeats):
        for query in queries:
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for side in order:
                call = sides[side].get(query)
                if call is None:
                    continue
                gc.collect()
                start = time.perf_counter()
                call()
                elapsed = (time.perf_counter() - start) * 1000
                if round_ >= warmup:
                    times[query][side].append(elapsed)
    return times


def timed(call: Callable, repeats: int, warmup: int = 2) -> list[float]:
    """Milliseconds of ``repeats`` calls after ``warmup`` untimed ones."""
    return interleaved({"only": {"call": call}}, repeats, warmup)["call"]["only"]


def summary(times: list[float]) -> dict[str, float | None]:
    if not times:
        return {"median_ms": None, "p90_ms": None}
    return {"median_ms": round(float(np.median(times)), 2),
            "p90_ms": round(float(np.percentile(times, 90)), 2)}


def ratio(slow: float | None, fast: float | None) -> float | None:
    if slow is None or not fast:
        return None
    return round(slow / fast, 1)


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over from the parent across fork+exec, which would hide the child's own."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# -- comparing results in full ---------------------------------------------------------------

def difference(expected: pd.DataFrame, found: pd.DataFrame) -> str | None:
    """None when both frames hold the same rows, columns and values; otherwise where the
    first difference is, in words."""
    if list(expected.columns) != list(found.columns):
        return f"kolommen {list(expected.columns)} tegenover {list(found.columns)}"
    if len(expected) != len(found):
        return f"{len(expected)} rijen tegenover {len(found)}"
    for column in expected.columns:
        left, right = _normal(expected[column]), _normal(found[column])
        for row, (a, b) in enumerate(zip(left, right, strict=True)):
            if not _same(a, b):
                return f"kolom {column}, rij {row}: {a!r} tegenover {b!r}"
    return None


def _normal(column: pd.Series) -> list:
    """Values as plain Python: missing as None, dates as pandas Timestamps at day or
    finer, numbers as float, text as str."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(v) else pd.Timestamp(v) for v in column]
    values = []
    for value in column.astype(object):
        if value is None or (not isinstance(value, list | tuple | np.ndarray) and pd.isna(value)):
            values.append(None)
        elif isinstance(value, bool | np.bool_):
            values.append(bool(value))
        elif isinstance(value, int | float | np.integer | np.floating):
            values.append(float(value))
        elif hasattr(value, "year") and hasattr(value, "month"):
            values.append(pd.Timestamp(value))
        else:
            values.append(value if isinstance(value, str) else str(value))
    return values


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b) and type(a) is type(b)
    return a == b
