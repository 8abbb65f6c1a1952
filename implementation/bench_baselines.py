"""The benchmark's two pandas baselines, each answering the store's read queries in full
(every column and row, see :mod:`implementation.bench_rules`).

- :class:`Naive`: every row of every table in one DataFrame each (``SELECT *``),
  filtered with a boolean mask over all of it, strings as Python objects; history
  resolved per query.
- :class:`Competent`: only the columns a query needs, strings as categorical codes
  (item ids and answers become small integers when loaded), the current answer per item
  resolved once when loading (as an in-memory application keeps its state), frames
  sorted by the key each query filters on and sliced with ``searchsorted``; then the
  same work as the store: the whole formula, all statistics of the trend, every rule of
  the attention list, the joins and the sort.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import bench_rules as rules
from .checklists import MAIN_CHECKLIST

ITEMS = 4096  # item codes stay below this: node key = assessment id * ITEMS + item code


class Naive:
    def __init__(self, con, targets: dict):
        self.t = targets
        frame = lambda table: con.execute(f"SELECT * FROM {table}").df()  # noqa: E731
        self.answers = frame("answers")
        self.assessments = frame("assessments")
        self.items = frame("checklist_items")
        self.scales = frame("checklist_scales")
        self.measurements = frame("measurements")
        self.indicators = frame("indicators")
        self.implementations = frame("implementations")
        self.organisations = frame("organisations")
        self.interventions = frame("interventions")

    def _readiness(self, chosen: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        subset = self.answers[self.answers["assessment_id"].isin(chosen["id"])]
        current = subset.sort_values("id").drop_duplicates(["assessment_id", "item_id"],
                                                           keep="last")
        nodes = chosen[["id", "checklist_id", "checklist_version", "perspectives"]].rename(
            columns={"id": "assessment_id"}).merge(self.items,
                                                   on=["checklist_id", "checklist_version"])
        in_scope = [not isinstance(scope, list | np.ndarray)  # NULL: every perspective
                    or (isinstance(p, str) and p in list(scope))
                    for scope, p in zip(nodes["perspectives"], nodes["perspective"],
                                        strict=True)]
        nodes = nodes[np.array(in_scope, dtype=bool)
                      & (nodes["kind"].fillna("question") == "question")]
        nodes = nodes.merge(current[["assessment_id", "item_id", "answer"]],
                            on=["assessment_id", "item_id"], how="left")
        scale = self.scales[["checklist_id", "checklist_version", "value", "credit"]].rename(
            columns={"value": "answer", "credit": "own_credit"}).assign(known=True)
        nodes = nodes.merge(scale, on=["checklist_id", "checklist_version", "answer"],
                            how="left")
        known = nodes["known"].notna().to_numpy()
        nodes["own_nvt"] = nodes["answer"].notna() & known & nodes["own_credit"].isna()
        nodes["node"] = nodes["assessment_id"].astype(str) + "|" + nodes["item_id"]
        nodes["parent_node"] = np.where(nodes["parent_id"].notna(),
                                        nodes["assessment_id"].astype(str) + "|"
                                        + nodes["parent_id"].fillna(""), None)
        return rules.readiness(rules.credits(nodes), chosen, keys)

    def _final(self, a: pd.DataFrame) -> pd.Series:
        return (a["status"] == "final") & (a["checklist_id"] == MAIN_CHECKLIST)

    def matrix(self):
        a = self.assessments
        return self._readiness(a[(a["intervention_id"] == self.t["intervention"])
                                 & a["implementation_id"].notna() & self._final(a)],
                               ["step", "perspective"])

    def latest(self):
        a = self.assessments
        whole = a[a["implementation_id"].isna() & a["intervention_id"].notna() & self._final(a)]
        newest = whole.sort_values(["assessed_on", "id"]).groupby(
            ["intervention_id", "checklist_id"]).tail(1)
        return self._readiness(newest, ["step", "perspective"])

    def board(self):
        a = self.assessments
        return self._readiness(a[a["implementation_id"].notna()
                                 & a["organisation_id"].isin(self.t["locations"])
                                 & self._final(a)], [])

    def trend(self):
        m, i = self.measurements, self.indicators
        indicator = i[i["id"] == self.t["indicator"]].iloc[0].to_dict()
        return rules.trend(m[m["indicator_id"] == self.t["indicator"]], indicator)

    def attention(self):
        i, m = self.indicators, self.measurements
        chosen = i[i["intervention_id"].isin([self.t["intervention"]])]
        running = self.implementations[self.implementations["intervention_id"].isin(
            chosen["intervention_id"])]
        return rules.attention(chosen, m[m["indicator_id"].isin(chosen["id"])], running,
                               self.organisations, self.interventions.set_index("id")["name"],
                               self.organisations.set_index("id")[["name", "parent_id"]],
                               self.t["today"], rules.every_days())


class Competent:
    def __init__(self, con, targets: dict):
        self.t = targets
        items = con.execute("""SELECT checklist_id, checklist_version, item_id, parent_id,
                step, perspective, motivating, depth, coalesce(kind, 'question') AS kind
            FROM checklist_items ORDER BY checklist_id, checklist_version, position""").df()
        items["code"] = np.arange(len(items), dtype=np.int32)
        assert len(items) < ITEMS
        code_of = dict(zip(zip(items["checklist_id"], items["checklist_version"],
                               items["item_id"], strict=True), items["code"], strict=True))
        items["parent_code"] = [code_of.get((c, v, p), -1) for c, v, p in zip(
            items["checklist_id"], items["checklist_version"], items["parent_id"].fillna(""),
            strict=True)]
        items["perspective"] = items["perspective"].astype("category")
        self.items = items
        scales = con.execute("SELECT checklist_id, checklist_version, value, credit "
                             "FROM checklist_scales").df()
        values = sorted(set(scales["value"]))
        versions = items[["checklist_id", "checklist_version"]].drop_duplicates()
        version_of = {k: n for n, k in enumerate(zip(versions["checklist_id"],
                                                     versions["checklist_version"],
                                                     strict=True))}
        self.item_version = np.array([version_of[k] for k in zip(
            items["checklist_id"], items["checklist_version"], strict=True)])
        self.credit = np.full((len(version_of), len(values) + 1), np.nan)
        self.known = np.zeros((len(version_of), len(values) + 1), dtype=bool)
        for c, v, value, credit in scales.itertuples(index=False):
            self.credit[version_of[(c, v)], values.index(value)] = credit
            self.known[version_of[(c, v)], values.index(value)] = True
        # the current answer per item, as codes; loaded once (the state kept in memory)
        con.register("bench_item_codes", items[["checklist_id", "checklist_version",
                                                "item_id", "code"]])
        con.register("bench_values", pd.DataFrame({"value": values,
                                                   "n": np.arange(len(values))}))
        current = con.execute("""
            SELECT c.assessment_id, k.code::SMALLINT AS item,
                   coalesce(v.n, -1)::TINYINT AS answer
            FROM (SELECT assessment_id, item_id, arg_max_null(answer, id) AS answer
                  FROM answers GROUP BY assessment_id, item_id) c
            JOIN assessments a ON a.id = c.assessment_id
            JOIN bench_item_codes k ON k.checklist_id = a.checklist_id
                 AND k.checklist_version = a.checklist_version AND k.item_id = c.item_id
            LEFT JOIN bench_values v ON v.value = c.answer
            ORDER BY c.assessment_id, item""").fetchnumpy()
        con.unregister("bench_item_codes")
        con.unregister("bench_values")
        self.answer_key = (current["assessment_id"].astype(np.int64) * ITEMS
                           + current["item"].astype(np.int64))
        self.answer_code = current["answer"].astype(np.int8)
        a = con.execute("""SELECT id, checklist_id, checklist_version, intervention_id,
                implementation_id, organisation_id, assessed_on, status,
                coalesce(array_to_string(perspectives, ','), '*') AS scope
            FROM assessments""").df()
        for column in ("checklist_id", "checklist_version", "status", "scope"):
            a[column] = a[column].astype("category")
        self.by_intervention = a.sort_values(["intervention_id", "assessed_on", "id"],
                                             na_position="last").reset_index(drop=True)
        self.by_organisation = a.sort_values(["organisation_id", "id"],
                                             na_position="last").reset_index(drop=True)
        m = con.execute("""SELECT id, indicator_id, implementation_id, organisation_id,
                period_start, period_end, value FROM measurements
            ORDER BY indicator_id, id""").df()
        self.measurements = m
        self.measurement_keys = m["indicator_id"].to_numpy()
        self.indicators = con.execute("""SELECT id, intervention_id, organisation_id, name,
                level, unit, target_low, target_high, frequency, created_at
            FROM indicators ORDER BY intervention_id, id""").df()
        self.indicator_rows = self.indicators.set_index("id")
        self.implementations = con.execute("""SELECT id, intervention_id, organisation_id,
                started_on, ended_on FROM implementations ORDER BY intervention_id, id""").df()
        self.organisations = con.execute(
            "SELECT id, name, parent_id FROM organisations ORDER BY id").df().set_index("id")
        self.interventions = con.execute(
            "SELECT id, name FROM interventions ORDER BY id").df().set_index("id")["name"]

    @staticmethod
    def _slice(frame: pd.DataFrame, column: str, low, high=None) -> pd.DataFrame:
        keys = frame[column].to_numpy()
        start = np.searchsorted(keys, low, "left")
        return frame.iloc[start:np.searchsorted(keys, low if high is None else high, "right")]

    def _nodes(self, chosen: pd.DataFrame) -> pd.DataFrame:
        parts = []
        for (checklist, version, scope), group in chosen.groupby(
                ["checklist_id", "checklist_version", "scope"], observed=True):
            items = self.items[(self.items["checklist_id"] == checklist)
                               & (self.items["checklist_version"] == version)
                               & (self.items["kind"] == "question")]
            if scope != "*":
                items = items[items["perspective"].isin(scope.split(","))]
            ids = np.sort(group["id"].to_numpy().astype(np.int64))
            codes = items["code"].to_numpy().astype(np.int64)
            node = (np.repeat(ids, len(codes)) * ITEMS + np.tile(codes, len(ids)))
            lo = np.searchsorted(self.answer_key, ids[0] * ITEMS)
            hi = np.searchsorted(self.answer_key, (ids[-1] + 1) * ITEMS)
            keys = self.answer_key[lo:hi]
            at = np.minimum(np.searchsorted(keys, node), max(len(keys) - 1, 0))
            hit = (keys[at] == node) if len(keys) else np.zeros(len(node), dtype=bool)
            answer = np.where(hit, self.answer_code[lo:hi][at] if len(keys) else -1, -1)
            version_no = self.item_version[codes][0]
            own_credit = np.where(answer >= 0, self.credit[version_no, answer], np.nan)
            known = (answer >= 0) & self.known[version_no, answer]
            parent = np.tile(items["parent_code"].to_numpy().astype(np.int64), len(ids))
            parts.append(pd.DataFrame({
                "assessment_id": np.repeat(ids, len(codes)), "node": node,
                "parent_node": np.where(parent >= 0, node - node % ITEMS + parent, -1),
                "depth": np.tile(items["depth"].to_numpy(), len(ids)),
                "step": np.tile(items["step"].to_numpy(), len(ids)),
                "perspective": pd.Categorical(np.tile(items["perspective"].to_numpy(),
                                                      len(ids))),
                "answer": np.where(answer >= 0, answer, np.nan), "own_credit": own_credit,
                "own_nvt": known & np.isnan(own_credit)}))
        return pd.concat(parts, ignore_index=True)

    def _readiness(self, chosen: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        chosen = chosen.assign(checklist_id=chosen["checklist_id"].astype(str),
                               status=chosen["status"].astype(str))
        top = rules.credits(self._nodes(chosen))
        if "perspective" in keys:
            top = top.assign(perspective=top["perspective"].astype(str))
        return rules.readiness(top, chosen, keys)

    @staticmethod
    def _final(a: pd.DataFrame) -> pd.Series:
        return (a["status"] == "final") & (a["checklist_id"] == MAIN_CHECKLIST)

    def matrix(self):
        a = self._slice(self.by_intervention, "intervention_id", self.t["intervention"])
        return self._readiness(a[a["implementation_id"].notna() & self._final(a)],
                               ["step", "perspective"])

    def latest(self):
        a = self._slice(self.by_intervention, "intervention_id", 1, np.inf)
        whole = a[a["implementation_id"].isna() & self._final(a)]
        newest = whole.drop_duplicates("intervention_id", keep="last")
        return self._readiness(newest, ["step", "perspective"])

    def board(self):
        a = pd.concat([self._slice(self.by_organisation, "organisation_id", o)
                       for o in sorted(self.t["locations"])])
        return self._readiness(a[a["implementation_id"].notna() & self._final(a)], [])

    def _rows(self, indicator_id: int) -> pd.DataFrame:
        return self._slice(self.measurements, "indicator_id", indicator_id)

    def trend(self):
        row = self.indicator_rows.loc[self.t["indicator"]].to_dict()
        return rules.trend(self._rows(self.t["indicator"]), row | {"id": self.t["indicator"]})

    def attention(self):
        chosen = self._slice(self.indicators, "intervention_id", self.t["intervention"])
        rows = pd.concat([self._rows(i) for i in chosen["id"]])
        running = self._slice(self.implementations, "intervention_id", self.t["intervention"])
        return rules.attention(chosen, rows, running, self.organisations.reset_index(),
                               self.interventions, self.organisations, self.t["today"],
                               rules.every_days())
