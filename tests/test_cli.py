"""The command line, run as a user runs it: ``python -m implementation ...``; a forbidden
write names user, action and subject, exits non-zero and writes nothing."""
import json
import os
import subprocess
import sys

import pytest
from helpers import ROOT, world

from implementation.permissions import SYSTEM
from implementation.store import Database


def run(*args, db=None, stdin=None, user=None):
    env = dict(os.environ, MONITOR_DB=str(db) if db else ":memory:")
    env.pop("MONITOR_USER", None)
    if user:
        env["MONITOR_USER"] = user
    return subprocess.run([sys.executable, "-m", "implementation", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, input=stdin)


@pytest.fixture
def db(tmp_path, checklists):
    path = tmp_path / "cli.duckdb"
    database = Database.open(str(path), checklists)
    world(database.acting_as(SYSTEM))
    database.close()
    return path


def counts(path):
    database = Database.open(str(path))
    result = {t: database.count(t) for t in ("interventions", "assessments", "answers",
                                             "measurements", "users", "grants", "audit_log")}
    database.close()
    return result


def test_catalog_json_gives_items_with_kind_and_stages_and_checklists_with_intro_and_scale():
    result = run("catalog", "--json")
    assert result.returncode == 0, result.stderr
    catalog = {c["id"]: c for c in json.loads(result.stdout)}
    assert set(catalog) == {"verspreiding-borging", "methodiekhandleiding",
                            "anti-pestbeleid-melanchthon"}
    nji = catalog["verspreiding-borging"]
    assert nji["version"] == "3" and len(nji["items"]) == 152
    assert nji["intro"].startswith("Deze checklist is bedoeld voor eigenaren")
    assert nji["scale"] == [{"value": "ja", "label": "ja", "credit": 1.0},
                            {"value": "nee", "label": "nee", "credit": 0.0},
                            {"value": "nvt", "label": "n.v.t.", "credit": None}]
    first = nji["items"][0]
    assert first == {"id": "1.content.vraag-clienten", "step": 1, "perspective": "content",
                     "parent": None, "motivating": False, "kind": "question", "stages": [],
                     "text": "Het is helder welke vraag cliënten en/of ouders hebben"}
    trends = next(i for i in nji["items"] if i["id"] == "2.macro.trends")
    assert trends["stages"] == ["disseminatie"]
    choice = next(i for i in catalog["methodiekhandleiding"]["items"]
                  if i["id"] == "5.interventievorm")
    assert (choice["kind"], choice["multiple"], len(choice["options"])) == ("choice", True, 4)


def test_readiness_json_gives_the_latest_final_assessment_in_every_grouping(db):
    result = run("readiness", "--intervention", "Alfa", "--json", db=db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["assessment"]["assessed_on"] == "2025-06-15"
    assert data["readiness"] == pytest.approx(37 / 82, abs=1e-6)
    assert (data["answered"], data["items"], data["nvt"], data["share_answered"]) == (
        83, 83, 1, 1.0)
    steps = {s["step"]: s["readiness"] for s in data["steps"]}
    assert steps == {1: 1.0, 2: 1.0, 3: 1.0, 4: 0.0, 5: 0.0, 6: 0.0}
    stages = {s["stage"]: (round(s["readiness"], 4), s["reached"]) for s in data["stages"]}
    # by hand from the tags: adoptie 23 items, 20 of them in steps 1-3, databank n.v.t.;
    # implementatie 26 items, 8 in step 3; borging 46 items, 6 in steps 2-3
    assert stages == {"disseminatie": (1.0, True), "adoptie": (round(19 / 22, 4), True),
                      "implementatie": (round(8 / 26, 4), False),
                      "borging": (round(6 / 46, 4), False)}
    perspectives = {p["perspective"]: round(p["readiness"], 4) for p in data["perspectives"]}
    assert perspectives == {"macro": round(15 / 29, 4), "content": 0.5,
                            "meso": round(11 / 24, 4), "micro": round(4 / 15, 4)}
    earlier = json.loads(run("readiness", "--intervention", "Alfa", "--date", "2025-03-01",
                             "--json", db=db).stdout)
    assert earlier["readiness"] == pytest.approx(22 / 83, abs=1e-6)
    school = json.loads(run("readiness", "--intervention", "Alfa", "--organisation",
                            "Locatie Oost", "--json", db=db).stdout)
    assert school["readiness"] == pytest.approx(8 / 39, abs=1e-6)


def test_a_forbidden_write_names_user_action_and_subject_and_writes_nothing(db, tmp_path):
    definitions = tmp_path / "alfa.yaml"
    definitions.write_text("interventions:\n  Alfa:\n    - {code: scholen, name: Scholen, "
                           "level: macro, kind: reach, unit: count, direction: higher, "
                           "target: 5, frequency: year, instrument: register}\n",
                           encoding="utf-8")
    before = counts(db)
    result = run("import-indicators", str(definitions), "--as", "oost", db=db)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "fout: geweigerd: oost mag niet indicatoren vastleggen voor "
        "Alfa (de interventie als geheel); er is niets opgeslagen"]
    assert counts(db) == before
    assert run("import-indicators", str(definitions), "--as", "alfa", db=db).returncode == 0


def test_a_write_without_a_user_is_refused_the_same_way(db, tmp_path):
    before = counts(db)
    result = run("users", "add", "piet", "--name", "Piet", "--role", "adviseur",
                 "--password-stdin", db=db, stdin="lang-wachtwoord\n")
    assert result.returncode == 1
    assert "geweigerd: gebruikers beheren kan alleen met een gebruiker" in result.stderr
    assert counts(db) == before


def test_users_add_grant_list_and_deactivate_through_the_command_line(db):
    added = run("users", "add", "piet", "--name", "Piet", "--role", "eigenaar",
                "--intervention", "Beta", "--password-stdin", "--as", "admin", db=db,
                stdin="lang-wachtwoord\n")
    assert added.returncode == 0, added.stderr
    assert run("users", "grant", "piet", "--role", "organisatie", "--organisation",
               "School Zuid", db=db, user="admin").returncode == 0
    listed = {u["login"]: u for u in json.loads(run("users", "list", "--json", db=db).stdout)}
    assert listed["piet"]["roles"] == ["eigenaar", "organisatie"]
    assert run("users", "deactivate", "piet", "--as", "admin", db=db).returncode == 0
    listed = {u["login"]: u for u in json.loads(run("users", "list", "--json", db=db).stdout)}
    assert listed["piet"]["active"] is False
    audit = json.loads(run("audit", "--json", "--user", "admin", db=db).stdout)
    assert [e["action"] for e in audit][:3] == ["user.deactivate", "user.grant", "user.grant"]


def test_an_import_as_a_school_makes_a_draft_and_a_repeat_is_refused(db, tmp_path):
    template = tmp_path / "t.csv"
    assert run("export-template", "verspreiding-borging", "-o", str(template)).returncode == 0
    text = template.read_text(encoding="utf-8").replace(
        "De kosten van de interventie zijn helder in beeld,,",
        "De kosten van de interventie zijn helder in beeld,ja,")
    assert ",ja," in text
    template.write_text(text, encoding="utf-8")
    arguments = ["import-answers", str(template), "--checklist", "verspreiding-borging",
                 "--intervention", "Alfa", "--organisation", "Locatie Oost", "--date",
                 "2025-09-01", "--as", "oost"]
    first = run(*arguments, db=db)
    assert first.returncode == 0, first.stderr
    assert "conceptbeoordeling" in first.stdout and "1 items beantwoord" in first.stdout
    again = run(*arguments, db=db)
    assert again.returncode == 1 and "al ingelezen" in again.stderr
    assert run(*arguments, "--again", db=db).returncode == 0


def test_an_unexpected_error_is_one_dutch_line_with_a_reference(db, tmp_path):
    log = tmp_path / "fouten.log"
    env_db = tmp_path / "map-als-database"
    env_db.mkdir()
    result = subprocess.run([sys.executable, "-m", "implementation", "interventions"], cwd=ROOT,
                            env=dict(os.environ, MONITOR_DB=str(env_db),
                                     MONITOR_ERROR_LOG=str(log)),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_demo_fills_an_empty_database_and_refuses_a_full_one(tmp_path):
    path = tmp_path / "demo.duckdb"
    first = run("demo", db=path)
    assert first.returncode == 0, first.stderr
    assert "11 interventies" in first.stdout and "5 demo-accounts" in first.stdout
    second = run("demo", db=path)
    assert second.returncode == 1 and "bevat al interventies" in second.stderr


def test_a_real_instance_gets_its_first_administrator_and_never_demo_accounts(tmp_path):
    path = tmp_path / "echt.duckdb"
    first = run("users", "add", "anna", "--name", "Anna de Vries", "--role", "beheerder",
                "--password-stdin", db=path, stdin="een-lang-wachtwoord\n")
    assert first.returncode == 0, first.stderr
    # the second account needs an administrator, like every other write
    second = run("users", "add", "bob", "--name", "Bob", "--role", "adviseur", db=path)
    assert second.returncode == 1
    assert second.stderr.strip() == ("fout: geweigerd: gebruikers beheren kan alleen met een "
                                     "gebruiker (log in, of geef op de opdrachtregel --as "
                                     "GEBRUIKER); er is niets opgeslagen")
    assert run("users", "add", "bob", "--name", "Bob", "--role", "adviseur", "--as", "anna",
               db=path).returncode == 0
    demo = run("demo", db=path)   # demo accounts (password 'demo') never beside real ones
    assert demo.returncode == 1 and "gebruikers" in demo.stderr
    listed = json.loads(run("users", "list", "--json", "--as", "anna", db=path).stdout)
    assert [(u["login"], u["roles"]) for u in listed] == [("anna", ["beheerder"]),
                                                         ("bob", ["adviseur"])]
