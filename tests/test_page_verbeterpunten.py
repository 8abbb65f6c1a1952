"""The Verbeterpunten page: every 'nee' is an improvement point that becomes an action."""
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import shell
from implementation.store import AnswerInput

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")
TRENDS = "Er is zicht op landelijke en regionale trends"



@pytest.fixture
def app(app_db):
    """The real dashboard on a private copy of the demo database, on Verbeterpunten for
    JOIN us as a whole."""
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    at.switch_page("pages/verbeterpunten.py")
    at.selectbox(key="intervention").set_value(join_us())
    at.run()
    assert not at.exception
    yield at
    shell._root().close()


def join_us() -> int:
    return shell.store().intervention("JOIN us")["id"]


def free_point(implementation_id=None) -> tuple[str, str]:
    """The first improvement point of JOIN us without an action: (item id, text)."""
    points = shell.store().improvement_points(join_us(), implementation_id)
    point = points[points["action_id"].isna() & points["parent_id"].isna()].iloc[0]
    return point["item_id"], point["text"]


def point_texts(at) -> list[str]:
    return [text for table in tables_with(at, "Toelichting bij het antwoord")
            for text in table["Verbeterpunt"]]


def tables_with(at, column):
    """Tables on the page that have this column (tables have no keys in AppTest)."""
    return [table.value for table in [*at.table, *at.dataframe] if column in table.value.columns]


def action_row(at, description):
    listed = tables_with(at, "Let op")[0]
    return listed.set_index("Actie").loc[description]


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def expected_metrics(implementation_id=None) -> dict[str, str]:
    store = shell.store()
    actions = store.actions(join_us(), date.today())
    if implementation_id is not None:
        actions = actions[actions["implementation_id"] == implementation_id]
    running = actions[actions["status"] != "done"]
    points = store.improvement_points(join_us(), implementation_id)
    return {"Open acties": str(len(running)), "Verlopen acties": str(int(running["overdue"].sum())),
            "Verbeterpunten zonder actie": str(points.loc[points["action_id"].isna(), "item_id"]
                                               .nunique())}


def submit(at, key):
    at.button(key=key).click()
    at.run()
    assert not at.exception


def make_action(at, item_id, due_on, description="Trendanalyse laten maken"):
    at.selectbox(key="vp_point").set_value(item_id)
    at.run()
    at.text_area(key="action_description").input(description)
    at.text_input(key="action_responsible").input("Projectleider")
    at.date_input(key="action_due").set_value(due_on)
    at.text_input(key="action_recorded_by").input("Eigenaar")
    submit(at, "add_action")


def test_the_improvement_points_of_the_latest_assessment_are_shown_by_step(app):
    points = shell.store().improvement_points(join_us())
    texts = point_texts(app)
    assert len(texts) == len(points)
    assert TRENDS in texts
    steps = sorted(points["step"].unique())
    labels = [e.label for e in app.expander if e.label.startswith("Stap ")]
    assert [int(label.split()[1]) for label in labels] == steps
    assert metrics(app) == expected_metrics()
    assert int(metrics(app)["Verbeterpunten zonder actie"]) > 0


def test_an_element_is_shown_with_the_item_it_belongs_to(app):
    store = shell.store()
    elements = store.improvement_points(join_us()).dropna(subset=["parent_id"])
    assert len(elements), "the demo has no element answered nee for JOIN us"
    element = elements.iloc[0]
    parent = store.checklist("verspreiding-borging").item(element["parent_id"])
    assert any(text.startswith(parent.text) and text.endswith(" › " + element["text"])
               for text in point_texts(app))


def test_making_an_action_stores_it_and_lists_it_as_overdue(app):
    item_id, text = free_point()
    before = expected_metrics()
    make_action(app, item_id, date.today() - timedelta(days=10))

    stored = shell.store().actions(join_us(), date.today())
    action = stored[stored["item_id"] == item_id].iloc[0]
    assert (action["description"], action["responsible"], action["status"]) == \
        ("Trendanalyse laten maken", "Projectleider", "open")
    assert [s.value for s in app.success] == [f"Actie #{action['id']} vastgelegd."]

    row = action_row(app, "Trendanalyse laten maken")
    assert (row["Let op"], row["Status"], row["Verbeterpunt"]) == ("⚠ verlopen", "open", text)
    assert tables_with(app, "Let op")[0]["Let op"].iloc[0] == "⚠ verlopen"  # overdue first
    after = metrics(app)
    assert after == expected_metrics()
    assert int(after["Open acties"]) == int(before["Open acties"]) + 1
    assert int(after["Verlopen acties"]) == int(before["Verlopen acties"]) + 1
    assert int(after["Verbeterpunten zonder actie"]) == \
        int(before["Verbeterpunten zonder actie"]) - 1
    # the point now shows its action and is no longer offered for a new one
    points = pd.concat(tables_with(app, "Toelichting bij het antwoord"))
    assert points.set_index("Verbeterpunt").loc[text, "Actie"] == f"#{action['id']} open"
    assert item_id not in app.selectbox(key="vp_point").options
    assert app.text_area(key="action_description").value == ""


def test_an_action_without_responsible_is_refused(app):
    item_id, _ = free_point()
    before = len(shell.store().actions(join_us(), date.today()))
    app.selectbox(key="vp_point").set_value(item_id)
    app.text_area(key="action_description").input("Trendanalyse")
    app.text_input(key="action_recorded_by").input("Eigenaar")
    submit(app, "add_action")
    assert [e.value for e in app.error] == ["Niet vastgelegd: verantwoordelijke is verplicht"]
    assert len(shell.store().actions(join_us(), date.today())) == before


def new_action(app) -> tuple[int, str]:
    item_id, _ = free_point()
    make_action(app, item_id, date.today() + timedelta(days=30))
    actions = shell.store().actions(join_us(), date.today())
    return int(actions.loc[actions["item_id"] == item_id, "id"].iloc[0]), item_id


def test_updating_an_action_adds_a_version_and_keeps_the_history(app):
    action_id, _ = new_action(app)
    open_before = metrics(app)["Open acties"]

    app.selectbox(key="vp_action").set_value(action_id)
    app.run()
    app.selectbox(key=f"update_status_{action_id}").set_value("in_progress")
    app.text_input(key=f"update_responsible_{action_id}").input("Beleidsmedewerker")
    app.text_input(key=f"update_recorded_by_{action_id}").input("Projectleider")
    submit(app, "save_action")

    history = shell.store().action_history(action_id)
    assert history["status"].tolist() == ["open", "in_progress"]
    assert history["responsible"].tolist() == ["Projectleider", "Beleidsmedewerker"]
    assert history["recorded_by"].tolist() == ["Eigenaar", "Projectleider"]
    row = action_row(app, "Trendanalyse laten maken")
    assert (row["Status"], row["Versies"], row["Verantwoordelijke"]) == \
        ("in uitvoering", 2, "Beleidsmedewerker")
    assert metrics(app)["Open acties"] == open_before
    assert app.selectbox(key="vp_action").value == action_id
    expander = [e for e in app.expander if e.label.startswith("Geschiedenis van actie #")]
    assert expander[0].label == f"Geschiedenis van actie #{action_id} (2 versies)"
    shown = tables_with(app, "Vastgelegd door")[0]
    assert shown["Status"].tolist() == ["open", "in uitvoering"]


def test_saving_without_a_change_adds_no_version(app):
    action_id, _ = new_action(app)
    app.selectbox(key="vp_action").set_value(action_id)
    app.run()
    app.text_input(key=f"update_recorded_by_{action_id}").input("Eigenaar")
    submit(app, "save_action")
    assert [e.value for e in app.error] == ["Niet vastgelegd: er is niets gewijzigd"]
    assert len(shell.store().action_history(action_id)) == 1


def test_an_action_whose_item_is_now_ja_can_be_closed(app):
    action_id, item_id = new_action(app)
    store = shell.store()
    latest = store.assessments(join_us(), subject="intervention")
    latest = latest[latest["status"] == "final"].iloc[0]
    again = store.start_assessment("verspreiding-borging", join_us(), date.today(), "Eigenaar",
                                   carry_over_from=int(latest["id"]))
    store.record_answers(again, [AnswerInput(item_id, "ja")], "Eigenaar")
    store.finalise(again)
    st.cache_data.clear()
    app.selectbox(key="vp_action").set_value(action_id)
    app.run()

    assert action_row(app, "Trendanalyse laten maken")["Let op"] == "✓ kan worden afgesloten"
    assert any("kan worden afgesloten" in i.value for i in app.info)
    assert shell.store().checklist("verspreiding-borging").item(item_id).text \
        not in point_texts(app)


def test_an_implementation_sees_its_own_points_and_actions(app):
    store = shell.store()
    school = int(store.implementations(join_us()).set_index("organisation").loc[
        "Over Y College", "id"])
    new_action(app)  # the owner's, for the intervention as a whole

    app.selectbox(key="implementation").set_value(school)
    app.run()
    assert not app.exception
    points = store.improvement_points(join_us(), school)
    assert len(point_texts(app)) == len(points) > 0
    assert metrics(app) == expected_metrics(school)
    assert "Trendanalyse laten maken" not in {
        a for t in tables_with(app, "Let op") for a in t["Actie"]}

    item_id, _ = free_point(school)
    make_action(app, item_id, date.today() + timedelta(days=30), "Draagvlak in het team peilen")
    stored = store.actions(join_us(), date.today(), school, subject="implementation")
    assert stored["description"].tolist() == ["Draagvlak in het team peilen"]
    assert tables_with(app, "Let op")[0]["Actie"].tolist() == ["Draagvlak in het team peilen"]

    # the owner sees the school's action too, with whose it is
    app.selectbox(key="implementation").set_value(None)
    app.run()
    assert action_row(app, "Draagvlak in het team peilen")["Onderwerp"] == "Over Y College"
    assert action_row(app, "Trendanalyse laten maken")["Onderwerp"] == "interventie als geheel"


def test_a_subject_without_a_final_assessment_says_so(app):
    store = shell.store()
    school = store.add_implementation(join_us(), store.organisation("Commanderij College")["id"],
                                      date(2026, 9, 1))
    st.cache_data.clear()
    app.run()
    app.selectbox(key="implementation").set_value(school)
    app.run()
    assert not app.exception
    assert [i.value for i in app.info] == [
        "Er is nog geen definitieve beoordeling van JOIN us bij Commanderij College met deze "
        "checklist. Vul de checklist in onder *Checklist invullen*."]
    assert metrics(app) == {"Open acties": "0", "Verlopen acties": "0",
                            "Verbeterpunten zonder actie": "0"}


def test_the_method_manual_checklist_has_no_perspective_column(app):
    soap = shell.store().intervention("Baas in eigen soap")["id"]
    app.selectbox(key="intervention").set_value(soap)
    app.selectbox(key="vp_checklist").set_value("methodiekhandleiding")
    app.run()
    assert not app.exception
    points = shell.store().improvement_points(soap, None, "methodiekhandleiding")
    shown = tables_with(app, "Toelichting bij het antwoord")
    assert sum(len(t) for t in shown) == len(points) > 0
    assert all("Perspectief" not in t.columns for t in shown)
