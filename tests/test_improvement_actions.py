"""Every 'nee' is an improvement point; actions keep their history."""
from datetime import date

import pandas as pd
import pytest

from implementation.store import AnswerInput as A
from implementation.store import StoreError


def assess(store, intervention, day, answers, previous=None):
    assessment = store.start_assessment("verspreiding-borging", intervention, day, "Eigenaar",
                                        carry_over_from=previous)
    store.record_answers(assessment, [A(k, v) for k, v in answers.items()], "Eigenaar")
    store.finalise(assessment)
    return assessment


def test_nee_answers_of_the_latest_final_assessment_are_the_improvement_points(fresh_store,
                                                                              intervention):
    first = assess(fresh_store, intervention, date(2024, 1, 1),
                   {"2.macro.trends": "nee", "2.content.doelen": "nee", "2.macro.verspreid": "ja"})
    assess(fresh_store, intervention, date(2024, 7, 1), {"2.content.doelen": "ja"}, first)
    points = fresh_store.improvement_points(intervention)
    assert list(points["item_id"]) == ["2.macro.trends"]
    assert points.iloc[0]["text"] == "Er is zicht op landelijke en regionale trends"


def test_an_action_keeps_every_version_and_shows_overdue_and_closable(fresh_store,
                                                                     intervention):
    first = assess(fresh_store, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    action = fresh_store.add_action(intervention, "2.macro.trends", "Trendanalyse laten maken",
                                    "Projectleider", date(2024, 6, 1), "Eigenaar")
    listed = fresh_store.actions(intervention, today=date(2024, 7, 1)).iloc[0]
    assert listed["status"] == "open" and bool(listed["overdue"]) and not listed["can_close"]
    assert fresh_store.improvement_points(intervention).iloc[0]["action_id"] == action

    fresh_store.update_action(action, "Trendanalyse laten maken", "Projectleider",
                              date(2024, 9, 1), "in_progress", "Projectleider")
    assess(fresh_store, intervention, date(2024, 8, 1), {"2.macro.trends": "ja"}, first)
    listed = fresh_store.actions(intervention, today=date(2024, 8, 2)).iloc[0]
    assert listed["status"] == "in_progress" and not listed["overdue"]
    assert bool(listed["can_close"])
    assert listed["versions"] == 2
    assert list(fresh_store.action_history(action)["status"]) == ["open", "in_progress"]


def test_an_action_without_due_date_is_never_overdue(fresh_store, intervention):
    assess(fresh_store, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    fresh_store.add_action(intervention, "2.macro.trends", "Trendanalyse", "Projectleider",
                           None, "Eigenaar")
    listed = fresh_store.actions(intervention, today=date(2030, 1, 1)).iloc[0]
    assert not listed["overdue"] and not listed["can_close"]
    assert pd.isna(listed["due_on"])


def test_a_gap_that_returns_after_its_action_was_done_can_get_a_new_action(fresh_store,
                                                                           intervention):
    first = assess(fresh_store, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    action = fresh_store.add_action(intervention, "2.macro.trends", "Trendanalyse",
                                    "Projectleider", date(2024, 6, 1), "Eigenaar")
    assert fresh_store.improvement_points(intervention).iloc[0]["action_id"] == action
    fresh_store.update_action(action, "Trendanalyse", "Projectleider", date(2024, 6, 1),
                              "done", "Projectleider")
    second = assess(fresh_store, intervention, date(2024, 9, 1), {"2.macro.trends": "ja"},
                    first)
    assess(fresh_store, intervention, date(2025, 3, 1), {"2.macro.trends": "nee"}, second)
    point = fresh_store.improvement_points(intervention).iloc[0]
    assert point["item_id"] == "2.macro.trends"
    assert pd.isna(point["action_id"])  # no open action: the page offers a new one


def test_a_version_that_changes_nothing_is_refused(fresh_store, intervention):
    assess(fresh_store, intervention, date(2024, 1, 1), {"2.macro.trends": "nee"})
    action = fresh_store.add_action(intervention, "2.macro.trends", "Trendanalyse",
                                    "Projectleider", date(2024, 6, 1), "Eigenaar")
    with pytest.raises(StoreError, match="niets gewijzigd"):
        fresh_store.update_action(action, " Trendanalyse ", "Projectleider", date(2024, 6, 1),
                                  "open", "Iemand anders")
    assert len(fresh_store.action_history(action)) == 1


def test_empty_profile_texts_are_stored_as_missing(fresh_store):
    intervention = fresh_store.add_intervention("Kanjertraining", owner="  ", licence="")
    profile = fresh_store.intervention(intervention)
    assert profile["owner"] is None and profile["licence"] is None
    school = fresh_store.add_organisation("Over Y College", "school", place=" ")
    assert fresh_store.organisation(school)["place"] is None
