"""The view models: pure functions from store results to what a page shows."""
from datetime import date

import pandas as pd
import pytest

import ui
from implementation import views


def test_the_overview_row_of_an_intervention_with_its_perspectives_and_stages():
    interventions = pd.DataFrame({"id": [1, 2], "name": ["Beta", "Alfa"]})
    overall = pd.DataFrame({"intervention_id": [2], "assessed_on": [pd.Timestamp("2025-06-15")],
                            "readiness": [37 / 82], "answered": [83], "nvt": [1], "items": [83]})
    perspective = pd.DataFrame({"intervention_id": [2] * 4,
                                "perspective": ["macro", "content", "meso", "micro"],
                                "readiness": [15 / 29, 0.5, 11 / 24, 4 / 15]})
    stages = pd.DataFrame({"intervention_id": [2] * 4,
                           "stage": ["disseminatie", "adoptie", "implementatie", "borging"],
                           "readiness": [1.0, 0.85, 0.32, 4 / 41]})
    table = views.intervention_overview(interventions, overall, perspective, stages, 0.75)
    alfa, beta = table.iloc[0], table.iloc[1]
    assert alfa["Interventie"] == "Alfa" and alfa["Gereedheid"] == 45
    assert (alfa["Beantwoord"], alfa["N.v.t."]) == ("83 van 83", 1)
    assert [alfa[c] for c in ("Landelijk", "Inhoud", "Organisatie", "Professional")] == [
        "52%", "50%", "46%", "27%"]
    assert alfa["Stadia bereikt"] == "Disseminatie, Adoptie"
    assert alfa["Laatste beoordeling"] == "15-06-2025"
    assert (beta["Beantwoord"], beta["Stadia bereikt"], beta["Laatste beoordeling"]) == (
        "–", "–", "nog geen")


def test_change_is_the_latest_readiness_and_the_step_from_the_one_before():
    frame = pd.DataFrame({"assessment_id": [1, 2], "assessed_on": ["2025-01-15", "2025-06-15"],
                          "readiness": [22 / 83, 37 / 82]})
    latest, delta = views.change(frame)
    assert latest == pytest.approx(0.4512, abs=1e-4)
    assert delta == pytest.approx(37 / 82 - 22 / 83)
    assert ui.points(delta) == "+19 procentpunt"
    assert ui.points(0.001) == "gelijk gebleven"
    assert views.change(frame.iloc[:1]) == (pytest.approx(22 / 83), None)


def test_the_work_order_puts_overdue_first_and_closed_actions_last():
    actions = pd.DataFrame({"id": [1, 2, 3, 4], "status": ["done", "open", "open", "withdrawn"],
                            "overdue": [False, False, True, False],
                            "due_on": [date(2025, 1, 1), date(2025, 3, 1), date(2025, 2, 1),
                                       None]})
    assert views.work_order(actions)["id"].tolist() == [3, 2, 1, 4]
    assert views.action_summary(actions) == (2, 1)


def test_an_element_reads_with_the_items_it_belongs_to(checklists):
    checklist = checklists["verspreiding-borging"]
    assert views.point_text(checklist, "3.macro.trainingshandleiding.doel.competenties") == (
        "Er is een trainingshandleiding waarin de volgende elementen zijn omschreven › Doel › "
        "competenties die bij de trainers vergroot worden")
    assert views.point_text(checklist, "3.content.methodiekhandleiding.investering") == (
        "3.content.methodiekhandleiding.investering (niet meer in deze versie van de "
        "checklist)")


def test_the_attention_table_names_the_period_and_uses_a_decimal_comma():
    attention = pd.DataFrame({
        "reason": ["streefwaarde niet gehaald", "meting ontbreekt"],
        "indicator": ["Lessen gegeven", "Veilig op school"], "intervention": ["Alfa", None],
        "organisation": ["Locatie Oost", None], "frequency": ["school_year", "quarter"],
        "since": [pd.Timestamp("2024-08-01"), pd.NaT], "value": [70.5, float("nan")],
        "due": [pd.NaT, pd.Timestamp("2025-10-31")]})
    table = views.attention_table(attention)
    assert table.iloc[0].tolist() == ["Streefwaarde niet gehaald", "Lessen gegeven", "Alfa",
                                      "Locatie Oost", "schooljaar 2024-2025", "70,5", "–"]
    assert table.iloc[1].tolist() == ["Meting ontbreekt", "Veilig op school", "eigen indicator",
                                      "interventie als geheel", "nog nooit gemeten", "–",
                                      "31-10-2025"]


@pytest.mark.parametrize("typed, shown", [
    ("![b](http://host/x.png)", "\\!\\[b\\]\\(http\\:\\/\\/host\\/x\\.png\\)"),
    ("**vet** <script>", "\\*\\*vet\\*\\* \\<script\\>"), (None, "")])
def test_user_text_is_escaped_for_markdown(typed, shown):
    assert ui.text(typed) == shown


def test_numbers_have_a_decimal_comma():
    assert (ui.number(71.9), ui.number(1234.5), ui.percent(0.719, 1), ui.percent(None)) == (
        "71,9", "1.234,5", "71,9%", "–")
    assert ui.link_or_text("javascript:alert(1)") == "javascript\\:alert\\(1\\)"
    assert ui.link_or_text("https://example.org/a") == ("[https\\:\\/\\/example\\.org\\/a]"
                                                        "(https://example.org/a)")


def test_the_audit_trail_reads_in_dutch_with_item_texts_instead_of_ids(checklists):
    checklist = checklists["verspreiding-borging"]

    def item_text(item_id):
        return views.point_text(checklist, item_id) if checklist.has_item(item_id) else None
    assert views.audit_action("action.add") == "verbeteractie vastgelegd"
    assert views.audit_action("login") == "inloggen"
    assert views.audit_action("demo") == "demogegevens"
    assert views.audit_values('{"item": "2.micro.relevantie", "omschrijving": "Plan", '
                              '"reden": null, "status": "in_progress"}', item_text) == (
        "item: “De professional ziet de relevantie van de interventie”; omschrijving: Plan; "
        "status: in uitvoering")
    assert views.audit_values('{"answers.record": {"2.content.doelgroep.inclusiecriteria": '
                              '{"antwoord": "ja", "bewijs": null, "toelichting": null}}}',
                              item_text) == (
        "antwoorden opgeslagen: “Doelgroep van de interventie is helder beschreven › "
        "Inclusiecriteria”: antwoord ja")
    assert views.audit_values('{"assessment.finalise": {"status": "final"}}', item_text) == \
        "beoordeling definitief gemaakt: status: definitief"
    assert views.audit_values(None, item_text) == ""


@pytest.mark.parametrize("value, shown_day, shown_moment", [
    (None, "–", "–"), (pd.NaT, "–", "–"), (float("nan"), "–", "–"),
    (date(2025, 3, 1), "01-03-2025", "01-03-2025 00:00"),
    (pd.Timestamp("2025-03-01 10:05"), "01-03-2025", "01-03-2025 10:05")])
def test_dates_read_as_a_dutch_day_and_a_missing_one_as_a_dash(value, shown_day, shown_moment):
    # pd.NaT (a missing due date in a frame) is a datetime: it used to raise in strftime
    assert ui.day(value) == shown_day
    assert ui.moment(value) == shown_moment


def test_readiness_axes_read_in_percent():
    # plotly.js drops ticksuffix when tickvals are given: the tick texts must carry '%'
    from implementation import charts
    frame = pd.DataFrame({"assessed_on": [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-09-01")],
                          "readiness": [0.5, 0.75], "applicable": [20, 20]})
    axis = charts.readiness_trend(frame).layout.yaxis
    assert list(axis.tickvals) == [0, 25, 50, 75, 100]
    assert list(axis.ticktext) == ["0%", "25%", "50%", "75%", "100%"]
