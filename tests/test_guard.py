"""Issue 12, the database file and the one guard for the unexpected: a file that is not
a usable database says what is wrong and what to do; the guard itself never fails, even
when the error log cannot be written; an administrator can read the log."""
import pytest
from helpers import row_counts

from implementation import error_log
from implementation.cli import main
from implementation.errors import StoreError
from implementation.store import AnswerInput, Database


def truncated(path):
    Database.open(str(path), {}).close()
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 3])


CASES = {  # case -> (make the file at path, message after the path)
    "not a DuckDB file": (lambda p: p.write_text("item_id,antwoord\n"),
                          "{p} is geen DuckDB-database (het bestand is iets anders, of leeg). "
                          "Kies met MONITOR_DB een ander bestand, of verplaats dit bestand: "
                          "een database die nog niet bestaat, wordt gemaakt."),
    "an empty file": (lambda p: p.write_bytes(b""),
                      "{p} is geen DuckDB-database (het bestand is iets anders, of leeg). Kies "
                      "met MONITOR_DB een ander bestand, of verplaats dit bestand: een database "
                      "die nog niet bestaat, wordt gemaakt."),
    "a truncated database": (truncated,
                             "de database {p} is beschadigd of onvolledig (bijvoorbeeld "
                             "afgebroken bij het kopiëren) en kan niet worden geopend. Zet een "
                             "reservekopie terug, of kies met MONITOR_DB een ander bestand."),
    "a directory": (lambda p: p.mkdir(),
                    "MONITOR_DB wijst naar de map {p}, niet naar een databasebestand. Geef een "
                    "bestandsnaam, bijvoorbeeld {p}/monitor.duckdb."),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_database_file_that_cannot_be_used_says_what_is_wrong(tmp_path, monkeypatch, capsys,
                                                                case):
    make, message = CASES[case]
    path = tmp_path / "monitor.duckdb"
    make(path)
    with pytest.raises(StoreError) as refused:
        Database.open(str(path), {})
    assert str(refused.value) == message.format(p=path)
    monkeypatch.setenv("MONITOR_DB", str(path))
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path / "fouten.log"))
    assert main(["interventions"]) == 1
    assert capsys.readouterr().err == f"fout: {message.format(p=path)}\n"
    assert not (tmp_path / "fouten.log").exists()   # a clear refusal, not an accident


@pytest.fixture
def broken_command(monkeypatch):
    """The 'interventions' command fails in a way nobody foresaw."""
    from implementation.cli import COMMANDS

    def boom(args):
        raise RuntimeError("onvoorzien")
    monkeypatch.setitem(COMMANDS, "interventions",
                        COMMANDS["interventions"].__class__(boom, "", None, True, True))


def test_the_guard_logs_under_a_reference_and_the_errors_command_reads_it(
        broken_command, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(tmp_path / "fouten.log"))
    assert main(["interventions"]) == 2
    err = capsys.readouterr().err
    reference = err.split("referentie ")[1][:8]
    assert err == (f"fout: er ging iets onverwachts mis (referentie {reference}); er is niets "
                   f"opgeslagen. De details staan in {tmp_path / 'fouten.log'}.\n")
    assert main(["errors"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith(reference) and listed[1] == "    RuntimeError: onvoorzien"
    assert main(["errors", reference.lower()]) == 0
    assert "Traceback (most recent call last)" in capsys.readouterr().out
    assert main(["errors", "ABCDEF12"]) == 1


def test_the_guard_never_fails_when_the_log_cannot_be_written(broken_command, tmp_path,
                                                              monkeypatch, capsys):
    unwritable = tmp_path / "map"
    unwritable.mkdir()                          # a directory: opening it to append fails
    monkeypatch.setenv("MONITOR_ERROR_LOG", str(unwritable))
    assert main(["interventions"]) == 2
    err = capsys.readouterr().err
    reference = err.split("referentie ")[1][:8]
    assert err == (f"fout: er ging iets onverwachts mis (referentie {reference}); er is niets "
                   f"opgeslagen. De details konden niet in het foutenlogboek {unwritable} "
                   "worden geschreven (Is a directory); zet MONITOR_ERROR_LOG op een bestand "
                   "dat u mag schrijven.\n")
    assert error_log.write("ABCD1234", "x") == "Is a directory"
    assert error_log.entries() == []


def test_a_final_assessment_refuses_changes_through_the_store(small_world, fresh_db):
    before = row_counts(fresh_db)
    with pytest.raises(StoreError) as refused:
        fresh_db.assessments.record_answers(small_world["A2"],
                                            [AnswerInput("2.macro.trends", "nee")])
    assert str(refused.value) == ("deze beoordeling is definitief en verandert niet meer; start "
                                  "een nieuwe beoordeling (met de antwoorden van deze als "
                                  "startpunt)")
    assert row_counts(fresh_db) == before
