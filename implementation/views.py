"""View models: small pure functions that shape store results into what a page shows.

Kept out of the pages so that they can be tested without Streamlit. Percentages
come back as numbers 0-100 (for progress columns) or as Dutch text ("72%").
"""
from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd

from .indicators import period_label
from .vocabulary import CLOSED_ACTION_STATUSES, ActionStatus, AuditAction, Perspective, Stage


def short(value, length: int = 140) -> str:
    """A text on one line of at most ``length`` characters, cut with '…'."""
    value = " ".join(str(value).split())
    return value if len(value) <= length else value[:length - 1].rstrip() + "…"


def _pct(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value) * 100:.0f}%"


def intervention_overview(interventions: pd.DataFrame, overall: pd.DataFrame,
                          perspective: pd.DataFrame, stages: pd.DataFrame,
                          threshold: float | None) -> pd.DataFrame:
    """One row per intervention: the latest assessment of it as a whole, its readiness
    (0-100), how many items are answered and n.v.t., readiness per perspective, and the
    stages reached (by the checklist's threshold)."""
    table = interventions[["id", "name"]].merge(
        overall[["intervention_id", "assessed_on", "readiness", "answered", "nvt", "items"]],
        left_on="id", right_on="intervention_id", how="left")
    wide = (perspective.pivot_table(index="intervention_id", columns="perspective",
                                    values="readiness", aggfunc="first")
            if not perspective.empty else pd.DataFrame())
    wide = wide.reindex(columns=Perspective.keys())
    table = table.merge(wide, left_on="id", right_index=True, how="left")
    reached = {}
    if not stages.empty and threshold is not None:
        hit = stages[stages["readiness"] >= threshold - 1e-9]
        for intervention, group in hit.groupby("intervention_id"):
            keys = [s for s in Stage.keys() if s in set(group["stage"])]
            reached[intervention] = ", ".join(Stage(s).label for s in keys)
    assessed = table["assessed_on"].notna()
    result = pd.DataFrame({
        "Interventie": table["name"],
        "Gereedheid": (table["readiness"] * 100).round(0),
        "Beantwoord": [f"{int(a)} van {int(n)}" if ok else "–" for a, n, ok in
                       zip(table["answered"].fillna(0), table["items"].fillna(0), assessed,
                           strict=True)],
        "N.v.t.": table["nvt"].astype("Int64"),
        **{Perspective(key).short.capitalize(): table[key].map(_pct)
           for key in Perspective.keys()},
        "Stadia bereikt": [reached.get(i, "geen") if ok else "–"
                           for i, ok in zip(table["id"], assessed, strict=True)],
        "Laatste beoordeling": pd.to_datetime(table["assessed_on"]).dt.strftime("%d-%m-%Y")
        .fillna("nog geen"),
    })
    return result.sort_values("Interventie").reset_index(drop=True)


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


def point_text(checklist, item_id: str) -> str:
    """An element with the items it belongs to ("Er is een trainingshandleiding … ›
    Doel › competenties …"), so that it reads on its own. An item the checklist no
    longer holds is shown by its id."""
    if not checklist.has_item(item_id):
        return f"{item_id} (niet meer in deze versie van de checklist)"
    parts, item = [], checklist.item(item_id)
    while True:
        parts.append(item.text)
        if item.parent is None or not checklist.has_item(item.parent):
            break
        item = checklist.item(item.parent)
    return " › ".join(reversed(parts))


def team_mean(comparison: pd.DataFrame) -> tuple[float | None, int]:
    """Before a team has answers of its own: the mean credit of the members' answers over
    the scored lines that at least one member answered, and how many lines that is."""
    if comparison.empty:
        return None, 0
    credits = comparison["mean_credit"].dropna().astype(float)
    return (float(credits.mean()) if len(credits) else None), len(credits)


def work_order(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions as they should be worked on: overdue first, then open ones by due date,
    closed ones (done, withdrawn) last."""
    key = actions.assign(_closed=actions["status"].isin(CLOSED_ACTION_STATUSES),
                         _on_time=~actions["overdue"].fillna(False).astype(bool))
    return actions.loc[key.sort_values(["_closed", "_on_time", "due_on", "id"],
                                       na_position="last").index]


def action_summary(actions: pd.DataFrame) -> tuple[int, int]:
    """(open actions, of which overdue)."""
    if actions.empty:
        return 0, 0
    open_ = actions[~actions["status"].isin(CLOSED_ACTION_STATUSES)]
    return len(open_), int(open_["overdue"].fillna(False).astype(bool).sum())


def attention_table(attention: pd.DataFrame) -> pd.DataFrame:
    """The attention list as a user reads it, most urgent first."""
    def value(number) -> str:
        return "–" if pd.isna(number) else f"{number:g}".replace(".", ",")

    return pd.DataFrame({
        "Reden": attention["reason"].str.capitalize(),
        "Indicator": attention["indicator"],
        "Van": attention["intervention"].fillna("eigen indicator"),
        "Organisatie": [o if pd.notna(o) else "interventie als geheel"
                        for o in attention["organisation"]],
        "Laatste periode": [period_label(pd.Timestamp(s).date(), f) if pd.notna(s)
                            else "nog nooit gemeten"
                            for s, f in zip(attention["since"], attention["frequency"],
                                            strict=True)],
        "Laatste waarde": [value(v) for v in attention["value"]],
        "Meting verwacht uiterlijk": pd.to_datetime(attention["due"]).dt.strftime("%d-%m-%Y")
        .fillna("–"),
    })


# -- the audit trail as a user reads it ------------------------------------------------------

_AUDIT_VALUES = {"draft": "concept", "final": "definitief", True: "ja", False: "nee",
                 **ActionStatus.labels()}
_AUDIT_KEYS = {"checklist": "checklist", "version": "versie", "assessed_on": "datum",
               "respondent": "ingevuld door", "team": "teambeoordeling",
               "carried_over_from": "antwoorden overgenomen van beoordeling",
               "item": "item", "teamlid": "teamlid", "login": "gebruiker", "name": "naam",
               "role": "rol", "active": "actief", "started_on": "startdatum",
               "ended_on": "einddatum", "owner": "eigenaar", "licence": "licentie",
               "description": "omschrijving", "aansturing": "aansturing",
               "doel_verspreiding": "doel van verspreiding", "dei_status": "DEI-status",
               "place": "plaats", "kind": "soort", "parent_id": "bestuur",
               "value": "waarde", "note": "toelichting"}


def audit_action(action: str | None) -> str:
    """An audit action (``action.add``) as a user reads it ("verbeteractie vastgelegd")."""
    return AuditAction.label_of(action)


def audit_values(raw, item_text: Callable[[str], str | None], limit: int = 400) -> str:
    """The old or new values of an audit entry (JSON) as a sentence: item ids as their
    text, keys and statuses in Dutch, empty values left out."""
    if raw is None or (not isinstance(raw, str | dict) and pd.isna(raw)):
        return ""
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return str(raw)[:limit]

    def value(v) -> str:
        if isinstance(v, dict):
            parts = [f"{_AUDIT_KEYS.get(k, k)} {value(x)}" for k, x in v.items()
                     if x is not None and x != ""]
            return ", ".join(parts) if parts else "leeg"
        if isinstance(v, list):
            return ", ".join(value(x) for x in v)
        if v is None:
            return "leeg"
        if isinstance(v, str) and "." in v and item_text(v):
            return f"“{item_text(v)}”"
        return str(_AUDIT_VALUES.get(v, v)) if isinstance(v, str | bool) else str(v)

    def name(key: str) -> str:
        if key in AuditAction.keys():
            return audit_action(key)
        text = item_text(key) if "." in key else None
        return f"“{text}”" if text else _AUDIT_KEYS.get(key, key)

    def render(d) -> str:
        if not isinstance(d, dict):
            return value(d)
        parts = []
        for k, v in d.items():
            if k in AuditAction.keys() and isinstance(v, dict):
                parts.append(f"{audit_action(k)}: {render(v)}")
            elif v is not None and v != "":
                parts.append(f"{name(k)}: {value(v)}")
        return "; ".join(parts)

    text = render(data)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def audit_table(entries: pd.DataFrame, checklists: dict) -> pd.DataFrame:
    """The audit trail as a user reads it (Logboek and its CSV): Dutch names of what
    happened, item texts instead of ids, old and new values as sentences, no raw JSON."""
    def item_text(item_id: str) -> str | None:
        for checklist in checklists.values():
            if checklist.has_item(item_id):
                return short(point_text(checklist, item_id), 90)
        return None

    return pd.DataFrame({
        "Tijdstip": entries["at"],
        "Gebruiker": entries["user_name"],
        "Handeling": entries["action"].map(audit_action),
        "Interventie": entries["intervention"].fillna(""),
        "Organisatie": entries["organisation"].fillna(""),
        "Oud": entries["old_values"].map(lambda v: audit_values(v, item_text)),
        "Nieuw": entries["new_values"].map(lambda v: audit_values(v, item_text)),
        "Toelichting": entries["detail"].fillna(""),
    })

