"""The view of one organisation (a board with its locations, or a school): everything its
locations run, its own checklist and its own indicators, in one place.

:func:`gather` reads it through a *reader* that has the store's parts: the page passes
``shell.read`` (cached, scoped to the logged-in user), the report passes the user's
database. Both give the same frames, so the page and the PDF can never disagree. The
rest are small pure functions that shape those frames (tested without Streamlit).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .checklists import MAIN_CHECKLIST, Checklist
from .organisation_attention import attention_list
from .vocabulary import CLOSED_ACTION_STATUSES, Stage

EXAMPLE = " (voorbeeld)"
NOT_RUN, NOT_ASSESSED, ASSESSED = "not_run", "not_assessed", "assessed"


def short_name(name: str, board: str | None) -> str:
    """A location's name without its board's name in front and with '(vb.)' for
    '(voorbeeld)': "Melanchthon locatie 2 (voorbeeld)" -> "locatie 2 (vb.)", so that nine
    names fit beside a chart on a phone."""
    text = str(name)
    if board and text.startswith(board + " ") and len(text) > len(board) + 1:
        text = text[len(board) + 1:]
    return text.replace(EXAMPLE, " (vb.)")


def school_year(day) -> str:
    """'2024-2025' for any day from 1 August 2024 up to 31 July 2025."""
    day = pd.Timestamp(day)
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


@dataclass
class OwnChecklist:
    """An organisation's own checklist (e.g. the board's obligations), per location."""

    checklist: Checklist
    latest: pd.DataFrame       # per location x step of its latest final assessment
    history: pd.DataFrame      # per location x final assessment: overall readiness
    median: pd.DataFrame       # per school year: the median over the locations
    points: pd.DataFrame = field(default_factory=pd.DataFrame)   # per location: open points


@dataclass
class OrganisationView:
    organisation: dict
    within: list[int]                 # the organisation and its locations the user sees
    locations: pd.DataFrame           # id, name, short (the organisation itself if none)
    implementations: pd.DataFrame     # running implementations at those locations
    cells: pd.DataFrame               # one row per implementation (see :func:`cells`)
    grid: pd.DataFrame                # every location x every intervention run there
    history: pd.DataFrame             # readiness per implementation per final assessment
    median: pd.DataFrame              # the board's median readiness per school year
    actions: pd.DataFrame
    attention: pd.DataFrame           # one list across everything, most urgent first
    own: list[OwnChecklist]
    indicators: pd.DataFrame          # the organisation's own indicators
    values: pd.DataFrame              # latest value per indicator and subject

    @property
    def has_locations(self) -> bool:
        return bool(self.locations["is_location"].any()) if len(self.locations) else False


def gather(read, checklists: dict, organisation_id: int, today: date,
           points: bool = False) -> OrganisationView:
    """Everything the organisation's page and report show, read through ``read``."""
    organisation = read.registry.organisation(organisation_id)
    within = read.registry.descendants_visible(organisation_id)
    locations = read.registry.locations(organisation_id)
    if locations.empty:      # a school without locations is its own single location
        locations = pd.DataFrame({"id": [int(organisation["id"])],
                                  "name": [organisation["name"]], "is_location": [False]})
    else:
        locations = locations[["id", "name"]].assign(is_location=True)
    locations = locations.assign(short=locations["name"].map(
        lambda n: short_name(n, organisation["name"])))
    implementations = read.registry.implementations(organisation_ids=within)
    implementations = implementations[implementations["ended_on"].isna()]
    history = read.readiness.readiness(organisation_id, "overall", "locations")
    stages = read.readiness.readiness(organisation_id, "stage", "locations")
    actions = read.actions.list(subject="organisations", organisation_ids=within, today=today)
    values = read.monitoring.latest_values(within)
    alerts = read.monitoring.attention(today, None, within)
    main = checklists.get(MAIN_CHECKLIST)
    threshold = main.spec.stage_reached_at if main is not None else None
    table = cells(implementations, history, stages, actions, values, alerts, threshold)
    shorts = dict(zip(locations["id"], locations["short"], strict=True))
    table = table.assign(short=table["organisation_id"].map(shorts).fillna(
        table["organisation"]))
    history = history.merge(implementations[["id", "organisation_id", "organisation",
                                             "intervention"]].rename(
        columns={"id": "implementation_id", "organisation_id": "location_id"}),
        on="implementation_id", how="inner")
    history = history.assign(short=history["location_id"].map(shorts).fillna(
        history["organisation"]))
    own = []
    for checklist in checklists.values():
        if checklist.has_perspectives:
            continue
        found = own_checklist(read, checklist, organisation_id, locations, within, points)
        if found is not None:
            own.append(found)
    indicators = read.monitoring.indicators(organisation_id=organisation_id,
                                            kind="organisation")
    names = dict(zip(locations["id"], locations["name"], strict=True))
    attention = attention_list(alerts, actions, own, today,
                               {i: n for i, n in names.items() if i in within})
    return OrganisationView(organisation, within, locations, implementations, table,
                            grid(locations, table), history, yearly_median(history),
                            actions, attention, own, indicators, values)


def own_checklist(read, checklist: Checklist, organisation_id: int, locations: pd.DataFrame,
                  within: list[int], points: bool = False) -> OwnChecklist | None:
    latest = read.readiness.readiness(organisation_id, "step", "organisation", checklist.id,
                                      latest_only=True)
    history = read.readiness.readiness(organisation_id, "overall", "organisation",
                                       checklist.id)
    if history.empty:
        return None
    names = dict(zip(locations["id"], locations["name"], strict=True))
    shorts = dict(zip(locations["id"], locations["short"], strict=True))
    latest = latest.assign(location=latest["organisation_id"].map(names),
                           short=latest["organisation_id"].map(shorts),
                           part=latest["step"].map(checklist.step_title))
    history = history.assign(location=history["organisation_id"].map(names),
                             short=history["organisation_id"].map(shorts))
    found = pd.DataFrame()
    if points:
        frames = [read.actions.improvement_points(None, None, checklist.id, int(location))
                  .assign(organisation_id=int(location))
                  for location in locations["id"] if int(location) in within]
        frames = [f for f in frames if len(f)]
        if frames:
            found = pd.concat(frames, ignore_index=True)
            found = found.assign(location=found["organisation_id"].map(names),
                                 part=found["step"].map(checklist.step_title))
    return OwnChecklist(checklist, latest.dropna(subset=["location"]),
                        history.dropna(subset=["location"]), yearly_median(
                            history.rename(columns={"organisation_id": "location_id"})),
                        found)


def cells(implementations: pd.DataFrame, history: pd.DataFrame, stages: pd.DataFrame,
          actions: pd.DataFrame, values: pd.DataFrame, alerts: pd.DataFrame,
          threshold: float | None) -> pd.DataFrame:
    """One row per running implementation at the organisation's locations: the latest
    final readiness (meso and micro) and the one before it, the stage profile of the
    latest (a column per stage) and the stages reached, open and overdue actions, how
    many of its indicators meet their target in their latest period, and how many need
    attention."""
    columns = ["implementation_id", "organisation_id", "organisation", "intervention_id",
               "intervention", "assessed_on", "readiness", "previous", "change",
               *[f"stage_{s}" for s in Stage.keys()], "stages_reached", "open", "overdue",
               "indicators", "met", "alerts"]
    if implementations.empty:
        return pd.DataFrame(columns=columns)
    # per implementation, looked up in dictionaries (a board at national scale runs dozens)
    ordered = history.sort_values(["assessed_on", "assessment_id"])
    by_implementation = {k: g for k, g in ordered.groupby("implementation_id", sort=False)}
    stage_of = {(a, st): r for a, st, r in zip(stages["assessment_id"], stages["stage"],
                                              stages["readiness"], strict=True)}
    open_actions = actions[~actions["status"].isin(CLOSED_ACTION_STATUSES)] \
        if len(actions) else actions
    opened = open_actions.groupby("implementation_id").size().to_dict() \
        if len(open_actions) else {}
    late = open_actions[open_actions["overdue"].fillna(False).astype(bool)] \
        .groupby("implementation_id").size().to_dict() if len(open_actions) else {}
    measured = values.groupby("implementation_id").size().to_dict() if len(values) else {}
    met = values[values["met"].fillna(False).astype(bool)].groupby(
        "implementation_id").size().to_dict() if len(values) else {}
    flagged = alerts.groupby("implementation_id").size().to_dict() if len(alerts) else {}
    rows = []
    for m in implementations.itertuples():
        mine = by_implementation.get(m.id)
        latest = mine.iloc[-1] if mine is not None else None
        previous = mine.iloc[-2] if mine is not None and len(mine) > 1 else None
        row = {"implementation_id": int(m.id), "organisation_id": int(m.organisation_id),
               "organisation": m.organisation, "intervention_id": int(m.intervention_id),
               "intervention": m.intervention,
               "assessed_on": None if latest is None else latest["assessed_on"],
               "readiness": None if latest is None else latest["readiness"],
               "previous": None if previous is None else previous["readiness"]}
        row["change"] = (None if row["readiness"] is None or row["previous"] is None
                         or pd.isna(row["readiness"]) or pd.isna(row["previous"])
                         else float(row["readiness"]) - float(row["previous"]))
        reached = []
        for stage in Stage.keys():
            value = None if latest is None else stage_of.get((latest["assessment_id"], stage))
            value = None if value is None or pd.isna(value) else float(value)
            row[f"stage_{stage}"] = value
            if value is not None and threshold is not None and value >= threshold - 1e-9:
                reached.append(Stage(stage).label)
        row["stages_reached"] = ", ".join(reached)
        row["open"], row["overdue"] = int(opened.get(m.id, 0)), int(late.get(m.id, 0))
        row["indicators"], row["met"] = int(measured.get(m.id, 0)), int(met.get(m.id, 0))
        row["alerts"] = int(flagged.get(m.id, 0))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns).sort_values(["organisation", "intervention"])
    return frame.astype({"readiness": float, "previous": float, "change": float}) \
        .reset_index(drop=True)


def grid(locations: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Every location x every intervention run somewhere in the organisation, with its
    state: assessed (with readiness), running but not yet assessed, or not run there;
    and the text a user reads on hovering."""
    interventions = sorted(table["intervention"].unique(), key=str.lower) if len(table) \
        else []
    found = {(o, i): r for o, i, r in zip(table["organisation_id"], table["intervention"],
                                          table.to_dict("records"), strict=True)}
    rows = []
    for location in locations.itertuples():
        for intervention in interventions:
            cell = found.get((location.id, intervention))
            if cell is None:
                rows.append({"location": location.name, "short": location.short,
                             "intervention": intervention, "readiness": None,
                             "state": NOT_RUN,
                             # plotly renders a few HTML tags: a typed name is escaped
                             "hover": f"voert {html.escape(str(intervention))} niet uit"})
                continue
            state = NOT_ASSESSED if pd.isna(cell["readiness"]) else ASSESSED
            rows.append({"location": location.name, "short": location.short,
                         "intervention": intervention, "readiness": cell["readiness"],
                         "state": state, "hover": cell_text(cell)})
    return pd.DataFrame(rows, columns=["location", "short", "intervention", "readiness",
                                       "state", "hover"]).astype({"readiness": float})


def _pct(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value) * 100:.0f}%"


def _points(value) -> str:
    return "" if value is None or pd.isna(value) else f"{round(float(value) * 100):+d} procentpunt"


def cell_text(cell) -> str:
    """One implementation as a few short lines (for hovering over its cell)."""
    if pd.isna(cell["readiness"]):
        lines = ["nog niet beoordeeld"]
    else:
        change = _points(cell["change"])
        lines = [f"gereedheid {_pct(cell['readiness'])}" + (f" ({change} sinds de vorige)"
                                                           if change else ""),
                 f"beoordeeld {pd.Timestamp(cell['assessed_on']):%d-%m-%Y}",
                 "stadia: " + " · ".join(f"{Stage(s).label[:4]}. {_pct(cell[f'stage_{s}'])}"
                                         for s in Stage.keys()),
                 f"bereikt: {cell['stages_reached'] or 'geen'}"]
    lines.append(f"open acties: {cell['open']} ({cell['overdue']} verlopen)")
    lines.append(f"indicatoren op streefwaarde: {cell['met']} van {cell['indicators']}"
                 if cell["indicators"] else "indicatoren: nog geen metingen")
    return "<br>".join(lines)


def yearly_median(history: pd.DataFrame) -> pd.DataFrame:
    """Per school year: the median over the subjects of each one's latest readiness in
    that year, drawn at the median date of those assessments; how many subjects."""
    if history.empty:
        return pd.DataFrame(columns=["school_year", "assessed_on", "median", "subjects"])
    key = "implementation_id" if history["implementation_id"].notna().any() else "location_id"
    frame = history.assign(school_year=history["assessed_on"].map(school_year))
    frame = frame.sort_values(["assessed_on", "assessment_id"]).groupby(
        [key, "school_year"], as_index=False).last()
    result = frame.groupby("school_year").agg(
        assessed_on=("assessed_on", lambda d: pd.to_datetime(d).sort_values().iloc[
            (len(d) - 1) // 2]),
        median=("readiness", "median"), subjects=(key, "nunique")).reset_index()
    return result.sort_values("school_year").reset_index(drop=True)



def cell_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Per location and intervention, as a user reads it: the figures behind the grid."""
    return pd.DataFrame({
        "Locatie": table["organisation"], "Interventie": table["intervention"],
        "Gereedheid": table["readiness"], "Vorige": table["previous"],
        "Verandering": table["change"],
        **{Stage(s).label: table[f"stage_{s}"] for s in Stage.keys()},
        "Stadia bereikt": table["stages_reached"].replace("", "geen"),
        "Beoordeeld": pd.to_datetime(table["assessed_on"]).dt.date,
        "Open acties": table["open"], "Verlopen": table["overdue"],
        "Indicatoren op streefwaarde": [f"{m} van {n}" if n else "–"
                                        for m, n in zip(table["met"], table["indicators"],
                                                        strict=True)]})


CELL_FORMATS = {"Gereedheid": "0%", "Vorige": "0%", "Verandering": "+0%;-0%;0%",
                **{Stage(s).label: "0%" for s in Stage.keys()}}
