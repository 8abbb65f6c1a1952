"""The audit trail: every write path of the product leaves exactly one entry, written in
the same transaction, with the acting user and the old and new values."""
import json

import pytest
from helpers import PASSWORD, day

from implementation.errors import Refused
from implementation.measurement_files import import_measurements
from implementation.store import AnswerInput, MeasurementInput
from implementation.templates import export_answers, import_answers

WRITES = {  # name -> (login, write, action logged, expected new values (a subset))
    "add intervention": ("admin", lambda d, w: d.registry.add_intervention("Gamma"),
                         "intervention.add", {"name": "Gamma"}),
    "edit intervention": ("alfa", lambda d, w: d.registry.update_intervention(
        w["Alfa"], licence="per school"), "intervention.update", {"licence": "per school"}),
    "add organisation": ("admin", lambda d, w: d.registry.add_organisation("Nieuw", "school"),
                         "organisation.add", {"name": "Nieuw", "kind": "school"}),
    "edit organisation": ("admin", lambda d, w: d.registry.update_organisation(
        w["School Zuid"], "School Zuid", "school", None, "Rotterdam"), "organisation.update",
        {"place": "Rotterdam"}),
    "add implementation": ("alfa", lambda d, w: d.registry.add_implementation(
        w["Alfa"], w["Locatie West"], day("2025-01-01")), "implementation.add",
        {"started_on": "2025-01-01"}),
    "end implementation": ("alfa", lambda d, w: d.registry.update_implementation(
        w["Alfa@Zuid"], day("2023-08-01"), day("2026-07-31")), "implementation.update",
        {"ended_on": "2026-07-31"}),
    "start assessment": ("oost", lambda d, w: d.assessments.start(
        "verspreiding-borging", day("2025-09-01"), implementation_id=w["Alfa@Oost"]),
        "assessment.start", {"checklist": "verspreiding-borging"}),
    "record answers": ("oost", lambda d, w: d.assessments.record_answers(
        w["draft"], [AnswerInput("6.meso.certificering", "ja", "gecertificeerd")]),
        "answers.record",
        {"6.meso.certificering": {"antwoord": "ja", "toelichting": "gecertificeerd",
                                  "bewijs": None}}),
    "add action": ("alfa", lambda d, w: d.actions.add(
        "6.macro.certificering", "Certificeren", "Jan", None, intervention_id=w["Alfa"]),
        "action.add", {"item": "6.macro.certificering", "omschrijving": "Certificeren"}),
    "withdraw action": ("alfa", lambda d, w: d.actions.update(
        w["action"], "Trainerspool uitbreiden", "Piet", day("2025-01-01"), "withdrawn",
        "geen budget"), "action.update", {"status": "withdrawn", "reden": "geen budget"}),
    "add indicator": ("noord", lambda d, w: d.monitoring.add_indicator(
        __import__("implementation.indicators", fromlist=["x"]).parse_indicator(dict(
            code="incidenten", name="Incidenten", level="meso", kind="safety", unit="count",
            direction="lower", target=10, frequency="school_year", instrument="SOM")),
        None, w["Bestuur Noord"]), "indicator.add", {"code": "incidenten"}),
    "record measurement": ("oost", lambda d, w: d.monitoring.record_measurements(
        [MeasurementInput(w["lessen"], day("2025-10-01"), 85, w["Alfa@Oost"])]),
        "measurements.record", {"rows": 1}),
    "add user": ("admin", lambda d, w: d.accounts.add("nieuw", "Nieuw", "lang-wachtwoord"),
                 "user.add", {"login": "nieuw"}),
    "grant": ("admin", lambda d, w: d.accounts.grant("advies", "eigenaar", w["Beta"]),
              "user.grant", {"role": "eigenaar"}),
    "revoke": ("admin", lambda d, w: d.accounts.revoke("advies", "adviseur"), "user.revoke",
               None),
    "deactivate": ("admin", lambda d, w: d.accounts.set_active("advies", False),
                   "user.deactivate", {"active": False}),
    "set password": ("admin", lambda d, w: d.accounts.set_password("advies", "ander-wachtwoord"),
                     "user.password", None),
    "activate": ("admin", lambda d, w: d.accounts.set_active("advies", True),
                 "user.activate", {"active": True}),
    "finalise": ("oost", lambda d, w: d.assessments.finalise(w["draft"]),
                 "assessment.finalise", {"status": "final"}),
    "update action": ("alfa", lambda d, w: d.actions.update(
        w["action"], "Trainerspool uitbreiden", "Piet", day("2025-03-01"), "in_progress"),
        "action.update", {"status": "in_progress"}),
    "team member": ("alfa", lambda d, w: d.team.add_respondent(w["team"], "Jan"),
                    "team.add", {"teamlid": "Jan"}),
    "team answers": ("alfa", lambda d, w: d.team.record(
        w["team"], "alfa", [AnswerInput("1.content.vraag-clienten", "ja")]),
        "team.answers", {"teamlid": "alfa", "1.content.vraag-clienten": "ja"}),
    "team consensus": ("alfa", lambda d, w: (
        d.team.record(w["team"], "alfa", [AnswerInput("1.content.vraag-clienten", "ja")]),
        d.team.adopt_agreement(w["team"])), "team.consensus", None),
    "replace measurement": ("alfa", lambda d, w: d.monitoring.record_measurements(
        [MeasurementInput(w["lessen"], day("2024-10-01"), 75, w["Alfa@Oost"])], replace=True),
        "measurements.record", {"rows": 1}),
    "import answers": ("alfa", lambda d, w: import_answers(
        d, b"item_id,antwoord\n6.macro.certificering,ja\n", "a.csv", "verspreiding-borging",
        "Alfa", "2025-09-02"), "import.answers", None),
    "import measurements": ("oost", lambda d, w: import_measurements(
        d, b"indicator,organisatie,datum,waarde\nlessen,Locatie Oost,2025-10-01,75\n",
        "m.csv", intervention="Alfa"), "import.measurements", None),
    "export answers": ("alfa", lambda d, w: export_answers(d, w["Alfa"], "csv"),
                       "export.answers", None),
    "export the log": ("admin", lambda d, w: d.audit.export(d.audit.entries()),
                       "export.audit", None),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_leaves_exactly_one_entry_with_its_user_and_values(small_world, fresh_db,
                                                                      name):
    login, write, action, new = WRITES[name]
    small_world["draft"] = fresh_db.assessments.start(
        "verspreiding-borging", day("2025-09-01"), implementation_id=small_world["Alfa@Oost"])
    small_world["team"] = fresh_db.assessments.start(
        "verspreiding-borging", day("2025-09-01"), intervention_id=small_world["Alfa"], team=True)
    fresh_db.team.add_respondent(small_world["team"], "alfa")
    if name == "team consensus":   # the member's answer first; the entry counted is the last
        WRITES["team answers"][1](fresh_db.acting_as(fresh_db.accounts.user(login)),
                                   small_world)
    before = fresh_db.one("SELECT max(id) FROM audit_log")
    if name == "team consensus":
        fresh_db.acting_as(fresh_db.accounts.user(login)).team.adopt_agreement(
            small_world["team"])
    else:
        write(fresh_db.acting_as(fresh_db.accounts.user(login)), small_world)
    entries = fresh_db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [before])
    assert entries["action"].tolist() == [action]
    entry = entries.iloc[0]
    assert entry["login"] == login
    if new is not None:
        logged = json.loads(entry["new_values"])
        assert {k: logged[k] for k in new} == new


def test_logging_in_out_and_failing_are_entries(small_world, fresh_db):
    sessions = fresh_db.sessions
    before = fresh_db.one("SELECT max(id) FROM audit_log")
    with pytest.raises(Refused):
        sessions.authenticate("oost", "fout-wachtwoord")
    user = sessions.authenticate("oost", PASSWORD)
    cookie = sessions.hand_over(sessions.start_session(user))
    sessions.end_session(cookie=cookie)
    entries = fresh_db.query("SELECT action, login FROM audit_log WHERE id > ? ORDER BY id",
                             [before])
    assert entries.values.tolist() == [["login.failed", "oost"], ["login", "oost"],
                                       ["logout", "oost"]]


def test_a_replaced_measurement_keeps_its_old_value_in_the_entry(small_world, fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    owner.monitoring.record_measurements(
        [MeasurementInput(small_world["lessen"], day("2024-10-01"), 75,
                          small_world["Alfa@Oost"])], replace=True)
    entry = fresh_db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").iloc[0]
    old = json.loads(entry["old_values"])["replaced"]
    assert [(o["value"], o["period"]) for o in old] == [(70.0, "2024-08-01")]
    new = json.loads(entry["new_values"])["values"]
    assert [(n["value"], n["period"]) for n in new] == [(75.0, "2024-08-01")]


def test_a_change_keeps_its_old_value(small_world, fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    owner.registry.update_intervention(small_world["Alfa"], owner="Nieuwe eigenaar")
    entry = fresh_db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").iloc[0]
    assert json.loads(entry["old_values"]) == {"owner": "Eigenaar Alfa"}
    assert json.loads(entry["new_values"]) == {"owner": "Nieuwe eigenaar"}


def test_a_refused_write_leaves_no_entry(small_world, fresh_db):
    before = fresh_db.count("audit_log")
    with pytest.raises(Refused):
        fresh_db.acting_as(fresh_db.accounts.user("oost")).registry.add_intervention("X")
    assert fresh_db.count("audit_log") == before


def test_save_and_finalise_is_one_entry_with_both_parts(small_world, fresh_db):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    draft = school.assessments.start("verspreiding-borging", day("2025-09-01"),
                                     implementation_id=small_world["Alfa@Oost"])
    before = fresh_db.one("SELECT max(id) FROM audit_log")
    with school.transaction(), school.audit.grouped("answers.save"):
        school.assessments.record_answers(draft, [AnswerInput("6.meso.beleid", "ja")])
        school.assessments.finalise(draft)
    entries = fresh_db.query("SELECT * FROM audit_log WHERE id > ?", [before])
    assert entries["action"].tolist() == ["answers.save"]
    assert set(json.loads(entries["new_values"].iloc[0])) == {"answers.record",
                                                             "assessment.finalise"}


def test_owners_read_the_log_of_their_intervention_and_schools_not_at_all(small_world,
                                                                        fresh_db):
    owner = fresh_db.acting_as(fresh_db.accounts.user("alfa"))
    entries = owner.audit.entries()
    assert len(entries) and set(entries["intervention_id"]) == {small_world["Alfa"]}
    with pytest.raises(Refused, match="mag het logboek niet lezen"):
        fresh_db.acting_as(fresh_db.accounts.user("oost")).audit.entries()
