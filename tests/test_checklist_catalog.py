"""Both checklists of seed 003 load completely, with the seed's structure."""
from collections import Counter

from implementation.checklists import Perspective, Stage

# Top-level items per (step, perspective), counted in seed 003, Bijlage 2.
SEED_ITEMS = {
    (1, "content"): 2,
    (2, "macro"): 7, (2, "content"): 5, (2, "meso"): 5, (2, "micro"): 3,
    (3, "macro"): 8, (3, "content"): 1, (3, "meso"): 6, (3, "micro"): 1,
    (4, "macro"): 2, (4, "content"): 2, (4, "meso"): 2, (4, "micro"): 5,
    (5, "macro"): 8, (5, "content"): 2, (5, "meso"): 6, (5, "micro"): 4,
    (6, "macro"): 4, (6, "content"): 3, (6, "meso"): 5, (6, "micro"): 2,
}
# Elements (lines under an item, at any depth) per (step, perspective).
SEED_ELEMENTS = {(2, "content"): 2, (3, "macro"): 23, (3, "content"): 7, (3, "meso"): 11,
                 (3, "micro"): 9, (4, "macro"): 2, (4, "meso"): 9, (5, "macro"): 6}


def test_nji_checklist_has_six_steps_with_their_titles(checklists):
    checklist = checklists["verspreiding-borging"]
    assert [(s.number, s.title) for s in checklist.steps] == [
        (1, "Vraag bepalen"), (2, "Analyseren"), (3, "Inrichten"), (4, "Uitvoeren"),
        (5, "Monitoren"), (6, "Borgen")]
    assert all(s.intro and len(s.intro) > 100 for s in checklist.steps)


def test_nji_checklist_item_counts_per_step_and_perspective_match_the_seed(checklists):
    checklist = checklists["verspreiding-borging"]
    items = Counter((i.step, i.perspective.value) for i in checklist.items if i.parent is None)
    elements = Counter((i.step, i.perspective.value) for i in checklist.items if i.parent)
    assert dict(items) == SEED_ITEMS
    assert dict(elements) == SEED_ELEMENTS
    assert len(checklist.items) == 152


def test_step_one_block_labelled_a_is_the_content_perspective(checklists):
    checklist = checklists["verspreiding-borging"]
    assert checklist.perspectives_of(1) == [Perspective.CONTENT]
    assert checklist.steps[0].blocks[0].label == "1. A Inhoud interventie"
    assert [i.text for i in checklist.items_of(1, Perspective.CONTENT)] == [
        "Het is helder welke vraag cliënten en/of ouders hebben",
        "Het is helder dat voor deze vraag nog geen oplossing is"]


def test_motivating_factors_are_the_thirteen_starred_items(checklists):
    checklist = checklists["verspreiding-borging"]
    motivating = [i for i in checklist.items if i.motivating]
    assert len(motivating) == 13
    assert all(i.parent is None and "*" not in i.text for i in motivating)
    texts = {i.text for i in motivating}
    assert "De interventie biedt een voordeel t.o.v. de oude manier van werken" in texts
    assert "De interventie sluit aan bij de huidige manier van werken" in texts


def test_elements_nest_two_levels_under_the_training_manual(checklists):
    checklist = checklists["verspreiding-borging"]
    manual = "3.macro.trainingshandleiding"
    assert [i.text for i in checklist.children(manual)] == ["Doel", "Doelgroep", "Aanpak"]
    assert [i.text for i in checklist.children(manual + ".doel")] == [
        "competenties die bij de trainers vergroot worden"]
    assert checklist.item(manual + ".doel.competenties").depth == 2


def test_every_step_maps_to_one_innovation_stage_in_order(checklists):
    stages = checklists["verspreiding-borging"].stage_of_step
    assert sorted(stages) == [1, 2, 3, 4, 5, 6]
    order = [list(Stage).index(stages[step]) for step in range(1, 7)]
    assert order == sorted(order), "later steps never feed an earlier stage"
    assert stages[6] is Stage.BORGING


def test_method_manual_checklist_has_seven_sections_without_perspectives(checklists):
    checklist = checklists["methodiekhandleiding"]
    assert checklist.title == "ontwerp methodiekhandleiding"
    assert [s.number for s in checklist.steps] == [1, 2, 3, 4, 5, 6, 7]
    assert all(i.perspective is None for i in checklist.items)
    assert Counter(i.step for i in checklist.items if i.parent is None) == {
        1: 4, 2: 3, 3: 1, 4: 2, 5: 1, 6: 2, 7: 2}
    assert len(checklist.items) == 22
    assert checklist.stage_of_step == {}


def test_item_ids_are_unique_and_readable(checklists):
    for checklist in checklists.values():
        ids = [i.id for i in checklist.items]
        assert len(ids) == len(set(ids))
        for item in checklist.items:
            assert item.id.startswith(f"{item.step}."), item.id
            if item.parent:
                assert item.id.startswith(item.parent + "."), item.id
