"""Issue 12, versions: publishing a new version of a checklist (only the number bumped,
or items dropped) keeps every older assessment readable on every page and on the
command line; and the mirror never lets a file overwrite a stored version's wording."""
import shutil

import pytest
import yaml
from helpers import MINI_CHECKLIST, errors, open_page, world

import shell
from implementation.checklists import DEFAULT_DIRECTORY, MAIN_CHECKLIST, load_checklists
from implementation.cli import main
from implementation.permissions import SYSTEM
from implementation.store import Database

DROPPED = ["4.macro.trainers", "3.macro.licentiehouder", "3.meso.draagvlak"]


def new_version(folder, drop=()):
    """The checklist folder with the main checklist as version 4, without ``drop``."""
    folder.mkdir(exist_ok=True)
    for path in DEFAULT_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, folder)
    main_file = folder / f"{MAIN_CHECKLIST}.yaml"
    data = yaml.safe_load(main_file.read_text(encoding="utf-8"))
    data["version"] = "4"
    gone = set(drop)
    for step in data["steps"]:
        for block in step.get("blocks") or [step]:
            kept = [i for i in block["items"] if not (i["id"] in gone or
                                                      i.get("parent") in gone)]
            gone |= {i["id"] for i in block["items"]} - {i["id"] for i in kept}
            block["items"] = kept
        step["blocks"] = [b for b in step["blocks"] if b["items"]]
    main_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    return folder


@pytest.fixture(params=["bumped", "items dropped"])
def newer(request, tmp_path, monkeypatch, checklists):
    """The small world, assessed with version 3, opened after version 4 was published."""
    path = tmp_path / "world.duckdb"
    database = Database.open(str(path), checklists)
    world(database.acting_as(SYSTEM))
    database.close()
    folder = new_version(tmp_path / "checklists",
                         DROPPED if request.param == "items dropped" else ())
    monkeypatch.setenv("MONITOR_CHECKLISTS", str(folder))
    monkeypatch.setenv("MONITOR_DB", str(path))
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path / "fouten.log"))
    shell.forget_databases()
    yield request.param
    shell.forget_databases()


def test_older_assessments_stay_readable_after_a_new_version(newer, capsys, tmp_path):
    database = Database.open()
    assert database.checklist(MAIN_CHECKLIST).version == "4"
    older = database.checklist(MAIN_CHECKLIST, "3")
    assert len(older.items) == 152          # rebuilt from the mirror, stage tags included
    kept = "3.content.methodiekhandleiding"  # tagged with two stages, in both versions
    assert len(older.item(kept).stages) == 2
    assert older.item(kept).stages == database.checklist(MAIN_CHECKLIST).item(kept).stages
    database.close()
    assert main(["readiness", "--intervention", "Alfa"]) == 0
    assert '"version": "3"' in capsys.readouterr().out
    for page, login in (("verbeterpunten", "alfa"), ("voortgang", "alfa"),
                        ("vergelijken", "admin"), ("checklist", "alfa"),
                        ("organisatie", "noord")):
        at = open_page(page, login)
        assert not at.exception and errors(at) == [], (page, errors(at))
    assert not (tmp_path / "fouten.log").exists()


def test_the_mirror_refuses_a_changed_wording_under_the_same_version(tmp_path):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    path = str(tmp_path / "m.duckdb")
    Database.open(path, load_checklists(folder).checklists).close()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST.replace('text: "A"', 'text: "Anders"'),
                                      encoding="utf-8")
    database = Database.open(path, load_checklists(folder).checklists)
    assert "mini" not in database.checklists
    assert [str(e) for e in database.checklist_errors] == [
        "mini.yaml, veld 'version': versie 1 staat al in de database met andere items, "
        "teksten of antwoordschaal; geef het bestand een nieuw versienummer (de oude versie "
        "blijft voor de beoordelingen die ermee zijn ingevuld)"]
    assert database.rows("SELECT text FROM checklist_items WHERE item_id = '1.macro.a'") == [
        ("A",)]                                  # not overwritten
    database.close()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST.replace('text: "A"', 'text: "Anders"')
                                      .replace('version: "1"', 'version: "2"'),
                                      encoding="utf-8")
    database = Database.open(path, load_checklists(folder).checklists)
    assert database.checklist_errors == []
    assert database.rows("SELECT checklist_version, text FROM checklist_items WHERE item_id = "
                         "'1.macro.a' ORDER BY 1") == [("1", "A"), ("2", "Anders")]
    database.close()
