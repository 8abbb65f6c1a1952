"""The report of an organisation (a board and its locations): every location × intervention,
the attention list across everything, trends per location with the board's median, and
its own checklist (see :mod:`.content` for what a report is made of)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from ..charts import organisation as board_charts
from ..errors import Refused
from ..indicators import period_label, target_text
from ..organisation_attention import attention_rows
from ..organisation_view import CELL_FORMATS, cell_rows, gather, short_name
from ..views import action_summary
from .content import (
    ACTION_SHORT,
    CELL_SHORT,
    CHANGE,
    PDF_ROWS,
    PERCENT,
    Figure,
    Report,
    Section,
    Table,
    _action_columns,
    _dates,
    _indicator_data,
    _made_by,
    _point_texts,
    _status,
)


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
