"""Broken and hostile checklist files are refused with a message naming file, item and field;
the other checklists still load and nothing of a refused file reaches the database."""
import shutil

import pytest

from implementation.checklists import (
    DEFAULT_DIRECTORY,
    MAIN_CHECKLIST,
    ChecklistError,
    load_checklist,
    load_checklists,
)
from implementation.store import Database

GOOD = """
id: proef
version: "1"
title: Proef
steps:
  - number: 1
    title: Een
    blocks:
      - perspective: macro
        items:
          - {id: "1.macro.a", text: "Item A"}
          - {id: "1.macro.a.x", parent: "1.macro.a", text: "Element X"}
"""
ALIAS_BOMB = ('id: proef\nversion: "1"\ntitle: &a ["lol","lol","lol","lol","lol","lol"]\n'
              + "".join(f"x{i}: &a{i} [*a{'' if i == 0 else i - 1}]\n" for i in range(9)))

BROKEN = {
    "unknown key": (GOOD.replace('text: "Item A"', 'text: "Item A", kleur: blauw'),
                    "1.macro.a", "kleur", "onbekend veld"),
    "duplicate id": (GOOD.replace('"1.macro.a.x", parent', '"1.macro.a", parent'),
                     "1.macro.a", "id", "twee keer"),
    "dangling parent": (GOOD.replace('parent: "1.macro.a"', 'parent: "1.macro.zz"'),
                        "1.macro.a.x", "parent", "1.macro.zz"),
    "unknown perspective": (GOOD.replace("perspective: macro", "perspective: landelijk"),
                            None, "perspective", "landelijk"),
    "empty text": (GOOD.replace('text: "Element X"', 'text: "  "'),
                   "1.macro.a.x", "text", "leeg"),
    "missing version": (GOOD.replace('version: "1"\n', ""), None, "version", "ontbreekt"),
    "missing text": (GOOD.replace(', text: "Item A"', ""), "1.macro.a", "text", "ontbreekt"),
    "bad id characters": (GOOD.replace('"1.macro.a.x"', '"1.Macro A"'), "1.Macro A", "id",
                          "ongeldige id"),
    "unknown stage": (GOOD.replace("perspective: macro", "perspective: macro\n        "
                                   "stages: [diffusie]"), None, "stages", "diffusie"),
    "stage on an element": (GOOD.replace('text: "Element X"}', 'text: "X", stages: [borging]}'),
                            "1.macro.a.x", "stages", "telt mee met zijn item"),
    "duplicate step": (GOOD + GOOD[GOOD.index("  - number"):].replace('"1.macro', '"1.b'),
                       None, "number", "twee keer"),
    "not yaml": ("id: [unclosed\n", None, None, "geen geldige YAML"),
    "not a mapping": ("- just\n- a list\n", None, None, "mapping"),
    "elements too deep": (GOOD + '          - {id: "1.macro.a.x.y", parent: "1.macro.a.x", '
                          'text: "Y"}\n          - {id: "1.macro.a.x.y.z", parent: '
                          '"1.macro.a.x.y", text: "Z"}\n', "1.macro.a.x.y.z", "parent",
                          "niveaus diep"),
    "no steps": (GOOD[:GOOD.index("steps:")] + "steps: []\n", None, "steps", "leeg"),
    "choice without options": (GOOD.replace('text: "Item A"}', 'text: "A", kind: choice}'),
                               "1.macro.a", "options", "minstens twee"),
    "scale with one option": (GOOD.replace("title: Proef", "title: Proef\nscale:\n  - {value: "
                                           "ja, label: ja, credit: 1}"), None, "scale",
                              "minstens twee"),
    "scale credit above one": (GOOD.replace("title: Proef", "title: Proef\nscale:\n  - {value: "
                                            "a, label: A, credit: 2}\n  - {value: b, label: B, "
                                            "credit: 0}"), None, "credit", "hoogstens 1"),
    "scale with a duplicate label": (GOOD.replace("title: Proef", "title: Proef\nscale:\n  - "
                                                  "{value: a, label: Ja, credit: 1}\n  - {value:"
                                                  " b, label: ja, credit: 0}"), None,
                                     "scale[1].label", "twee keer"),
    "NaN threshold": (GOOD.replace("title: Proef", "title: Proef\nstage_reached_at: .nan"),
                      None, "stage_reached_at", "gewoon getal"),
    "alias bomb": (ALIAS_BOMB, None, None, "aliassen|ankers"),
    "deep nesting": ("id: " + "[" * 30_000 + "]" * 30_000, None, None, "dieper genest"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_checklist_is_refused_with_the_place_of_the_fault(tmp_path, case):
    text, item_id, field, fragment = BROKEN[case]
    path = tmp_path / "proef.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    error = caught.value
    assert (error.file, error.item_id) == ("proef.yaml", item_id)
    assert error.field_name is None if field is None else field in error.field_name
    import re
    assert re.search(fragment, str(error)), str(error)
    assert str(error).startswith("proef.yaml")


def test_a_good_file_loads(tmp_path):
    path = tmp_path / "proef.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert [(i.id, i.depth) for i in load_checklist(path).items] == [("1.macro.a", 0),
                                                                      ("1.macro.a.x", 1)]


def test_a_non_utf8_file_and_an_oversized_file_are_refused(tmp_path):
    path = tmp_path / "proef.yaml"
    path.write_bytes(GOOD.replace("Item A", "Cliënt").encode("cp1252"))
    with pytest.raises(ChecklistError, match="UTF-8"):
        load_checklist(path)
    path.write_text(GOOD + "# " + "x" * 1_100_000, encoding="utf-8")
    with pytest.raises(ChecklistError, match="groter dan 1000 kB"):
        load_checklist(path)


def test_a_broken_file_does_not_stop_the_others_and_a_new_file_needs_no_code(tmp_path):
    for path in DEFAULT_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "kapot.yaml").write_text(BROKEN["deep nesting"][0], encoding="utf-8")
    (tmp_path / "nieuw.yaml").write_text(GOOD.replace("id: proef", "id: nieuw"),
                                         encoding="utf-8")
    loaded = load_checklists(tmp_path)
    assert sorted(loaded.checklists) == ["anti-pestbeleid-melanchthon", "methodiekhandleiding",
                                         "nieuw", "verspreiding-borging"]
    assert [e.file for e in loaded.errors] == ["kapot.yaml"]


@pytest.mark.parametrize("version", ["1", "2", "3"])
def test_a_second_file_cannot_take_over_the_main_checklist(tmp_path, version):
    for path in DEFAULT_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    impostor = GOOD.replace("id: proef", f"id: {MAIN_CHECKLIST}").replace('version: "1"',
                                                                          f'version: "{version}"')
    (tmp_path / "aaa-eerst.yaml").write_text(impostor, encoding="utf-8")
    loaded = load_checklists(tmp_path)
    assert loaded.checklists[MAIN_CHECKLIST].file == "verspreiding-borging.yaml"
    assert len(loaded.checklists[MAIN_CHECKLIST].items) == 152
    (error,) = loaded.errors
    assert error.file == "aaa-eerst.yaml" and "verspreiding-borging.yaml" in str(error)
    database = Database.open(":memory:", loaded.checklists)
    assert database.one("SELECT count(*) FROM checklist_items WHERE item_id = '1.macro.a'") == 0
    database.close()
