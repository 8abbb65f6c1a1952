"""What goes into a report: the same reads and the same figure functions as the dashboard.

A :class:`Report` is a list of sections; each section has a title, sentences, tables
(DataFrames with Dutch headers, already formatted for reading) and figures, and each
figure keeps the frame it was drawn from, so that the XLSX holds the rows behind
every chart. Everything is read through the acting user's database, so a report
holds only what its user may see.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .. import charts
from ..checklists import MAIN_CHECKLIST
from ..errors import Refused
from ..views import action_summary, attention_table, board_cells, change
from ..vocabulary import ActionStatus, Perspective, Stage


@dataclass
class Figure:
    title: str
    figure: object                 # a plotly Figure
    data: pd.DataFrame             # the rows behind it, with Dutch headers
    formats: dict[str, str] = field(default_factory=dict)   # column -> Excel number format


@dataclass
class Section:
    title: str
    sentences: list[str] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


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
    return Figure(title, figure, data, {"Gereedheid": "0%"}), profile


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
            f"{_pct(latest)}" + ("" if delta is None else
                                 f" ({round(delta * 100):+d} procentpunt sinds de vorige)")
            + f"; {int(newest['answered'])} van {int(newest['items'])} items beantwoord, "
              f"{int(newest['nvt'])} niet van toepassing.")
        figure, profile = _stage_figure(db, int(newest["assessment_id"]),
                                        "Gereedheid per innovatiestadium")
        summary.figures.append(figure)
        previous = overall.iloc[-2] if len(overall) > 1 else None
        earlier = (db.readiness.stage_profile(int(previous["assessment_id"]), MAIN_CHECKLIST)
                   .set_index("stage")["readiness"] if previous is not None else None)
        summary.tables.append(("Stadia, nu en bij de vorige beoordeling", pd.DataFrame({
            "Stadium": profile["stage"].map(Stage.label_of),
            "Gereedheid nu": profile["readiness"].map(_pct),
            "Vorige": [("–" if earlier is None else _pct(earlier.get(s))) for s in
                       profile["stage"]],
            "N.v.t.": profile["nvt"],
            "Bereikt": profile["reached"].map(lambda r: "–" if r is None else
                                              ("ja" if r else "nee"))})))
        summary.sentences.append(
            f"Een stadium heet bereikt als de items die het dienen voor minstens "
            f"{checklist.spec.stage_reached_at * 100:.0f}% geregeld zijn; eerdere stadia hoeven "
            "daarvoor niet bereikt te zijn.")
        perspectives = db.readiness.of_assessment(int(newest["assessment_id"]), "perspective")
        perspectives = perspectives.sort_values(
            "perspective", key=lambda p: p.map(Perspective.keys().index))
        summary.tables.append(("Per perspectief", pd.DataFrame({
            "Perspectief": perspectives["perspective"].map(Perspective.label_of),
            "Gereedheid": perspectives["readiness"].map(_pct),
            "Beantwoord": [f"{a} van {n}" for a, n in zip(perspectives["answered"],
                                                          perspectives["items"], strict=True)],
            "N.v.t.": perspectives["nvt"]})))
    sections.append(summary)

    trends = Section("Verloop over de tijd")
    stage_trend = db.readiness.readiness(intervention_id, "stage", "intervention")
    trends.figures.append(Figure("Gereedheid over de tijd", charts.readiness_trend(
        overall, "overall"), _trend_rows(overall), {"Gereedheid": "0%"}))
    trends.figures.append(Figure("Gereedheid per stadium over de tijd", charts.readiness_trend(
        stage_trend, "stage"), _trend_rows(stage_trend, "stage"), {"Gereedheid": "0%"}))
    sections.append(trends)

    sections.append(_improvement_section(db, intervention_id, today))
    sections.append(_indicator_section(db, intervention_id))
    sections.append(_attention_section(db.monitoring.attention(today, [intervention_id])))
    return Report(f"Rapport {name}", f"{name} (de interventie als geheel)",
                  db.actor.name if db.actor else "opdrachtregel", today,
                  [f"checklist: {checklist.display_title} (versie {checklist.version})",
                   "alleen definitieve beoordelingen", f"peildatum: {today:%d-%m-%Y}"],
                  sections)


def _trend_rows(frame: pd.DataFrame, key: str | None = None) -> pd.DataFrame:
    data = pd.DataFrame({"Datum": pd.to_datetime(frame["assessed_on"]).dt.date,
                         "Gereedheid": frame["readiness"].astype(float),
                         "Van toepassing": frame["applicable"], "N.v.t.": frame["nvt"]})
    if key == "stage":
        data.insert(1, "Stadium", frame["stage"].map(Stage.label_of))
    if key == "label":
        data.insert(1, "Locatie en interventie", frame["label"])
    return data


def _improvement_section(db, intervention_id: int, today: date) -> Section:
    section = Section("Verbeterpunten en acties")
    points = db.actions.improvement_points(intervention_id)
    actions = db.actions.list(intervention_id, today, subject="intervention")
    statuses = ActionStatus.labels()
    open_, overdue = action_summary(actions)
    section.sentences.append(f"{len(points)} verbeterpunten in de laatste beoordeling; "
                             f"{open_} open acties, waarvan {overdue} verlopen.")
    if len(points):
        section.tables.append(("Verbeterpunten", pd.DataFrame({
            "Stap": points["step"], "Item": points["text"],
            "Toelichting": points["note"].fillna(""),
            "Actie": [("–" if pd.isna(a) else f"#{int(a)} {statuses.get(s, s)}")
                      for a, s in zip(points["action_id"], points["action_status"],
                                      strict=True)]})))
    if len(actions):
        section.tables.append(("Acties", pd.DataFrame({
            "Nr": actions["id"], "Actie": actions["description"],
            "Verantwoordelijke": actions["responsible"],
            "Streefdatum": pd.to_datetime(actions["due_on"]).dt.date,
            "Status": actions["status"].map(statuses),
            "Verlopen": actions["overdue"].map(lambda o: "ja" if o else "")})))
    return section


def _indicator_section(db, intervention_id: int | None, organisation_ids=None,
                       organisation_id: int | None = None) -> Section:
    section = Section("Indicatoren tegen hun streefwaarde")
    indicators = (db.monitoring.indicators(intervention_id) if intervention_id is not None
                  else db.monitoring.indicators(organisation_id=organisation_id,
                                                kind="organisation"))
    if indicators.empty:
        section.sentences.append("Er zijn nog geen indicatoren vastgelegd.")
    for indicator in indicators.to_dict("records"):
        trend = db.monitoring.trend(int(indicator["id"]), organisation_ids)
        if organisation_ids is not None:
            rows = db.monitoring.measurements(int(indicator["id"]),
                                              organisation_ids=organisation_ids)
            figure = charts.locations_small_multiples(rows, trend, indicator)
            data = pd.DataFrame({"Locatie": rows["organisation"],
                                 "Periode vanaf": pd.to_datetime(rows["period_start"]).dt.date,
                                 "Waarde": rows["value"], "Gehaald": rows["met"].map(
                                     lambda m: "ja" if m else "nee")})
        else:
            figure = charts.indicator_trend(trend, indicator)
            data = pd.DataFrame({"Periode vanaf": pd.to_datetime(trend["period_start"]).dt.date,
                                 "Mediaan": trend["median"], "Organisaties": trend["organisations"],
                                 "Deel dat haalt": trend["share_met"],
                                 "Interventie als geheel": trend["whole"]})
        section.figures.append(Figure(indicator["name"], figure, data,
                                      {"Deel dat haalt": "0%"}))
    return section


def _attention_section(attention: pd.DataFrame) -> Section:
    section = Section("Aandacht nodig")
    if attention.empty:
        section.sentences.append("Geen indicator mist twee perioden op rij zijn streefwaarde en "
                                 "er ontbreken geen metingen.")
    else:
        section.tables.append(("Aandachtslijst, urgentste eerst", attention_table(attention)))
    return section


def organisation_report(db, organisation_id: int, today: date | None = None) -> Report:
    today = today or date.today()
    organisation = db.registry.organisation(organisation_id)
    within = db.registry.descendants_visible(organisation_id)
    if not within:
        raise Refused("deze organisatie is niet zichtbaar voor deze gebruiker")
    checklist = db.checklist(MAIN_CHECKLIST)
    implementations = db.registry.implementations(organisation_ids=within)
    overall = db.readiness.readiness(organisation_id, "overall", "locations", latest_only=True)
    stages = db.readiness.readiness(organisation_id, "stage", "locations", latest_only=True)
    actions = db.actions.list(subject="organisations", organisation_ids=within, today=today)
    attention = db.monitoring.attention(today, None, within)
    locations = db.registry.locations(organisation_id)
    grid = Section("Locaties en interventies")
    grid.sentences.append(f"{len(locations)} locaties, {implementations['intervention_id'].nunique()}"
                          f" interventies. Gereedheid: laatste definitieve beoordeling van elke "
                          "implementatie (organisatie en professionals).")
    cells = board_cells(implementations, overall, stages, actions, attention,
                        checklist.spec.stage_reached_at)
    if len(cells):
        figure = charts.readiness_matrix(cells, "organisation", "intervention",
                                         "Gereedheid per locatie en interventie")
        grid.figures.append(Figure("Gereedheid per locatie en interventie", figure,
                                   pd.DataFrame({"Locatie": cells["organisation"],
                                                 "Interventie": cells["intervention"],
                                                 "Gereedheid": cells["readiness"],
                                                 "Beoordeeld": pd.to_datetime(
                                                     cells["assessed_on"]).dt.date}),
                                   {"Gereedheid": "0%"}))
        history = db.readiness.readiness(organisation_id, "overall", "locations")
        labels = dict(zip(implementations["id"], implementations["label"], strict=True))
        history = history.assign(label=history["implementation_id"].map(labels))
        grid.figures.append(Figure("Gereedheid per locatie over de tijd", charts.readiness_trend(
            history, series="label", median=True, title="Gereedheid per locatie over de tijd, "
            "met de mediaan"), _trend_rows(history, "label"), {"Gereedheid": "0%"}))
    sections = [grid, _attention_section(attention)]
    names = dict(zip(locations["id"], locations["name"], strict=True))
    for own in (c for c in db.checklists.values() if not c.has_perspectives):
        latest = db.readiness.readiness(organisation_id, "overall", "organisation", own.id,
                                        latest_only=True)
        if latest.empty:
            continue
        section = Section(own.display_title)
        section.tables.append(("Laatste beoordeling per locatie", pd.DataFrame({
            "Locatie": latest["organisation_id"].map(names).fillna(organisation["name"]),
            "Datum": pd.to_datetime(latest["assessed_on"]).dt.date,
            "Gereedheid": latest["readiness"].map(_pct),
            "Beantwoord": [f"{a} van {n}" for a, n in zip(latest["answered"], latest["items"],
                                                          strict=True)]})))
        sections.append(section)
    sections.append(_indicator_section(db, None, within, organisation_id))
    if len(actions):
        action_section = Section("Acties")
        action_section.tables.append(("Acties van de locaties", pd.DataFrame({
            "Locatie": actions["organisation"].fillna(""),
            "Interventie": actions["intervention"].fillna("eigen checklist"),
            "Actie": actions["description"], "Verantwoordelijke": actions["responsible"],
            "Streefdatum": pd.to_datetime(actions["due_on"]).dt.date,
            "Status": actions["status"].map(ActionStatus.labels()),
            "Verlopen": actions["overdue"].map(lambda o: "ja" if o else "")})))
        sections.append(action_section)
    return Report(f"Rapport {organisation['name']}", organisation["name"],
                  db.actor.name if db.actor else "opdrachtregel", today,
                  ["alle locaties en hun interventies", "alleen definitieve beoordelingen",
                   f"peildatum: {today:%d-%m-%Y}"], sections)
