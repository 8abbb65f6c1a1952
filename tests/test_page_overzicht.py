"""Overzicht: the demo interventions with their latest readiness."""
from conftest import chart_specs, open_page

import shell


def test_overview_lists_every_intervention_with_its_latest_readiness(app_db):
    at = open_page()
    table = at.dataframe[0].value
    assert list(table["Interventie"]) == ["Baas in eigen soap", "Gedrag: ik doe ertoe!",
                                          "JOIN us", "Leerlingbemiddeling", "Stichting Join us"]
    store = shell.store()
    latest = store.latest_readiness("overall").merge(
        store.interventions(), left_on="intervention_id", right_on="id")
    expected = dict(zip(latest["name"], (latest["readiness"] * 100).round(0), strict=True))
    shown = dict(zip(table["Interventie"], table["Gereedheid"], strict=True))
    assert shown == expected
    assert list(table.columns[5:9]) == ["Landelijk", "Inhoud", "Organisatie", "Professional"]
    assert table.set_index("Interventie").loc["Leerlingbemiddeling", "Aansturing"] == \
        "vrije markt"
    assert set(table["Bereikt stadium"]) <= {"Nog geen", "Disseminatie", "Adoptie",
                                             "Implementatie"}  # no borging, as in seed 003


def test_overview_chart_has_a_dutch_title_and_percent_axis(app_db):
    spec = chart_specs(open_page())[0]
    assert spec["layout"]["title"]["text"].startswith("Gereedheid per perspectief")
    assert spec["layout"]["yaxis"]["title"]["text"] == "Gereedheid (%)"
    assert spec["layout"]["yaxis"]["range"] == [0, 100]
    assert {trace["name"] for trace in spec["data"]} == {
        "Landelijk niveau van verspreiden", "Inhoud interventie", "Organisatieniveau",
        "Niveau van de professional(s)"}
