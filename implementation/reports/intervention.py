"""The report of an intervention: its readiness and stage profile with their change, the
trends, the improvement points with their actions, and its indicators against their
targets (see :mod:`.content` for what a report is made of)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from .. import charts
from ..checklists import MAIN_CHECKLIST
from ..indicators import period_label, target_text
from ..organisation_attention import attention_list, attention_rows
from ..views import action_summary, change, point_text
from ..vocabulary import Level, Perspective, Stage, Unit
from .content import (
    ACTION_SHORT,
    CHANGE,
    PDF_ROWS,
    PERCENT,
    Figure,
    Report,
    Section,
    Table,
    _action_columns,
    _dates,
    _day,
    _indicator_data,
    _made_by,
    _pct,
    _point_texts,
    _points,
    _stage_figure,
    _status,
    _trend_rows,
)


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
