"""Importing a filled template: all-or-nothing, with every problem named by row and field."""
import io
from datetime import date

import pandas as pd
import pytest

from implementation.templates import ImportRefused, import_answers, template_frame

TABLES = ("interventions", "organisations", "implementations", "assessments", "answers",
          "assessment_scores")


@pytest.fixture
def school(fresh_store, intervention):
    organisation = fresh_store.add_organisation("Melanchthon Schiebroek", "vestiging")
    fresh_store.add_implementation(intervention, organisation, date(2024, 8, 1))
    return organisation


def filled(checklists, answers: dict, fmt="csv", **changes) -> bytes:
    frame = template_frame(checklists["verspreiding-borging"])
    for item_id, answer in answers.items():
        frame.loc[frame["item_id"] == item_id, "antwoord"] = answer
    for column, value in changes.items():
        frame[column] = value
    buffer = io.BytesIO()
    if fmt == "xlsx":
        frame.to_excel(buffer, index=False)
    else:
        buffer.write(frame.to_csv(index=False, sep=";" if fmt == "csv;" else ",")
                     .encode("utf-8-sig" if fmt == "csv-bom" else "utf-8"))
    return buffer.getvalue()


def snapshot(store):
    return {table: store.count(table) for table in TABLES}


@pytest.mark.parametrize("fmt", ["csv", "csv;", "csv-bom", "xlsx"])
def test_a_filled_template_becomes_a_final_assessment(fresh_store, intervention, checklists,
                                                      fmt):
    content = filled(checklists, {"1.content.vraag-clienten": "Ja",
                                  "1.content.geen-oplossing": "nee",
                                  "2.macro.trends": "n.v.t."}, fmt)
    name = "checklist.xlsx" if fmt == "xlsx" else "checklist.csv"
    assessment = import_answers(fresh_store, content, name, "verspreiding-borging", "JOIN us",
                                "2025-02-01", respondent="Eigenaar")
    stored = fresh_store.current_answers(assessment).set_index("item_id")["answer"].to_dict()
    assert stored == {"1.content.vraag-clienten": "ja", "1.content.geen-oplossing": "nee",
                      "2.macro.trends": "nvt"}
    meta = fresh_store.assessment(assessment)
    assert meta["status"] == "final" and meta["assessed_on"].date() == date(2025, 2, 1)
    step_one = fresh_store.readiness(intervention, "step").set_index("step")["readiness"]
    assert step_one[1] == 0.5


def test_an_import_for_an_organisation_scores_its_meso_and_micro_parts(fresh_store, school,
                                                                       checklists):
    content = filled(checklists, {"2.meso.kosten": "ja", "2.micro.relevantie": "ja"})
    assessment = import_answers(fresh_store, content, "school.csv", "verspreiding-borging",
                                "JOIN us", "2025-02-01", organisation="Melanchthon Schiebroek")
    meta = fresh_store.assessment(assessment)
    assert meta["implementation_id"] is not None
    assert list(meta["perspectives"]) == ["meso", "micro"]
    perspectives = fresh_store.readiness(meta["implementation_id"], "perspective",
                                         subject="implementation")
    assert sorted(perspectives["perspective"]) == ["meso", "micro"]


BAD = {
    "unknown item": (lambda c: filled(c, {}).replace(b"1.content.vraag-clienten",
                                                     b"1.content.bestaat-niet"),
                     "checklist.csv", {}, [(2, "item_id", "onbekend item")]),
    "answer out of range": (lambda c: filled(c, {"2.macro.trends": "misschien"}),
                            "checklist.csv", {}, [(5, "antwoord", "misschien")]),
    "several bad rows": (lambda c: filled(c, {"2.macro.trends": "jawel", "2.macro.verspreid": "0"}),
                         "checklist.csv", {}, [(5, "antwoord", "jawel"), (8, "antwoord", "'0'")]),
    "wrong checklist": (lambda c: filled(c, {}, checklist_id="methodiekhandleiding"),
                        "checklist.csv", {}, [(2, "checklist_id", "andere checklist")]),
    "bad date": (lambda c: filled(c, {"2.macro.trends": "ja"}), "checklist.csv",
                 {"assessed_on": "2025-13-45"}, [(None, "datum", "geen datum")]),
    "not a table": (lambda c: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "checklist.csv", {},
                    [(None, None, "geen tabel")]),
    "wrong encoding": (lambda c: filled(c, {}).decode("utf-8").encode("cp1252", errors="replace"),
                       "checklist.csv", {}, [(2, None, "UTF-8")]),
    "missing answer column": (lambda c: b"item_id,tekst\n2.macro.trends,x\n", "checklist.csv",
                              {}, [(1, "antwoord", "ontbreekt")]),
    "duplicate item": (lambda c: filled(c, {}) + b"verspreiding-borging,1,2.macro.trends,2,"
                       b"macro,,x,ja,,\n", "checklist.csv", {}, [(154, "item_id", "rij 5")]),
    "empty file": (lambda c: b"", "checklist.csv", {}, [(None, None, "leeg")]),
    "template not filled in": (lambda c: filled(c, {}), "checklist.csv", {},
                               [(None, "antwoord", "geen enkel antwoord")]),
    "header only": (lambda c: b"item_id,antwoord\n", "checklist.csv", {},
                    [(None, None, "geen rijen")]),
    "broken xlsx": (lambda c: b"dit is geen excel", "checklist.xlsx", {},
                    [(None, None, "Excel")]),
    "unknown intervention": (lambda c: filled(c, {"2.macro.trends": "ja"}), "checklist.csv",
                             {"intervention": "Kanjertraining"}, [(None, "onderwerp",
                                                                   "Kanjertraining")]),
    "organisation without implementation": (lambda c: filled(c, {"2.macro.trends": "ja"}),
                                            "checklist.csv",
                                            {"organisation": "Melanchthon Schiebroek"},
                                            [(None, "onderwerp", "voert deze interventie")]),
    "unknown checklist": (lambda c: filled(c, {}), "checklist.csv",
                          {"checklist_id": "kiva"}, [(None, "checklist", "kiva")]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_refused_whole_and_the_database_is_unchanged(fresh_store, intervention,
                                                                   checklists, case):
    fresh_store.add_organisation("Melanchthon Schiebroek", "vestiging")
    make, name, overrides, expected = BAD[case]
    before = snapshot(fresh_store)
    arguments = {"checklist_id": "verspreiding-borging", "intervention": "JOIN us",
                 "assessed_on": "2025-02-01"} | overrides
    with pytest.raises(ImportRefused) as refused:
        import_answers(fresh_store, make(checklists), name, **arguments)
    problems = refused.value.problems
    assert len(problems) == len(expected), problems
    for problem, (row, field, fragment) in zip(problems, expected, strict=True):
        assert problem.file == name
        assert (problem.row, problem.field) == (row, field)
        assert fragment in problem.message
    assert snapshot(fresh_store) == before


def test_refusal_lists_problems_as_a_table_for_the_page(fresh_store, intervention, checklists):
    with pytest.raises(ImportRefused) as refused:
        import_answers(fresh_store, filled(checklists, {"2.macro.trends": "?"}), "a.csv",
                       "verspreiding-borging", "JOIN us", "2025-02-01")
    table = refused.value.as_frame()
    assert list(table.columns) == ["bestand", "rij", "veld", "probleem"]
    assert table.iloc[0]["rij"] == 5


def test_template_has_one_row_per_item_and_element_and_an_empty_answer_column(checklists):
    frame = template_frame(checklists["verspreiding-borging"])
    assert len(frame) == 152
    assert (frame["antwoord"] == "").all()
    assert frame.iloc[0]["tekst"] == "Het is helder welke vraag cliënten en/of ouders hebben"
    read_back = pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype=str)
    assert list(read_back["item_id"]) == [i.id for i in checklists["verspreiding-borging"].items]
