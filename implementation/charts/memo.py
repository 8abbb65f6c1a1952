"""Figures kept by their data: a chart drawn again from the same data is the same figure.

Building a plotly figure costs far more than the query behind it (every property is
validated), and most page runs draw the same charts from the same data as the run
before. :func:`memo` wraps a chart function so that it returns the figure it built
last time for equal arguments: DataFrames are compared by a hash of their columns,
types, index and values, other arguments by value. A figure returned this way is
shared: callers must not change it (copy it with ``go.Figure(figure)`` first).
"""
from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

import pandas as pd

SIZE = 512
_figures: OrderedDict = OrderedDict()
_lock = threading.Lock()


class _Unhashable(Exception):
    pass


def _key(value):
    if isinstance(value, pd.DataFrame | pd.Series):
        try:
            values = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        except TypeError:   # lists in cells: hash their pickled form
            values = pickle.dumps(value, protocol=5)
        names = tuple(value.columns) if isinstance(value, pd.DataFrame) else value.name
        types = (tuple(map(str, value.dtypes)) if isinstance(value, pd.DataFrame)
                 else str(value.dtype))
        return (type(value).__name__, names, types, value.shape,
                hashlib.blake2b(values, digest_size=16).digest())
    if isinstance(value, dict):
        return ("dict", tuple((k, _key(v)) for k, v in sorted(value.items(), key=repr)))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_key(v) for v in value))
    if value is None or isinstance(value, str | int | float | bool):
        return (type(value).__name__, repr(value))
    try:
        return ("pickle", hashlib.blake2b(pickle.dumps(value, protocol=5),
                                          digest_size=16).digest())
    except Exception as error:  # noqa: BLE001 - not worth remembering, just draw
        raise _Unhashable from error


def memo(chart: Callable) -> Callable:
    """``chart``, returning the figure built before for equal arguments."""
    @wraps(chart)
    def remembered(*args, **kwargs):
        try:
            key = (chart.__module__, chart.__qualname__, _key(args), _key(kwargs))
        except _Unhashable:
            return chart(*args, **kwargs)
        with _lock:
            if key in _figures:
                _figures.move_to_end(key)
                return _figures[key]
        figure = chart(*args, **kwargs)
        with _lock:
            _figures[key] = figure
            while len(_figures) > SIZE:
                _figures.popitem(last=False)
        return figure
    return remembered


def forget() -> None:
    """Drop every remembered figure (for timing the first run after a restart)."""
    with _lock:
        _figures.clear()
