"""Indicators: validation, numbers as a Dutch user types them, target logic, trends and
the attention list (of an intervention, and of a board's own indicators)."""
from datetime import date

import pytest

from implementation.errors import StoreError
from implementation.indicators import (
    IndicatorError,
    load_indicator_file,
    parse_indicator,
    period_of,
    read_number,
)
from implementation.store import MeasurementInput as M

GOOD = dict(code="lessen-in-volgorde", name="Lessen in volgorde", level="micro",
            kind="integrity", unit="percent", direction="higher", target=90,
            frequency="quarter", instrument="Feedbackformulier per les",
            items=["5.macro.integriteitsmetingen"])


def test_a_good_indicator_is_accepted_with_its_target_as_the_lower_bound():
    assert parse_indicator(GOOD).bounds == (90, None)
    lower = parse_indicator(GOOD | {"direction": "lower", "target": 5, "unit": "count"})
    assert lower.bounds == (None, 5)
    band = parse_indicator(GOOD | {"target": None, "target_low": 5, "target_high": 10,
                                   "unit": "count"})
    assert band.bounds == (5, 10)


BAD = {
    "unknown level": ({"level": "landelijk"}, "level", "macro"),
    "unknown kind": ({"kind": "kosten"}, "kind", "integrity"),
    "unknown unit": ({"unit": "euro"}, "unit", "percent"),
    "unknown frequency": ({"frequency": "dagelijks"}, "frequency", "quarter"),
    "empty name": ({"name": " "}, "name", "mag niet leeg zijn"),
    "unknown key": ({"kleur": "rood"}, "kleur", "onbekend veld"),
    "no target": ({"target": None}, None, "streefwaarde"),
    "percent target out of range": ({"target": 120}, None, "tussen 0 en 100"),
    "scale without bounds": ({"unit": "scale", "target": 5}, None, "scale_min"),
    "scale bounds reversed": ({"unit": "scale", "scale_min": 10, "scale_max": 1,
                               "target": 5}, None, "kleiner"),
    "band reversed": ({"target": None, "target_low": 80, "target_high": 60}, None,
                      "niet groter"),
    "target and band": ({"target_low": 80}, None, "niet beide"),
    "bad code": ({"code": "Lessen In Volgorde"}, "code", "ongeldige id"),
    "target not a number": ({"target": "veel"}, "target", "moet een getal zijn"),
    "NaN target": ({"target": float("nan")}, "target", "gewoon getal"),
    "infinite scale": ({"unit": "scale", "scale_min": 0, "scale_max": float("inf"),
                        "target": 5}, "scale_max", "gewoon getal"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_indicator_is_refused_with_field_and_reason(case):
    change, field, fragment = BAD[case]
    with pytest.raises(IndicatorError) as refused:
        parse_indicator(GOOD | change, "indicatoren.yaml")
    assert refused.value.field_name == field
    assert fragment in str(refused.value)
    assert str(refused.value).startswith("indicatoren.yaml")


@pytest.mark.parametrize("typed, value", [("12", 12.0), ("71,9", 71.9), ("71.9", 71.9),
                                          ("0.125", 0.125), ("-3", -3.0), (" 5 ", 5.0)])
def test_numbers_are_read_as_a_dutch_user_types_them(typed, value):
    assert read_number(typed) == (value, None)


@pytest.mark.parametrize("typed, reason", [("1.234", "dubbelzinnig: schrijf 1234"),
                                           ("1_000", "geen getal"), ("1e3", "geen getal"),
                                           ("nan", "geen getal"), ("inf", "geen getal"),
                                           ("12 leerlingen", "geen getal"), ("", "geen getal")])
def test_numbers_that_a_person_would_not_mean_are_refused(typed, reason):
    value, problem = read_number(typed)
    assert value is None and reason in problem


def test_the_demo_indicator_file_loads_for_interventions_and_a_board(checklists):
    from implementation.indicators import DEFAULT_DIRECTORY
    loaded = load_indicator_file(DEFAULT_DIRECTORY / "demo.yaml")
    assert sorted(loaded["interventions"]) == ["JOIN us", "Stichting Join us"]
    assert [s.code for s in loaded["organisations"]["Melanchthon"]] == ["veilig-op-school",
                                                                       "pestincidenten"]
    items = {i.id for i in checklists["verspreiding-borging"].items}
    assert all(set(s.items) <= items for specs in loaded["interventions"].values()
               for s in specs)


def test_duplicate_codes_in_a_file_are_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("interventions:\n  JOIN us:\n    - {code: a, name: A, level: meso, kind: "
                    "reach, unit: count, direction: higher, target: 1, frequency: year, "
                    "instrument: x}\n    - {code: a, name: B, level: meso, kind: reach, unit: "
                    "count, direction: higher, target: 1, frequency: year, instrument: x}\n",
                    encoding="utf-8")
    with pytest.raises(IndicatorError, match="x.yaml, indicator 'a'"):
        load_indicator_file(path)


def test_periods_follow_the_frequency():
    assert period_of(date(2025, 5, 17), "quarter") == (date(2025, 4, 1), date(2025, 6, 30))
    assert period_of(date(2025, 5, 17), "school_year") == (date(2024, 8, 1), date(2025, 7, 31))
    assert period_of(date(2025, 9, 1), "school_year") == (date(2025, 8, 1), date(2026, 7, 31))
    assert period_of(date(2025, 12, 5), "month") == (date(2025, 12, 1), date(2025, 12, 31))
    assert period_of(date(2025, 12, 5), "lesson") == (date(2025, 12, 5), date(2025, 12, 5))


@pytest.fixture
def monitored(fresh_db):
    db = fresh_db
    intervention = db.registry.add_intervention("JOIN us")
    schools = [db.registry.add_implementation(intervention, db.registry.add_organisation(
        name, "school"), date(2024, 1, 1)) for name in ("A", "B", "C")]
    indicator = db.monitoring.add_indicator(parse_indicator(GOOD), intervention)
    values = {schools[0]: [95, 85, 80], schools[1]: [80, 92, 95], schools[2]: [70, 75]}
    quarters = [date(2024, 1, 15), date(2024, 4, 15), date(2024, 7, 15)]
    db.monitoring.record_measurements([M(indicator, quarters[i], v, school)
                                       for school, series in values.items()
                                       for i, v in enumerate(series)])
    return db, intervention, indicator, schools


@pytest.mark.parametrize("target, value, met", [
    ({"direction": "higher", "target": 90}, 90, True),
    ({"direction": "higher", "target": 90}, 89.9, False),
    ({"direction": "lower", "target": 6}, 6, True),
    ({"direction": "lower", "target": 6}, 7, False),
    ({"target": None, "target_low": 5, "target_high": 10}, 5, True),
    ({"target": None, "target_low": 5, "target_high": 10}, 10, True),
    ({"target": None, "target_low": 5, "target_high": 10}, 11, False),
    ({"target": None, "target_low": 5, "target_high": 10}, 4, False)])
def test_target_is_met_on_hand_computed_cases(fresh_db, target, value, met):
    intervention = fresh_db.registry.add_intervention("X")
    school = fresh_db.registry.add_implementation(
        intervention, fresh_db.registry.add_organisation("A", "school"), date(2024, 1, 1))
    spec = parse_indicator(GOOD | {"unit": "percent"} | target)
    indicator = fresh_db.monitoring.add_indicator(spec, intervention)
    fresh_db.monitoring.record_measurements([M(indicator, date(2024, 2, 1), value, school)])
    assert bool(fresh_db.monitoring.measurements(indicator).iloc[0]["met"]) is met


def test_trend_gives_median_spread_and_share_meeting_the_target(monitored):
    db, _, indicator, _ = monitored
    trend = db.monitoring.trend(indicator).set_index("period_start")
    first = trend.loc["2024-01-01"]
    assert (first["median"], first["low"], first["high"]) == (80, 70, 95)
    assert first["organisations"] == 3
    assert first["share_met"] == pytest.approx(1 / 3)   # only 95 >= 90
    assert first["p25"] == pytest.approx(75) and first["p75"] == pytest.approx(87.5)
    last = trend.loc["2024-07-01"]
    assert last["organisations"] == 2 and last["share_met"] == pytest.approx(0.5)


def test_attention_lists_two_periods_below_target_and_missing_measurements(monitored):
    db, intervention, _, _ = monitored
    found = db.monitoring.attention(date(2024, 9, 1), [intervention])
    below = found[found["reason"] == "streefwaarde niet gehaald"]
    # A: 85, 80 -> twice below; B: 92, 95 -> fine; C: 70, 75 -> twice below
    assert sorted(below["organisation"]) == ["A", "C"]
    assert below.set_index("organisation").loc["A", "value"] == 80
    # C has no value for the third quarter, ending 30 Sept; due 92 days after 30 June
    missing = db.monitoring.attention(date(2024, 10, 1), [intervention])
    missing = missing[missing["reason"] == "meting ontbreekt"]
    assert list(missing["organisation"]) == ["C"]
    assert missing.iloc[0]["due"].date() == date(2024, 9, 30)
    assert db.monitoring.attention(date(2024, 9, 29), [intervention]).query(
        "reason == 'meting ontbreekt'").empty


def test_a_board_sees_one_attention_list_across_its_locations(small_world, fresh_db):
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    within = board.registry.descendants_visible(small_world["Bestuur Noord"])
    found = board.monitoring.attention(date(2025, 9, 1), None, within)
    # Oost: 'Lessen gegeven' 60 then 70 < 80 two school years in a row; 'Veilig op school'
    # 80 < 85 once (not yet twice); nothing missing on 1 September 2025
    assert found[["reason", "indicator", "organisation"]].values.tolist() == [
        ["streefwaarde niet gehaald", "Lessen gegeven", "Locatie Oost"]]
    later = board.monitoring.attention(date(2026, 9, 1), None, within)
    missing = later[later["reason"] == "meting ontbreekt"]
    # 2024-25 ended 31 July 2025; a school year is due 366 days later (1 August 2026)
    assert sorted(zip(missing["indicator"], missing["organisation"], strict=True)) == [
        ("Lessen gegeven", "Locatie Oost"), ("Veilig op school", "Locatie Oost"),
        ("Veilig op school", "Locatie West")]


def test_a_second_value_for_a_period_is_refused_unless_replaced_and_history_stays(monitored):
    db, _, indicator, schools = monitored
    with pytest.raises(StoreError, match="al een meting"):
        db.monitoring.record_measurements([M(indicator, date(2024, 2, 1), 99, schools[0])])
    db.monitoring.record_measurements([M(indicator, date(2024, 2, 1), 99, schools[0])],
                                      replace=True)
    current = db.monitoring.measurements(indicator)
    row = current[(current["implementation_id"] == schools[0])
                  & (current["period_start"] == "2024-01-01")].iloc[0]
    assert row["value"] == 99 and row["versions"] == 2
    history = db.monitoring.measurements(indicator, with_history=True)
    assert list(history[(history["implementation_id"] == schools[0])
                        & (history["period_start"] == "2024-01-01")]["value"]) == [95, 99]


@pytest.mark.parametrize("row, message", [
    (lambda i, s: M(i["micro"], date(2025, 2, 1), 101, s), "tussen 0 en 100"),
    (lambda i, s: M(i["count"], date(2025, 2, 1), 1.234, s), "geheel getal"),
    (lambda i, s: M(i["micro"], date(2099, 2, 1), 90, s), "jaartal goed getypt"),
    (lambda i, s: M(i["micro"], date(1, 3, 1), 90, s), "jaartal goed getypt"),
    (lambda i, s: M(i["micro"], date(2026, 7, 1), 90, s) if date.today() < date(2026, 7, 1)
     else M(i["micro"], date.today().replace(year=date.today().year + 1), 90, s),
     "nog niet begonnen|jaartal"),
    (lambda i, s: M(i["macro"], date(2024, 2, 1), 4, s), "als geheel"),
    (lambda i, s: M(i["micro"], date(2024, 2, 1), 90), "per organisatie")])
def test_the_store_refuses_measurements_that_do_not_fit_the_indicator(fresh_db, row, message):
    intervention = fresh_db.registry.add_intervention("X")
    school = fresh_db.registry.add_implementation(
        intervention, fresh_db.registry.add_organisation("A", "school"), date(2024, 1, 1))
    indicators = {
        "micro": fresh_db.monitoring.add_indicator(parse_indicator(GOOD), intervention),
        "count": fresh_db.monitoring.add_indicator(parse_indicator(
            GOOD | {"code": "n", "unit": "count", "target": 3}), intervention),
        "macro": fresh_db.monitoring.add_indicator(parse_indicator(
            GOOD | {"code": "scholen", "level": "macro", "unit": "count", "target": 3}),
            intervention)}
    with pytest.raises(StoreError, match=message):
        fresh_db.monitoring.record_measurements([row(indicators, school)])
    assert fresh_db.count("measurements") == 0


def test_two_periods_with_a_gap_between_them_are_not_in_a_row(fresh_db):
    intervention = fresh_db.registry.add_intervention("X")
    school = fresh_db.registry.add_implementation(
        intervention, fresh_db.registry.add_organisation("A", "school"), date(2024, 1, 1))
    indicator = fresh_db.monitoring.add_indicator(parse_indicator(GOOD), intervention)
    fresh_db.monitoring.record_measurements([M(indicator, date(2024, 1, 15), 70, school),
                                             M(indicator, date(2024, 7, 15), 75, school)])
    found = fresh_db.monitoring.attention(date(2024, 8, 1), [intervention])
    assert found.query("reason == 'streefwaarde niet gehaald'").empty
    fresh_db.monitoring.record_measurements([M(indicator, date(2024, 4, 15), 72, school)])
    found = fresh_db.monitoring.attention(date(2024, 8, 1), [intervention])
    assert len(found.query("reason == 'streefwaarde niet gehaald'")) == 1


def test_who_may_record_which_measurement_is_decided_in_the_core_for_every_subject(
        small_world, fresh_db):
    """Hand-derived from the grants of the small world: an owner records for every
    implementation of their intervention, a school for its own implementation and for its
    own location on its board's indicator, a board for each of its locations (not for an
    implementation), an adviser for nothing."""
    ids = small_world
    lessen, veilig = ids["lessen"], ids["veilig"]
    oost, west = ids["Locatie Oost"], ids["Locatie West"]
    expected = {
        "admin": ([lessen, veilig], {lessen: [("i", ids["Alfa@Oost"], "Locatie Oost"),
                                              ("i", ids["Alfa@Zuid"], "School Zuid")],
                                     veilig: [("o", oost, "Locatie Oost"),
                                              ("o", west, "Locatie West")]}),
        "alfa": ([lessen], {lessen: [("i", ids["Alfa@Oost"], "Locatie Oost"),
                                     ("i", ids["Alfa@Zuid"], "School Zuid")], veilig: []}),
        "oost": ([lessen, veilig], {lessen: [("i", ids["Alfa@Oost"], "Locatie Oost")],
                                    veilig: [("o", oost, "Locatie Oost")]}),
        "noord": ([veilig], {lessen: [], veilig: [("o", oost, "Locatie Oost"),
                                                  ("o", west, "Locatie West")]}),
        "advies": ([], {lessen: [], veilig: []}),
    }
    for login, (indicators, subjects) in expected.items():
        user = fresh_db.acting_as(fresh_db.accounts.user(login)).measurable
        assert user.indicators() == indicators, login
        for indicator, shown in subjects.items():
            assert user.subjects(indicator) == shown, (login, indicator)
