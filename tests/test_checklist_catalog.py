"""The checklists of seed 003 (and seed 001's obligations) load completely, with their
structure, their stage tags and their item kinds."""
from collections import Counter

from implementation.vocabulary import ItemKind, Perspective, Stage

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


def test_nji_checklist_has_six_steps_with_their_titles_and_the_introduction(checklists):
    checklist = checklists["verspreiding-borging"]
    assert [(s.number, s.title) for s in checklist.steps] == [
        (1, "Vraag bepalen"), (2, "Analyseren"), (3, "Inrichten"), (4, "Uitvoeren"),
        (5, "Monitoren"), (6, "Borgen")]
    assert all(s.intro and len(s.intro) > 100 for s in checklist.steps)
    assert "Per item wordt u gevraagd een ja of nee in te vullen" in checklist.spec.intro


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


def test_motivating_factors_are_the_thirteen_starred_items(checklists):
    motivating = [i for i in checklists["verspreiding-borging"].items if i.motivating]
    assert len(motivating) == 13
    assert all(i.parent is None and "*" not in i.text for i in motivating)


def test_quality_criteria_and_investment_are_elements_of_aanpak_as_in_every_parallel_list(
        checklists):
    checklist = checklists["verspreiding-borging"]
    assert checklist.version == "3"
    assert [i.text for i in checklist.children("3.content.methodiekhandleiding")] == [
        "Doel", "Doelgroep", "Aanpak"]
    assert [i.text[:20] for i in checklist.children("3.content.methodiekhandleiding.aanpak")] \
        == ["Kwaliteitscriteria v", "Investering in midde"]
    # version 2 had them as siblings: its answers carry over
    moved = checklist.item("3.content.methodiekhandleiding.aanpak.kwaliteitscriteria")
    assert moved.replaces == "3.content.methodiekhandleiding.kwaliteitscriteria"
    assert checklist.item("3.content.methodiekhandleiding.aanpak.investering").replaces == \
        "3.content.methodiekhandleiding.investering"


def test_items_serve_stages_as_tagged_from_the_seed(checklists):
    checklist = checklists["verspreiding-borging"]
    top = checklist.top_level
    # counted by hand from the tags in the file (see the test of the small world)
    assert Counter(s.value for i in top for s in i.stages) == {
        "disseminatie": 10, "adoptie": 23, "implementatie": 26, "borging": 46}
    assert [i.id for i in top if not i.stages] == ["1.content.vraag-clienten",
                                                    "1.content.geen-oplossing"]
    communication = checklist.item("3.macro.communicatieplan")
    assert communication.stages == (Stage.DISSEMINATIE,)
    assert checklist.item("3.macro.licentiehouder").stages == (Stage.DISSEMINATIE,
                                                               Stage.BORGING)
    assert checklist.item("4.micro.testbaar").stages == (Stage.ADOPTIE,)
    assert checklist.item("3.macro.communicatieplan.website").stages == (Stage.DISSEMINATIE,)
    assert checklist.spec.stage_reached_at == 0.75
    # the review of the tags: planned take-up is adoptie; the starred twin of an adoptie
    # item serves adoptie too; effect measurement judges implementation in the broad sense
    assert checklist.item("2.macro.aantal-organisaties").stages == (Stage.ADOPTIE,)
    assert Stage.ADOPTIE in checklist.item("3.meso.randvoorwaarden").stages
    assert checklist.item("5.macro.effectiviteitmetingen").stages == (Stage.IMPLEMENTATIE,
                                                                      Stage.BORGING)
    assert checklist.item("3.macro.manier-verspreiding").stages == (Stage.DISSEMINATIE,
                                                                    Stage.BORGING)


def test_every_step_carries_the_seeds_guidance_with_its_section(checklists):
    checklist = checklists["verspreiding-borging"]
    assert [len(s.guidance) for s in checklist.steps] == [2, 3, 11, 4, 7, 6]
    ownership = checklist.step(3).guidance[0]
    assert ownership.source == "§2.3 Inrichten"
    assert "Vaak hangt dit op één persoon" in ownership.text
    assert any("gezaghebbende figuur" in g.text for g in checklist.step(4).guidance)


def test_method_manual_has_seven_sections_and_three_items_that_are_not_scored(checklists):
    manual = checklists["methodiekhandleiding"]
    assert [s.title for s in manual.steps] == [
        "Programma", "Blootstelling programma", "Kwaliteit van uitvoering", "Deelname cliënten",
        "Interventievorm", "Professionals", "Integriteit versus aanpassing"]
    kinds = {i.id: i.kind for i in manual.items if i.kind is not ItemKind.QUESTION}
    assert kinds == {"2.type-bijeenkomsten": ItemKind.TEXT,
                     "5.interventievorm": ItemKind.CHOICE,
                     "6.vaste-of-roulerende": ItemKind.CHOICE}
    assert manual.item("5.interventievorm").options == (
        "Individu (kind, ouder, leraar)", "Groep", "Familie", "Multi-systeem")
    assert manual.step(2).guidance[0].text.startswith("Indien er geen bijeenkomsten zijn")


def test_the_boards_obligations_are_a_checklist_of_their_own(checklists):
    duties = checklists["anti-pestbeleid-melanchthon"]
    assert not duties.has_perspectives and duties.version == "2"
    # roles, the eleven measures of §3.1 and "preventief", the §4.2 duties, §5, Act
    assert [len([i for i in duties.items if i.step == s.number]) for s in duties.steps] == \
        [7, 12, 6, 4, 1]
    assert [s.title for s in duties.steps][3:] == ["Interventies", "Bijstellen (Act)"]
    assert duties.item("3.vensters").text == ("De sociale veiligheidsbeleving van leerlingen "
                                              "wordt verplicht jaarlijks gemonitord via de "
                                              "enquête in Vensters")
    # the list of 2016-2017 is not the Act phase: its lines moved, and say so
    assert {i.id: i.replaces for i in duties.items if i.replaces} == {
        "2.preventief": "4.preventief", "4.interventies": "3.interventies",
        "5.bijstellen": "4.bijstellen"}
    assert duties.item("3.inspectie").text.startswith("De monitorgegevens (geanonimiseerd en op "
                                                      "het niveau van afdelingen ontsloten)")
    assert duties.item("2.opleiding-docenten").text.endswith(
        "(bijvoorbeeld cursus klassenmanagement, positieve groepsvorming, herstelrecht, "
        "no-blame aanpak, conflicthantering, etc.).")
    # "Elke Melanchthon vestiging neemt de volgende maatregelen": no n.v.t.
    assert [(o.value, o.credit) for o in duties.scale] == [("ja", 1.0), ("nee", 0.0)]


def test_item_ids_are_unique_and_readable(checklists):
    for checklist in checklists.values():
        ids = [i.id for i in checklist.items]
        assert len(ids) == len(set(ids))
        assert all(i.id.startswith(f"{i.step}.") for i in checklist.items)
