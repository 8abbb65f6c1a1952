"""Monitoring: attention list, indicator trend against its target, data entry."""
from datetime import date

from conftest import chart_specs, open_page, values

import shell

PAGE = "pages/monitoring.py"


def test_attention_list_and_trend_with_target_for_join_us(app_db):
    at = open_page(PAGE, "JOIN us")
    store = shell.store()
    intervention = store.intervention("JOIN us")["id"]
    expected = store.attention(intervention, date.today())
    table = at.dataframe[0].value
    assert len(table) == len(expected) > 0
    assert set(table["Reden"]) <= {"Streefwaarde niet gehaald", "Meting ontbreekt"}
    indicator = int(store.indicator("lessen-in-volgorde", intervention)["id"])
    at.selectbox(key="indicator").set_value(indicator).run()
    captions = " ".join(c.value for c in at.caption)
    assert "Er worden programma intergriteitsmetingen uitgevoerd" in captions
    specs = {spec["layout"]["title"]["text"]: spec for spec in chart_specs(at)}
    name = store.indicator(indicator)["name"]
    trend = specs[next(t for t in specs if t.startswith(name))]
    median = next(t for t in trend["data"] if t["name"] == "Mediaan van de organisaties")
    periods = store.indicator_trend(intervention, indicator).dropna(subset=["median"])
    assert values(median["y"]) == list(periods["median"])
    shapes = trend["layout"]["shapes"]
    assert shapes and shapes[0]["y0"] == store.indicator(indicator)["target_low"]


def test_showing_organisations_draws_one_line_each(app_db):
    at = open_page(PAGE, "JOIN us")
    store = shell.store()
    indicator = store.indicator("lessen-in-volgorde", store.intervention("JOIN us")["id"])
    at.selectbox(key="indicator").set_value(int(indicator["id"])).run()
    at.toggle(key="show_organisations").set_value(True).run()
    chosen = at.multiselect(key="organisations_shown").value
    trend = chart_specs(at)[0]
    names = {t["name"] for t in trend["data"]}
    assert set(chosen) <= names and len(chosen) >= 2


def enter_measurement(at, indicator, school, day, value, by="zorgcoördinator"):
    at.selectbox(key="measure_indicator").set_value(indicator)
    at.selectbox(key="measure_organisation").set_value(school)
    at.date_input(key="measure_date").set_value(day)
    at.number_input(key="measure_value").set_value(value)
    at.text_input(key="measure_by").input(by)
    next(b for b in at.button if b.label == "Meting opslaan").click().run()


def test_entering_a_measurement_stores_it_and_a_duplicate_is_refused(app_db):
    at = open_page(PAGE, "Stichting Join us")
    store = shell.store()
    intervention = store.intervention("Stichting Join us")["id"]
    indicator = store.indicator("verwijzingen", intervention)["id"]
    running = store.implementations(intervention)
    school = int(running.iloc[0]["id"])
    before = len(store.measurements(intervention, indicator, with_history=True))
    at.selectbox(key="indicator").set_value(indicator).run()
    enter_measurement(at, indicator, school, date(2030, 1, 15), 4)
    assert at.success[0].value == "Meting opgeslagen."
    history = store.measurements(intervention, indicator, with_history=True)
    assert len(history) == before + 1 and history.iloc[-1]["recorded_by"] == "zorgcoördinator"
    trend = chart_specs(at)[0]  # drawn after the save: the new quarter is on the chart
    assert str(trend["data"][1]["x"][-1]).startswith("2030-01-01")

    enter_measurement(at, indicator, school, date(2030, 2, 1), 6)  # same quarter
    assert "al een meting" in at.error[-1].value
    assert len(store.measurements(intervention, indicator, with_history=True)) == before + 1


def test_an_invalid_indicator_definition_names_the_field(app_db):
    at = open_page(PAGE, "Leerlingbemiddeling")
    at.text_input(key="new_indicator_name").input("Bemiddelingen per school")
    at.text_input(key="new_indicator_code").input("bemiddelingen")
    at.selectbox(key="new_indicator_unit").set_value("percent")
    at.number_input(key="new_indicator_target").set_value(150)
    at.text_input(key="new_indicator_instrument").input("Registratie")
    next(b for b in at.button if b.label == "Indicator toevoegen").click().run()
    assert "tussen 0 en 100" in at.error[-1].value
    at.number_input(key="new_indicator_target").set_value(60)
    next(b for b in at.button if b.label == "Indicator toevoegen").click().run()
    assert "toegevoegd" in at.success[0].value
    intervention = shell.store().intervention("Leerlingbemiddeling")["id"]
    assert list(shell.store().indicators(intervention)["code"]) == ["bemiddelingen"]
