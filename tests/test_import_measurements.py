"""Measurement imports: all-or-nothing, every problem with row and field."""
import io
from datetime import date

import pytest

from implementation.indicators import parse_indicator
from implementation.measurement_files import import_measurements, measurement_template
from implementation.templates import ImportRefused

PERCENT = dict(code="volgorde", name="Lessen in volgorde", level="micro", kind="integrity",
               unit="percent", direction="higher", target=90, frequency="quarter",
               instrument="Feedbackformulier")
SCALE = dict(code="ucla", name="Eenzaamheid", level="micro", kind="effect", unit="scale",
             scale_min=20, scale_max=80, direction="lower", target=40,
             frequency="school_year", instrument="UCLA")
SCHOOLS = dict(code="scholen", name="Scholen", level="macro", kind="reach", unit="count",
               direction="higher", target=10, frequency="school_year", instrument="Register")


@pytest.fixture
def setup(fresh_store, intervention):
    store = fresh_store
    for name in ("Over Y College", "Montessori College Aerdenhout"):
        store.add_implementation(intervention, store.add_organisation(name, "school"),
                                 date(2024, 1, 1))
    store.add_organisation("Andere school", "school")
    for spec in (PERCENT, SCALE, SCHOOLS):
        store.add_indicator(intervention, parse_indicator(spec))
    return store


def csv(rows: list[tuple], header="indicator,organisatie,datum,waarde,toelichting") -> bytes:
    lines = [header] + [",".join(f'"{v}"' for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


GOOD_ROWS = [("volgorde", "Over Y College", "2025-01-10", "92", ""),
             ("volgorde", "Montessori College Aerdenhout", "2025-01-20", "87,5", "2 lessen"),
             ("ucla", "Over Y College", "2025-03-01", "38", ""),
             ("scholen", "", "2025-06-30", "7", "")]


def counts(store):
    return store._one("SELECT count(*) FROM measurements"), store.count("assessments")


def test_a_good_file_is_stored_with_its_periods(setup):
    assert import_measurements(setup, csv(GOOD_ROWS), "metingen.csv", "JOIN us", "monitor") == 4
    current = setup.measurements(setup.intervention("JOIN us")["id"])
    montessori = current[current["organisation"] == "Montessori College Aerdenhout"].iloc[0]
    assert montessori["value"] == 87.5 and not montessori["met"]
    assert str(montessori["period_start"].date()) == "2025-01-01"
    ucla = current[current["indicator_id"] == setup.indicator("ucla", 1)["id"]].iloc[0]
    assert str(ucla["period_start"].date()) == "2024-08-01" and ucla["met"]


def test_an_xlsx_file_from_the_template_is_accepted(setup):
    template = measurement_template(setup, setup.intervention("JOIN us")["id"])
    assert len(template) == 2 + 2 + 1  # two schools for each micro indicator, one macro
    template["datum"] = "2025-02-01"
    template["waarde"] = template["indicator"].map({"volgorde": "91", "ucla": "35",
                                                    "scholen": "8"})
    buffer = io.BytesIO()
    template.to_excel(buffer, index=False)
    assert import_measurements(setup, buffer.getvalue(), "m.xlsx", "JOIN us", "monitor") == 5


def test_replace_keeps_the_old_value_in_history(setup):
    import_measurements(setup, csv(GOOD_ROWS[:1]), "a.csv", "JOIN us", "monitor")
    with pytest.raises(ImportRefused, match="al een meting"):
        import_measurements(setup, csv([GOOD_ROWS[0][:3] + ("95", "")]), "b.csv", "JOIN us",
                            "monitor")
    import_measurements(setup, csv([GOOD_ROWS[0][:3] + ("95", "")]), "b.csv", "JOIN us",
                        "monitor", replace=True)
    history = setup.measurements(1, with_history=True)
    assert list(history["value"]) == [92, 95]


BAD = {
    "unknown indicator": ([("kiva", "Over Y College", "2025-01-10", "5", "")],
                          [(2, "indicator", "onbekende indicator 'kiva'")]),
    "percent above 100": ([("volgorde", "Over Y College", "2025-01-10", "120", "")],
                          [(2, "waarde", "tussen 0 en 100")]),
    "outside the scale": ([("ucla", "Over Y College", "2025-01-10", "12", "")],
                          [(2, "waarde", "buiten de schaal 20–80")]),
    "negative count": ([("scholen", "", "2025-01-10", "-1", "")],
                       [(2, "waarde", "negatief")]),
    "not a number": ([("volgorde", "Over Y College", "2025-01-10", "veel", "")],
                     [(2, "waarde", "geen getal")]),
    "bad date": ([("volgorde", "Over Y College", "10-01-2025", "90", "")],
                 [(2, "datum", "geen datum")]),
    "impossible date": ([("volgorde", "Over Y College", "2025-02-30", "90", "")],
                        [(2, "datum", "geen datum")]),
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
    before = counts(setup)
    with pytest.raises(ImportRefused) as refused:
        import_measurements(setup, csv(rows), "metingen.csv", "JOIN us", "monitor")
    found = [(p.row, p.field) for p in refused.value.problems]
    assert found == [(row, field) for row, field, _ in expected]
    for problem, (_, _, fragment) in zip(refused.value.problems, expected, strict=True):
        assert fragment in problem.message and problem.file == "metingen.csv"
    assert counts(setup) == before


@pytest.mark.parametrize("content, fragment", [
    (b"", "leeg"), (b"\x89PNG\r\n\x1a\n\x00\x00", "geen tabel"),
    ("indicator,organisatie,datum,waarde\nvolgorde,Coöperatie,2025-01-01,9\n".encode("cp1252"),
     "UTF-8"),
    (b"indicator,waarde\nvolgorde,9\n", "ontbreekt")])
def test_files_that_are_no_usable_table_are_refused(setup, content, fragment):
    before = counts(setup)
    with pytest.raises(ImportRefused, match=fragment):
        import_measurements(setup, content, "metingen.csv", "JOIN us", "monitor")
    assert counts(setup) == before


def test_the_template_lists_indicators_per_organisation(setup):
    template = measurement_template(setup, 1)
    assert list(template.columns[:5]) == ["indicator", "organisatie", "datum", "waarde",
                                          "toelichting"]
    assert set(template.loc[template["indicator"] == "volgorde", "organisatie"]) == {
        "Over Y College", "Montessori College Aerdenhout"}
    assert list(template.loc[template["indicator"] == "scholen", "organisatie"]) == [""]
