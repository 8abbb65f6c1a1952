"""Importing a filled template: a draft by default, a repeat refused, every problem of a
bad file reported with its row and field, and nothing written unless all is well."""
import pytest
from helpers import row_counts

from implementation.errors import Forbidden, ImportRefused
from implementation.templates import import_answers, template_bytes, template_frame


def filled(checklist, answers: dict, notes: dict | None = None) -> bytes:
    frame = template_frame(checklist)
    frame["antwoord"] = [answers.get(i, "") for i in frame["item_id"]]
    frame["toelichting"] = [(notes or {}).get(i, "") for i in frame["item_id"]]
    return frame.to_csv(index=False).encode("utf-8")


@pytest.fixture
def owner(small_world, fresh_db):
    return fresh_db.acting_as(fresh_db.accounts.user("alfa"))


def test_a_filled_template_becomes_a_draft_with_a_summary_per_step(owner, checklists):
    checklist = checklists["verspreiding-borging"]
    step_two = {i.id: "ja" for i in checklist.top_level if i.step == 2}
    result = import_answers(owner, filled(checklist, step_two), "alfa.csv",
                            "verspreiding-borging", "Alfa", "2025-09-01")
    assessment = owner.assessments.assessment(result.assessment_id)
    assert assessment["status"] == "draft" and not result.final
    assert result.subject == "Alfa (de interventie als geheel)"
    assert result.answered_per_step == {2: 20}
    assert result.empty_per_step == {1: 2, 3: 16, 4: 11, 5: 20, 6: 14}
    assert result.readiness == pytest.approx(20 / 83)
    assert result.current_readiness == pytest.approx(37 / 82)   # the world's second assessment
    # a draft does not count: the latest readiness of Alfa is still the final one
    assert owner.readiness.latest("overall")["readiness"].tolist() == [pytest.approx(37 / 82)]


def test_the_same_file_again_is_refused_unless_on_purpose(owner, checklists):
    content = filled(checklists["verspreiding-borging"], {"2.macro.trends": "ja"})
    import_answers(owner, content, "a.csv", "verspreiding-borging", "Alfa", "2025-09-01")
    before = row_counts(owner)
    with pytest.raises(ImportRefused, match="al ingelezen voor Alfa"):
        import_answers(owner, content, "kopie.csv", "verspreiding-borging", "Alfa", "2025-09-02")
    assert row_counts(owner) == before
    again = import_answers(owner, content, "kopie.csv", "verspreiding-borging", "Alfa",
                           "2025-09-02", again=True)
    assert again.assessment_id > 0


def test_final_only_when_asked_and_the_import_is_one_audit_entry(owner, checklists):
    before = owner.one("SELECT max(id) FROM audit_log")
    result = import_answers(owner, filled(checklists["verspreiding-borging"],
                                          {"2.macro.trends": "ja"}), "a.csv",
                            "verspreiding-borging", "Alfa", "2025-09-01", final=True)
    assert owner.assessments.assessment(result.assessment_id)["status"] == "final"
    entries = owner.query("SELECT action, detail, login FROM audit_log WHERE id > ?", [before])
    assert entries["action"].tolist() == ["import.answers"]
    assert entries["detail"].iloc[0].startswith("a.csv (sha256 ")
    assert entries["login"].iloc[0] == "alfa"


def test_a_school_import_scores_only_its_meso_and_micro_parts(small_world, fresh_db, checklists):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    result = import_answers(school, filled(checklists["verspreiding-borging"],
                                           {"2.meso.kosten": "ja", "2.micro.relevantie": "ja"}),
                            "oost.csv", "verspreiding-borging", "Alfa", "2025-09-01",
                            organisation="Locatie Oost")
    assessment = school.assessments.assessment(result.assessment_id)
    assert assessment["implementation_id"] == small_world["Alfa@Oost"]
    assert list(assessment["perspectives"]) == ["meso", "micro"]
    assert result.readiness == pytest.approx(2 / 39)


def test_a_school_cannot_import_for_another_school(small_world, fresh_db, checklists):
    school = fresh_db.acting_as(fresh_db.accounts.user("oost"))
    before = row_counts(fresh_db)
    with pytest.raises(Forbidden) as refused:
        import_answers(school, filled(checklists["verspreiding-borging"],
                                      {"2.meso.kosten": "ja"}), "z.csv", "verspreiding-borging",
                       "Alfa", "2025-09-01", organisation="School Zuid")
    # one line naming the user, the action and the subject (as the user typed it)
    assert str(refused.value) == ("geweigerd: oost mag niet een beoordeling invullen voor Alfa "
                                  "bij School Zuid; er is niets opgeslagen")
    assert row_counts(fresh_db) == before


def test_labels_and_values_of_the_scale_are_accepted_in_any_case(owner, checklists):
    content = filled(checklists["verspreiding-borging"],
                     {"2.macro.trends": "JA", "2.macro.verspreid": "N.v.t.",
                      "2.macro.markt-aandeel": "Nee"}, {"2.macro.verspreid": "landelijk"})
    result = import_answers(owner, content, "a.csv", "verspreiding-borging", "Alfa",
                            "2025-09-01")
    current = owner.assessments.current_answers(result.assessment_id).set_index("item_id")
    assert current["answer"].to_dict() == {"2.macro.markt-aandeel": "nee",
                                           "2.macro.trends": "ja", "2.macro.verspreid": "nvt"}


BAD = {  # case -> (make content, file name, overrides, [(row, field, fragment)])
    "unknown item": (lambda c: filled(c, {}).replace(b"1.content.vraag-clienten",
                                                     b"1.content.bestaat-niet"),
                     "a.csv", {}, [(2, "item_id", "onbekend item")]),
    "answer not on the scale": (lambda c: filled(c, {"2.macro.trends": "misschien"}), "a.csv",
                                {}, [(5, "antwoord", "'misschien' is geen geldig antwoord")]),
    "nvt without a reason": (lambda c: filled(c, {"2.macro.trends": "nvt"}), "a.csv", {},
                             [(5, "toelichting", "vraagt om een toelichting")]),
    "several bad rows": (lambda c: filled(c, {"2.macro.trends": "jawel",
                                              "2.macro.verspreid": "0"}),
                         "a.csv", {}, [(5, "antwoord", "jawel"), (8, "antwoord", "'0'")]),
    "wrong checklist": (lambda c: filled(c, {}).replace(b"verspreiding-borging,3",
                                                        b"methodiekhandleiding,3", 1),
                        "a.csv", {}, [(2, "checklist_id", "andere checklist")]),
    "bad date": (lambda c: filled(c, {"2.macro.trends": "ja"}), "a.csv",
                 {"assessed_on": "2025-13-45"}, [(None, "datum", "geen bestaande datum")]),
    "missing answer column": (lambda c: b"item_id,tekst\n2.macro.trends,x\n", "a.csv",
                              {}, [(1, "antwoord", "ontbreekt")]),
    "duplicate item": (lambda c: filled(c, {}) + b"verspreiding-borging,3,2.macro.trends,2,"
                       b"macro,,question,,x,ja,,\n", "a.csv", {}, [(154, "item_id", "rij 5")]),
    "empty file": (lambda c: b"", "a.csv", {}, [(None, None, "leeg")]),
    "template not filled in": (lambda c: filled(c, {}), "a.csv", {},
                               [(None, "antwoord", "geen enkel antwoord")]),
    "header only": (lambda c: b"item_id,antwoord\n", "a.csv", {},
                    [(None, None, "geen rijen")]),
    "unknown intervention": (lambda c: filled(c, {"2.macro.trends": "ja"}), "a.csv",
                             {"intervention": "Kanjertraining"},
                             [(None, "onderwerp", "Kanjertraining")]),
    "organisation that does not run it": (lambda c: filled(c, {"2.meso.kosten": "ja"}),
                                          "a.csv", {"organisation": "Locatie West"},
                                          [(None, "onderwerp", "voert deze interventie niet")]),
    "unknown checklist": (lambda c: filled(c, {}), "a.csv", {"checklist_id": "kiva"},
                          [(None, "checklist", "kiva")]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_refused_whole_and_every_table_is_unchanged(small_world, fresh_db,
                                                                  checklists, case):
    make, name, overrides, expected = BAD[case]
    before = row_counts(fresh_db)
    arguments = {"checklist_id": "verspreiding-borging", "intervention": "Alfa",
                 "assessed_on": "2025-02-01"} | overrides
    with pytest.raises(ImportRefused) as refused:
        import_answers(fresh_db, make(checklists["verspreiding-borging"]), name, **arguments)
    problems = refused.value.problems
    assert [(p.row, p.field) for p in problems] == [(r, f) for r, f, _ in expected], problems
    for problem, (_, _, fragment) in zip(problems, expected, strict=True):
        assert problem.file == name and fragment in problem.message, problem
    assert row_counts(fresh_db) == before


def test_the_template_has_one_row_per_item_and_element_with_its_possible_answers(checklists):
    checklist = checklists["methodiekhandleiding"]
    frame = template_frame(checklist)
    assert len(frame) == 18
    choice = frame.set_index("item_id").loc["6.vaste-of-roulerende"]
    assert (choice["soort"], choice["mogelijke_antwoorden"]) == (
        "keuze (niet gescoord)", "vaste professionals; roulerende professionals")
    nji = template_frame(checklists["verspreiding-borging"]).set_index("item_id")
    assert nji.loc["2.macro.trends", ["perspectief", "soort"]].tolist() == [
        "Landelijk niveau van verspreiden", "vraag (gescoord)"]
    assert frame.set_index("item_id").loc["1.periode", "mogelijke_antwoorden"] == \
        "ja; nee; n.v.t."
    assert template_bytes(checklist, "xlsx")[:2] == b"PK"
