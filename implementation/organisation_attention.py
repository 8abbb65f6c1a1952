"""The attention list of an organisation: one list across everything its locations run,
its own indicators and its own checklist, most urgent first (see :func:`attention_list`).
Pure functions on the frames :func:`.organisation_view.gather` reads."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .indicators import period_label, target_text
from .vocabulary import CLOSED_ACTION_STATUSES, ActionStatus

# An organisation's own checklist (the board's obligations) is scored once a school year:
# a location whose latest assessment is older than this needs one.
OWN_CHECKLIST_EVERY = timedelta(days=366)
# Urgency: what is wrong with outcomes first, then late work, then missing figures.
URGENCY = {"target": 1, "action": 2, "measurement": 3, "checklist": 4}
REASONS = {"target": "Streefwaarde 2× gemist",
           "action": "Actie over de streefdatum",
           "measurement": "Meting ontbreekt",
           "checklist": "Jaarlijkse beoordeling ontbreekt"}


def attention_list(alerts: pd.DataFrame, actions: pd.DataFrame, own: list,
                   today: date, locations: dict | None = None) -> pd.DataFrame:
    """One list across everything an organisation's locations run and its own indicators
    and checklist, most urgent first: indicators below target two periods in a row, open
    actions past their due date, missing measurements, and locations whose own
    checklist was not assessed in the past year (or never, while others did: ``locations``
    maps the locations that should, id to name). Within each kind the longest overdue
    comes first. ``own``: the organisation's own checklists
    (:class:`.organisation_view.OwnChecklist`: ``checklist`` and its ``history``)."""
    rows = []
    for a in alerts.to_dict("records"):
        kind = "target" if a["reason"] == "streefwaarde niet gehaald" else "measurement"
        period = (period_label(pd.Timestamp(a["since"]).date(), a["frequency"])
                  if pd.notna(a["since"]) else "nog nooit gemeten")
        if kind == "measurement":
            late = int(a["days_overdue"]) if pd.notna(a["days_overdue"]) else 0
            severity = late
        else:   # how far below the target, as a share of the target
            late, severity = None, _shortfall(a)
        rows.append({"kind": kind, "what": a["indicator"], "severity": severity,
                     "organisation": a["organisation"] if pd.notna(a["organisation"])
                     else "interventie als geheel",
                     "intervention": a["intervention"] if pd.notna(a["intervention"])
                     else "eigen indicator",
                     "detail": (f"{period}: {_number(a['value'])} ({target_text(a)})"
                                if kind == "target" else f"laatste periode: {period}"),
                     "due": a["due"] if kind == "measurement" else None, "days": late})
    if len(actions):
        late = actions[actions["overdue"].fillna(False).astype(bool)
                       & ~actions["status"].isin(CLOSED_ACTION_STATUSES)]
        for a in late.to_dict("records"):
            days = (today - pd.Timestamp(a["due_on"]).date()).days
            rows.append({"kind": "action", "what": a["description"], "severity": days,
                         "organisation": a["organisation"] if pd.notna(a["organisation"])
                         else "interventie als geheel",
                         "intervention": a["intervention"] if pd.notna(a["intervention"])
                         else "eigen checklist",
                         "detail": f"{a['responsible']} · "
                                   f"{ActionStatus.label_of(a['status'])}",
                         "due": a["due_on"], "days": days})
    for checklist in own:
        newest = checklist.history.groupby("organisation_id")["assessed_on"].max()
        for location, name in (locations or {}).items():
            if location not in newest.index:     # the others score it; this one never did
                rows.append({"kind": "checklist", "what": checklist.checklist.display_title,
                             "severity": float("inf"), "organisation": name,
                             "intervention": "eigen checklist",
                             "detail": "nog nooit beoordeeld", "due": None, "days": None})
        for location, last in newest.items():
            last = pd.Timestamp(last).date()
            due = last + OWN_CHECKLIST_EVERY
            if due < today:
                name = checklist.history.loc[checklist.history["organisation_id"] == location,
                                             "location"].iloc[0]
                rows.append({"kind": "checklist", "what": checklist.checklist.display_title,
                             "severity": (today - due).days,
                             "organisation": name, "intervention": "eigen checklist",
                             "detail": f"laatste beoordeling {last:%d-%m-%Y}", "due": due,
                             "days": (today - due).days})
    frame = pd.DataFrame(rows, columns=["kind", "what", "severity", "organisation",
                                        "intervention", "detail", "due", "days"])
    if frame.empty:
        return frame.assign(urgency=pd.Series(dtype=int), reason=pd.Series(dtype=str))
    frame = frame.assign(urgency=frame["kind"].map(URGENCY), reason=frame["kind"].map(REASONS))
    frame["days"] = frame["days"].astype("Int64")
    return frame.sort_values(["urgency", "severity", "organisation", "what"],
                             ascending=[True, False, True, True]).reset_index(drop=True)


def _shortfall(alert: dict) -> float:
    """How far a value is on the wrong side of its target, as a share of that target."""
    value = float(alert["value"]) if pd.notna(alert["value"]) else 0.0
    low, high = alert["target_low"], alert["target_high"]
    if pd.notna(low) and value < low:
        return (low - value) / max(abs(low), 1e-9)
    if pd.notna(high) and value > high:
        return (value - high) / max(abs(high), 1e-9)
    return 0.0


def _number(value) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{float(value):g}".replace(".", ",")


def attention_rows(attention: pd.DataFrame) -> pd.DataFrame:
    """The attention list as a user reads it (Dutch headers)."""
    return pd.DataFrame({
        "Wat": attention["reason"], "Onderwerp": attention["what"],
        "Locatie": attention["organisation"], "Van": attention["intervention"],
        "Stand": attention["detail"],
        "Uiterlijk": pd.to_datetime(attention["due"]).dt.date,
        "Dagen te laat": attention["days"]})
