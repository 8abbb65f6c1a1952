"""View models: small pure functions that shape store results into what a page shows.

Kept out of the pages so that they can be tested without Streamlit.
"""
from __future__ import annotations

import pandas as pd

from .charts import SHORT_PERSPECTIVE
from .scoring import stage_reached

PERSPECTIVE_COLUMNS = ["macro", "content", "meso", "micro"]


def intervention_overview(interventions: pd.DataFrame, overall: pd.DataFrame,
                          perspective: pd.DataFrame, stage: pd.DataFrame) -> pd.DataFrame:
    """One row per intervention: profile, latest assessment date, readiness (percent),
    readiness per perspective and the stage reached."""
    table = interventions[["id", "name", "aansturing", "doel_verspreiding"]].copy()
    table = table.merge(overall[["intervention_id", "assessed_on", "readiness"]],
                        left_on="id", right_on="intervention_id", how="left")
    if not perspective.empty:
        wide = perspective.pivot_table(index="intervention_id", columns="perspective",
                                       values="readiness", aggfunc="first")
        wide = wide.reindex(columns=PERSPECTIVE_COLUMNS)
        table = table.merge(wide, left_on="id", right_index=True, how="left")
    else:
        for key in PERSPECTIVE_COLUMNS:
            table[key] = float("nan")
    reached = stage_reached(stage)[["intervention_id", "stage_reached"]]
    table = table.merge(reached, left_on="id", right_on="intervention_id", how="left")
    result = pd.DataFrame({
        "Interventie": table["name"],
        "Aansturing": table["aansturing"],
        "Doel van verspreiding": table["doel_verspreiding"],
        "Laatste beoordeling": pd.to_datetime(table["assessed_on"]).dt.strftime("%d-%m-%Y"),
        "Gereedheid": (table["readiness"] * 100).round(0),
        **{SHORT_PERSPECTIVE[key].capitalize(): (table[key] * 100).round(0).map(_pct)
           for key in PERSPECTIVE_COLUMNS},
        "Bereikt stadium": table["stage_reached"].fillna("nog geen").str.capitalize(),
    })
    return result.sort_values("Interventie").reset_index(drop=True)


def _pct(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0f}%"


def latest_per(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of the newest assessment per value of ``key`` (e.g. implementation_id)."""
    if frame.empty:
        return frame
    newest = frame.groupby(key)["assessed_on"].transform("max")
    return frame[frame["assessed_on"] == newest]


def change(frame: pd.DataFrame) -> tuple[float | None, float | None]:
    """The latest readiness and its change since the previous assessment (fractions)."""
    ordered = frame.dropna(subset=["readiness"]).sort_values(["assessed_on", "assessment_id"])
    if ordered.empty:
        return None, None
    latest = float(ordered["readiness"].iloc[-1])
    if len(ordered) < 2:
        return latest, None
    return latest, latest - float(ordered["readiness"].iloc[-2])


def label_implementations(frame: pd.DataFrame, implementations: pd.DataFrame) -> pd.DataFrame:
    """Add ``organisation``, ``intervention`` and ``label`` ("school · interventie") to rows
    that have an ``implementation_id``."""
    if frame.empty:
        return frame.assign(organisation=[], label=[])
    names = implementations[["id", "organisation", "intervention"]].rename(
        columns={"id": "implementation_id"})
    data = frame.drop(columns=[c for c in ("organisation", "intervention") if c in frame])
    data = data.merge(names, on="implementation_id", how="left")
    data["label"] = data["organisation"] + " · " + data["intervention"]
    return data


def filter_interventions(interventions: pd.DataFrame, stages: pd.DataFrame,
                         aansturing: list[str], doel: list[str],
                         reached: list[str]) -> pd.DataFrame:
    """Interventions matching the chosen profile values and stage reached (empty = all).

    ``stages`` is the latest readiness per stage; its stage reached is added as a column.
    """
    stage = stage_reached(stages)[["intervention_id", "stage_reached"]]
    data = interventions.merge(stage, left_on="id", right_on="intervention_id", how="left")
    data["stage_reached"] = data["stage_reached"].fillna("nog geen")
    keep = pd.Series(True, index=data.index)
    if aansturing:
        keep &= data["aansturing"].isin(aansturing)
    if doel:
        keep &= data["doel_verspreiding"].isin(doel)
    if reached:
        keep &= data["stage_reached"].isin(reached)
    return data[keep].drop(columns="intervention_id")


def attention_table(attention: pd.DataFrame) -> pd.DataFrame:
    """The attention list as a user reads it."""
    return pd.DataFrame({
        "Reden": attention["reason"].str.capitalize(),
        "Indicator": attention["indicator"],
        "Organisatie": attention["organisation"].fillna("interventie als geheel"),
        "Laatste periode vanaf": pd.to_datetime(attention["since"]).dt.strftime("%d-%m-%Y")
        .fillna("nog nooit gemeten"),
        "Laatste waarde": attention["value"].map(lambda v: "–" if pd.isna(v) else f"{v:g}"),
        "Meting verwacht uiterlijk": pd.to_datetime(attention["due"]).dt.strftime("%d-%m-%Y")
        .fillna("–"),
    })


def point_text(checklist, item_id: str) -> str:
    """An element with the items it belongs to, e.g. 'Er is een trainingshandleiding … ›
    Doel › competenties …', so that it reads on its own."""
    parts, item = [], checklist.item(item_id)
    while True:
        parts.append(item.text)
        if item.parent is None or not checklist.has_item(item.parent):
            break
        item = checklist.item(item.parent)
    return " › ".join(reversed(parts))


def work_order(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions as they should be worked on: overdue first, then open ones by due date,
    finished ones last."""
    key = actions.assign(_done=actions["status"] == "done",
                         _on_time=~actions["overdue"].fillna(False).astype(bool))
    return actions.loc[key.sort_values(["_done", "_on_time", "due_on", "id"],
                                       na_position="last").index]
