"""Checklist invullen: the scoring loop, from draft to saved answers and readiness."""
from datetime import date

import pytest
from conftest import open_page

import shell

PAGE = "pages/checklist.py"


def save_button(at):
    return next(b for b in at.button if b.label == "Opslaan als concept")


def test_answering_an_item_and_saving_changes_the_rows_and_the_readiness(app_db):
    at = open_page(PAGE, "Baas in eigen soap")
    store = shell.store()
    draft = at.selectbox(key="draft").value
    assert store.assessment(draft)["status"] == "draft"
    before_rows = len(store.answer_history(draft))
    before = store.readiness(draft, "overall", "assessment", final_only=False).iloc[0]

    at.radio(key="step").set_value(6).run()
    item = "6.content.doorontwikkeld"
    old = at.radio(key=f"answer_{draft}_{item}").value
    new = "nee" if old == "ja" else "ja"
    at.radio(key=f"answer_{draft}_{item}").set_value(new)
    at.text_input(key=f"note_{draft}_{item}").input("Besloten in stuurgroep")
    at.text_input(key="recorded_by").input("Sardes")
    save_button(at).click().run()
    assert not at.exception

    history = store.answer_history(draft, item)
    assert len(store.answer_history(draft)) == before_rows + 1
    assert history.iloc[-1]["answer"] == new
    assert history.iloc[-1]["note"] == "Besloten in stuurgroep"
    assert history.iloc[-1]["recorded_by"] == "Sardes"
    after = store.readiness(draft, "overall", "assessment", final_only=False).iloc[0]
    step = 1 if new == "ja" else -1
    assert after["credit"] == pytest.approx(before["credit"] + step)
    message = at.success[0].value
    assert message.startswith("Opgeslagen: 1 wijziging.")
    assert f"{after['readiness'] * 100:.0f}%" in message
    assert f"gereedheid nu {after['readiness'] * 100:.0f}%" in at.get("progress")[0].proto.text


def test_starting_an_assessment_carries_over_the_previous_answers(app_db):
    at = open_page(PAGE, "JOIN us")
    store = shell.store()
    intervention = store.intervention("JOIN us")["id"]
    finals = store.assessments(intervention, subject="intervention")
    finals = finals[(finals["status"] == "final")
                    & (finals["checklist_id"] == "verspreiding-borging")]
    previous = int(finals.iloc[0]["id"])
    at.date_input(key="new_date").set_value(date(2026, 10, 15))
    at.text_input(key="new_respondent").input("Stichting Join us")
    next(b for b in at.button if b.label == "Beoordeling starten").click().run()
    assert not at.exception
    assert "vorige als startpunt" in at.success[0].value
    draft = at.selectbox(key="draft").value
    assert store.assessment(draft)["assessed_on"].date() == date(2026, 10, 15)
    carried = store.current_answers(draft).set_index("item_id")["answer"]
    assert carried.to_dict() == store.current_answers(previous).set_index(
        "item_id")["answer"].to_dict()


def test_a_school_scores_only_its_meso_and_micro_blocks_and_can_finalise(app_db):
    at = open_page(PAGE, "Gedrag: ik doe ertoe!", "Melanchthon Mathenesse")
    at.date_input(key="new_date").set_value(date(2026, 10, 20))
    at.text_input(key="new_respondent").input("apc Mathenesse")
    next(b for b in at.button if b.label == "Beoordeling starten").click().run()
    draft = at.selectbox(key="draft").value
    at.radio(key="step").set_value(2).run()
    keys = {r.key for r in at.radio if r.key.startswith("answer_")}
    assert keys == {f"answer_{draft}_2.meso.{s}" for s in (
        "aansluiting", "maatwerk", "kosten", "randvoorwaarden", "veranderbereidheid")} | {
        f"answer_{draft}_2.micro.{s}" for s in ("eenvoudig", "relevantie", "gevolgen")}
    at.button(key="finalise").click().run()
    assert "definitief" in at.success[0].value
    assert shell.store().assessment(draft)["status"] == "final"


def test_save_and_next_step_keeps_the_answers_and_moves_on(app_db):
    at = open_page(PAGE, "Baas in eigen soap")
    draft = at.selectbox(key="draft").value
    at.radio(key="step").set_value(1).run()
    at.radio(key=f"answer_{draft}_1.content.geen-oplossing").set_value("nvt")
    at.button(key="save_next").click().run()
    assert at.radio(key="step").value == 2
    current = shell.store().current_answers(draft).set_index("item_id")["answer"]
    assert current["1.content.geen-oplossing"] == "nvt"


def test_finalising_saves_what_was_typed_in_the_step_first(app_db):
    at = open_page(PAGE, "Baas in eigen soap")
    draft = at.selectbox(key="draft").value
    at.radio(key="step").set_value(1).run()
    at.text_input(key=f"evidence_{draft}_1.content.vraag-clienten").input(
        "https://example.org/vraaganalyse")
    at.button(key="finalise").click().run()
    store = shell.store()
    assert store.assessment(draft)["status"] == "final"
    current = store.current_answers(draft).set_index("item_id")
    assert current.loc["1.content.vraag-clienten", "evidence"] == \
        "https://example.org/vraaganalyse"
