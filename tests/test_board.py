"""The board's view in the core: a new version of an own checklist carries answers over,
the latest indicator values per location, the organisation's view of the small world
(every figure computed by hand), and one attention list sorted by urgency."""
from datetime import date

import pandas as pd
from helpers import day

from implementation.checklists import load_checklists
from implementation.organisation_attention import attention_list
from implementation.organisation_view import gather, school_year, short_name
from implementation.permissions import SYSTEM
from implementation.store import AnswerInput, Database

TODAY = date(2025, 9, 1)

DUTIES_V1 = """
id: plicht
version: "1"
title: Plicht
steps:
  - number: 1
    title: Een
    items:
      - {id: "1.a", text: "A"}
  - number: 2
    title: Twee
    items:
      - {id: "2.b", text: "B"}
"""
DUTIES_V2 = """
id: plicht
version: "2"
title: Plicht
scale:
  - {value: "ja", label: "ja", credit: 1}
  - {value: "nee", label: "nee", credit: 0}
steps:
  - number: 1
    title: Een
    items:
      - {id: "1.a", text: "A"}
      - {id: "1.b", text: "B", replaces: "2.b"}
"""


def test_a_new_version_carries_moved_items_over_and_drops_an_answer_it_no_longer_offers(
        tmp_path):
    path = str(tmp_path / "plicht.duckdb")
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "plicht.yaml").write_text(DUTIES_V1, encoding="utf-8")
    database = Database.open(path, load_checklists(tmp_path / "v1").checklists)
    db = database.acting_as(SYSTEM)
    school = db.registry.add_organisation("School", "school")
    first = db.assessments.start("plicht", day("2025-06-01"), organisation_id=school)
    db.assessments.record_answers(first, [AnswerInput("1.a", "nvt", "geldt hier niet"),
                                          AnswerInput("2.b", "ja")])
    db.assessments.finalise(first)
    database.close()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v2" / "plicht.yaml").write_text(DUTIES_V2, encoding="utf-8")
    database = Database.open(path, load_checklists(tmp_path / "v2").checklists)
    db = database.acting_as(SYSTEM)
    second = db.assessments.start("plicht", day("2026-06-01"), organisation_id=school,
                                  carry_over_from=first)
    carried = db.assessments.current_answers(second).set_index("item_id")
    assert carried["answer"].to_dict() == {"1.b": "ja"}     # n.v.t. is no longer an answer
    assert db.assessments.assessment(first)["checklist_version"] == "1"
    database.close()


def test_the_latest_value_per_location_and_whether_it_meets_the_target(small_world, fresh_db):
    w = small_world
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    values = board.monitoring.latest_values([w["Bestuur Noord"], w["Locatie Oost"],
                                             w["Locatie West"]])
    # Oost: Alfa's lessons 70 in 2024-25 (below 80) and safety 80 (below 85); West 90 (met)
    assert values[["organisation", "indicator", "value", "met"]].values.tolist() == [
        ["Locatie Oost", "Lessen gegeven", 70.0, False],
        ["Locatie Oost", "Veilig op school", 80.0, False],
        ["Locatie West", "Veilig op school", 90.0, True]]
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    # a school asking for a board's other location gets nothing of it
    assert set(school.monitoring.latest_values([w["Locatie West"], w["School Zuid"]])
               ["organisation"]) == set()


def test_the_board_view_of_the_small_world(small_world, fresh_db):
    w = small_world
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    found = gather(board, board.checklists, w["Bestuur Noord"], TODAY)
    assert found.has_locations and list(found.locations["name"]) == ["Locatie Oost",
                                                                     "Locatie West"]
    cells = found.cells.set_index("organisation")
    # Alfa at Oost: step 2 meso and micro 'ja' = 8 of 39; one assessment, so no change
    assert round(cells.loc["Locatie Oost", "readiness"], 4) == round(8 / 39, 4)
    assert pd.isna(cells.loc["Locatie Oost", "change"])
    assert (cells.loc["Locatie Oost", "indicators"], cells.loc["Locatie Oost", "met"]) == (1, 0)
    # Beta at West runs but is not assessed
    assert pd.isna(cells.loc["Locatie West", "readiness"])
    states = found.grid.set_index(["location", "intervention"])["state"].to_dict()
    assert states == {("Locatie Oost", "Alfa"): "assessed", ("Locatie Oost", "Beta"): "not_run",
                      ("Locatie West", "Alfa"): "not_run",
                      ("Locatie West", "Beta"): "not_assessed"}
    duties = found.own[0]
    assert duties.checklist.id == "anti-pestbeleid-melanchthon"
    assert duties.history[["location", "readiness"]].values.tolist() == [["Locatie Oost",
                                                                          7 / 30]]
    # Alfa's lessons at Oost: 60 and 70, below 80 in two school years in a row
    first = found.attention.iloc[0]
    assert (first["kind"], first["what"], first["organisation"]) == (
        "target", "Lessen gegeven", "Locatie Oost")


def test_one_attention_list_sorted_by_urgency():
    alerts = pd.DataFrame([
        {"reason": "meting ontbreekt", "indicator": "Veilig", "organisation": "West",
         "intervention": None, "since": None, "frequency": "school_year", "value": None,
         "due": date(2025, 8, 1), "days_overdue": 31, "target_low": 85.0, "target_high": None},
        {"reason": "streefwaarde niet gehaald", "indicator": "Lessen", "organisation": "Oost",
         "intervention": "Alfa", "since": date(2024, 8, 1), "frequency": "school_year",
         "value": 70.0, "due": None, "days_overdue": None, "target_low": 80.0,
         "target_high": None},
        {"reason": "streefwaarde niet gehaald", "indicator": "Incidenten", "organisation": "Oost",
         "intervention": None, "since": date(2024, 8, 1), "frequency": "school_year",
         "value": 20.0, "due": None, "days_overdue": None, "target_low": None,
         "target_high": 12.0}])
    actions = pd.DataFrame([
        {"description": "Plan", "organisation": "Oost", "intervention": "Alfa",
         "responsible": "Piet", "status": "open", "due_on": date(2025, 1, 1), "overdue": True},
        {"description": "Klaar", "organisation": "Oost", "intervention": "Alfa",
         "responsible": "Piet", "status": "done", "due_on": date(2024, 1, 1), "overdue": False}])
    found = attention_list(alerts, actions, [], TODAY)
    # targets first, the furthest below first (20 vs 12 is 67 % over; 70 vs 80 is 12.5 %
    # under), then the overdue action (243 days), then the missing measurement
    assert found[["what", "days"]].astype(object).where(found[["what", "days"]].notna(), None) \
        .values.tolist() == [["Incidenten", None], ["Lessen", None], ["Plan", 243],
                             ["Veilig", 31]]
    assert found["detail"].iloc[1] == "schooljaar 2024-2025: 70 (streefwaarde ten minste 80)"


def test_names_and_school_years():
    assert short_name("Melanchthon locatie 2 (voorbeeld)", "Melanchthon") == "locatie 2 (vb.)"
    assert short_name("Locatie Oost", "Bestuur Noord") == "Locatie Oost"
    assert school_year(date(2025, 7, 31)) == "2024-2025"
    assert school_year(date(2025, 8, 1)) == "2025-2026"
