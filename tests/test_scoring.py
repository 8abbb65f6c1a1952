"""Readiness, per group and per stage, on the small checklist 'mini', computed by hand.

mini: step 1 macro  a; b* (stages disseminatie and adoptie) with elements x and y,
                     and y with elements p and q;   (block stage: disseminatie)
      step 1 meso   c                                 (no stage)
      step 2 meso   d*, e                             (block stage: borging)
"""
import pandas as pd
import pytest
from helpers import day

from implementation import scoring
from implementation.errors import StoreError
from implementation.store import AnswerInput


def assess(db, answers: dict, final=True, on="2025-01-01", **subject):
    if not subject:
        subject = {"intervention_id": db.registry.add_intervention(f"X{on}{len(answers)}")}
    new = db.assessments.start("mini", day(on), **subject)
    db.assessments.record_answers(new, [
        AnswerInput(k, v, "reden" if v == "nvt" else None) for k, v in answers.items()])
    if final:
        db.assessments.finalise(new)
    return new


def one(db, assessment, by="overall"):
    return db.readiness.of_assessment(assessment, by)


CASE = {"1.macro.a": "ja", "1.macro.b.x": "ja", "1.macro.b.y.p": "ja", "1.macro.b.y.q": "nee",
        "1.meso.c": "nee", "2.meso.d": "nvt", "2.meso.e": "ja"}


def test_overall_readiness_counts_elements_as_partial_credit_and_leaves_out_nvt(mini_db):
    # y = mean(p=1, q=0) = 0.5; b = mean(x=1, y=0.5) = 0.75; a = 1, c = 0, e = 1, d n.v.t.
    row = one(mini_db, assess(mini_db, CASE)).iloc[0]
    assert row["readiness"] == pytest.approx(2.75 / 4)
    assert (row["applicable"], row["answered"], row["nvt"], row["items"]) == (4, 5, 1, 5)


def test_readiness_per_step_perspective_stage_and_motivating(mini_db):
    assessment = assess(mini_db, CASE)
    steps = one(mini_db, assessment, "step").set_index("step")["readiness"]
    assert steps[1] == pytest.approx(1.75 / 3) and steps[2] == pytest.approx(1.0)
    perspectives = one(mini_db, assessment, "perspective").set_index("perspective")
    assert perspectives.loc["macro", "readiness"] == pytest.approx(1.75 / 2)
    assert perspectives.loc["meso", "readiness"] == pytest.approx(1 / 2)  # c = 0, e = 1
    stages = one(mini_db, assessment, "stage").set_index("stage")["readiness"]
    # disseminatie: a and b; adoptie: b only (an item serving two stages counts in both);
    # borging: d n.v.t., e = 1; c serves no stage and is in none of them
    assert stages.to_dict() == pytest.approx({"disseminatie": 0.875, "adoptie": 0.75,
                                              "borging": 1.0})
    assert one(mini_db, assessment, "motivating")["readiness"].iloc[0] == pytest.approx(0.75)


def test_the_elements_decide_once_one_of_them_is_answered(mini_db):
    # b's own 'nee' does not count: x = 1, y = 0 (its elements are unanswered) -> 0.5
    answers = {"1.macro.b": "nee", "1.macro.b.x": "ja"}
    credits = mini_db.readiness.item_credits(assess(mini_db, answers)).set_index("item_id")
    assert credits.loc["1.macro.b", "credit"] == pytest.approx(0.5)


def test_an_item_answered_ja_with_all_elements_nvt_counts_its_own_answer(mini_db):
    answers = {"1.macro.b": "ja", "1.macro.b.x": "nvt", "1.macro.b.y": "nvt"}
    credits = mini_db.readiness.item_credits(assess(mini_db, answers)).set_index("item_id")
    assert credits.loc["1.macro.b", "credit"] == 1.0


def test_an_unanswered_item_whose_elements_are_all_nvt_is_not_applicable(mini_db):
    credits = mini_db.readiness.item_credits(assess(mini_db, {
        "1.macro.b.x": "nvt", "1.macro.b.y": "nvt"})).set_index("item_id")
    assert pd.isna(credits.loc["1.macro.b", "credit"]) and credits.loc["1.macro.b", "nvt"]



def test_a_stage_whose_items_are_all_nvt_has_no_readiness_rather_than_zero(mini_db):
    assessment = assess(mini_db, {"1.macro.a": "ja", "2.meso.d": "nvt", "2.meso.e": "nvt"})
    profile = mini_db.readiness.stage_profile(assessment, "mini").set_index("stage")
    assert pd.isna(profile.loc["borging", "readiness"])
    assert profile.loc["borging", "reached"] is None and profile.loc["borging", "nvt"] == 2
    # disseminatie: a = 1, b unanswered = 0 -> 0.5, reached at the file's threshold 0.5
    assert profile.loc["disseminatie", "readiness"] == pytest.approx(0.5)
    assert bool(profile.loc["disseminatie", "reached"]) is True
    assert bool(profile.loc["adoptie", "reached"]) is False   # b = 0


def test_a_stage_counts_as_reached_without_the_earlier_stages(mini_db):
    # borging 100 % while disseminatie is 0 %: the seed's process is not linear
    assessment = assess(mini_db, {"1.macro.a": "nee", "2.meso.d": "ja", "2.meso.e": "ja"})
    profile = mini_db.readiness.stage_profile(assessment, "mini").set_index("stage")
    assert [bool(r) for r in profile["reached"]] == [False, False, True]


def test_an_empty_assessment_has_zero_readiness_and_nothing_answered(mini_db):
    row = one(mini_db, assess(mini_db, {}, final=False)).iloc[0]
    assert (row["readiness"], row["answered"], row["applicable"]) == (0.0, 0, 5)


def test_an_nvt_answer_needs_a_reason(mini_db):
    assessment = mini_db.assessments.start("mini", day("2025-01-01"),
                                           intervention_id=mini_db.registry.add_intervention("Y"))
    with pytest.raises(StoreError, match="n.v.t..*toelichting"):
        mini_db.assessments.record_answers(assessment, [AnswerInput("1.macro.a", "nvt")])


def test_an_implementation_scores_only_its_meso_and_micro_items(mini_db):
    intervention = mini_db.registry.add_intervention("Z")
    school = mini_db.registry.add_organisation("School", "school")
    implementation = mini_db.registry.add_implementation(intervention, school, day("2024-01-01"))
    assessment = assess(mini_db, {"1.meso.c": "ja", "2.meso.d": "ja"},
                        implementation_id=implementation)
    row = one(mini_db, assessment).iloc[0]
    assert (row["readiness"], row["items"]) == (pytest.approx(2 / 3), 3)   # c, d, e
    with pytest.raises(StoreError, match="hoort niet bij de onderdelen"):
        draft = mini_db.assessments.start("mini", day("2025-02-01"),
                                          implementation_id=implementation)
        mini_db.assessments.record_answers(draft, [AnswerInput("1.macro.a", "ja")])


def test_readiness_is_given_for_every_final_assessment_date_and_drafts_only_when_asked(mini_db):
    intervention = mini_db.registry.add_intervention("Trend")
    for on, answer in (("2024-01-01", "nee"), ("2024-06-01", "ja")):
        assess(mini_db, {"1.macro.a": answer}, on=on, intervention_id=intervention)
    assess(mini_db, {"1.macro.a": "ja", "1.meso.c": "ja"}, final=False, on="2024-09-01",
           intervention_id=intervention)
    finals = mini_db.readiness.readiness(intervention, "overall", "intervention", "mini")
    assert [round(r, 3) for r in finals["readiness"]] == [0.0, 0.2]
    everything = mini_db.readiness.readiness(intervention, "overall", "intervention", "mini",
                                             final_only=False)
    assert [round(r, 3) for r in everything["readiness"]] == [0.0, 0.2, 0.4]
    latest = mini_db.readiness.latest("overall", "mini", [intervention])
    assert latest["readiness"].tolist() == [pytest.approx(0.2)]


def test_sic_progress_counts_items_ever_fully_achieved_per_stage(mini_db):
    intervention = mini_db.registry.add_intervention("SIC")
    assess(mini_db, {"1.macro.a": "ja"}, on="2024-01-01", intervention_id=intervention)
    assess(mini_db, {"1.macro.a": "ja", "1.macro.b": "ja", "2.meso.e": "ja"}, on="2024-07-01",
           intervention_id=intervention)
    progress = mini_db.readiness.stage_progress(intervention, None, "mini").set_index("stage")
    assert progress.loc["disseminatie", ["items", "achieved"]].tolist() == [2, 2]
    assert progress.loc["disseminatie", "duration_days"] == 182  # 1 January to 1 July 2024
    assert progress.loc["borging", ["items", "achieved"]].tolist() == [2, 1]


def test_stage_profile_lists_every_stage_the_checklist_serves_in_order():
    import pandas as pd
    stages = pd.DataFrame({"stage": ["borging"], "readiness": [0.8], "items": [2],
                           "applicable": [2], "answered": [2], "nvt": [0]})
    profile = scoring.stage_profile(stages, ["disseminatie", "borging"], 0.75)
    assert profile["stage"].tolist() == ["disseminatie", "borging"]
    assert profile["readiness"].tolist()[1] == 0.8 and bool(profile["reached"].iloc[1])
    assert profile["items"].tolist() == [0, 2]
