"""Answers are append-only: edits add history, nothing is lost, writes are atomic."""
from datetime import date

import duckdb
import pytest

from implementation.schema import MIGRATIONS
from implementation.store import AnswerInput as A
from implementation.store import NotFoundError, Store, StoreError


def test_editing_an_answer_adds_a_row_and_keeps_the_old_one(fresh_store, intervention):
    assessment = fresh_store.start_assessment("verspreiding-borging", intervention,
                                              date(2025, 1, 10), "Eigenaar")
    fresh_store.record_answers(assessment, [A("1.content.vraag-clienten", "nee",
                                              note="nog onduidelijk")], "Eigenaar")
    fresh_store.record_answers(assessment, [A("1.content.vraag-clienten", "ja",
                                              evidence="https://example.org/vraag")], "Adviseur")
    history = fresh_store.answer_history(assessment, "1.content.vraag-clienten")
    assert list(history["answer"]) == ["nee", "ja"]
    assert list(history["recorded_by"]) == ["Eigenaar", "Adviseur"]
    current = fresh_store.current_answers(assessment).set_index("item_id")
    assert current.loc["1.content.vraag-clienten", "answer"] == "ja"
    assert current.loc["1.content.vraag-clienten", "evidence"] == "https://example.org/vraag"


def test_saving_unchanged_answers_writes_no_new_rows(fresh_store, intervention):
    assessment = fresh_store.start_assessment("verspreiding-borging", intervention,
                                              date(2025, 1, 10), "Eigenaar")
    answers = [A("2.macro.trends", "ja"), A("2.macro.buurinterventies", "nee", note="x")]
    assert fresh_store.record_answers(assessment, answers, "Eigenaar") == 2
    assert fresh_store.record_answers(assessment, answers, "Eigenaar") == 0
    assert fresh_store.record_answers(assessment, [A("2.macro.trends", None)], "Eigenaar") == 1
    assert fresh_store.current_answers(assessment).set_index("item_id").loc[
        "2.macro.trends", "answer"] is None
    assert fresh_store.count("answers") == 3


def test_history_survives_closing_and_reopening_the_file(tmp_path, checklists):
    path = str(tmp_path / "monitor.duckdb")
    store = Store.open(path, checklists)
    intervention = store.add_intervention("Baas in eigen soap", aansturing="decentraal")
    assessment = store.start_assessment("verspreiding-borging", intervention,
                                        date(2024, 9, 1), "Sardes")
    store.record_answers(assessment, [A("2.macro.trends", "nee")], "Sardes")
    store.record_answers(assessment, [A("2.macro.trends", "ja")], "APS")
    store.finalise(assessment)
    store.close()

    reopened = Store.open(path, checklists)
    assert list(reopened.answer_history(assessment)["answer"]) == ["nee", "ja"]
    assert reopened.assessment(assessment)["status"] == "final"
    assert reopened.readiness(intervention).iloc[0]["credit"] == 1
    reopened.close()


def test_a_failed_write_leaves_nothing_behind(fresh_store, intervention):
    assessment = fresh_store.start_assessment("verspreiding-borging", intervention,
                                              date(2025, 1, 10), "Eigenaar")
    with pytest.raises(StoreError, match="niet-bestaand"):
        fresh_store.record_answers(assessment, [A("2.macro.trends", "ja"),
                                                A("niet-bestaand", "ja")], "Eigenaar")
    with pytest.raises(StoreError, match="misschien"):
        fresh_store.record_answers(assessment, [A("2.macro.trends", "misschien")], "Eigenaar")
    assert fresh_store.count("answers") == 0


def test_an_exception_inside_a_transaction_rolls_back_every_write(fresh_store, intervention):
    with pytest.raises(RuntimeError):
        with fresh_store.transaction():
            assessment = fresh_store.start_assessment("verspreiding-borging", intervention,
                                                      date(2025, 1, 10), "Eigenaar")
            fresh_store.record_answers(assessment, [A("2.macro.trends", "ja")], "Eigenaar")
            raise RuntimeError("stroomstoring")
    assert fresh_store.count("assessments") == 0
    assert fresh_store.count("answers") == 0
    assert fresh_store.count("assessment_scores") == 0


def test_carry_over_starts_from_the_previous_answers_and_keeps_them_separate(fresh_store,
                                                                             intervention):
    first = fresh_store.start_assessment("verspreiding-borging", intervention, date(2024, 1, 1),
                                         "Eigenaar")
    fresh_store.record_answers(first, [A("2.macro.trends", "ja", note="landelijk beeld")],
                               "Eigenaar")
    fresh_store.finalise(first)
    second = fresh_store.start_assessment("verspreiding-borging", intervention,
                                          date(2024, 7, 1), "Eigenaar", carry_over_from=first)
    fresh_store.record_answers(second, [A("2.macro.trends", "nee", note="landelijk beeld")],
                               "Eigenaar")
    assert fresh_store.current_answers(first).iloc[0]["answer"] == "ja"
    carried = fresh_store.answer_history(second)
    assert list(carried["answer"]) == ["ja", "nee"]
    assert list(carried["note"]) == ["landelijk beeld", "landelijk beeld"]


def test_finalising_twice_is_refused(fresh_store, intervention):
    assessment = fresh_store.start_assessment("verspreiding-borging", intervention,
                                              date(2025, 1, 10), "Eigenaar")
    fresh_store.finalise(assessment)
    with pytest.raises(StoreError, match="al definitief"):
        fresh_store.finalise(assessment)


def test_interventions_are_found_by_name_or_id_and_names_are_unique(fresh_store, intervention):
    assert fresh_store.intervention("join US")["id"] == intervention
    assert fresh_store.intervention(str(intervention))["name"] == "JOIN us"
    with pytest.raises(NotFoundError, match="Kanjertraining"):
        fresh_store.intervention("Kanjertraining")
    with pytest.raises(StoreError, match="al een interventie"):
        fresh_store.add_intervention("Join Us")
    with pytest.raises(StoreError, match="aansturing"):
        fresh_store.add_intervention("Nieuw", aansturing="landelijk")


def test_an_older_database_file_is_upgraded_on_open_and_keeps_its_data(tmp_path, checklists):
    path = str(tmp_path / "oud.duckdb")
    old = duckdb.connect(path)  # a file as the first release wrote it: migration 1 only
    old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR "
                "NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    old.execute(MIGRATIONS[0][1])
    old.execute("INSERT INTO schema_migrations (version, name) VALUES (1, 'core')")
    old.execute("INSERT INTO interventions (name, aansturing) VALUES ('JOIN us', 'centraal')")
    old.close()

    store = Store.open(path, checklists)
    assert store.schema_version == len(MIGRATIONS) > 1
    assert list(store.interventions()["name"]) == ["JOIN us"]
    # the tables of later migrations work on the upgraded file
    action = store.add_action(1, "2.macro.trends", "Trendanalyse maken", "Eigenaar",
                              date(2025, 3, 1), "Eigenaar")
    assert store.actions(1).iloc[0]["id"] == action
    store.close()
    assert Store.open(path, checklists).schema_version == len(MIGRATIONS)  # idempotent


def test_database_path_comes_from_monitor_db(monkeypatch, tmp_path):
    from implementation.store import DEFAULT_DATABASE, database_path
    monkeypatch.setenv("MONITOR_DB", str(tmp_path / "elders.duckdb"))
    assert database_path() == str(tmp_path / "elders.duckdb")
    monkeypatch.delenv("MONITOR_DB")
    assert database_path() == str(DEFAULT_DATABASE)


def test_renaming_to_a_name_in_use_is_refused(fresh_store, intervention):
    other = fresh_store.add_intervention("Baas in eigen soap")
    with pytest.raises(StoreError, match="al een interventie"):
        fresh_store.update_intervention(other, name="join us")
    board = fresh_store.add_organisation("Melanchthon", "schoolbestuur")
    school = fresh_store.add_organisation("Melanchthon Kralingen", "vestiging", board)
    with pytest.raises(StoreError, match="al een organisatie"):
        fresh_store.update_organisation(school, "MELANCHTHON", "vestiging", board, None)
    assert fresh_store.organisation(school)["name"] == "Melanchthon Kralingen"


def test_a_board_cannot_be_placed_under_its_own_location(fresh_store):
    board = fresh_store.add_organisation("Melanchthon", "schoolbestuur")
    school = fresh_store.add_organisation("Melanchthon Kralingen", "vestiging", board)
    with pytest.raises(StoreError, match="onder zichzelf"):
        fresh_store.update_organisation(board, "Melanchthon", "schoolbestuur", school, None)
    with pytest.raises(StoreError, match="onder zichzelf"):
        fresh_store.update_organisation(board, "Melanchthon", "schoolbestuur", board, None)
    assert fresh_store.organisation(board)["parent_id"] is None


def test_a_checklist_changed_without_a_new_version_is_refused_on_open(tmp_path):
    from conftest import MINI_CHECKLIST

    from implementation.checklists import load_checklists
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    path = str(tmp_path / "monitor.duckdb")
    Store.open(path, load_checklists(folder).checklists).close()

    (folder / "mini.yaml").write_text(MINI_CHECKLIST.replace('text: "A"', 'text: "Anders"'),
                                      encoding="utf-8")
    store = Store.open(path, load_checklists(folder).checklists)
    assert "mini" not in store.checklists
    assert "nieuw versienummer" in str(store.checklist_errors[0])
    assert store.checklist_errors[0].file == "mini.yaml"
    store.close()

    (folder / "mini.yaml").write_text(MINI_CHECKLIST.replace('text: "A"', 'text: "Anders"')
                                      .replace('version: "1"', 'version: "2"'), encoding="utf-8")
    store = Store.open(path, load_checklists(folder).checklists)
    assert store.checklist("mini").version == "2" and not store.checklist_errors
    store.close()


def test_two_writers_that_collide_get_a_clear_message_and_nothing_is_half_saved(tmp_path,
                                                                              checklists):
    store = Store.open(str(tmp_path / "m.duckdb"), checklists)
    intervention = store.add_intervention("JOIN us")
    assessment = store.start_assessment("verspreiding-borging", intervention,
                                        date(2025, 1, 1), "Eigenaar")
    other = store.cursor()
    with pytest.raises(StoreError, match="tegelijk"):
        with store.transaction():
            store.record_answers(assessment, [A("2.macro.trends", "ja")], "Eigenaar")
            other.record_answers(assessment, [A("2.macro.trends", "nee")], "Adviseur")
    # the second writer hit the first one's uncommitted rows; both were rolled back
    assert store.answer_history(assessment).empty
    score = store.readiness(assessment, "overall", "assessment", final_only=False).iloc[0]
    assert (score["credit"], score["answered"]) == (0, 0)
    store.record_answers(assessment, [A("2.macro.trends", "ja")], "Eigenaar")  # try again
    assert list(store.answer_history(assessment)["answer"]) == ["ja"]
    store.close()


def test_opening_a_database_that_another_process_holds_says_so(tmp_path, checklists):
    import subprocess
    import sys
    path = tmp_path / "bezet.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; "
                               f"c = duckdb.connect({str(path)!r}); print('ok', flush=True); "
                               "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="in gebruik"):
            Store.open(str(path), checklists)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
