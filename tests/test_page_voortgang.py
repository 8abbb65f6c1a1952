"""Voortgang: tiles, trend lines, stage timeline and a board's locations."""
from conftest import chart_specs, open_page

import shell
from implementation.views import change

PAGE = "pages/voortgang.py"


def test_tiles_show_latest_readiness_and_change_since_the_previous_assessment(app_db):
    at = open_page(PAGE, "JOIN us")
    store = shell.store()
    trend = store.readiness(store.intervention("JOIN us")["id"], "overall")
    latest, delta = change(trend)
    tile = next(m for m in at.metric if m.label == "Gereedheid")
    assert tile.value == f"{latest * 100:.0f}%"
    assert tile.delta == f"{delta * 100:+.0f} procentpunt"


def test_trend_charts_have_one_point_per_final_assessment(app_db):
    at = open_page(PAGE, "JOIN us")
    store = shell.store()
    dates = store.readiness(store.intervention("JOIN us")["id"], "overall")["assessed_on"]
    specs = {spec["layout"]["title"]["text"]: spec for spec in chart_specs(at)}
    overall = specs["Gereedheid over de tijd"]
    assert len(overall["data"][0]["x"]) == len(dates)
    assert overall["layout"]["yaxis"]["title"]["text"] == "Gereedheid (%)"
    per_stage = specs["Gereedheid per innovatiestadium over de tijd"]
    assert [t["name"] for t in per_stage["data"]] == ["Disseminatie", "Adoptie",
                                                      "Implementatie", "Borging"]
    assert "Bereikt innovatiestadium" in specs
    assert "Voortgang per stadium (SIC)" in specs


def test_board_sees_its_locations_side_by_side(app_db):
    at = open_page(PAGE, "JOIN us")
    board = shell.store().organisation("Melanchthon")["id"]
    at.selectbox(key="board").set_value(board).run()
    specs = {spec["layout"]["title"]["text"]: spec for spec in chart_specs(at)}
    lines = specs["Gereedheid per locatie en interventie, Melanchthon"]
    names = {trace["name"] for trace in lines["data"]}
    assert names and all(name.startswith("Melanchthon ") for name in names)
    assert "Melanchthon Mathenesse · Gedrag: ik doe ertoe!" in names


def test_a_subject_without_final_assessments_says_so_in_words(app_db):
    store = shell.store()
    store.add_intervention("Kanjertraining")
    shell.after_write()
    at = open_page(PAGE, "Kanjertraining")
    texts = [a["text"] for spec in chart_specs(at) for a in spec["layout"].get("annotations", [])]
    assert "Nog geen definitieve beoordelingen om een lijn van te tekenen." in texts
