"""Improvement points and actions: every 'nee' of the latest final assessment, actions with
their history, overdue and closable, no duplicate from a double click, and withdrawal."""
from datetime import date

import pandas as pd
import pytest

from implementation.errors import StoreError
from implementation.store import AnswerInput


def assess(db, intervention, on, answers, carry=None):
    new = db.assessments.start("verspreiding-borging", on, intervention_id=intervention,
                               carry_over_from=carry)
    db.assessments.record_answers(new, [AnswerInput(k, v) for k, v in answers.items()])
    db.assessments.finalise(new)
    return new


@pytest.fixture
def intervention(fresh_db):
    return fresh_db.registry.add_intervention("JOIN us")


def test_nee_answers_of_the_latest_final_assessment_are_the_improvement_points(fresh_db,
                                                                              intervention):
    first = assess(fresh_db, intervention, date(2024, 1, 1),
                   {"2.macro.trends": "nee", "2.content.doelen": "nee", "2.macro.verspreid": "ja"})
    assess(fresh_db, intervention, date(2024, 7, 1), {"2.content.doelen": "ja"}, first)
    points = fresh_db.actions.improvement_points(intervention)
    assert list(points["item_id"]) == ["2.macro.trends"]
    assert points.iloc[0]["text"] == "Er is zicht op landelijke en regionale trends"


def test_a_parent_whose_elements_decide_is_not_a_point_its_elements_are(fresh_db, intervention):
    assess(fresh_db, intervention, date(2024, 1, 1), {
        "2.content.doelgroep": "nee", "2.content.doelgroep.inclusiecriteria": "ja",
        "2.content.doelgroep.exclusiecriteria": "nee"})
    assert fresh_db.actions.improvement_points(intervention)["item_id"].tolist() == [
        "2.content.doelgroep.exclusiecriteria"]


def test_an_action_keeps_every_version_and_shows_overdue_and_closable(fresh_db, intervention):
    first = assess(fresh_db, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    action = fresh_db.actions.add("2.macro.trends", "Trendanalyse laten maken", "Projectleider",
                                  date(2024, 6, 1), intervention_id=intervention)
    listed = fresh_db.actions.list(intervention, today=date(2024, 7, 1)).iloc[0]
    assert listed["status"] == "open" and bool(listed["overdue"]) and not listed["can_close"]
    assert fresh_db.actions.improvement_points(intervention).iloc[0]["action_id"] == action
    fresh_db.actions.update(action, "Trendanalyse laten maken", "Projectleider",
                            date(2024, 9, 1), "in_progress")
    assess(fresh_db, intervention, date(2024, 8, 1), {"2.macro.trends": "ja"}, first)
    listed = fresh_db.actions.list(intervention, today=date(2024, 8, 2)).iloc[0]
    assert listed["status"] == "in_progress" and not listed["overdue"]
    assert bool(listed["can_close"]) and listed["versions"] == 2
    assert list(fresh_db.actions.history(action)["status"]) == ["open", "in_progress"]


def test_an_action_without_due_date_is_never_overdue(fresh_db, intervention):
    assess(fresh_db, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    fresh_db.actions.add("2.macro.trends", "Trendanalyse", "Projectleider", None,
                         intervention_id=intervention)
    listed = fresh_db.actions.list(intervention, today=date(2030, 1, 1)).iloc[0]
    assert not listed["overdue"] and not listed["can_close"] and pd.isna(listed["due_on"])


def test_a_double_click_makes_one_action(fresh_db, intervention):
    assess(fresh_db, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    fresh_db.actions.add("2.macro.trends", "Trendanalyse", "Jan", None,
                         intervention_id=intervention)
    with pytest.raises(StoreError, match="al een open actie met deze omschrijving"):
        fresh_db.actions.add("2.macro.trends", " Trendanalyse ", "Jan", None,
                             intervention_id=intervention)
    assert len(fresh_db.actions.list(intervention)) == 1


def test_a_withdrawn_action_needs_a_reason_and_frees_its_point(fresh_db, intervention):
    assess(fresh_db, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    action = fresh_db.actions.add("2.macro.trends", "Trendanalyse", "Jan", None,
                                  intervention_id=intervention)
    with pytest.raises(StoreError, match="reden"):
        fresh_db.actions.update(action, "Trendanalyse", "Jan", None, "withdrawn")
    fresh_db.actions.update(action, "Trendanalyse", "Jan", None, "withdrawn", "dubbel")
    point = fresh_db.actions.improvement_points(intervention).iloc[0]
    assert pd.isna(point["action_id"])       # the point can get a new action
    assert fresh_db.actions.history(action)["reason"].tolist() == [None, "dubbel"]


def test_a_version_that_changes_nothing_is_refused(fresh_db, intervention):
    assess(fresh_db, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    action = fresh_db.actions.add("2.macro.trends", "Trendanalyse", "Projectleider",
                                  date(2024, 6, 1), intervention_id=intervention)
    with pytest.raises(StoreError, match="niets gewijzigd"):
        fresh_db.actions.update(action, " Trendanalyse ", "Projectleider", date(2024, 6, 1),
                                "open")
    assert len(fresh_db.actions.history(action)) == 1


def test_empty_profile_texts_are_stored_as_missing(fresh_db):
    intervention = fresh_db.registry.add_intervention("Kanjertraining", owner="  ", licence="")
    profile = fresh_db.registry.intervention(intervention)
    assert profile["owner"] is None and profile["licence"] is None
