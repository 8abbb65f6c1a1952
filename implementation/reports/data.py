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
from ..charts import organisation as board_charts
from ..checklists import MAIN_CHECKLIST
from ..errors import Refused
from ..indicators import period_label
from ..organisation_view import (
    CELL_FORMATS,
    attention_list,
    attention_rows,
    cell_rows,
    gather,
    short_name,
    target_text,
)
from ..views import action_summary, change, point_text
from ..vocabulary import ActionStatus, Level, Perspective, Stage, Unit

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


def intervention_report(db, intervention_id: int, today: date | None = None) -> Report:
    today = today or date.today()
    intervention = db.registry.intervention(intervention_id)
    name = intervention["name"]
    checklist = db.checklist(MAIN_CHECKLIST)
    overall = db.readiness.readiness(intervention_id, "overall", "intervention")
    sections: list[Section] = []

    summary = Section("Gereedheid en stadiaprofiel")
    latest, delta = change(overall)
    if overall.empty:
        summary.sentences.append("Er is nog geen definitieve beoordeling van de interventie als "
                                 "geheel.")
    else:
        newest = overall.iloc[-1]
        summary.sentences.append(
            f"Laatste definitieve beoordeling: {_day(newest['assessed_on'])}. Gereedheid "
            f"{_pct(latest)}{_points(delta)}; {int(newest['answered'])} van "
            f"{int(newest['items'])} items beantwoord, {int(newest['nvt'])} niet van "
            "toepassing.")
        figure, profile = _stage_figure(db, int(newest["assessment_id"]),
                                        "Gereedheid per innovatiestadium")
        summary.figures.append(figure)
        previous = overall.iloc[-2] if len(overall) > 1 else None
        earlier = (db.readiness.stage_profile(int(previous["assessment_id"]), MAIN_CHECKLIST)
                   .set_index("stage")["readiness"] if previous is not None else None)
        now = profile["readiness"].astype(float)
        before = pd.Series([None if earlier is None else earlier.get(s) for s in
                            profile["stage"]], dtype=float)
        summary.tables.append(Table("Stadia, nu en bij de vorige beoordeling", pd.DataFrame({
            "Stadium": profile["stage"].map(Stage.label_of), "Gereedheid nu": now.values,
            "Vorige": before.values, "Verandering": (now.values - before.values),
            "N.v.t.": profile["nvt"].values,
            "Bereikt": profile["reached"].map(lambda r: "–" if r is None else
                                              ("ja" if r else "nee")).values}),
            {"Gereedheid nu": PERCENT, "Vorige": PERCENT, "Verandering": CHANGE}))
        summary.sentences.append(
            f"Een stadium heet bereikt als de items die het dienen voor minstens "
            f"{checklist.spec.stage_reached_at * 100:.0f}% geregeld zijn; eerdere stadia hoeven "
            "daarvoor niet bereikt te zijn.")
        perspectives = db.readiness.of_assessment(int(newest["assessment_id"]), "perspective")
        perspectives = perspectives.sort_values(
            "perspective", key=lambda p: p.map(Perspective.keys().index))
        summary.tables.append(Table("Per perspectief", pd.DataFrame({
            "Perspectief": perspectives["perspective"].map(Perspective.label_of),
            "Gereedheid": perspectives["readiness"].astype(float),
            "Beantwoord": [f"{a} van {n}" for a, n in zip(perspectives["answered"],
                                                          perspectives["items"], strict=True)],
            "N.v.t.": perspectives["nvt"]}), {"Gereedheid": PERCENT}))
    sections.append(summary)

    trends = Section("Verloop over de tijd")
    stage_trend = db.readiness.readiness(intervention_id, "stage", "intervention")
    trends.figures.append(Figure("Gereedheid over de tijd", charts.readiness_trend(
        overall, "overall"), _trend_rows(overall), {"Gereedheid": PERCENT}))
    trends.figures.append(Figure("Gereedheid per stadium over de tijd", charts.readiness_trend(
        stage_trend, "stage"), _trend_rows(stage_trend, "stage"), {"Gereedheid": PERCENT}))
    sections.append(trends)

    sections.append(_improvement_section(db, intervention_id, today))
    sections.append(_indicator_section(db, intervention_id))
    attention = db.monitoring.attention(today, [intervention_id])
    section = Section("Aandacht nodig")
    if attention.empty:
        section.sentences.append("Geen indicator mist twee perioden op rij zijn streefwaarde en "
                                 "er ontbreken geen metingen.")
    else:
        rows = attention_rows(attention_list(attention, pd.DataFrame(), [], today))
        section.sentences.append(f"{len(rows)} punten, het urgentst eerst: eerst gemiste "
                                 "streefwaarden (het verst eronder bovenaan), dan ontbrekende "
                                 "metingen (het langst te laat bovenaan).")
        section.tables.append(Table("Aandachtslijst", rows, {"Uiterlijk": "DD-MM-YYYY"},
                                    first=PDF_ROWS))
    sections.append(section)
    return Report(f"Rapport {name}", f"{name} (de interventie als geheel)", _made_by(db), today,
                  [f"checklist: {checklist.display_title} (versie {checklist.version})",
                   "alleen definitieve beoordelingen",
                   "alleen wat de gebruiker mag zien", f"peildatum: {today:%d-%m-%Y}"],
                  sections)


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


def _improvement_section(db, intervention_id: int, today: date) -> Section:
    section = Section("Verbeterpunten en acties")
    points = db.actions.improvement_points(intervention_id)
    actions = db.actions.list(intervention_id, today, subject="intervention")
    open_, overdue = action_summary(actions)
    section.sentences.append(f"{len(points)} verbeterpunten in de laatste beoordeling; "
                             f"{open_} open acties, waarvan {overdue} verlopen.")
    if len(points):
        joined = points.merge(actions.rename(columns={"id": "action_id"})[
            ["action_id", "description", "responsible", "due_on", "status", "overdue"]],
            on="action_id", how="left")
        checklist = db.checklist(MAIN_CHECKLIST)
        section.tables.append(Table("Verbeterpunten met hun actie", pd.DataFrame({
            "Stap": joined["step"],
            "Perspectief": joined["perspective"].map(lambda p: Perspective(p).short
                                                     if isinstance(p, str) else ""),
            "Item": joined["item_id"].map(lambda i: point_text(checklist, i)),
            "Actie": joined["description"].fillna("nog geen actie"),
            "Verantwoordelijke": joined["responsible"].fillna(""),
            "Streefdatum": _dates(joined["due_on"]).values,
            "Status": [_status(s, o) for s, o in zip(joined["status"], joined["overdue"],
                                                      strict=True)]}),
            {"Streefdatum": "DD-MM-YYYY"}, ACTION_SHORT))
    if len(actions):
        section.tables.append(Table("Alle acties", pd.DataFrame({
            "Nr": actions["id"].values, "Actie": actions["description"].values,
            "Item": _point_texts(db, actions),
            **_action_columns(actions)}), {"Streefdatum": "DD-MM-YYYY"}, ACTION_SHORT))
    return section


def _indicator_data(rows: pd.DataFrame, indicator: dict) -> tuple[pd.Series, str]:
    """Values as the XLSX should hold them: a percentage as a fraction formatted '0.0%'."""
    if indicator["unit"] == Unit.PERCENT.value:
        return rows.astype(float) / 100, "0.0%"
    return rows.astype(float), "0.##"


def _indicator_section(db, intervention_id: int) -> Section:
    section = Section("Indicatoren tegen hun streefwaarde", tables_first=True)
    indicators = db.monitoring.indicators(intervention_id)
    if indicators.empty:
        section.sentences.append("Er zijn nog geen indicatoren vastgelegd.")
    summary = []
    for indicator in indicators.to_dict("records"):
        trend = db.monitoring.trend(int(indicator["id"]))
        last = trend.iloc[-1] if len(trend) else None
        summary.append({
            "Indicator": indicator["name"],
            "Niveau": Level.label_of(indicator["level"]),
            "Laatste periode": "–" if last is None else period_label(
                pd.Timestamp(last["period_start"]).date(), indicator["frequency"]),
            "Waarde": None if last is None else (last["whole"] if pd.notna(last["whole"])
                                                 else last["median"]),
            "Eenheid": Unit.label_of(indicator["unit"]),
            "Streefwaarde": target_text(indicator),
            "Organisaties die hem halen": None if last is None or pd.isna(last["share_met"])
            else last["share_met"]})
        median, fmt = _indicator_data(trend["median"], indicator)
        whole, _ = _indicator_data(trend["whole"], indicator)
        data = pd.DataFrame({"Periode vanaf": _dates(trend["period_start"]).values,
                             "Mediaan": median.values, "Organisaties": trend["organisations"],
                             "Deel dat haalt": trend["share_met"].astype(float).values,
                             "Interventie als geheel": whole.values,
                             "Streefwaarde": target_text(indicator)})
        section.figures.append(Figure(indicator["name"], charts.indicator_trend(trend, indicator),
                                      data, {"Deel dat haalt": PERCENT, "Mediaan": fmt,
                                             "Interventie als geheel": fmt}))
    if summary:
        section.sentences.append("De waarde is die van de interventie als geheel of, per "
                                 "organisatie gemeten, de mediaan van de organisaties.")
        section.tables.insert(0, Table("Laatste periode per indicator", pd.DataFrame(summary),
                                       {"Organisaties die hem halen": PERCENT},
                                       {"Organisaties die hem halen": "Deel dat haalt"}))
    return section


# -- an organisation ------------------------------------------------------------------------

def organisation_report(db, organisation_id: int, today: date | None = None) -> Report:
    today = today or date.today()
    found = gather(db, db.checklists, organisation_id, today, points=True)
    if not found.within:
        raise Refused("deze organisatie is niet zichtbaar voor deze gebruiker")
    name = found.organisation["name"]

    def place(values) -> pd.Series:   # "locatie 2 (vb.)": the report names the board once
        return pd.Series(values).map(lambda n: short_name(n, name) if isinstance(n, str) else n)
    panels = list(found.locations["short"])
    shorts = dict(zip(found.locations["id"], found.locations["short"], strict=True))
    sections: list[Section] = []

    grid = Section("Gereedheid en stadiaprofiel per locatie")
    open_, overdue = action_summary(found.actions)
    locations = (f"{len(found.locations)} locaties" if found.has_locations
                 else "1 locatie (de organisatie zelf)")
    grid.sentences.append(
        f"{locations}, {found.implementations['intervention_id'].nunique()} interventies in "
        f"{len(found.implementations)} implementaties; {open_} open acties, waarvan {overdue} "
        f"verlopen; {len(found.attention)} punten die aandacht vragen.")
    grid.sentences.append("Gereedheid: de laatste definitieve beoordeling van elke "
                          "implementatie (organisatie en professionals), met de verandering "
                          "sinds de beoordeling daarvoor. Een grijs vak met –: nog niet "
                          "beoordeeld; een leeg vak: de locatie voert de interventie niet uit.")
    if len(found.cells):
        rows = cell_rows(found.cells).assign(Locatie=lambda t: place(t["Locatie"]).values)
        grid.figures.append(Figure("Gereedheid per locatie en interventie",
                                   board_charts.board_grid(found.grid), rows, CELL_FORMATS,
                                   "Locaties en interventies"))
        grid.tables.append(Table("Gereedheid en stadia per locatie en interventie", rows.drop(
            columns=["Open acties", "Verlopen", "Indicatoren op streefwaarde"]), CELL_FORMATS,
            CELL_SHORT, "Gereedheid en stadia"))
        grid.tables.append(Table("Acties en indicatoren per locatie en interventie", rows[[
            "Locatie", "Interventie", "Open acties", "Verlopen",
            "Indicatoren op streefwaarde"]], {}, sheet="Acties en indicatoren"))
    else:
        grid.sentences.append("De locaties voeren nog geen interventie uit.")
    for own in found.own:
        table = _own_latest(own).assign(Locatie=lambda t: place(t["Locatie"]).values)
        grid.figures.append(Figure(f"{own.checklist.display_title}: laatste beoordeling",
                                   board_charts.own_grid(own.latest, found.locations,
                                                         own.checklist),
                                   _own_rows(own), {"Gereedheid": PERCENT},
                                   "Eigen checklist, laatste"))
        grid.tables.append(Table(f"{own.checklist.display_title}: per locatie, met de vorige",
                                 table, {"Gereedheid": PERCENT, "Vorige": PERCENT,
                                  "Verandering": CHANGE, "Datum": "DD-MM-YYYY"},
                                 {"Gereedheid": "Nu", "Verandering": "Verschil"},
                                 "Eigen checklist per locatie"))
    sections.append(grid)

    trends = Section("Verloop per locatie")
    if len(found.history):
        data = pd.DataFrame({"Locatie": found.history["organisation"],
                             "Interventie": found.history["intervention"],
                             "Datum": _dates(found.history["assessed_on"]).values,
                             "Gereedheid": found.history["readiness"].astype(float)})
        trends.figures.append(Figure("Gereedheid per locatie over de tijd",
                                     board_charts.location_trends(found.history, found.median,
                                                                  panels),
                                     data, {"Gereedheid": PERCENT}, "Verloop per locatie"))
        trends.sentences.append("Per locatie een lijn per interventie; de grijze lijn is de "
                                "mediaan van alle implementaties per schooljaar.")
        if len(found.median):
            trends.tables.append(Table("Mediaan van de implementaties per schooljaar",
                                       pd.DataFrame({
                "Schooljaar": found.median["school_year"],
                "Mediaan": found.median["median"].astype(float),
                "Implementaties": found.median["subjects"]}), {"Mediaan": PERCENT},
                sheet="Mediaan per schooljaar"))
    for own in found.own:
        trends.figures.append(Figure(f"{own.checklist.display_title} per schooljaar",
                                     board_charts.own_trends(
                                         own.history, own.median, panels,
                                         f"{own.checklist.display_title}: per locatie per "
                                         "schooljaar"),
                                     pd.DataFrame({"Locatie": own.history["location"],
                                                   "Datum": _dates(own.history["assessed_on"])
                                                   .values,
                                                   "Gereedheid": own.history["readiness"]
                                                   .astype(float).values}),
                                     {"Gereedheid": PERCENT}, "Eigen checklist per schooljaar"))
    if not trends.figures:
        trends.sentences.append("Nog geen definitieve beoordelingen.")
    sections.append(trends)

    points = Section("Verbeterpunten en acties")
    points.sentences.append(f"{open_} open acties, waarvan {overdue} verlopen.")
    for own in found.own:
        if own.points.empty:
            continue
        joined = own.points.merge(found.actions.rename(columns={"id": "action_id"})[
            ["action_id", "description", "responsible", "due_on", "status", "overdue"]],
            on="action_id", how="left")
        points.sentences.append(
            f"{own.checklist.display_title}: {len(joined)} verbeterpunten in de laatste "
            f"beoordelingen van de locaties, {int(joined['action_id'].notna().sum())} met een "
            "actie.")
        points.tables.append(Table(f"Verbeterpunten: {own.checklist.display_title}",
                                   pd.DataFrame({
                                       "Locatie": place(joined["location"]).values,
                                       "Onderdeel": joined["part"], "Item": joined["text"],
                                       "Actie": joined["description"].fillna("nog geen actie"),
                                       "Verantwoordelijke": joined["responsible"].fillna(""),
                                       "Streefdatum": _dates(joined["due_on"]).values,
                                       "Status": [_status(s, o) for s, o in zip(
                                           joined["status"], joined["overdue"], strict=True)]}),
                                   {"Streefdatum": "DD-MM-YYYY"}, ACTION_SHORT,
                                   "Verbeterpunten eigen checklist"))
    if len(found.actions):
        actions = found.actions
        points.tables.append(Table("Alle acties van de locaties", pd.DataFrame({
            "Locatie": place(actions["organisation"].fillna("")).values,
            "Van": actions["intervention"].fillna("eigen checklist").values,
            "Verbeterpunt": _point_texts(db, actions),
            "Actie": actions["description"].values, **_action_columns(actions)}),
            {"Streefdatum": "DD-MM-YYYY"}, ACTION_SHORT, "Acties"))
    sections.append(points)

    indicators = Section("Indicatoren tegen hun streefwaarde", tables_first=True)
    for indicator in found.indicators.to_dict("records"):
        rows = db.monitoring.measurements(int(indicator["id"]), organisation_ids=found.within)
        trend = db.monitoring.trend(int(indicator["id"]), found.within)
        values, fmt = _indicator_data(rows["value"], indicator)
        indicators.figures.append(Figure(
            indicator["name"], board_charts.indicator_locations(rows, trend, indicator, panels,
                                                                shorts),
            pd.DataFrame({"Locatie": rows["organisation"].values,
                          "Periode vanaf": _dates(rows["period_start"]).values,
                          "Waarde": values.values,
                          "Gehaald": rows["met"].map(lambda m: "ja" if m else "nee").values,
                          "Streefwaarde": target_text(indicator)}), {"Waarde": fmt}))
    own_values = found.values[found.values["indicator_organisation_id"].notna()] \
        if len(found.values) else found.values
    if len(own_values):
        indicators.tables.append(Table("Eigen indicatoren, laatste periode per locatie",
                                       pd.DataFrame({
                                           "Locatie": place(own_values["organisation"]).values,
                                           "Indicator": own_values["indicator"].values,
                                           "Periode": [period_label(pd.Timestamp(d).date(), f)
                                                       for d, f in zip(
                                                           own_values["period_start"],
                                                           own_values["frequency"],
                                                           strict=True)],
                                           "Waarde": own_values["value"].values,
                                           "Streefwaarde": [target_text(r) for r in
                                                            own_values.to_dict("records")],
                                           "Gehaald": own_values["met"].map(
                                               lambda m: "ja" if m else "nee").values}),
                                       sheet="Eigen indicatoren"))
    below = found.values[found.values["indicator_organisation_id"].isna()
                         & ~found.values["met"].fillna(False).astype(bool)] \
        if len(found.values) else found.values
    if len(found.values):
        indicators.sentences.append(
            f"Indicatoren van de interventies: in de laatste periode halen "
            f"{int(found.cells['met'].sum())} van de {int(found.cells['indicators'].sum())} "
            "metingen bij de locaties hun streefwaarde (per implementatie in de eerste tabel). "
            "Hieronder de metingen die hem niet halen.")
    if len(below):
        interventions = dict(zip(found.implementations["id"],
                                 found.implementations["intervention"], strict=True))
        indicators.tables.append(Table("Indicatoren van de interventies onder hun streefwaarde",
                                       pd.DataFrame({
                                           "Locatie": place(below["organisation"]).values,
                                           "Interventie": below["implementation_id"].map(
                                               interventions).values,
                                           "Indicator": below["indicator"].values,
                                           "Periode vanaf": _dates(below["period_start"]).values,
                                           "Waarde": below["value"].values,
                                           "Streefwaarde": [target_text(r) for r in
                                                            below.to_dict("records")]}),
                                       {"Periode vanaf": "DD-MM-YYYY"},
                                       sheet="Indicatoren onder streefwaarde",
                                       first=PDF_ROWS))
    if not indicators.figures and not indicators.tables:
        indicators.sentences.append("Er zijn nog geen metingen van indicatoren.")
    sections.append(indicators)

    attention = Section("Aandacht nodig")
    if found.attention.empty:
        attention.sentences.append("Niets: geen gemiste streefwaarden, verlopen acties, "
                                   "ontbrekende metingen of ontbrekende beoordelingen.")
    else:
        attention.sentences.append(
            f"{len(found.attention)} punten over alles wat de locaties uitvoeren en over de "
            "eigen indicatoren en checklist, het urgentst eerst: streefwaarden die twee "
            "perioden op rij gemist zijn (het verst eronder bovenaan), verlopen acties, "
            "ontbrekende metingen, ontbrekende jaarlijkse beoordelingen (het langst te laat "
            "bovenaan).")
        rows = attention_rows(found.attention)
        attention.tables.append(Table("Aandachtslijst",
                                      rows.assign(Locatie=place(rows["Locatie"]).values),
                                      {"Uiterlijk": "DD-MM-YYYY"}, {"Dagen te laat": "Dagen"},
                                      first=PDF_ROWS))
    sections.append(attention)
    return Report(f"Rapport {name}", name, _made_by(db), today,
                  ["alle locaties en hun interventies", "alleen definitieve beoordelingen",
                   "alleen wat de gebruiker mag zien", f"peildatum: {today:%d-%m-%Y}"],
                  sections)


def _own_latest(own) -> pd.DataFrame:
    """Per location: its latest assessment of the own checklist and the one before."""
    rows = []
    ordered = own.history.sort_values(["assessed_on", "assessment_id"])
    for _, group in ordered.groupby("organisation_id", sort=False):
        last = group.iloc[-1]
        before = group.iloc[-2]["readiness"] if len(group) > 1 else None
        rows.append({"Locatie": last["location"], "Datum": pd.Timestamp(last["assessed_on"]).date(),
                     "Gereedheid": float(last["readiness"]),
                     "Vorige": None if before is None else float(before),
                     "Verandering": None if before is None else float(last["readiness"]) -
                     float(before),
                     "Beantwoord": f"{int(last['answered'])} van {int(last['items'])}"})
    return pd.DataFrame(rows, columns=["Locatie", "Datum", "Gereedheid", "Vorige", "Verandering",
                                       "Beantwoord"]).sort_values("Locatie").reset_index(drop=True)


def _own_rows(own) -> pd.DataFrame:
    return pd.DataFrame({"Locatie": own.latest["location"].values,
                         "Onderdeel": own.latest["part"].values,
                         "Datum": _dates(own.latest["assessed_on"]).values,
                         "Gereedheid": own.latest["readiness"].astype(float).values,
                         "Beantwoord": own.latest["answered"].values,
                         "Items": own.latest["items"].values})
