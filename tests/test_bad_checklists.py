"""Issue 12, checklist and indicator files: a file whose values cannot be built, that is
not a regular file, that repeats a key or that is far too large is refused with one
Dutch message, and the other files still load (no command or page goes down with it);
only ``.yaml``/``.yml`` files named after their id can hold a checklist, and an id
belongs to one file."""
import os
import shutil

import pytest

from implementation import safe_yaml
from implementation.checklists import (
    DEFAULT_DIRECTORY,
    MAIN_CHECKLIST,
    ChecklistError,
    load_checklist,
    load_checklists,
)
from implementation.cli import main
from implementation.indicators import IndicatorError, load_indicator_file
from implementation.store import Database

GOOD = """id: proef
version: "1"
title: Proef
steps:
  - number: 1
    title: Een
    items:
      - {id: "1.a", text: "Item A"}
"""
ORIGINALS = ["anti-pestbeleid-melanchthon", "methodiekhandleiding", "verspreiding-borging"]
UNREADABLE = "de waarde {value!r} (regel {line}) kan niet worden gelezen; zet een tekst tussen " \
             "aanhalingstekens"

# case -> (file text, message after 'proef.yaml: ')
BROKEN = {
    "an impossible date": (GOOD.replace('version: "1"', "version: 2024-13-01"),
                           UNREADABLE.format(value="2024-13-01", line=2)),
    "a 5001-digit integer": (GOOD.replace("number: 1", "number: 1" + "0" * 5000),
                             UNREADABLE.format(value="1" + "0" * 28 + "…", line=5)),
    "a float tag on text": (GOOD.replace('version: "1"', "version: !!float abc"),
                            UNREADABLE.format(value="abc", line=2)),
    "an int tag on text": (GOOD.replace('version: "1"', "version: !!int abc"),
                           UNREADABLE.format(value="abc", line=2)),
    "a python tag": (GOOD.replace('version: "1"', 'version: !!python/object/apply:os.system '
                                  '["echo x"]'),
                     "onbekende YAML-tag (regel 2); gebruik gewone waarden"),
    "a duplicate key": (GOOD.replace("title: Proef", "title: Proef\ntitle: Andere titel"),
                        "de sleutel 'title' staat twee keer in dezelfde mapping (regel 4)"),
    "190,000 values in 380 kB": (GOOD + "stages: {disseminatie: [" + ",".join(["1"] * 190_000)
                                 + "]}\n", "het bestand bevat meer dan 50.000 waarden (regel 9)"),
    "an alias": ('id: proef\nversion: "1"\ntitle: &t Proef\nx: *t\n',
                 "ankers (YAML &naam) zijn niet toegestaan (regel 3)"),
    "deep nesting in flow style": ("id: " + "[" * 30_000 + "]" * 30_000,
                                   "het bestand is dieper genest dan 40 niveaus (regel 1)"),
    "UTF-16": (None, "het bestand is UTF-16-tekst; sla het op als UTF-8"),
}


def write(path, text):
    if text is None:
        path.write_bytes(GOOD.encode("utf-16"))
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_file_whose_values_cannot_be_built_is_refused_with_its_line(tmp_path, case):
    text, message = BROKEN[case]
    write(tmp_path / "proef.yaml", text)
    with pytest.raises(ChecklistError) as refused:
        load_checklist(tmp_path / "proef.yaml")
    assert str(refused.value) == f"proef.yaml: {message}"


def originals(folder):
    for name in ORIGINALS:
        shutil.copy(DEFAULT_DIRECTORY / f"{name}.yaml", folder)


def test_one_bad_file_of_each_kind_leaves_the_others_and_every_command_working(
        tmp_path, monkeypatch, capsys):
    """A directory named x.yaml, a FIFO, a link to /dev/zero, an unreadable value: each is
    refused without hanging or reading on, and the product works with the rest."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    originals(folder)
    (folder / "map.yaml").mkdir()
    os.mkfifo(folder / "pijp.yaml")
    (folder / "nul.yaml").symlink_to("/dev/zero")
    write(folder / "datum.yaml", BROKEN["an impossible date"][0].replace("id: proef",
                                                                         "id: datum"))
    loaded = load_checklists(folder)
    assert sorted(loaded.checklists) == ORIGINALS
    assert [str(e) for e in loaded.errors] == [
        "datum.yaml: " + UNREADABLE.format(value="2024-13-01", line=2),
        "map.yaml: dit is een map, geen bestand",
        "nul.yaml: dit is geen gewoon bestand (maar bijvoorbeeld een apparaat, een pijp of een "
        "koppeling daarnaar)",
        "pijp.yaml: dit is geen gewoon bestand (maar bijvoorbeeld een apparaat, een pijp of een "
        "koppeling daarnaar)"]
    monkeypatch.setenv("MONITOR_CHECKLISTS", str(folder))
    monkeypatch.setenv("MONITOR_DB", str(tmp_path / "m.duckdb"))
    assert main(["catalog"]) == 0 and main(["interventions"]) == 0
    out, err = capsys.readouterr()
    assert "verspreiding-borging (versie 3)" in out and "Traceback" not in err
    assert err.count("waarschuwing: ") == 4


def test_a_file_is_read_up_to_the_limit_and_no_further(tmp_path, monkeypatch):
    big = tmp_path / "groot.yaml"
    big.write_bytes(b"# " + b"x" * (safe_yaml.MAX_BYTES + 10))
    reads = []
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    with pytest.raises(safe_yaml.YamlRefused, match="groter dan 1000 kB"):
        safe_yaml.read_bytes(big)
    assert sum(reads) <= safe_yaml.MAX_BYTES + 1


def test_limits_on_lists_and_items_name_the_field(tmp_path):
    options = ", ".join(f'"o{i}"' for i in range(51))
    path = tmp_path / "proef.yaml"
    path.write_text(GOOD.replace('text: "Item A"}', f'text: "A", kind: choice, options: '
                                                    f'[{options}]}}'), encoding="utf-8")
    with pytest.raises(ChecklistError) as refused:
        load_checklist(path)
    assert str(refused.value) == ("proef.yaml, item '1.a', veld 'steps[0].items[0].options': "
                                  "heeft te veel onderdelen")
    items = "".join(f'      - {{id: "1.x{i}", text: "X"}}\n' for i in range(2001))
    path.write_text(GOOD + items, encoding="utf-8")
    with pytest.raises(ChecklistError) as refused:
        load_checklist(path)
    assert str(refused.value) == ("proef.yaml, veld 'steps[0].items': heeft te veel "
                                  "onderdelen")


@pytest.mark.parametrize("name", ["verspreiding-borging.yaaml", "verspreiding-borging.y.ml",
                                  ".verspreiding-borging.yaml", "verspreiding-borging.yaml~"])
def test_only_yaml_and_yml_files_are_read(tmp_path, name):
    originals(tmp_path)
    (tmp_path / name).write_text(GOOD.replace("id: proef", f"id: {MAIN_CHECKLIST}")
                                 .replace('version: "1"', 'version: "9"'), encoding="utf-8")
    loaded = load_checklists(tmp_path)
    assert loaded.errors == [] and loaded.checklists[MAIN_CHECKLIST].version == "3"
    database = Database.open(":memory:", loaded.checklists)
    assert database.one("SELECT count(*) FROM checklist_items WHERE item_id = '1.a'") == 0
    database.close()


def test_an_id_belongs_to_one_file_and_the_newcomer_is_refused(tmp_path, monkeypatch):
    (tmp_path / "proef.yml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("MONITOR_CHECKLISTS", str(tmp_path))
    path = str(tmp_path / "m.duckdb")
    Database.open(path).close()                     # the database now knows proef.yml
    (tmp_path / "proef.yaml").write_text(GOOD.replace("Item A", "Ander item").replace(
        'version: "1"', 'version: "2"'), encoding="utf-8")
    database = Database.open(path)
    assert database.checklists["proef"].file == "proef.yml"
    assert [str(e) for e in database.checklist_errors] == [
        "proef.yaml, veld 'id': checklist-id 'proef' hoort al bij proef.yml; een id hoort bij "
        "één bestand: dit bestand is niet geladen"]
    assert database.rows("SELECT DISTINCT checklist_version FROM checklist_items") == [("1",)]
    database.close()
    # without a database, x.yaml is the one
    assert load_checklists(tmp_path).checklists["proef"].file == "proef.yaml"


def test_bad_indicator_files_are_refused_with_their_line(tmp_path):
    base = ("interventions:\n  Alfa:\n    - code: extra\n      name: Extra\n      level: meso\n"
            "      kind: reach\n      unit: count\n      direction: higher\n      target: 4\n"
            "      frequency: school_year\n      instrument: R\n")
    cases = {
        "datum.yaml": (base.replace("name: Extra", "name: 2024-13-01"),
                       "datum.yaml: " + UNREADABLE.format(value="2024-13-01", line=4)),
        "getal.yaml": (base.replace("target: 4", "target: 1" + "0" * 5000),
                       "getal.yaml: " + UNREADABLE.format(value="1" + "0" * 28 + "…", line=9)),
        "dubbel.yaml": (base.replace("target: 4", "target: 4\n      target: 5"),
                        "dubbel.yaml: de sleutel 'target' staat twee keer in dezelfde mapping "
                        "(regel 10)"),
        "anker.yaml": ("x: &a [l, l, l]\n" + base.replace("code: extra", "code: *a"),
                       "anker.yaml: ankers (YAML &naam) zijn niet toegestaan (regel 1)"),
        "nan.yaml": (base.replace("target: 4", "target: .nan"),
                     "nan.yaml, indicator 'extra', veld 'target': moet een gewoon getal zijn "
                     "(geen NaN of oneindig)"),
    }
    for name, (text, message) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(IndicatorError) as refused:
            load_indicator_file(tmp_path / name)
        assert str(refused.value) == message
    os.mkfifo(tmp_path / "pijp.yaml")
    with pytest.raises(IndicatorError, match="pijp.yaml: dit is geen gewoon bestand"):
        load_indicator_file(tmp_path / "pijp.yaml")
