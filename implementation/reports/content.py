"""What goes into a report: the same reads and the same figure functions as the dashboard.

A :class:`Report` is a list of sections; each section has a title, sentences, tables and
figures. A table holds the values themselves (fractions, dates, numbers) with the
Excel number format of each column, so that the XLSX has real numbers and dates and the
PDF writes them the Dutch way from the same formats. Each figure keeps the table it was
drawn from, so the XLSX holds the rows behind every chart. Everything is read through
the acting user's database, so a report holds only what its user may see.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .. import charts
from ..checklists import MAIN_CHECKLIST
from ..views import point_text
from ..vocabulary import ActionStatus, Stage, Unit

PERCENT = "0%"
CHANGE = "+0%;-0%;0%"        # a change in readiness: '+12%' reads as percentage points
CELL_SHORT = {"Gereedheid": "Nu", "Verandering": "Verschil", "Disseminatie": "Diss.",
              "Adoptie": "Adop.", "Implementatie": "Impl.", "Borging": "Borg.",
              "Stadia bereikt": "Bereikt", "Beoordeeld": "Datum"}
ACTION_SHORT = {"Verantwoordelijke": "Wie", "Streefdatum": "Uiterlijk"}
PDF_ROWS = 40      # a list for a meeting: the most urgent rows; the XLSX holds every one


@dataclass
class Table:
    title: str
    data: pd.DataFrame                                      # values, Dutch headers
    formats: dict[str, str] = field(default_factory=dict)   # column -> Excel number format
    short: dict[str, str] = field(default_factory=dict)     # column -> header in the PDF
    sheet: str | None = None                                # its sheet in the XLSX
    first: int | None = None      # the PDF shows this many rows (the most urgent), the XLSX all


@dataclass
class Figure:
    title: str
    figure: object                 # a plotly Figure
    data: pd.DataFrame             # the rows behind it, with Dutch headers
    formats: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None


@dataclass
class Section:
    title: str
    sentences: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables_first: bool = False      # a summary table before the charts


@dataclass
class Report:
    title: str
    subject: str
    made_by: str
    made_on: date
    filters: list[str]
    sections: list[Section]


def _pct(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value) * 100:.0f}%"


def _day(value) -> str:
    return "–" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%d-%m-%Y")


def _dates(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values)).dt.date


def _points(delta) -> str:
    return "" if delta is None or pd.isna(delta) else \
        f" ({round(float(delta) * 100):+d} procentpunt sinds de vorige)"


def _made_by(db) -> str:
    actor = db.actor
    if actor is None:
        return "opdrachtregel"
    return actor.name if actor.name == actor.login else f"{actor.name} ({actor.login})"


# -- an intervention --------------------------------------------------------------------

def _stage_figure(db, assessment_id, title: str) -> tuple[Figure, pd.DataFrame]:
    checklist = db.checklist(MAIN_CHECKLIST)
    profile = db.readiness.stage_profile(assessment_id, MAIN_CHECKLIST)
    data = pd.DataFrame({"Stadium": profile["stage"].map(Stage.label_of),
                         "Gereedheid": profile["readiness"].astype(float),
                         "Items": profile["items"], "Van toepassing": profile["applicable"],
                         "N.v.t.": profile["nvt"],
                         "Bereikt": profile["reached"].map(
                             lambda r: "–" if r is None else ("ja" if r else "nee"))})
    figure = charts.stage_profile(profile, title, checklist.spec.stage_reached_at)
    return Figure(title, figure, data, {"Gereedheid": PERCENT}), profile




def _trend_rows(frame: pd.DataFrame, key: str | None = None) -> pd.DataFrame:
    data = pd.DataFrame({"Datum": pd.to_datetime(frame["assessed_on"]).dt.date,
                         "Gereedheid": frame["readiness"].astype(float),
                         "Van toepassing": frame["applicable"], "N.v.t.": frame["nvt"]})
    if key == "stage":
        data.insert(1, "Stadium", frame["stage"].map(Stage.label_of))
    return data


def _point_texts(db, actions: pd.DataFrame) -> list[str]:
    """Each action's improvement point as it reads on its own: an element with the items
    it belongs to ("Er is een ... › Doelgroep › ...")."""
    texts = []
    for checklist_id, item_id in zip(actions["checklist_id"], actions["item_id"], strict=True):
        checklist = db.checklists.get(checklist_id)
        texts.append(point_text(checklist, item_id) if checklist is not None else item_id)
    return texts


def _status(status, overdue) -> str:
    """'open, verlopen': the status of an action and whether it is past its due date."""
    if status is None or (not isinstance(status, str) and pd.isna(status)):
        return ""
    return ActionStatus.label_of(status) + (", verlopen" if overdue is True else "")


def _action_columns(actions: pd.DataFrame) -> dict:
    return {"Verantwoordelijke": actions["responsible"].values,
            "Streefdatum": _dates(actions["due_on"]).values,
            "Status": [_status(s, bool(o)) for s, o in zip(actions["status"],
                                                            actions["overdue"], strict=True)]}




def _indicator_data(rows: pd.DataFrame, indicator: dict) -> tuple[pd.Series, str]:
    """Values as the XLSX should hold them: a percentage as a fraction formatted '0.0%'."""
    if indicator["unit"] == Unit.PERCENT.value:
        return rows.astype(float) / 100, "0.0%"
    return rows.astype(float), "0.##"
