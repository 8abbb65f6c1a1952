"""Readiness on hand-computed cases, with the small checklist 'mini' from conftest.

mini: step 1 macro: a; b* with elements x and y, y with elements p and q.
      step 1 meso:  c.  step 2 meso: d*, e.   Stages: step 1 disseminatie, 2 borging.
"""
from datetime import date

import pytest

from implementation.store import AnswerInput as A


def score(store, answers, by="overall", perspectives=None, implementation=None):
    intervention = store.add_intervention("Proef")
    assessment = store.start_assessment("mini", intervention, date(2025, 1, 1), "eigenaar",
                                        perspectives=perspectives)
    store.record_answers(assessment, [A(i, v) for i, v in answers.items()], "eigenaar")
    frame = store.readiness(intervention, by=by, final_only=False)
    return frame


MIXED = {"1.macro.a": "ja", "1.macro.b.x": "ja", "1.macro.b.y.p": "ja", "1.macro.b.y.q": "nee",
         "1.meso.c": "nvt", "2.meso.d": "nee"}  # e unanswered


def test_overall_readiness_counts_elements_as_partial_credit_and_drops_nvt(mini_store):
    # y = (1 + 0) / 2 = 0.5; b = (x 1 + y 0.5) / 2 = 0.75; c is nvt; d = 0; e = 0
    row = score(mini_store, MIXED).iloc[0]
    assert row["readiness"] == pytest.approx((1 + 0.75 + 0 + 0) / 4)
    assert row["applicable"] == 4
    assert row["answered"] == 4  # e has no answer
    assert row["items"] == 5


def test_readiness_per_step_perspective_cell_stage_and_motivating(mini_store):
    by_step = score(mini_store, MIXED, "step").set_index("step")["readiness"]
    assert by_step.to_dict() == pytest.approx({1: 0.875, 2: 0.0})
    by_perspective = mini_store.readiness(1, "perspective", final_only=False)
    assert by_perspective.set_index("perspective")["readiness"].to_dict() == pytest.approx(
        {"macro": 0.875, "meso": 0.0})
    cells = mini_store.readiness(1, "cell", final_only=False).set_index(["step", "perspective"])
    assert cells.loc[(1, "macro"), "readiness"] == pytest.approx(0.875)
    assert cells.loc[(1, "meso"), "applicable"] == 0
    assert cells.loc[(1, "meso"), "readiness"] != cells.loc[(1, "meso"), "readiness"]  # NaN
    stages = mini_store.readiness(1, "stage", final_only=False).set_index("stage")["readiness"]
    assert stages.to_dict() == pytest.approx({"disseminatie": 0.875, "borging": 0.0})
    motivating = mini_store.readiness(1, "motivating", final_only=False).iloc[0]
    assert motivating["readiness"] == pytest.approx((0.75 + 0) / 2)


def test_item_answered_ja_with_all_elements_nvt_counts_its_own_answer(mini_store):
    row = score(mini_store, {"1.macro.b": "ja", "1.macro.b.x": "nvt", "1.macro.b.y": "nvt"},
                perspectives=["macro"]).iloc[0]
    assert row["readiness"] == pytest.approx((0 + 1) / 2)  # a unanswered, b ja


def test_item_answered_nvt_leaves_even_when_elements_are_answered(mini_store):
    row = score(mini_store, {"1.macro.a": "ja", "1.macro.b": "nvt", "1.macro.b.x": "ja"},
                perspectives=["macro"]).iloc[0]
    assert row["readiness"] == pytest.approx(1.0)
    assert row["applicable"] == 1


def test_unanswered_element_counts_zero_once_a_sibling_is_answered(mini_store):
    row = score(mini_store, {"1.macro.b.x": "ja"}, perspectives=["macro"]).iloc[0]
    # b = (x 1 + y 0) / 2 = 0.5; a unanswered = 0
    assert row["readiness"] == pytest.approx(0.25)


def test_empty_assessment_has_zero_readiness_and_nothing_answered(mini_store):
    row = score(mini_store, {}).iloc[0]
    assert row["readiness"] == 0
    assert row["answered"] == 0 and row["applicable"] == 5


def test_all_nvt_has_no_readiness_rather_than_zero(mini_store):
    row = score(mini_store, {"1.macro.a": "nvt", "1.macro.b": "nvt", "1.meso.c": "nvt",
                             "2.meso.d": "nvt", "2.meso.e": "nvt"}).iloc[0]
    assert row["applicable"] == 0
    assert row["readiness"] != row["readiness"]  # NaN, shown as "geen score"


def test_scope_limits_an_implementation_to_its_perspectives(mini_store):
    row = score(mini_store, MIXED, perspectives=["meso"]).iloc[0]
    assert row["items"] == 3 and row["applicable"] == 2  # c nvt, d nee, e open
    assert row["readiness"] == 0


def test_readiness_is_given_for_every_assessment_date(mini_store):
    intervention = mini_store.add_intervention("Proef")
    for day, answer in ((date(2024, 1, 1), "nee"), (date(2024, 7, 1), "ja")):
        assessment = mini_store.start_assessment("mini", intervention, day, "eigenaar")
        mini_store.record_answers(assessment, [A("1.macro.a", answer)], "eigenaar")
        mini_store.finalise(assessment)
    trend = mini_store.readiness(intervention, "overall")
    assert list(trend["assessed_on"].dt.date) == [date(2024, 1, 1), date(2024, 7, 1)]
    assert list(trend["readiness"]) == pytest.approx([0.0, 0.2])


def test_drafts_are_left_out_unless_asked_for(mini_store):
    intervention = mini_store.add_intervention("Proef")
    mini_store.start_assessment("mini", intervention, date(2024, 1, 1), "eigenaar")
    assert mini_store.readiness(intervention).empty
    assert len(mini_store.readiness(intervention, final_only=False)) == 1


def test_latest_readiness_takes_the_newest_final_assessment_per_intervention(mini_store):
    first, second = mini_store.add_intervention("Een"), mini_store.add_intervention("Twee")
    for intervention, day, answer in ((first, date(2024, 1, 1), "ja"),
                                      (first, date(2025, 1, 1), "nee"),
                                      (second, date(2024, 6, 1), "ja")):
        assessment = mini_store.start_assessment("mini", intervention, day, "eigenaar")
        mini_store.record_answers(assessment, [A("1.macro.a", answer)], "eigenaar")
        mini_store.finalise(assessment)
    # an older assessment entered later must not become 'latest'
    late = mini_store.start_assessment("mini", first, date(2023, 1, 1), "eigenaar")
    mini_store.record_answers(late, [A("1.macro.a", "ja")], "eigenaar")
    mini_store.finalise(late)
    latest = mini_store.latest_readiness("overall", checklist_id="mini")
    assert latest.set_index("intervention_id")["readiness"].to_dict() == pytest.approx(
        {first: 0.0, second: 0.2})


def test_sic_dates_are_the_first_final_assessment_with_the_item_achieved(mini_store):
    intervention = mini_store.add_intervention("Proef")
    plan = [(date(2024, 1, 1), {"1.macro.a": "ja", "1.macro.b.x": "ja", "1.macro.b.y": "nee"}),
            (date(2024, 6, 1), {"1.macro.a": "nee", "1.macro.b.y": "ja", "2.meso.e": "nvt"}),
            (date(2025, 3, 1), {"1.meso.c": "ja"})]
    previous = None
    for day, answers in plan:
        assessment = mini_store.start_assessment("mini", intervention, day, "eigenaar",
                                                 carry_over_from=previous)
        mini_store.record_answers(assessment, [A(k, v) for k, v in answers.items()],
                                  "eigenaar")
        mini_store.finalise(assessment)
        previous = assessment
    achieved = mini_store.item_achievements(intervention, checklist_id="mini")
    first = dict(zip(achieved["item_id"], achieved["achieved_on"].dt.date, strict=True))
    assert first["1.macro.a"] == date(2024, 1, 1)   # achieved once, even if it fell back
    assert first["1.macro.b"] == date(2024, 6, 1)   # x and y both ja from June
    assert first["1.meso.c"] == date(2025, 3, 1)
    assert first["2.meso.d"] != first["2.meso.d"]   # never achieved: NaT
    stages = mini_store.stage_progress(intervention, checklist_id="mini").set_index("stage")
    assert stages.loc["disseminatie", "items"] == 3
    assert stages.loc["disseminatie", "achieved"] == 3
    assert stages.loc["disseminatie", "proportion"] == 1.0
    assert stages.loc["disseminatie", "duration_days"] == (date(2025, 3, 1)
                                                           - date(2024, 1, 1)).days
    assert stages.loc["borging", "items"] == 1  # e is nvt, so only d counts
    assert stages.loc["borging", "achieved"] == 0
    assert list(stages.index) == ["disseminatie", "borging"]


def test_stage_reached_is_the_last_stage_with_all_earlier_ones_at_75_percent():
    import pandas as pd

    from implementation.scoring import stage_reached
    rows = []
    for assessment, values in ((1, (0.8, 0.5, 0.9, 0.9)), (2, (0.8, 0.75, 0.74, 0.9)),
                               (3, (0.7, 1.0, 1.0, 1.0)), (4, (0.9, 0.9, 0.9, 0.8))):
        for stage, value in zip(["disseminatie", "adoptie", "implementatie", "borging"],
                                values, strict=True):
            rows.append({"assessment_id": assessment, "intervention_id": 1,
                         "implementation_id": None,
                         "assessed_on": pd.Timestamp(2024, assessment, 1), "stage": stage,
                         "readiness": value})
    reached = stage_reached(pd.DataFrame(rows))
    assert list(reached["stage_reached"]) == ["disseminatie", "adoptie", None, "borging"]
