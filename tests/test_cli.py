"""The command line, run as a user runs it: ``python -m implementation ...``."""
import json
import os
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from implementation.checklists import DEFAULT_DIRECTORY
from implementation.store import Store

ROOT = DEFAULT_DIRECTORY.parent


def run(*args, db=None):
    env = dict(os.environ, MONITOR_DB=str(db) if db else ":memory:")
    return subprocess.run([sys.executable, "-m", "implementation", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def db(tmp_path, checklists):
    path = tmp_path / "cli.duckdb"
    store = Store.open(str(path), checklists)
    intervention = store.add_intervention("JOIN us", owner="Stichting Join us",
                                          aansturing="centraal",
                                          doel_verspreiding="maximale kwaliteit",
                                          dei_status="opgenomen")
    school = store.add_organisation("Melanchthon Schiebroek", "vestiging")
    store.add_implementation(intervention, school, date(2024, 8, 1))
    store.close()
    return path


def test_catalog_json_lists_every_checklist_item_with_its_place(checklists):
    result = run("catalog", "--json")
    assert result.returncode == 0, result.stderr
    catalog = {c["id"]: c for c in json.loads(result.stdout)}
    assert set(catalog) == {"verspreiding-borging", "methodiekhandleiding"}
    nji = catalog["verspreiding-borging"]
    assert set(nji) == {"id", "version", "title", "items"}
    assert nji["version"] == "1" and len(nji["items"]) == 152
    for item in nji["items"]:
        assert set(item) == {"id", "step", "perspective", "parent", "text", "motivating"}
        assert item["step"] in range(1, 7)
        assert item["perspective"] in {"macro", "content", "meso", "micro"}
        assert isinstance(item["motivating"], bool)
    first = nji["items"][0]
    assert first == {"id": "1.content.vraag-clienten", "step": 1, "perspective": "content",
                     "parent": None, "motivating": False,
                     "text": "Het is helder welke vraag cliënten en/of ouders hebben"}
    element = next(i for i in nji["items"] if i["id"] == "2.content.doelgroep.inclusiecriteria")
    assert element["parent"] == "2.content.doelgroep"
    manual = catalog["methodiekhandleiding"]["items"]
    assert {i["perspective"] for i in manual} == {None}
    assert {i["step"] for i in manual} == set(range(1, 8))


def test_interventions_json_gives_id_name_and_profile(db):
    result = run("interventions", "--json", db=db)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{
        "id": 1, "name": "JOIN us",
        "profile": {"owner": "Stichting Join us", "aansturing": "centraal",
                    "doel_verspreiding": "maximale kwaliteit", "dei_status": "opgenomen",
                    "licence": None, "description": None}}]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_a_filled_template(db, tmp_path, fmt):
    template = tmp_path / f"sjabloon.{fmt}"
    result = run("export-template", "verspreiding-borging", "--format", fmt, "-o",
                 str(template))
    assert result.returncode == 0, result.stderr
    frame = (pd.read_csv(template, dtype=str, keep_default_na=False) if fmt == "csv"
             else pd.read_excel(template, dtype=str).fillna(""))
    assert len(frame) == 152 and (frame["antwoord"] == "").all()
    frame.loc[frame["item_id"] == "2.meso.kosten", "antwoord"] = "ja"
    frame.loc[frame["item_id"] == "2.meso.maatwerk", "antwoord"] = "nee"
    if fmt == "csv":
        frame.to_csv(template, index=False)
    else:
        frame.to_excel(template, index=False)
    result = run("import-answers", str(template), "--checklist", "verspreiding-borging",
                 "--intervention", "JOIN us", "--organisation", "Melanchthon Schiebroek",
                 "--date", "2025-03-01", db=db)
    assert result.returncode == 0, result.stderr
    store = Store.open(str(db))
    answers = store.current_answers(1).set_index("item_id")["answer"].to_dict()
    assert answers == {"2.meso.kosten": "ja", "2.meso.maatwerk": "nee"}
    store.close()


def test_import_of_a_bad_file_exits_nonzero_lists_rows_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "fout.csv"
    bad.write_text("item_id,antwoord\n2.macro.trends,jawel\n9.macro.niets,ja\n",
                   encoding="utf-8")
    result = run("import-answers", str(bad), "--checklist", "verspreiding-borging",
                 "--intervention", "JOIN us", "--date", "2025-02-30", db=db)
    assert result.returncode == 1
    assert "fout.csv, veld 'datum'" in result.stderr
    assert "fout.csv, rij 2, veld 'antwoord'" in result.stderr
    assert "fout.csv, rij 3, veld 'item_id'" in result.stderr
    store = Store.open(str(db))
    assert store.count("assessments") == 0 and store.count("answers") == 0
    store.close()


def test_export_template_of_an_unknown_checklist_fails(tmp_path):
    result = run("export-template", "kiva", "-o", str(tmp_path / "x.csv"))
    assert result.returncode == 2 and "kiva" in result.stderr


LESSONS = ("    - {code: lessen, name: Lessen in volgorde, level: micro, kind: integrity, "
           "unit: percent, direction: higher, target: 90, frequency: quarter, "
           "instrument: Feedbackformulier}\n")
SCHOOLS = ("    - {code: scholen, name: Scholen, level: macro, kind: reach, unit: count, "
           "direction: higher, target: 10, frequency: year, instrument: Register}\n")


def test_import_indicators_adds_all_of_a_file_or_none(db, tmp_path):
    bad = tmp_path / "fout.yaml"
    bad.write_text("interventions:\n  JOIN us:\n" + LESSONS + "  Kanjertraining:\n" + SCHOOLS,
                   encoding="utf-8")
    result = run("import-indicators", str(bad), db=db)
    assert result.returncode == 1 and "Kanjertraining" in result.stderr
    store = Store.open(str(db))
    assert store.indicators().empty  # JOIN us' indicator was not kept either
    store.close()

    good = tmp_path / "goed.yaml"
    good.write_text("interventions:\n  JOIN us:\n" + LESSONS + SCHOOLS, encoding="utf-8")
    result = run("import-indicators", str(good), db=db)
    assert result.returncode == 0, result.stderr
    assert "2 indicatoren toegevoegd" in result.stdout
    store = Store.open(str(db))
    assert sorted(store.indicators()["code"]) == ["lessen", "scholen"]
    store.close()
