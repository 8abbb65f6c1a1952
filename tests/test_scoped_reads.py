"""Reads are scoped in the core: a school's user gets no row of another school from any
read, and every read method of the store is in this test."""
import inspect
from datetime import date

import pandas as pd
import pytest

from implementation.errors import Forbidden, NotFoundError

TODAY = date(2026, 12, 1)


def reads(w):
    """Every read of the store, with arguments that would show other schools' rows."""
    return {
        ("registry", "interventions"): (),
        ("registry", "intervention"): (w["Alfa"],),
        ("registry", "organisations"): (),
        ("registry", "organisation"): (w["Locatie Oost"],),
        ("registry", "boards"): (),
        ("registry", "locations"): (w["Bestuur Noord"],),
        ("registry", "descendants_visible"): (w["Bestuur Noord"],),
        ("registry", "implementations"): (w["Alfa"],),
        ("registry", "implementation"): (w["Alfa@Oost"],),
        ("registry", "implementation_of"): (w["Alfa"], w["Locatie Oost"]),
        ("registry", "target"): (None, w["Alfa@Zuid"]),
        ("assessments", "assessment"): (w["Oost1"],),
        ("assessments", "list"): (w["Alfa"],),
        ("assessments", "current_answers"): (w["Oost1"],),
        ("assessments", "answer_history"): (w["Oost1"],),
        ("assessments", "answer_rows"): (w["Alfa"],),
        ("readiness", "readiness"): (w["Alfa"], "overall", "implementations"),
        ("readiness", "latest"): ("overall",),
        ("readiness", "of_assessment"): (w["Oost1"],),
        ("readiness", "stage_profile"): (w["Oost1"], "verspreiding-borging"),
        ("readiness", "item_credits"): (w["Oost1"],),
        ("readiness", "stage_items"): (w["Oost1"], "borging"),
        ("readiness", "stage_progress"): (w["Alfa"],),
        ("readiness", "common_gaps"): ([w["Alfa"], w["Beta"]],),
        ("actions", "improvement_points"): (w["Alfa"], w["Alfa@Oost"]),
        ("actions", "list"): (w["Alfa"], TODAY),
        ("actions", "history"): (w["action"],),
        ("monitoring", "indicators"): (),
        ("monitoring", "measurements"): (w["lessen"],),
        ("monitoring", "trend"): (w["lessen"], [w["School Zuid"], w["Locatie Oost"]]),
        ("monitoring", "attention"): (TODAY,),
        ("monitoring", "latest_values"): ([w["Bestuur Noord"], w["Locatie Oost"],
                                           w["Locatie West"], w["School Zuid"]],),
        ("accounts", "users"): (),
        ("audit", "entries"): (),
        ("audit", "kinds"): (),
        ("team", "respondents"): (w["team"],),
        ("team", "answers"): (w["team"],),
        ("team", "comparison"): (w["team"],),
        ("team", "open_for_me"): (),
    }


@pytest.fixture
def with_team(small_world, fresh_db):
    """The small world and a team assessment of Alfa at School Zuid, with an answer."""
    from implementation.store import AnswerInput
    team = fresh_db.assessments.start("verspreiding-borging", date(2025, 9, 1),
                                      implementation_id=small_world["Alfa@Zuid"], team=True)
    fresh_db.team.add_respondent(team, "Juf Zuid")
    fresh_db.team.record(team, "Juf Zuid", [AnswerInput("2.meso.kosten", "ja")])
    return {**small_world, "team": team}


def test_every_read_of_the_store_is_checked_here(with_team, fresh_db):
    marked = {(part, name) for part in ("registry", "assessments", "team", "readiness",
                                        "actions", "monitoring", "accounts", "audit")
              for name, member in inspect.getmembers(type(getattr(fresh_db, part)))
              if hasattr(member, "reads")}
    assert marked <= set(reads(with_team))


def test_a_school_gets_no_row_of_another_school_from_any_read(with_team, fresh_db):
    small_world = with_team
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    others = {"School Zuid", "Locatie West"}
    other_ids = {small_world["School Zuid"], small_world["Locatie West"]}
    other_implementations = {small_world["Alfa@Zuid"], small_world["Beta@West"]}
    seen_rows = 0
    for (part, name), args in reads(small_world).items():
        try:
            result = getattr(getattr(school, part), name)(*args)
        except (Forbidden, NotFoundError):
            continue  # refused outright: nothing seen
        if isinstance(result, pd.DataFrame):
            frame = result
        elif isinstance(result, dict):
            frame = pd.DataFrame([result])
        else:
            frame = pd.DataFrame({"value": result if isinstance(result, list) else [result]})
        seen_rows += len(frame)
        text = frame.astype(str).to_string()
        assert not any(o in text for o in others), (part, name)
        for column in ("organisation_id", "implementation_id"):
            if column in frame:
                ids = set(frame[column].dropna().astype(int))
                assert not ids & (other_ids | other_implementations if column ==
                                  "implementation_id" else other_ids), (part, name)
    assert seen_rows > 20  # the school does see its own rows


def test_a_school_sees_the_national_figures_of_its_intervention_without_names(small_world,
                                                                             fresh_db):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    latest = school.readiness.latest("overall")
    assert latest["intervention_id"].tolist() == [small_world["Alfa"]]  # not Beta
    trend = school.monitoring.trend(small_world["lessen"]).set_index("period_start")
    # 2024-25: Oost 70 and Zuid 90 -> median 80, half meet the target of 80 (only Zuid)
    row = trend.loc[pd.Timestamp("2024-08-01")]
    # two organisations are too few to show a school their spread: it could tell the other's
    assert row["organisations"] == 2 and pd.isna(row["median"]) and pd.isna(row["high"])
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa")).monitoring.trend(
        small_world["lessen"]).set_index("period_start").loc[pd.Timestamp("2024-08-01")]
    assert (owner["median"], owner["high"], owner["share_met"]) == (80.0, 90.0, 0.5)
    rows = school.monitoring.measurements(small_world["lessen"])
    assert set(rows["organisation"]) == {"Locatie Oost"}


def test_a_board_sees_all_its_locations_and_nothing_else(small_world, fresh_db):
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    assert set(board.registry.organisations()["name"]) == {"Bestuur Noord", "Locatie Oost",
                                                           "Locatie West"}
    assert set(board.registry.implementations()["label"]) == {"Locatie Oost · Alfa",
                                                              "Locatie West · Beta"}
    with pytest.raises(NotFoundError):
        board.assessments.assessment(small_world["Zuid1"])


def test_an_owner_sees_every_school_of_its_intervention_only(small_world, fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    assert set(owner.registry.implementations()["organisation"]) == {"Locatie Oost",
                                                                    "School Zuid"}
    assert owner.registry.interventions()["name"].tolist() == ["Alfa"]


def test_a_trend_is_named_only_for_who_sees_every_organisation_in_it(small_world, fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    # Bestuur Noord's own indicator: the owner of Alfa gets the count, not the spread of two
    row = owner.monitoring.trend(small_world["veilig"]).iloc[0]
    assert row["organisations"] == 2 and pd.isna(row["median"])
    with pytest.raises(NotFoundError, match="onbekende indicator"):
        fresh_db.monitoring.trend(999_999)                # no such indicator at all
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    # the board sees both its locations by name: 80 and 90 -> median 85
    row = board.monitoring.trend(small_world["veilig"]).iloc[0]
    assert (row["organisations"], row["median"]) == (2, 85.0)
