"""The Organisatie page and a board's own things on the other pages, on the small world
(every number by hand): Bestuur Noord with Locatie Oost (runs Alfa: 8 of 39 = 20.5 %;
its obligations: part 1 'ja' = 7 of 30) and Locatie West (runs Beta, not assessed)."""
import math

from helpers import PASSWORD, ROOT, app, chart, open_page, values

import shell


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def table(at, column: str):
    """The dataframe on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def ids() -> dict:
    frame = shell.root().registry.organisations()
    return dict(zip(frame["name"], frame["id"], strict=True))


def test_a_board_sees_every_location_and_intervention_with_hand_computed_figures(world_app):
    at = app("noord")                       # a board starts on Organisatie
    assert at.title[0].value == "Organisatie"
    # attention (the page counts from today, later than every date of the small world): the
    # lessons at Oost, the measurements of 2025-26 that are overdue, and the obligations
    assert metrics(at) == {"Locaties": "2", "Interventies": "2", "Open acties": "0",
                           "Aandacht nodig": "6"}
    grid = chart(at, "Gereedheid per locatie en interventie")
    ground, value = grid["data"]
    assert value["y"] == ["Locatie Oost", "Locatie West"] and value["x"] == ["Alfa", "Beta"]
    z = values(value["z"])
    assert z[0][0] == 20.5 and all(math.isnan(v) for v in (z[0][1], z[1][0], z[1][1]))
    # West runs Beta but has not assessed it (grey, "–"); Oost does not run Beta (empty)
    assert ground["text"] == [["", ""], ["", "–"]]
    assert values(ground["z"])[0][1] == 0 and values(ground["z"])[1][1] == 1
    cells = table(at, "Indicatoren op streefwaarde").set_index("Locatie")
    assert round(cells.loc["Locatie Oost", "Gereedheid"], 1) == 20.5
    assert cells.loc["Locatie Oost", "Indicatoren op streefwaarde"] == "0 van 1"
    attention = table(at, "Dagen te laat")
    duties = "Anti-pestbeleid Melanchthon, verplichtingen per vestiging"
    assert attention[["Wat", "Onderwerp", "Locatie", "Stand"]].values.tolist() == [
        ["Streefwaarde 2× gemist", "Lessen gegeven", "Locatie Oost",
         "schooljaar 2024-2025: 70 (streefwaarde ten minste 80)"],
        ["Meting ontbreekt", "Lessen gegeven", "Locatie Oost",
         "laatste periode: schooljaar 2024-2025"],
        ["Meting ontbreekt", "Veilig op school", "Locatie Oost",
         "laatste periode: schooljaar 2024-2025"],
        ["Meting ontbreekt", "Veilig op school", "Locatie West",
         "laatste periode: schooljaar 2024-2025"],
        ["Jaarlijkse beoordeling ontbreekt", duties, "Locatie West", "nog nooit beoordeeld"],
        ["Jaarlijkse beoordeling ontbreekt", duties, "Locatie Oost",
         "laatste beoordeling 20-06-2025"]]
    own = chart(at, "Laatste beoordeling per locatie en onderdeel")
    assert values(own["data"][1]["z"])[0] == [100.0, 0.0, 0.0, 0.0, 0.0]
    assert own["data"][0]["text"][1] == ["–"] * 5          # West: not yet assessed
    safe = chart(at, "Veilig op school: per locatie")
    assert [a["text"] for a in safe["layout"]["annotations"]][:2] == ["Locatie Oost",
                                                                     "Locatie West"]
    oost = next(t for t in safe["data"] if t.get("name") == "Locatie"
                and t["xaxis"] == "x")
    assert list(oost["y"]) == [80.0] and safe["layout"]["shapes"][0]["y0"] == 85
    trend = chart(at, "Gereedheid per locatie over de tijd")
    assert [a["text"] for a in trend["layout"]["annotations"]][:2] == ["Locatie Oost",
                                                                      "Locatie West"]


def test_a_school_is_its_own_single_location(world_app):
    at = open_page("organisatie", "oost", start_from="organisation")
    assert metrics(at)["Locaties"] == "1"
    assert "1 locatie: de organisatie zelf" in at.caption[0].value


def test_an_owner_opens_organisatie_on_a_board_that_runs_its_intervention(world_app):
    at = open_page("organisatie", "alfa")
    chooser = at.selectbox(key="organisation_page")
    names = ids()
    assert chooser.value == names["Bestuur Noord"]
    assert sorted(chooser.options) == ["Bestuur Noord", "Locatie Oost", "School Zuid"]
    assert metrics(at)["Locaties"] == "1"                  # the owner sees Oost, not West
    chooser.set_value(names["School Zuid"]).run()
    assert "**School Zuid**" in at.caption[0].value


def test_a_board_lands_on_its_own_things_on_the_other_pages(world_app):
    names = ids()
    at = open_page("verbeterpunten", "noord")
    # the obligations are per location: the page asks which, starting at the first
    assert at.selectbox(key="own_location").value == names["Locatie Oost"]
    assert at.selectbox(key="vp_checklist").value == "anti-pestbeleid-melanchthon"
    assert metrics(at)["Verbeterpunten zonder actie"] == "23"       # 30 items, 7 'ja'
    at.switch_page("pages/checklist.py").run()
    assert at.selectbox(key="own_location").value == names["Locatie Oost"]
    assert at.selectbox(key="checklist_id").value == "anti-pestbeleid-melanchthon"
    at.switch_page("pages/monitoring.py").run()
    indicator = at.selectbox(key="indicator")
    assert indicator.format_func(indicator.value).endswith("Veilig op school")
    at.switch_page("pages/voortgang.py").run()
    assert [h.value for h in at.header][:1] == ["Gereedheid per locatie"]
    chart(at, "Gereedheid per locatie over de tijd")


def test_the_sidebar_keeps_its_choice_in_the_address(world_app):
    at = app("noord")
    board = ids()["Bestuur Noord"]
    assert at.query_params["van"] == "organisatie"
    assert at.query_params["organisatie"] == str(board)
    # a reload (a new session with that address) opens the same subject
    from streamlit.testing.v1 import AppTest
    alfa = shell.root().registry.intervention("Alfa")["id"]
    fresh = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    fresh.query_params["van"] = "interventie"
    fresh.query_params["interventie"] = str(alfa)
    fresh.run()
    fresh.text_input(key="login_name").input("admin")
    fresh.text_input(key="login_password").input(PASSWORD)
    next(b for b in fresh.button if b.label == "Inloggen").click().run()
    assert fresh.session_state["start_from"] == "intervention"
    assert fresh.sidebar.selectbox(key="intervention").value == alfa


def test_the_boards_view_is_kept_between_runs_and_follows_a_write(world_app):
    """The board's whole view is kept between page runs and made again after a write to
    what it reads: a new final assessment of Beta at West turns its grey cell blue."""
    from datetime import date

    from implementation.permissions import SYSTEM
    from implementation.store import AnswerInput
    at = app("noord")
    assert values(chart(at, "Gereedheid per locatie en interventie")["data"][0]["z"])[1][1] == 1
    at.run()   # the same view, kept
    assert values(chart(at, "Gereedheid per locatie en interventie")["data"][0]["z"])[1][1] == 1
    db = shell.root().acting_as(SYSTEM)
    west = db.registry.implementations(organisation_ids=[ids()["Locatie West"]])
    draft = db.assessments.start("verspreiding-borging", date(2025, 9, 1),
                                 implementation_id=int(west["id"].iloc[0]))
    checklist = db.checklist("verspreiding-borging")
    scoped = checklist.in_scope(db.assessments.assessment(draft)["perspectives"])
    db.assessments.record_answers(draft, [AnswerInput(i.id, "ja") for i in scoped])
    db.assessments.finalise(draft)
    at.run()
    value = chart(at, "Gereedheid per locatie en interventie")["data"][1]
    assert values(value["z"])[1][1] == 100.0    # West, Beta: every item 'ja'
