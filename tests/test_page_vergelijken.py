"""Vergelijken: interventions side by side, filters, common gaps, schools."""
from conftest import chart_specs, open_page

import shell

PAGE = "pages/vergelijken.py"


def test_heatmap_shows_every_intervention_per_perspective_and_step(app_db):
    at = open_page(PAGE, "JOIN us")
    heatmap = chart_specs(at)[0]
    assert heatmap["layout"]["title"]["text"] == "Gereedheid per stap en perspectief"
    rows = heatmap["data"][0]["y"]
    assert "JOIN us · Landelijk niveau van verspreiden" in rows
    assert "Leerlingbemiddeling · Niveau van de professional(s)" in rows
    assert heatmap["data"][0]["x"][0] == "1 Vraag bepalen"


def test_filter_on_aansturing_keeps_the_vrije_markt_intervention(app_db):
    at = open_page(PAGE, "JOIN us")
    at.multiselect(key="filter_aansturing").set_value(["vrije markt"]).run()
    options = at.multiselect(key="compare_interventions").options
    assert options == ["Leerlingbemiddeling"]


def test_common_gaps_count_the_nee_answers_across_interventions(app_db):
    at = open_page(PAGE, "JOIN us")
    table = next(d.value for d in at.dataframe if "Aantal nee" in d.value.columns)
    store = shell.store()
    gaps = store.common_gaps(store.interventions()["id"].tolist())
    assert list(table["Item"]) == list(gaps["item_id"])
    assert table["Aantal nee"].iloc[0] == gaps["nee"].max()
    assert (table["Van interventies"] == 5).all()


def test_schools_of_one_intervention_are_compared(app_db):
    at = open_page(PAGE, "Gedrag: ik doe ertoe!")
    specs = {spec["layout"]["title"]["text"]: spec for spec in chart_specs(at)}
    schools = specs["Gereedheid per uitvoerende organisatie (laatste beoordeling)"]
    rows = schools["data"][0]["y"]
    running = shell.store().implementations(
        shell.store().intervention("Gedrag: ik doe ertoe!")["id"])
    assert {row.split(" · ")[0] for row in rows} == set(running["organisation"])
    bars = specs["Gereedheid per perspectief en uitvoerende organisatie"]
    assert {t["name"] for t in bars["data"]} == {"Organisatieniveau",
                                                 "Niveau van de professional(s)"}
    assert set(bars["data"][0]["x"]) == set(running["organisation"])
