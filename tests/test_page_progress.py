"""Overzicht, Voortgang and Vergelijken show the small world's numbers, computed by hand.

Alfa's latest assessment (2025-06-15): steps 1-3 'ja' except 2.content.databank n.v.t.,
steps 4-6 'nee': 37 of 82 applicable items = 45 %. Per perspective: macro 15/29 = 52 %,
content 7/14 = 50 %, meso 11/24 = 46 %, micro 4/15 = 27 %. Per stage (tags in the file):
disseminatie 10/10 = 100 %, adoptie 19/22 = 86 %, implementatie 8/26 = 31 %, borging
6/46 = 13 %. The assessment before (2025-01-15) had 22/83 = 27 %: +19 points.
"""
from helpers import chart, open_page, shown, values


def test_overzicht_lists_every_intervention_with_its_latest_readiness(world_app):
    at = open_page("overzicht", "advies")
    table = at.table[0].value.map(shown).set_index("Interventie")   # wraps: none cut off
    alfa = table.loc["Alfa"]
    assert alfa["Gereedheid"] == "45%"
    assert (alfa["Beantwoord"], alfa["N.v.t."]) == ("83 van 83", "1")
    assert [alfa[c] for c in ("Landelijk", "Inhoud", "Organisatie", "Professional")] == [
        "52%", "50%", "46%", "27%"]
    assert alfa["Stadia bereikt"] == "Disseminatie, Adoptie"
    assert table.loc["Beta", "Beoordeeld"] == "nog geen"
    stages = chart(at, "Stadiaprofiel per interventie")
    assert values(stages["data"][1]["z"]) == [[100.0, 86.4, 30.8, 13.0]]


def test_voortgang_tiles_show_readiness_its_change_answered_nvt_and_actions(world_app):
    at = open_page("voortgang", "alfa")
    tiles = {m.label: (m.value, m.delta) for m in at.metric}
    assert tiles["Gereedheid"] == ("45%", "+19 procentpunt")
    assert tiles["Beantwoord"][0] == "83 van 83"
    assert tiles["Niet van toepassing"][0] == "1"
    assert tiles["Open verbeteracties"] == ("1", "1 verlopen")


def test_voortgang_shows_the_stage_profile_first_with_the_rule_on_the_page(world_app):
    at = open_page("voortgang", "alfa")
    profile = chart(at, "Gereedheid per innovatiestadium")
    bars = profile["data"][0]
    assert bars["x"] == ["Disseminatie", "Adoptie", "Implementatie", "Borging"]
    assert values(bars["y"]) == [100.0, 86.4, 30.8, 13.0]   # 19/22, 8/26, 6/46
    assert bars["text"] == ["100%", "86%", "31%", "13%"]
    rule = next(c.value for c in at.caption if "bereikt" in c.value)
    assert "minstens 75%" in rule and "Eerdere stadia hoeven daarvoor niet bereikt" in rule
    trend = chart(at, "Gereedheid over de tijd")
    assert values(trend["data"][0]["y"]) == [26.5, 45.1]


def test_voortgang_of_a_school_shows_its_own_implementation(world_app):
    at = open_page("voortgang", "oost")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Gereedheid"] == "21%"          # 8 of 39 meso and micro items
    assert tiles["Beantwoord"] == "39 van 39"


def test_vergelijken_shows_stage_profiles_and_the_common_gaps(world_app):
    at = open_page("vergelijken", "advies")
    matrix = chart(at, "Stadiaprofiel per interventie")
    assert values(matrix["data"][1]["z"]) == [[100.0, 86.4, 30.8, 13.0]]
    gaps = at.dataframe[0].value
    # every 'nee' item of Alfa is a gap at 1 of 1 intervention: steps 4-6, 45 items
    assert len(gaps) == 45 and set(gaps["Nog niet geregeld bij"]) == {"1 van 1 interventies"}
    assert gaps.iloc[0]["Stap"] == "4 Uitvoeren"
    assert not gaps["Item"].str.contains(r"\.macro\.").any()   # texts, not item ids


def test_vergelijken_compares_the_schools_of_one_intervention(world_app):
    at = open_page("vergelijken", "alfa")
    schools = chart(at, "Gereedheid per uitvoerende organisatie")
    assert schools["data"][1]["y"] == ["Locatie Oost", "School Zuid"]
    # Oost: meso 5/24, micro 3/15; Zuid: meso 24/24, micro 0/15
    assert values(schools["data"][1]["z"]) == [[20.8, 20.0], [100.0, 0.0]]
