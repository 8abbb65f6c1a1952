"""Checklists beyond ja/nee: a PSAT-shaped checklist with a 1-7 scale works with no code
change, and Bijlage 3's choice items are stored but not scored. Every number is computed
by hand in the test."""
from datetime import date

import pytest

from implementation.checklists import load_checklists
from implementation.errors import ImportRefused
from implementation.permissions import SYSTEM
from implementation.store import AnswerInput, Database
from implementation.templates import import_answers, template_frame

DOMAINS = ["Omgevingssteun", "Financiering", "Partnerschappen", "Organisatie",
           "Evaluatie", "Communicatie", "Planning", "Aanpassing"]


def psat_yaml() -> str:
    """8 domains x 5 items, a 1-7 scale (credits 0, 1/6, ..., 1) and n.v.t., no perspectives."""
    lines = ['id: psat-test', 'version: "1"', "title: Duurzaamheid (PSAT-vorm)",
             "step_noun: Domein", "scale:"]
    for value in range(1, 8):
        label = {1: "1 - helemaal niet", 7: "7 - volledig"}.get(value, str(value))
        lines.append(f'  - {{value: "{value}", label: "{label}", credit: {(value - 1) / 6!r}}}')
    lines.append('  - {value: "nvt", label: "n.v.t.", credit: null}')
    lines.append("steps:")
    for number, domain in enumerate(DOMAINS, start=1):
        lines += [f"  - number: {number}", f"    title: {domain}", "    items:"]
        lines += [f'      - {{id: "d{number}.i{k}", text: "{domain}, uitspraak {k}"}}'
                  for k in range(1, 6)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def psat_db(tmp_path):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "psat-test.yaml").write_text(psat_yaml(), encoding="utf-8")
    loaded = load_checklists(folder)
    assert loaded.errors == []
    database = Database.open(":memory:", loaded.checklists).acting_as(SYSTEM)
    database.registry.add_intervention("Programma P")
    yield database
    database.close()


def test_a_psat_checklist_with_a_seven_point_scale_loads_imports_and_scores(psat_db):
    checklist = psat_db.checklist("psat-test")
    assert [round(o.credit, 4) for o in checklist.scale if o.credit is not None] == [
        0, 0.1667, 0.3333, 0.5, 0.6667, 0.8333, 1]
    template = template_frame(checklist)
    assert len(template) == 40 and not checklist.has_perspectives
    # domain 1 all "7", domain 2 all "1", domain 3 all "4", domain 4 "1".."5",
    # domain 5: item 1 n.v.t. (with a reason), the rest and domains 6-8 unanswered.
    answers = {f"d1.i{k}": "7 - VOLLEDIG" for k in range(1, 6)}       # a label, any case
    answers |= {f"d2.i{k}": "1" for k in range(1, 6)}
    answers |= {f"d3.i{k}": "4" for k in range(1, 6)}
    answers |= {f"d4.i{k}": str(k) for k in range(1, 6)}
    answers["d5.i1"] = "N.V.T."
    template["antwoord"] = [answers.get(i, "") for i in template["item_id"]]
    template["toelichting"] = ["geen eigen evaluatie" if i == "d5.i1" else ""
                               for i in template["item_id"]]
    result = import_answers(psat_db, template.to_csv(index=False).encode(), "psat.csv",
                            "psat-test", "Programma P", "2025-05-01", final=True)
    # 5*1 + 5*0 + 5*0.5 + (0+1+2+3+4)/6 = 55/6 over 39 applicable items
    overall = psat_db.readiness.of_assessment(result.assessment_id).iloc[0]
    assert overall["readiness"] == pytest.approx(55 / 6 / 39)
    assert (overall["answered"], overall["nvt"], overall["items"]) == (21, 1, 40)
    steps = psat_db.readiness.of_assessment(result.assessment_id, "step").set_index("step")
    assert steps["readiness"].round(4).tolist() == [1.0, 0.0, 0.5, round(1 / 3, 4), 0.0, 0.0,
                                                    0.0, 0.0]
    # an item is an improvement point when its credit is below 1
    points = psat_db.actions.improvement_points(
        int(psat_db.registry.intervention("Programma P")["id"]), checklist_id="psat-test")
    assert len(points) == 5 + 5 + 5   # domains 2, 3 and 4 (the 5 of domain 4 is 4/6 too)


def test_an_answer_outside_the_scale_is_refused_with_the_scale_named(psat_db):
    template = template_frame(psat_db.checklist("psat-test"))
    template["antwoord"] = ["ja" if i == "d1.i1" else "" for i in template["item_id"]]
    with pytest.raises(ImportRefused) as refused:
        import_answers(psat_db, template.to_csv(index=False).encode(), "psat.csv",
                       "psat-test", "Programma P", "2025-05-01")
    problem = refused.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("psat.csv", 2, "antwoord")
    assert problem.message == ("'ja' is geen geldig antwoord; gebruik 1 - helemaal niet, 2, 3, "
                               "4, 5, 6, 7 - volledig, n.v.t. of laat leeg")


@pytest.mark.parametrize("scale, message", [
    ('[{value: "a", label: "A", credit: 1}]', "minstens twee opties"),
    ('[{value: "a", label: "A", credit: 1}, {value: "a", label: "B", credit: 0}]',
     "de waarde 'a' komt twee keer voor"),
    ('[{value: "a", label: "A", credit: 1.5}, {value: "b", label: "B", credit: 0}]',
     "moet hoogstens 1 zijn"),
    ('[{value: "a", label: "A", credit: .nan}, {value: "b", label: "B", credit: 0}]',
     "gewoon getal"),
])
def test_a_bad_scale_is_refused_naming_the_file_and_field(tmp_path, scale, message):
    text = psat_yaml().split("scale:")[0] + f"scale: {scale}\n" + \
        "steps:" + psat_yaml().split("steps:")[1]
    (tmp_path / "psat-test.yaml").write_text(text, encoding="utf-8")
    errors = load_checklists(tmp_path).errors
    assert len(errors) == 1 and errors[0].file == "psat-test.yaml"
    assert "scale" in (errors[0].field_name or "") and message in str(errors[0])


def test_bijlage_3_is_scored_without_its_choice_items(fresh_db):
    intervention = fresh_db.registry.add_intervention("Methode M")
    new = fresh_db.assessments.start("methodiekhandleiding", date(2025, 4, 1),
                                     intervention_id=intervention)
    answers = [AnswerInput(i, "ja") for i in ("1.periode", "1.frequentie", "1.tijdsduur",
                                               "1.uitval-bijeenkomst", "2.volgorde",
                                               "6.aantal-professionals", "7.erkende-aanpassingen",
                                               "7.kerncomponenten.zoals-bedoeld")]
    answers += [AnswerInput("2.inhoudscriteria", "nee"),
                AnswerInput("3.methoden-technieken", "nee"),
                AnswerInput("7.kerncomponenten.aanpassing-methodiek", "nee"),
                AnswerInput("7.kerncomponenten.helder", "nvt", "geen vaste kern"),
                AnswerInput("5.interventievorm", "Groep"),
                AnswerInput("6.vaste-of-roulerende", "vaste professionals"),
                AnswerInput("2.type-bijeenkomsten", "groepssessies en soms therapie")]
    fresh_db.assessments.record_answers(new, answers)
    # 12 scored items: 4 + 1 (volgorde) + 0 + 0 + 0 + 0 (section 4 unanswered) + 1
    # (aantal) + 1 (erkende) + 1/2 (kerncomponenten: ja, nee, n.v.t.) = 7.5
    overall = fresh_db.readiness.of_assessment(new).iloc[0]
    assert overall["readiness"] == pytest.approx(7.5 / 12)
    assert overall["items"] == 12
    stored = fresh_db.assessments.current_answers(new).set_index("item_id")["answer"]
    assert stored["5.interventievorm"] == "Groep"
    assert stored["2.type-bijeenkomsten"] == "groepssessies en soms therapie"
    with pytest.raises(Exception, match="kies uit"):
        fresh_db.assessments.record_answers(new, [AnswerInput("5.interventievorm", "Klas")])
