"""The product's rules in pandas, for the benchmark's baselines: the readiness formula
(see :mod:`implementation.scoring`), the indicator trend and the attention list (see
:mod:`implementation.store.monitoring_sql`). Both baselines call these same functions;
they differ in what they hand them (every row with a mask, or a sorted, typed slice).
Each returns exactly the columns and order of the store's query, so that the results
can be compared in full.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

READINESS_COLUMNS = ["assessment_id", "checklist_id", "intervention_id", "implementation_id",
                     "organisation_id", "assessed_on", "final"]
TREND_COLUMNS = ["indicator_id", "period_start", "period_end", "median", "p25", "p75", "low",
                 "high", "organisations", "share_met", "whole", "whole_met"]
ATTENTION_COLUMNS = ["reason", "indicator_id", "indicator", "intervention_id", "intervention",
                     "indicator_organisation_id", "level", "unit", "target_low", "target_high",
                     "frequency", "implementation_id", "organisation_id", "organisation",
                     "board_id", "since", "value", "due", "days_overdue", "example_target"]


def credits(nodes: pd.DataFrame) -> pd.DataFrame:
    """Per assessment and top-level item in scope: credit (NaN when not applicable),
    answered and nvt, computed from the deepest elements up.

    ``nodes``: one row per assessment x scored item in scope, with ``node`` (unique) and
    ``parent_node`` (the parent's node, or NA), ``depth``, ``answer`` (NA when
    unanswered), ``own_credit`` (NaN when the answer gives none) and ``own_nvt``.
    """
    below = None
    for depth in range(int(nodes["depth"].max()), -1, -1):
        here = nodes[nodes["depth"] == depth]
        unanswered = here["answer"].isna().to_numpy()
        own_nvt = here["own_nvt"].to_numpy(dtype=bool)
        own_credit = here["own_credit"].to_numpy(dtype=float)
        if below is not None and len(below):
            children = below.groupby("parent_node", sort=False).agg(
                decided=("decided", "any"), answered=("answered", "any"),
                all_nvt=("nvt", "all"), mean=("credit", "mean"))
            found = children.reindex(here["node"].to_numpy())
            decided_below = found["decided"].eq(True).to_numpy()
            answered_below = found["answered"].eq(True).to_numpy()
            all_nvt = found["all_nvt"].eq(True).to_numpy()
            mean = found["mean"].to_numpy(dtype=float)
        else:
            decided_below = answered_below = all_nvt = np.zeros(len(here), dtype=bool)
            mean = np.full(len(here), np.nan)
        credit = np.where(own_nvt, np.nan,
                          np.where(decided_below, mean,
                                   np.where(unanswered & all_nvt, np.nan,
                                            np.nan_to_num(own_credit, nan=0.0))))
        level = here.assign(credit=credit,
                            decided=~own_nvt & (decided_below | ~np.isnan(own_credit)),
                            answered=answered_below | ~unanswered,
                            nvt=own_nvt | (unanswered & all_nvt))
        below = level
    return below


def readiness(top: pd.DataFrame, chosen: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Readiness per assessment and group, as ``scoring.readiness_sql`` gives it.
    ``top``: :func:`credits` (with step and perspective); ``chosen``: the assessments."""
    subject = chosen[["id", "checklist_id", "intervention_id", "implementation_id",
                      "organisation_id", "assessed_on", "status"]].rename(
        columns={"id": "assessment_id"})
    grouped = top.assign(applicable=top["credit"].notna()).groupby(
        ["assessment_id", *keys], sort=False, dropna=False).agg(
        credit=("credit", "sum"), applicable=("applicable", "sum"),
        answered=("answered", "sum"), nvt=("nvt", "sum"), items=("credit", "size"))
    frame = grouped.reset_index().merge(subject, on="assessment_id")
    frame["final"] = frame["status"] == "final"
    frame["readiness"] = frame["credit"] / frame["applicable"].where(frame["applicable"] > 0)
    frame = frame.sort_values(["assessed_on", "assessment_id", *keys], kind="stable")
    return frame[[*READINESS_COLUMNS, *keys, "readiness", "credit", "applicable", "answered",
                  "nvt", "items"]].reset_index(drop=True)


def current_values(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The newest value per indicator, subject and period (rows of any order)."""
    rows = rows.sort_values("id", kind="stable")
    grouped = rows.groupby(keys, sort=False, dropna=False)
    return grouped.agg(period_end=("period_end", "max"),
                       value=("value", "last")).reset_index()


def _met(frame: pd.DataFrame, low, high) -> np.ndarray:
    value = frame["value"].to_numpy(dtype=float)
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    return (np.isnan(low) | (value >= low)) & (np.isnan(high) | (value <= high))


def trend(rows: pd.DataFrame, indicator: dict) -> pd.DataFrame:
    """Per period of one indicator: the statistics of TREND_SQL. ``rows``: every
    measurement row of the indicator, history included."""
    current = current_values(rows, ["implementation_id", "organisation_id", "period_start"])
    current["per_organisation"] = (current["implementation_id"].notna()
                                   | current["organisation_id"].notna()).to_numpy()
    current["met"] = _met(current, _number(indicator["target_low"]),
                          _number(indicator["target_high"]))
    local = current[current["per_organisation"]]
    whole = current[~current["per_organisation"]]
    by_period = local.groupby("period_start")["value"]
    stats = pd.DataFrame({"median": by_period.median(), "p25": by_period.quantile(0.25),
                          "p75": by_period.quantile(0.75), "low": by_period.min(),
                          "high": by_period.max(), "organisations": by_period.size(),
                          "share_met": local.groupby("period_start")["met"].mean()})
    whole_by = whole.groupby("period_start")
    stats = stats.join(pd.DataFrame({"whole": whole_by["value"].first(),
                                     "whole_met": whole_by["met"].any()}), how="outer")
    stats = stats.join(current.groupby("period_start")["period_end"].max())
    stats["organisations"] = stats["organisations"].fillna(0).astype("int64")
    stats["indicator_id"] = indicator["id"]
    return stats.sort_index().reset_index()[TREND_COLUMNS]


def _number(value) -> float:
    return np.nan if value is None or pd.isna(value) else float(value)


def attention(chosen: pd.DataFrame, rows: pd.DataFrame, running: pd.DataFrame,
              locations: pd.DataFrame, interventions: pd.Series, organisations: pd.DataFrame,
              today: date, every: dict[str, int]) -> pd.DataFrame:
    """Every rule of ATTENTION_SQL, without organisation filter and for a user who sees
    everything. ``chosen``: the indicators; ``rows``: their measurement rows;
    ``running``: the implementations of their interventions; ``locations``:
    organisations with ``parent_id``; ``interventions``: names by id;
    ``organisations``: name and parent_id by id; ``every``: days per frequency."""
    subject = ["indicator_id", "implementation_id", "organisation_id"]
    info = chosen.set_index("id")
    current = current_values(rows, [*subject, "period_start"])
    current["frequency"] = info["frequency"].reindex(current["indicator_id"]).to_numpy()
    current["met"] = _met(current, info["target_low"].reindex(current["indicator_id"]),
                          info["target_high"].reindex(current["indicator_id"]))
    current = current.sort_values([*subject, "period_start"], ascending=[True, True, True,
                                                                            False])
    two = current.groupby(subject, dropna=False, sort=False).head(2)
    pair = two.groupby(subject, dropna=False, sort=False).agg(
        count=("met", "size"), any_met=("met", "any"), frequency=("frequency", "first"),
        period_start=("period_start", "max"), value=("value", "first"),
        first_end=("period_end", "min"))
    consecutive = (pair["period_start"] - pair["first_end"]).dt.days == 1
    below = pair[(pair["count"] == 2) & ~pair["any_met"]
                 & ((pair["frequency"] == "lesson") | consecutive)].reset_index()
    below = below.assign(reason="streefwaarde niet gehaald", since=below["period_start"],
                         due=pd.NaT)
    whole = chosen["intervention_id"].notna()
    local = chosen[whole & (chosen["level"] != "macro")]
    expected = _stack([
        local[["id", "intervention_id", "frequency"]].merge(
            running[running["ended_on"].isna()][["id", "intervention_id", "organisation_id",
                                                 "started_on"]],
            on="intervention_id", suffixes=("", "_m")).rename(columns={
                "id": "indicator_id", "id_m": "implementation_id", "started_on": "since"}),
        chosen[whole & (chosen["level"] == "macro")].assign(
            implementation_id=np.nan, organisation_id=np.nan,
            since=lambda f: f["created_at"].dt.normalize()).rename(
                columns={"id": "indicator_id"}),
        _own_expected(chosen[~whole], locations)],
        ["indicator_id", "implementation_id", "organisation_id", "since", "frequency"])
    last = current.groupby(subject, dropna=False, sort=False).agg(
        last_start=("period_start", "max"), last_end=("period_end", "max")).reset_index()
    by_implementation = expected["implementation_id"].notna()
    missing = _stack([
        expected[by_implementation].merge(
            last.drop(columns="organisation_id"), how="left",
            on=["indicator_id", "implementation_id"]),
        expected[~by_implementation].merge(
            last[last["implementation_id"].isna()].drop(columns="implementation_id"),
            how="left", on=["indicator_id", "organisation_id"])],
        [*expected.columns, "last_start", "last_end"])
    days = pd.to_timedelta(missing["frequency"].map(every), unit="D")
    missing["due"] = missing["last_end"].fillna(missing["since"]) + days
    missing = missing[missing["due"] < pd.Timestamp(today)].assign(
        reason="meting ontbreekt", since=lambda f: f["last_start"], value=np.nan)
    found = _stack([below, missing], ["reason", *subject, "since", "value", "due"])
    found = found.merge(info[["name", "intervention_id", "organisation_id", "level", "unit",
                              "target_low", "target_high", "frequency"]].rename(columns={
                                  "name": "indicator", "organisation_id":
                                  "indicator_organisation_id"}),
                        left_on="indicator_id", right_index=True)
    found["intervention"] = interventions.reindex(found["intervention_id"]).to_numpy()
    names = organisations.reindex(found["organisation_id"])
    found["organisation"] = names["name"].to_numpy()
    found["board_id"] = names["parent_id"].to_numpy()
    found["days_overdue"] = (pd.Timestamp(today) - found["due"]).dt.days
    # whether the demo invented the target: a benchmark's data set holds no demo data
    found["example_target"] = False
    order = found.assign(_due_missing=found["due"].isna())
    order = order.sort_values(["reason", "_due_missing", "due", "since", "intervention",
                               "indicator", "organisation"],
                              ascending=[False, False, True, True, True, True, True],
                              na_position="last", kind="stable")
    return order[ATTENTION_COLUMNS].reset_index(drop=True)


def _stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Frames one below the other, with one dtype per column (ids as floats, dates as
    datetime64[ns]), so that an empty or all-missing part never decides a dtype."""
    kinds = {"implementation_id": "float64", "organisation_id": "float64",
             "indicator_id": "int64", "since": "datetime64[ns]", "due": "datetime64[ns]",
             "last_start": "datetime64[ns]", "last_end": "datetime64[ns]",
             "value": "float64"}
    parts = [f[columns].astype({c: k for c, k in kinds.items() if c in columns})
             for f in frames if len(f)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=kinds.get(c, object)) for c in columns})
    return pd.concat(parts, ignore_index=True)


def _own_expected(own: pd.DataFrame, locations: pd.DataFrame) -> pd.DataFrame:
    """An organisation's own indicator is expected at each of its locations (or at the
    organisation itself when it has none)."""
    if own.empty:
        return pd.DataFrame(columns=["indicator_id", "implementation_id", "organisation_id",
                                     "since", "frequency"])
    children = own.merge(locations[["id", "parent_id"]], left_on="organisation_id",
                         right_on="parent_id", suffixes=("", "_o"))
    alone = own[~own["organisation_id"].isin(locations["parent_id"])]
    columns = ["id", "organisation_id", "frequency", "created_at"]
    rows = pd.concat([f[columns] for f in (children.assign(organisation_id=children["id_o"]),
                                           alone) if len(f)])
    return rows.assign(indicator_id=rows["id"], implementation_id=np.nan,
                       since=rows["created_at"].dt.normalize())


def every_days() -> dict[str, int]:
    from .indicators import EXPECTED_EVERY
    return {f.value: int(d / timedelta(days=1)) for f, d in EXPECTED_EVERY.items()}
