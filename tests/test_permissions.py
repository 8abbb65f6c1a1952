"""The grant x action x target matrix, in the core: every allowed write succeeds, every
forbidden one is refused with a Dutch message naming user, action and subject, and leaves
every table unchanged."""
from contextlib import contextmanager

import pytest
from helpers import day, row_counts

from implementation.errors import Forbidden
from implementation.indicators import parse_indicator
from implementation.measurement_files import import_measurements
from implementation.permissions import SYSTEM, Action, Grant, Target, User, allowed
from implementation.store import AnswerInput, MeasurementInput
from implementation.templates import import_answers, template_frame
from implementation.vocabulary import Role


def indicator(code):
    return parse_indicator(dict(code=code, name=code, level="meso", kind="reach", unit="count",
                                direction="higher", target=1, frequency="year",
                                instrument="telling"))


# (name, action it needs, what it does to the small world)
OPERATIONS = {
    "add intervention": lambda d, w: d.registry.add_intervention("Nieuw"),
    "edit Alfa": lambda d, w: d.registry.update_intervention(w["Alfa"], owner="Iemand"),
    "edit Beta": lambda d, w: d.registry.update_intervention(w["Beta"], owner="Iemand"),
    "add organisation": lambda d, w: d.registry.add_organisation("Nieuwe school", "school"),
    "Alfa at West": lambda d, w: d.registry.add_implementation(w["Alfa"], w["Locatie West"],
                                                               day("2025-01-01")),
    "Beta at Zuid": lambda d, w: d.registry.add_implementation(w["Beta"], w["School Zuid"],
                                                               day("2025-01-01")),
    "assess Alfa": lambda d, w: d.assessments.start("verspreiding-borging", day("2025-09-01"),
                                                    intervention_id=w["Alfa"]),
    "assess Beta": lambda d, w: d.assessments.start("verspreiding-borging", day("2025-09-01"),
                                                    intervention_id=w["Beta"]),
    "assess Alfa at Oost": lambda d, w: d.assessments.start(
        "verspreiding-borging", day("2025-09-01"), implementation_id=w["Alfa@Oost"]),
    "assess Alfa at Zuid": lambda d, w: d.assessments.start(
        "verspreiding-borging", day("2025-09-01"), implementation_id=w["Alfa@Zuid"]),
    "obligations of Oost": lambda d, w: d.assessments.start(
        "anti-pestbeleid-melanchthon", day("2025-09-01"), organisation_id=w["Locatie Oost"]),
    "obligations of West": lambda d, w: d.assessments.start(
        "anti-pestbeleid-melanchthon", day("2025-09-01"), organisation_id=w["Locatie West"]),
    "action on Alfa": lambda d, w: d.actions.add("6.macro.certificering", "Plan", "Jan", None,
                                                 intervention_id=w["Alfa"]),
    "action at Oost": lambda d, w: d.actions.add("6.meso.certificering", "Plan", "Jan", None,
                                                 implementation_id=w["Alfa@Oost"]),
    "action on Oost's duties": lambda d, w: d.actions.add(
        "2.beleid", "Plan", "Jan", None, organisation_id=w["Locatie Oost"],
        checklist_id="anti-pestbeleid-melanchthon"),
    "indicator of Alfa": lambda d, w: d.monitoring.add_indicator(indicator("nieuw"), w["Alfa"]),
    "indicator of Noord": lambda d, w: d.monitoring.add_indicator(indicator("nieuw"), None,
                                                                  w["Bestuur Noord"]),
    "measure Alfa at Oost": lambda d, w: d.monitoring.record_measurements(
        [MeasurementInput(w["lessen"], day("2025-10-01"), 75, w["Alfa@Oost"])]),
    "measure Alfa at Zuid": lambda d, w: d.monitoring.record_measurements(
        [MeasurementInput(w["lessen"], day("2025-10-01"), 75, w["Alfa@Zuid"])]),
    "measure West for Noord": lambda d, w: d.monitoring.record_measurements(
        [MeasurementInput(w["veilig"], day("2025-10-01"), 88, None, w["Locatie West"])]),
    "add a user": lambda d, w: d.accounts.add("nieuw", "Nieuw", "lang-wachtwoord"),
    "edit Zuid": lambda d, w: d.registry.update_organisation(w["School Zuid"], "School Zuid",
                                                            "school", None, "Delft"),
    "end Alfa at Zuid": lambda d, w: d.registry.update_implementation(
        w["Alfa@Zuid"], day("2023-08-01"), day("2026-07-31")),
    "answer Alfa's draft": lambda d, w: d.assessments.record_answers(
        w["draft Alfa"], [AnswerInput("6.macro.certificering", "ja")]),
    "answer Oost's draft": lambda d, w: d.assessments.record_answers(
        w["draft Oost"], [AnswerInput("6.meso.certificering", "ja")]),
    "answer Zuid's draft": lambda d, w: d.assessments.record_answers(
        w["draft Zuid"], [AnswerInput("6.meso.certificering", "ja")]),
    "finalise Oost's draft": lambda d, w: d.assessments.finalise(w["draft Oost"]),
    "add to Alfa's team": lambda d, w: d.team.add_respondent(w["team Alfa"], "Jan"),
    "update the action on Alfa": lambda d, w: d.actions.update(
        w["action"], "Trainerspool uitbreiden", "Piet", day("2025-03-01"), "in_progress"),
    "import answers for Alfa": lambda d, w: import_answers(
        d, template(d, {"6.macro.certificering": "ja"}), "a.csv", "verspreiding-borging",
        "Alfa", "2025-09-02"),
    "import answers for Oost": lambda d, w: import_answers(
        d, template(d, {"6.meso.certificering": "ja"}), "o.csv", "verspreiding-borging",
        "Alfa", "2025-09-02", organisation="Locatie Oost"),
    "import measurements of Alfa at Oost": lambda d, w: import_measurements(
        d, b"indicator,organisatie,datum,waarde\nlessen,Locatie Oost,2025-10-01,75\n",
        "m.csv", intervention="Alfa"),
    "grant advies": lambda d, w: d.accounts.grant("advies", "eigenaar", w["Beta"]),
    "revoke advies": lambda d, w: d.accounts.revoke("advies", "adviseur"),
    "deactivate advies": lambda d, w: d.accounts.set_active("advies", False),
    "password of another": lambda d, w: d.accounts.set_password(
        "noord" if d.actor.login == "advies" else "advies", "ander-wachtwoord"),
}


def template(d, answers: dict) -> bytes:
    frame = template_frame(d.checklist("verspreiding-borging"))
    frame["antwoord"] = [answers.get(i, "") for i in frame["item_id"]]
    return frame.to_csv(index=False).encode()


def drafts(db, w: dict) -> dict:
    """Drafts of Alfa as a whole and at Oost and Zuid, and a team draft of Alfa."""
    start = db.assessments.start
    return {**w, "draft Alfa": start("verspreiding-borging", day("2025-09-01"),
                                     intervention_id=w["Alfa"]),
            "draft Oost": start("verspreiding-borging", day("2025-09-01"),
                                implementation_id=w["Alfa@Oost"]),
            "draft Zuid": start("verspreiding-borging", day("2025-09-01"),
                                implementation_id=w["Alfa@Zuid"]),
            "team Alfa": start("verspreiding-borging", day("2025-09-01"),
                               intervention_id=w["Alfa"], team=True)}
ALLOWED = {
    "admin": set(OPERATIONS),
    "alfa": {"edit Alfa", "Alfa at West", "assess Alfa", "action on Alfa", "indicator of Alfa",
             "measure Alfa at Oost", "measure Alfa at Zuid", "end Alfa at Zuid",
             "answer Alfa's draft", "add to Alfa's team", "update the action on Alfa",
             "import answers for Alfa", "import measurements of Alfa at Oost"},
    "oost": {"assess Alfa at Oost", "obligations of Oost", "action at Oost",
             "action on Oost's duties", "measure Alfa at Oost", "answer Oost's draft",
             "finalise Oost's draft", "import answers for Oost",
             "import measurements of Alfa at Oost"},
    "noord": {"obligations of Oost", "obligations of West", "action on Oost's duties",
              "indicator of Noord", "measure West for Noord"},
    "advies": set(),
}


@contextmanager
def rolled_back(db):
    """Run writes in one transaction that is rolled back afterwards."""
    db._con.begin()
    db._txn.depth = 1
    try:
        yield
    finally:
        db._txn.depth = 0
        db._con.rollback()


@pytest.mark.parametrize("login", sorted(ALLOWED))
def test_every_write_is_allowed_or_refused_by_the_grants(small_world, fresh_db, login):
    me = fresh_db.acting_as(fresh_db.accounts.user(login))
    small_world = drafts(fresh_db, small_world)
    for name, operation in OPERATIONS.items():
        with rolled_back(fresh_db):
            before = row_counts(fresh_db)
            if name in ALLOWED[login]:
                operation(me, small_world)
                assert row_counts(fresh_db) != before, name
            else:
                with pytest.raises(Forbidden) as refusal:
                    operation(me, small_world)
                assert str(refusal.value).startswith(f"geweigerd: {login} mag niet "), name
                assert "er is niets opgeslagen" in str(refusal.value)
                assert row_counts(fresh_db) == before, name


def test_a_refusal_names_the_user_the_action_and_the_subject(small_world, fresh_db):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    with pytest.raises(Forbidden) as refusal:
        OPERATIONS["assess Alfa at Zuid"](school, small_world)
    # the school may not even see that School Zuid runs Alfa: the subject is not named
    assert str(refusal.value) == ("geweigerd: oost mag niet een beoordeling invullen voor een "
                                  "onderwerp buiten uw rechten; er is niets opgeslagen")
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    with pytest.raises(Forbidden) as refusal:
        OPERATIONS["assess Alfa at Zuid"](owner, small_world)
    assert str(refusal.value) == ("geweigerd: alfa mag niet een beoordeling invullen voor Alfa "
                                  "bij School Zuid; er is niets opgeslagen")


def test_a_write_without_a_user_is_refused(small_world, fresh_db):
    anonymous = fresh_db.acting_as(None)
    before = row_counts(fresh_db)
    with pytest.raises(Forbidden, match="kan alleen met een gebruiker"):
        anonymous.registry.add_intervention("Anoniem")
    assert row_counts(fresh_db) == before


def test_the_decision_function_on_its_own():
    owner = User(1, "o", "O", (Grant(Role.EIGENAAR, intervention_id=7),))
    board = User(2, "b", "B", (Grant(Role.BESTUUR, organisation_id=3),))
    location = Target("organisation", None, frozenset({4, 3}))
    assert allowed(owner, Action.ASSESSMENT_WRITE, Target("intervention", 7))
    assert not allowed(owner, Action.ASSESSMENT_WRITE, Target("implementation", 7))
    assert allowed(board, Action.MEASUREMENT_WRITE, location)
    assert not allowed(board, Action.ASSESSMENT_WRITE, Target("implementation", 7,
                                                              frozenset({4, 3})))
    assert allowed(SYSTEM, Action.USERS_MANAGE)
    member = Target("intervention", 9, respondents=frozenset({"b"}))
    assert allowed(board, Action.RESPOND, member) and not allowed(owner, Action.RESPOND, member)


def test_a_measurement_file_for_a_hidden_intervention_is_refused_without_its_name(
        small_world, fresh_db):
    from implementation.measurement_files import import_measurements
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))    # sees Alfa, not Beta
    content = b"indicator,organisatie,datum,waarde\nlessen,Locatie Oost,2025-10-01,70\n"
    with pytest.raises(Forbidden) as refusal:
        import_measurements(school, content, "m.csv", str(small_world["Beta"]))
    # the id the school typed comes back, not the stored name it may not see
    assert str(refusal.value) == (f"geweigerd: oost mag niet metingen vastleggen voor "
                                  f"{small_world['Beta']}; er is niets opgeslagen")
