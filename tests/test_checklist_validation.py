"""Broken checklist files are refused with a message naming file, item and field."""
import shutil

import pytest

from implementation.checklists import (
    DEFAULT_DIRECTORY,
    ChecklistError,
    load_checklist,
    load_checklists,
)

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
    "empty version": (GOOD.replace('version: "1"', 'version: ""'), None, "version", "leeg"),
    "missing text": (GOOD.replace(', text: "Item A"', ""), "1.macro.a", "text", "ontbreekt"),
    "bad id characters": (GOOD.replace('"1.macro.a.x"', '"1.Macro A"'), "1.Macro A", "id",
                          "ongeldige id"),
    "stage names unknown step": (GOOD + "stages:\n  borging: [9]\n", None, "stages.borging",
                                 "stap 9"),
    "unknown stage": (GOOD + "stages:\n  diffusie: [1]\n", None, "stages", "diffusie"),
    "duplicate step": (GOOD + GOOD[GOOD.index("  - number"):].replace('"1.macro', '"1.b'),
                       None, "number", "twee keer"),
    "not yaml": ("id: [unclosed\n", None, None, "geen geldige YAML"),
    "not a mapping": ("- just\n- a list\n", None, None, "mapping"),
    "elements too deep": (GOOD + '          - {id: "1.macro.a.x.y", parent: "1.macro.a.x", '
                          'text: "Y"}\n          - {id: "1.macro.a.x.y.z", parent: '
                          '"1.macro.a.x.y", text: "Z"}\n', "1.macro.a.x.y.z", "parent",
                          "niveaus diep"),
    "no steps": (GOOD[:GOOD.index("steps:")] + "steps: []\n", None, "steps", "leeg"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_checklist_is_refused_with_place_of_fault(tmp_path, case):
    text, item_id, field, fragment = BROKEN[case]
    path = tmp_path / "proef.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    error = caught.value
    assert error.file == "proef.yaml"
    assert error.item_id == item_id
    if field is None:
        assert error.field_name is None
    else:
        assert field in error.field_name
    assert fragment in str(error)
    assert str(error).startswith("proef.yaml")


def test_good_file_loads(tmp_path):
    path = tmp_path / "proef.yaml"
    path.write_text(GOOD, encoding="utf-8")
    checklist = load_checklist(path)
    assert [(i.id, i.depth) for i in checklist.items] == [("1.macro.a", 0), ("1.macro.a.x", 1)]


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "proef.yaml"
    path.write_bytes(GOOD.replace("Item A", "Cliënt").encode("cp1252"))
    with pytest.raises(ChecklistError, match="UTF-8"):
        load_checklist(path)


def test_a_broken_file_does_not_stop_the_others_and_a_new_file_needs_no_code(tmp_path):
    for path in DEFAULT_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    (tmp_path / "kapot.yaml").write_text(BROKEN["dangling parent"][0], encoding="utf-8")
    (tmp_path / "nieuw.yaml").write_text(GOOD.replace("id: proef", "id: nieuw"),
                                         encoding="utf-8")
    loaded = load_checklists(tmp_path)
    assert sorted(loaded.checklists) == ["methodiekhandleiding", "nieuw", "verspreiding-borging"]
    assert len(loaded.errors) == 1
    assert loaded.errors[0].file == "kapot.yaml"


def test_two_files_with_the_same_checklist_id_are_reported(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    loaded = load_checklists(tmp_path)
    assert list(loaded.checklists) == ["proef"]
    assert "proef" in str(loaded.errors[0]) and loaded.errors[0].file == "b.yaml"
