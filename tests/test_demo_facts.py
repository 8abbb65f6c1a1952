"""The demo data agrees with the seeds: what a seed says is answered as it says, what no seed
says at national level is never 'ja' by chance, one fact gets one answer, and a rule on an
item never forces its elements."""
import pytest

from implementation import demo_facts as facts
from implementation.checklists import MAIN_CHECKLIST
from implementation.demo import _rule, load_demo
from implementation.permissions import SYSTEM
from implementation.store import Database


@pytest.fixture(scope="module")
def demo(checklists):
    database = Database.open(":memory:", checklists)
    load_demo(database)
    yield database.acting_as(SYSTEM)
    database.close()


def answers(db, intervention: str, checklist: str = MAIN_CHECKLIST):
    """Every final assessment of the intervention as a whole: {assessment: answers by item}."""
    rows = db.rows("""SELECT a.id FROM assessments a JOIN interventions i
                      ON i.id = a.intervention_id WHERE i.name = ? AND a.checklist_id = ?
                      AND a.implementation_id IS NULL AND a.status = 'final'
                      ORDER BY a.assessed_on""", [intervention, checklist])
    return {r[0]: db.assessments.current_answers(r[0]).set_index("item_id")
            for r in rows}


def test_join_us_answers_what_seed_000_says(demo):
    latest = list(answers(demo, "JOIN us").values())[-1]
    for item in ("2.content.doelgroep.inclusiecriteria", "2.content.doelgroep.exclusiecriteria",
                 "2.content.probleem-risicos",
                 "3.content.methodiekhandleiding.aanpak.investering",
                 "3.meso.kosten-uitvoering"):
        assert latest.loc[item, "answer"] == "ja", item
    assert "tussen 11 en 13 jaar" in latest.loc["2.content.doelgroep.inclusiecriteria", "note"]
    assert "exclusief btw" in latest.loc["3.meso.kosten-uitvoering", "evidence"]


def test_national_items_that_seed_000_does_not_support_are_never_ja_for_join_us(demo):
    national = ["4.macro.reflectiemethode.programma-integriteit", "5.macro.evaluatiemomenten",
                "5.macro.monitoringsgegevens", "2.content.databank", "6.content.dei",
                "4.content.uitslagen", "5.macro.onderzoek"]
    for assessment, given in answers(demo, "JOIN us").items():
        assert [i for i in national if given["answer"].get(i) == "ja"] == [], assessment


def test_the_dei_is_one_fact_per_intervention_and_a_foundation_without_licence_holds_none(
        demo):
    for fact in facts.INTERVENTIONS:
        for assessment, given in answers(demo, fact.name).items():
            assert given["answer"].get("2.content.databank") == \
                given["answer"].get("6.content.dei"), (fact.name, assessment)
    for given in answers(demo, "Stichting Join us").values():
        assert given["answer"].get("3.macro.licentiehouder") == "nee"


def test_gedrag_on_bijlage_3_follows_its_description_in_seed_003(demo):
    latest = list(answers(demo, "Gedrag: ik doe ertoe!", "methodiekhandleiding").values())[-1]
    assert latest.loc["5.interventievorm", "answer"] == "Individu (kind, ouder, leraar); Groep"
    assert "mentoruren" in latest.loc["2.type-bijeenkomsten", "answer"]
    assert latest.loc["6.vaste-of-roulerende", "answer"] == "vaste professionals"


def test_profiles_claim_nothing_the_seeds_do_not_say(demo):
    profiles = demo.query("SELECT name, aansturing, doel_verspreiding, licence, description "
                          "FROM interventions").set_index("name")
    # §4.1 names a way of steering only for Leerlingbemiddeling
    assert profiles["aansturing"].dropna().to_dict() == {"Leerlingbemiddeling": "vrije markt"}
    assert profiles["doel_verspreiding"].dropna().to_dict() == {
        "Gedrag: ik doe ertoe!": "maximale kwaliteit"}
    join_us = profiles.loc["JOIN us"]
    assert join_us["licence"] is None and "€ 3350 per training (exclusief btw)" in \
        join_us["description"]
    places = dict(demo.rows("SELECT name, place FROM organisations WHERE place IS NOT NULL"))
    assert "Sardes" not in places


def test_the_pilots_of_2013_and_2014_ended_and_are_not_assessed_since(demo):
    ended = dict(demo.rows("""SELECT o.name, i.ended_on FROM implementations i
                              JOIN organisations o ON o.id = i.organisation_id
                              WHERE o.name IN ('Montessori College', 'Over Y College')"""))
    assert {k: v.year for k, v in ended.items()} == {"Montessori College": 2014,
                                                    "Over Y College": 2015}
    assert demo.one("""SELECT count(*) FROM assessments a JOIN implementations i
                       ON i.id = a.implementation_id JOIN organisations o
                       ON o.id = i.organisation_id
                       WHERE o.name IN ('Montessori College', 'Over Y College')""") == 0


def test_a_rule_matches_the_item_itself_never_its_elements(checklists):
    checklist = checklists[MAIN_CHECKLIST]
    rule = facts.Rule(r"methodiekhandleiding waarin", "ja")
    assert _rule([rule], checklist.item("3.content.methodiekhandleiding"), checklist) is rule
    assert _rule([rule], checklist.item("3.content.methodiekhandleiding.aanpak.investering"),
                 checklist) is None
    within = facts.Rule(r"^Investering", "ja", within=r"methodiekhandleiding")
    assert _rule([within], checklist.item("3.content.methodiekhandleiding.aanpak.investering"),
                 checklist) is within
    assert _rule([within], checklist.item("3.micro.training.aanpak.investering"),
                 checklist) is None


def test_every_invented_target_says_so_wherever_it_is_shown(demo):
    from datetime import date

    from implementation.indicators import target_text
    from implementation.organisation_attention import attention_list
    # the seeds set no targets: every demo indicator's target is an example
    indicators = demo.monitoring.indicators()
    assert len(indicators) > 0 and indicators["example_target"].all()
    assert all(target_text(r).endswith("(voorbeeld)")
               for r in indicators.to_dict("records"))
    # the board's attention list (page and report) names the target as an example too
    board = demo.registry.organisation("Melanchthon")
    locations = demo.registry.descendants([int(board["id"])])
    alerts = demo.monitoring.attention(date(2026, 6, 1), None, locations)
    missed = attention_list(alerts, alerts.iloc[0:0], [], date(2026, 6, 1))
    missed = missed[missed["kind"] == "target"]
    assert len(missed) > 0 and missed["detail"].str.endswith("(voorbeeld))").all()
