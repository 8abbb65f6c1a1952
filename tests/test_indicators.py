"""Indicators: validation, target logic, trends and the attention list."""
from datetime import date

import pytest

from implementation.indicators import (
    IndicatorError,
    load_indicator_file,
    parse_indicator,
    period_of,
)
from implementation.monitoring import MeasurementInput as M
from implementation.store import StoreError

GOOD = dict(code="lessen-in-volgorde", name="Lessen in volgorde", level="micro",
            kind="integrity", unit="percent", direction="higher", target=90,
            frequency="quarter", instrument="Feedbackformulier per les",
            items=["5.macro.integriteitsmetingen"])


def test_a_good_indicator_is_accepted_with_its_target_as_the_lower_bound():
    spec = parse_indicator(GOOD)
    assert spec.bounds == (90, None)
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
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_indicator_is_refused_with_field_and_reason(case):
    change, field, fragment = BAD[case]
    with pytest.raises(IndicatorError) as refused:
        parse_indicator(GOOD | change, "indicatoren.yaml")
    assert refused.value.field_name == field
    assert fragment in str(refused.value)
    assert str(refused.value).startswith("indicatoren.yaml")


def test_the_demo_indicator_file_loads(checklists):
    from implementation.indicators import DEFAULT_DIRECTORY
    loaded = load_indicator_file(DEFAULT_DIRECTORY / "demo.yaml")
    assert sorted(loaded) == ["Gedrag: ik doe ertoe!", "JOIN us", "Stichting Join us"]
    items = {i.id for i in checklists["verspreiding-borging"].items}
    assert all(set(spec.items) <= items for specs in loaded.values() for spec in specs)


def test_duplicate_codes_in_a_file_are_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("interventions:\n  JOIN us:\n    - {code: a, name: A, level: meso, kind: "
                    "reach, unit: count, direction: higher, target: 1, frequency: year, "
                    "instrument: x}\n    - {code: a, name: B, level: meso, kind: reach, unit: "
                    "count, direction: higher, target: 1, frequency: year, instrument: x}\n",
                    encoding="utf-8")
    with pytest.raises(IndicatorError, match="x.yaml, indicator 'a'"):
        load_indicator_file(path)


@pytest.mark.parametrize("target, value, met", [
    ({"direction": "higher", "target": 90}, 90, True),
    ({"direction": "higher", "target": 90}, 89.9, False),
    ({"direction": "lower", "target": 6}, 6, True),
    ({"direction": "lower", "target": 6}, 7, False),
    ({"target": None, "target_low": 5, "target_high": 10}, 5, True),
    ({"target": None, "target_low": 5, "target_high": 10}, 10, True),
    ({"target": None, "target_low": 5, "target_high": 10}, 11, False),
    ({"target": None, "target_low": 5, "target_high": 10}, 4, False)])
def test_target_is_met_on_hand_computed_cases(fresh_store, intervention, target, value, met):
    school = fresh_store.add_implementation(
        intervention, fresh_store.add_organisation("A", "school"), date(2024, 1, 1))
    spec = parse_indicator(GOOD | {"unit": "count"} | target)
    indicator = fresh_store.add_indicator(intervention, spec)
    fresh_store.record_measurements([M(indicator, date(2024, 2, 1), value, school)], "x")
    assert bool(fresh_store.measurements(intervention).iloc[0]["met"]) is met


def test_periods_follow_the_frequency():
    assert period_of(date(2025, 5, 17), "quarter") == (date(2025, 4, 1), date(2025, 6, 30))
    assert period_of(date(2025, 5, 17), "school_year") == (date(2024, 8, 1), date(2025, 7, 31))
    assert period_of(date(2025, 9, 1), "school_year") == (date(2025, 8, 1), date(2026, 7, 31))
    assert period_of(date(2025, 12, 5), "month") == (date(2025, 12, 1), date(2025, 12, 31))
    assert period_of(date(2025, 12, 5), "lesson") == (date(2025, 12, 5), date(2025, 12, 5))


@pytest.fixture
def monitored(fresh_store, intervention):
    store = fresh_store
    schools = [store.add_implementation(intervention, store.add_organisation(name, "school"),
                                        date(2024, 1, 1)) for name in ("A", "B", "C")]
    indicator = store.add_indicator(intervention, parse_indicator(GOOD))
    values = {schools[0]: [95, 85, 80], schools[1]: [80, 92, 95], schools[2]: [70, 75]}
    quarters = [date(2024, 1, 15), date(2024, 4, 15), date(2024, 7, 15)]
    store.record_measurements([M(indicator, quarters[i], v, school)
                               for school, series in values.items()
                               for i, v in enumerate(series)], "monitor")
    return store, intervention, indicator, schools


def test_trend_gives_median_spread_and_share_meeting_the_target(monitored):
    store, intervention, indicator, _ = monitored
    trend = store.indicator_trend(intervention, indicator).set_index("period_start")
    first = trend.loc["2024-01-01"]
    assert first["median"] == 80 and first["low"] == 70 and first["high"] == 95
    assert first["organisations"] == 3
    assert first["share_met"] == pytest.approx(1 / 3)   # only 95 >= 90
    assert first["p25"] == pytest.approx(75) and first["p75"] == pytest.approx(87.5)
    last = trend.loc["2024-07-01"]
    assert last["organisations"] == 2 and last["share_met"] == pytest.approx(0.5)


def test_attention_lists_two_periods_below_target_and_missing_measurements(monitored):
    store, intervention, indicator, schools = monitored
    found = store.attention(intervention, date(2024, 9, 1))
    below = found[found["reason"] == "streefwaarde niet gehaald"]
    # A: 85, 80 -> twice below; B: 92, 95 -> fine; C: 70, 75 -> twice below
    assert sorted(below["organisation"]) == ["A", "C"]
    assert below.set_index("organisation").loc["A", "value"] == 80
    # C has no value for the third quarter, ending 30 Sept; due 92 days after 30 June
    missing = store.attention(intervention, date(2024, 10, 1))
    missing = missing[missing["reason"] == "meting ontbreekt"]
    assert list(missing["organisation"]) == ["C"]
    assert missing.iloc[0]["due"].date() == date(2024, 9, 30)
    assert store.attention(intervention, date(2024, 9, 29)).query(
        "reason == 'meting ontbreekt'").empty


def test_a_second_value_for_a_period_is_refused_unless_replaced_and_history_stays(monitored):
    store, intervention, indicator, schools = monitored
    with pytest.raises(StoreError, match="al een meting"):
        store.record_measurements([M(indicator, date(2024, 2, 1), 99, schools[0])], "x")
    store.record_measurements([M(indicator, date(2024, 2, 1), 99, schools[0])], "correctie",
                              replace=True)
    current = store.measurements(intervention, indicator)
    row = current[(current["implementation_id"] == schools[0])
                  & (current["period_start"] == "2024-01-01")].iloc[0]
    assert row["value"] == 99 and row["versions"] == 2
    history = store.measurements(intervention, indicator, with_history=True)
    assert list(history[(history["implementation_id"] == schools[0])
                        & (history["period_start"] == "2024-01-01")]["value"]) == [95, 99]


def test_values_outside_the_unit_are_refused(monitored):
    store, intervention, indicator, schools = monitored
    with pytest.raises(StoreError, match="tussen 0 en 100"):
        store.record_measurements([M(indicator, date(2025, 2, 1), 101, schools[0])], "x")


def test_indicator_items_must_exist_in_the_checklist(fresh_store, intervention):
    with pytest.raises(StoreError, match="9.macro.niets"):
        fresh_store.add_indicator(intervention, parse_indicator(GOOD | {"items":
                                                                        ["9.macro.niets"]}))


def test_two_periods_with_a_gap_between_them_are_not_in_a_row(fresh_store, intervention):
    school = fresh_store.add_implementation(
        intervention, fresh_store.add_organisation("A", "school"), date(2024, 1, 1))
    indicator = fresh_store.add_indicator(intervention, parse_indicator(GOOD))
    fresh_store.record_measurements([M(indicator, date(2024, 1, 15), 70, school),
                                     M(indicator, date(2024, 7, 15), 75, school)], "x")
    found = fresh_store.attention(intervention, date(2024, 8, 1))
    assert found.query("reason == 'streefwaarde niet gehaald'").empty
    fresh_store.record_measurements([M(indicator, date(2024, 4, 15), 72, school)], "x")
    found = fresh_store.attention(intervention, date(2024, 8, 1))
    assert len(found.query("reason == 'streefwaarde niet gehaald'")) == 1


def test_a_lower_is_better_indicator_above_its_maximum_needs_attention(fresh_store,
                                                                      intervention):
    school = fresh_store.add_implementation(
        intervention, fresh_store.add_organisation("A", "school"), date(2024, 1, 1))
    ucla = fresh_store.add_indicator(intervention, parse_indicator(
        GOOD | {"code": "ucla", "unit": "scale", "scale_min": 20, "scale_max": 80,
                "direction": "lower", "target": 40, "frequency": "school_year"}))
    fresh_store.record_measurements([M(ucla, date(2024, 3, 1), 44, school),
                                     M(ucla, date(2025, 3, 1), 41, school)], "x")
    found = fresh_store.attention(intervention, date(2025, 8, 1))
    row = found.query("reason == 'streefwaarde niet gehaald'").iloc[0]
    assert (row["organisation"], row["value"]) == ("A", 41)


@pytest.mark.parametrize("change, message", [
    ("macro with organisation", "als geheel"),
    ("meso without organisation", "per organisatie"),
    ("other intervention's school", "voert de interventie niet uit"),
    ("two values in one period", "twee waarden")])
def test_the_store_refuses_measurements_that_do_not_fit_the_indicator(fresh_store,
                                                                      intervention, change,
                                                                      message):
    school = fresh_store.add_implementation(
        intervention, fresh_store.add_organisation("A", "school"), date(2024, 1, 1))
    other = fresh_store.add_intervention("Kanjertraining")
    elsewhere = fresh_store.add_implementation(
        other, fresh_store.add_organisation("B", "school"), date(2024, 1, 1))
    micro = fresh_store.add_indicator(intervention, parse_indicator(GOOD))
    macro = fresh_store.add_indicator(intervention, parse_indicator(
        GOOD | {"code": "scholen", "level": "macro", "unit": "count", "target": 3}))
    rows = {"macro with organisation": [M(macro, date(2024, 2, 1), 4, school)],
            "meso without organisation": [M(micro, date(2024, 2, 1), 90)],
            "other intervention's school": [M(micro, date(2024, 2, 1), 90, elsewhere)],
            "two values in one period": [M(micro, date(2024, 2, 1), 90, school),
                                         M(micro, date(2024, 3, 1), 91, school)]}[change]
    with pytest.raises(StoreError, match=message):
        fresh_store.record_measurements(rows, "x")
    assert fresh_store._one("SELECT count(*) FROM measurements") == 0
