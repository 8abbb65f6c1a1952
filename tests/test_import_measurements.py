"""Measurement imports: all-or-nothing, the same check as the form, every problem with its
row and field; for an intervention and for a board's own indicators."""
import io
from datetime import date

import pandas as pd
import pytest
from helpers import row_counts

from implementation.errors import ImportRefused
from implementation.indicators import parse_indicator
from implementation.measurement_files import import_measurements, measurement_template

PERCENT = dict(code="volgorde", name="Lessen in volgorde", level="micro", kind="integrity",
               unit="percent", direction="higher", target=90, frequency="quarter",
               instrument="Feedbackformulier")
SCALE = dict(code="ucla", name="Eenzaamheid", level="micro", kind="effect", unit="scale",
             scale_min=20, scale_max=80, direction="lower", target=40,
             frequency="school_year", instrument="UCLA")
SCHOOLS = dict(code="scholen", name="Scholen", level="macro", kind="reach", unit="count",
               direction="higher", target=10, frequency="school_year", instrument="Register")


@pytest.fixture
def setup(fresh_db):
    db = fresh_db
    intervention = db.registry.add_intervention("JOIN us")
    for name in ("Over Y College", "Montessori College"):
        db.registry.add_implementation(intervention, db.registry.add_organisation(name, "school"),
                                       date(2024, 1, 1))
    db.registry.add_organisation("Andere school", "school")
    for spec in (PERCENT, SCALE, SCHOOLS):
        db.monitoring.add_indicator(parse_indicator(spec), intervention)
    return db


def csv(rows: list[tuple], header="indicator,organisatie,datum,waarde,toelichting") -> bytes:
    lines = [header] + [",".join(f'"{v}"' for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


GOOD_ROWS = [("volgorde", "Over Y College", "2025-01-10", "92", ""),
             ("volgorde", "Montessori College", "20-01-2025", "87,5", "2 lessen"),
             ("ucla", "Over Y College", "2025-03-01", "38", ""),
             ("scholen", "", "2025-06-30", "7", "")]


def test_a_good_file_is_stored_with_its_periods(setup):
    assert import_measurements(setup, csv(GOOD_ROWS), "metingen.csv", "JOIN us") == 4
    current = setup.monitoring.measurements()
    montessori = current[current["organisation"] == "Montessori College"].iloc[0]
    assert montessori["value"] == 87.5 and not montessori["met"]
    assert str(montessori["period_start"].date()) == "2025-01-01"
    ucla = current[current["indicator"] == "Eenzaamheid"].iloc[0]
    assert str(ucla["period_start"].date()) == "2024-08-01" and ucla["met"]


def test_an_xlsx_file_from_the_template_is_accepted(setup):
    template = measurement_template(setup, "JOIN us")
    assert len(template) == 2 + 2 + 1  # two schools for each micro indicator, one macro
    template["datum"] = "2025-02-01"
    template["waarde"] = template["indicator"].map({"volgorde": "91", "ucla": "35",
                                                    "scholen": "8"})
    buffer = io.BytesIO()
    template.to_excel(buffer, index=False)
    assert import_measurements(setup, buffer.getvalue(), "m.xlsx", "JOIN us") == 5


def test_replace_keeps_the_old_value_in_history(setup):
    import_measurements(setup, csv(GOOD_ROWS[:1]), "a.csv", "JOIN us")
    with pytest.raises(ImportRefused, match="al een meting"):
        import_measurements(setup, csv([GOOD_ROWS[0][:3] + ("95", "")]), "b.csv", "JOIN us")
    import_measurements(setup, csv([GOOD_ROWS[0][:3] + ("95", "")]), "b.csv", "JOIN us",
                        replace=True)
    assert list(setup.monitoring.measurements(with_history=True)["value"]) == [92, 95]


def test_a_board_imports_its_own_indicator_per_location(small_world, fresh_db):
    board = fresh_db.acting_as(fresh_db.accounts.user("noord"))
    content = csv([("veilig", "Locatie Oost", "2025-09-15", "83", ""),
                   ("veilig", "Locatie West", "2025-09-15", "91", "")])
    assert import_measurements(board, content, "vensters.csv", organisation="Bestuur Noord") == 2
    rows = board.monitoring.measurements(small_world["veilig"])
    assert rows[rows["period_start"] == pd.Timestamp("2025-08-01")]["value"].tolist() == [83, 91]


BAD = {
    "unknown indicator": ([("kiva", "Over Y College", "2025-01-10", "5", "")],
                          [(2, "indicator", "onbekende indicator 'kiva'")]),
    "percent above 100": ([("volgorde", "Over Y College", "2025-01-10", "120", "")],
                          [(2, "waarde", "tussen 0 en 100")]),
    "outside the scale": ([("ucla", "Over Y College", "2025-01-10", "12", "")],
                          [(2, "waarde", "buiten de schaal 20–80")]),
    "negative count": ([("scholen", "", "2025-01-10", "-1", "")],
                       [(2, "waarde", "negatief")]),
    "a fraction of a count": ([("scholen", "", "2025-01-10", "7,5", "")],
                              [(2, "waarde", "geheel getal")]),
    "thousands point": ([("scholen", "", "2025-01-10", "1.234", "")],
                        [(2, "waarde", "dubbelzinnig")]),
    "underscore in a number": ([("scholen", "", "2025-01-10", "1_000", "")],
                               [(2, "waarde", "geen getal")]),
    "not a number": ([("volgorde", "Over Y College", "2025-01-10", "veel", "")],
                     [(2, "waarde", "geen getal")]),
    "text after the date": ([("volgorde", "Over Y College", "2019-02-01 onzin", "90", "")],
                            [(2, "datum", "geen datum")]),
    "impossible date": ([("volgorde", "Over Y College", "2025-02-30", "90", "")],
                        [(2, "datum", "geen bestaande datum")]),
    "year 1": ([("volgorde", "Over Y College", "0001-03-01", "90", "")],
               [(2, "datum", "jaartal goed getypt")]),
    "year 9999": ([("volgorde", "Over Y College", "9999-12-31", "90", "")],
                  [(2, "datum", "jaartal goed getypt")]),
    "duplicate in file": ([GOOD_ROWS[0], ("volgorde", "Over Y College", "2025-02-11", "91", "")],
                          [(3, "datum", "rij 2")]),
    "organisation not delivering": ([("volgorde", "Andere school", "2025-01-10", "90", "")],
                                    [(2, "organisatie", "voert deze interventie niet uit")]),
    "organisation missing": ([("volgorde", "", "2025-01-10", "90", "")],
                             [(2, "organisatie", "per organisatie")]),
    "organisation on a macro indicator": ([("scholen", "Over Y College", "2025-01-10", "9", "")],
                                          [(2, "organisatie", "als geheel")]),
    "several problems at once": ([GOOD_ROWS[0], ("kiva", "", "2025-01-10", "1", ""),
                                  ("volgorde", "Over Y College", "2025-05-01", "x", "")],
                                 [(3, "indicator", "kiva"), (4, "waarde", "geen getal")]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_refused_whole_and_nothing_is_written(setup, case):
    rows, expected = BAD[case]
    before = row_counts(setup)
    with pytest.raises(ImportRefused) as refused:
        import_measurements(setup, csv(rows), "metingen.csv", "JOIN us")
    found = [(p.row, p.field) for p in refused.value.problems]
    assert found == [(row, field) for row, field, _ in expected]
    for problem, (_, _, fragment) in zip(refused.value.problems, expected, strict=True):
        assert fragment in problem.message and problem.file == "metingen.csv", problem
    assert row_counts(setup) == before


def test_the_template_lists_indicators_per_organisation(setup):
    template = measurement_template(setup, "JOIN us")
    assert list(template.columns[:5]) == ["indicator", "organisatie", "datum", "waarde",
                                          "toelichting"]
    assert set(template.loc[template["indicator"] == "volgorde", "organisatie"]) == {
        "Over Y College", "Montessori College"}
    assert list(template.loc[template["indicator"] == "scholen", "organisatie"]) == [""]


def test_a_measurement_csv_may_hold_150000_rows_and_not_one_more(setup):
    # a national year is more than the 50,000 rows of any other upload (README: limits)
    rows = [("volgorde", "Over Y College", "2025-01-10", "92", "")] * 150_001
    before = row_counts(setup)
    with pytest.raises(ImportRefused) as refused:
        import_measurements(setup, csv(rows), "metingen.csv", "JOIN us")
    assert [(p.row, p.message) for p in refused.value.problems] == [
        (150_002, "het bestand heeft meer dan 150.000 rijen")]
    assert row_counts(setup) == before
    # 60,000 rows (over the general limit) are read whole; they name one period 60,000
    # times, so every row after the first is refused for that, not for their number
    with pytest.raises(ImportRefused) as refused:
        import_measurements(setup, csv(rows[:60_000]), "metingen.csv", "JOIN us")
    problems = refused.value.problems
    same = "dezelfde indicator, organisatie en periode staan ook in rij 2 (01-01-2025)"
    assert len(problems) == 59_999
    assert [(p.row, p.field, p.message) for p in (problems[0], problems[-1])] == [
        (3, "datum", same), (60_001, "datum", same)]
