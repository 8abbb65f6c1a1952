"""The store keeps every answer with its history, survives reopening and upgrades, and
refuses what would lose or corrupt data."""
from pathlib import Path

import duckdb
import pytest
from helpers import MINI_CHECKLIST, day

from implementation.checklists import load_checklists
from implementation.errors import NotFoundError, StoreError
from implementation.permissions import SYSTEM
from implementation.schema import MIGRATIONS
from implementation.store import AnswerInput as A
from implementation.store import Database


def draft(db, name="JOIN us"):
    intervention = db.registry.add_intervention(name)
    return db.assessments.start("verspreiding-borging", day("2025-01-01"),
                                intervention_id=intervention)


def test_editing_an_answer_adds_a_row_and_keeps_the_old_one(fresh_db):
    assessment = draft(fresh_db)
    fresh_db.assessments.record_answers(assessment, [A("2.macro.trends", "nee", "nog niet")])
    fresh_db.assessments.record_answers(assessment, [A("2.macro.trends", "ja", "nu wel")])
    history = fresh_db.assessments.answer_history(assessment, "2.macro.trends")
    assert history["answer"].tolist() == ["nee", "ja"]
    assert history["note"].tolist() == ["nog niet", "nu wel"]
    assert fresh_db.assessments.current_answers(assessment).set_index("item_id").loc[
        "2.macro.trends", "answer"] == "ja"


def test_saving_unchanged_answers_writes_no_new_rows(fresh_db):
    assessment = draft(fresh_db)
    assert fresh_db.assessments.record_answers(assessment, [A("2.macro.trends", "ja")]) == 1
    assert fresh_db.assessments.record_answers(assessment, [A("2.macro.trends", "ja"),
                                                            A("2.macro.markt-aandeel", None)]) == 0


def test_history_survives_closing_and_reopening_the_file(tmp_path, checklists):
    path = str(tmp_path / "monitor.duckdb")
    db = Database.open(path, checklists).acting_as(SYSTEM)
    assessment = draft(db)
    db.assessments.record_answers(assessment, [A("2.macro.trends", "nee")])
    db.assessments.record_answers(assessment, [A("2.macro.trends", "ja")])
    db.close()
    again = Database.open(path, checklists)
    assert again.assessments.answer_history(assessment)["answer"].tolist() == ["nee", "ja"]
    again.close()


def test_a_failed_write_leaves_nothing_behind(fresh_db):
    assessment = draft(fresh_db)
    with pytest.raises(StoreError, match="onbekend|staat niet"):
        fresh_db.assessments.record_answers(assessment, [A("2.macro.trends", "ja"),
                                                         A("9.bestaat.niet", "ja")])
    assert fresh_db.assessments.answer_history(assessment).empty


def test_a_final_assessment_does_not_change_through_the_store(fresh_db):
    assessment = draft(fresh_db)
    fresh_db.assessments.finalise(assessment)
    with pytest.raises(StoreError, match="definitief en verandert niet meer"):
        fresh_db.assessments.record_answers(assessment, [A("2.macro.trends", "ja")])
    with pytest.raises(StoreError, match="al definitief"):
        fresh_db.assessments.finalise(assessment)


def test_carry_over_starts_from_the_previous_answers_and_follows_moved_items(fresh_db):
    first = draft(fresh_db)
    fresh_db.assessments.record_answers(first, [A("2.macro.trends", "ja", "ok")])
    fresh_db.assessments.finalise(first)
    intervention = fresh_db.assessments.assessment(first)["intervention_id"]
    second = fresh_db.assessments.start("verspreiding-borging", day("2025-06-01"),
                                        intervention_id=intervention, carry_over_from=first)
    carried = fresh_db.assessments.current_answers(second).set_index("item_id")
    assert carried.loc["2.macro.trends", ["answer", "note"]].tolist() == ["ja", "ok"]
    fresh_db.assessments.record_answers(second, [A("2.macro.trends", "nee")])
    assert fresh_db.assessments.current_answers(first).set_index("item_id").loc[
        "2.macro.trends", "answer"] == "ja"


def test_interventions_are_found_by_name_or_id_and_names_are_unique(fresh_db):
    intervention = fresh_db.registry.add_intervention("JOIN us")
    assert fresh_db.registry.intervention("join US")["id"] == intervention
    assert fresh_db.registry.intervention(str(intervention))["name"] == "JOIN us"
    with pytest.raises(NotFoundError, match="Kanjertraining"):
        fresh_db.registry.intervention("Kanjertraining")
    with pytest.raises(StoreError, match="al een interventie"):
        fresh_db.registry.add_intervention("Join Us")
    with pytest.raises(StoreError, match="aansturing"):
        fresh_db.registry.add_intervention("Nieuw", aansturing="landelijk")


def test_a_board_cannot_be_placed_under_its_own_location(fresh_db):
    board = fresh_db.registry.add_organisation("Bestuur", "schoolbestuur")
    school = fresh_db.registry.add_organisation("Locatie", "vestiging", board)
    with pytest.raises(StoreError, match="onder zichzelf"):
        fresh_db.registry.update_organisation(board, "Bestuur", "schoolbestuur", school, None)


def test_an_older_database_file_is_upgraded_on_open_and_keeps_its_data(tmp_path):
    (tmp_path / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    checklists = load_checklists(tmp_path).checklists
    path = str(tmp_path / "oud.duckdb")
    old = duckdb.connect(path)  # a file as the previous release wrote it: migrations 1-4
    old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR "
                "NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for version, (name, sql) in enumerate(MIGRATIONS[:4], start=1):
        old.execute(sql)
        old.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    [version, name])
    old.execute("INSERT INTO interventions (name) VALUES ('JOIN us')")
    old.execute("INSERT INTO organisations (name, kind) VALUES ('School', 'school')")
    old.execute("INSERT INTO implementations (intervention_id, organisation_id, started_on) "
                "VALUES (1, 1, DATE '2024-01-01')")
    mini = checklists["mini"]
    for item in mini.items:
        old.execute("INSERT INTO checklist_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ["mini", "1", item.id, item.parent, item.step,
                     item.perspective.value, item.motivating, item.depth, item.position,
                     item.text])
    old.execute("INSERT INTO assessments (checklist_id, checklist_version, intervention_id, "
                "implementation_id, assessed_on, respondent, perspectives, status) VALUES "
                "('mini', '1', 1, 1, DATE '2024-06-01', 'school', ['meso', 'micro'], 'final')")
    old.execute("INSERT INTO answers (assessment_id, item_id, answer, recorded_by) VALUES "
                "(1, '1.meso.c', 'nee', 'school'), (1, '1.meso.c', 'ja', 'school'), "
                "(1, '2.meso.d', 'ja', 'school')")
    old.close()

    db = Database.open(path, checklists)
    assert db.schema_version == 6
    assessment = db.assessments.assessment(1)
    assert assessment["organisation_id"] == 1          # filled in by the upgrade
    assert db.assessments.answer_history(1)["answer"].tolist() == ["nee", "ja", "ja"]
    # scores recomputed on open: c = 1, d = 1, e = 0 of three meso items
    assert db.readiness.of_assessment(1)["readiness"].iloc[0] == pytest.approx(2 / 3)
    assert db.readiness.of_assessment(1, "stage").set_index("stage")["readiness"].to_dict() \
        == pytest.approx({"borging": 0.5})
    db.close()
    assert Database.open(path, checklists).schema_version == 6   # idempotent


def test_a_checklist_changed_without_a_new_version_is_refused_on_open(tmp_path):
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST, encoding="utf-8")
    path = str(tmp_path / "monitor.duckdb")
    Database.open(path, load_checklists(folder).checklists).close()
    (folder / "mini.yaml").write_text(MINI_CHECKLIST.replace('text: "A"', 'text: "Anders"'),
                                      encoding="utf-8")
    db = Database.open(path, load_checklists(folder).checklists)
    assert "mini" not in db.checklists
    assert "nieuw versienummer" in str(db.checklist_errors[0])
    db.close()
    # a new stage tag is interpretation, not wording: it loads and rescoring follows it
    (folder / "mini.yaml").write_text(MINI_CHECKLIST.replace("stages: [borging]",
                                                             "stages: [implementatie]"),
                                      encoding="utf-8")
    db = Database.open(path, load_checklists(folder).checklists)
    assert "mini" in db.checklists and not db.checklist_errors
    db.close()


def test_two_writers_that_collide_get_a_clear_message_and_nothing_is_half_saved(tmp_path,
                                                                              checklists):
    db = Database.open(str(tmp_path / "m.duckdb"), checklists).acting_as(SYSTEM)
    assessment = draft(db)
    other = db.cursor().acting_as(SYSTEM)
    with pytest.raises(StoreError, match="tegelijk"):
        with db.transaction():
            db.assessments.record_answers(assessment, [A("2.macro.trends", "ja")])
            other.assessments.record_answers(assessment, [A("2.macro.trends", "nee")])
    assert db.assessments.answer_history(assessment).empty
    db.assessments.record_answers(assessment, [A("2.macro.trends", "ja")])  # try again
    assert db.assessments.answer_history(assessment)["answer"].tolist() == ["ja"]
    db.close()


def test_opening_a_database_that_another_process_holds_says_what_to_do(tmp_path, checklists):
    import subprocess
    import sys
    path = tmp_path / "bezet.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; "
                               f"c = duckdb.connect({str(path)!r}); print('ok', flush=True); "
                               "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="in gebruik door een ander programma.*Wacht"):
            Database.open(str(path), checklists)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_process_killed_after_the_upgrade_and_the_demo_leaves_a_file_that_opens(tmp_path):
    import subprocess
    import sys
    path = tmp_path / "gecrasht.duckdb"
    script = ("import os; from implementation.store import Database; "
              "from implementation.demo import load_demo; "
              f"d = Database.open({str(path)!r}); load_demo(d); os._exit(0)")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parent.parent)
    db = Database.open(str(path))
    assert db.count("answers") > 10_000 and db.schema_version == 6
    db.close()


def test_saves_at_the_same_moment_in_one_process_wait_for_each_other_instead_of_colliding(
        tmp_path, checklists):
    """Each script run writes on its own cursor. Two saves at once used to collide in DuckDB
    (the load test's "iemand anders sloeg tegelijk gegevens op" at 40 users); the writes of
    one process now take turns, and every answer arrives."""
    import threading
    database = Database.open(str(tmp_path / "samen.duckdb"), checklists)
    system = database.acting_as(SYSTEM)
    drafts = [draft(system, f"Interventie {n}") for n in range(4)]
    refused, saved = [], []

    def person(number: int) -> None:
        own = database.cursor().acting_as(SYSTEM)
        for turn in range(12):
            answer = "ja" if (number + turn) % 2 else "nee"
            try:
                own.assessments.record_answers(drafts[(number + turn) % 4],
                                               [A("2.macro.trends", answer, f"{number}-{turn}")])
                saved.append(1)
            except StoreError as refusal:
                refused.append(str(refusal))

    people = [threading.Thread(target=person, args=(n,)) for n in range(4)]
    for thread in people:
        thread.start()
    for thread in people:
        thread.join()
    assert refused == []
    assert len(saved) == 48
    # every save is a row: 4 people x 12 turns, notes all different
    assert database.one("SELECT count(*) FROM answers WHERE item_id = '2.macro.trends'") == 48
    database.close()
