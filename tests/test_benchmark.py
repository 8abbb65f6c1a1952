"""The benchmark command prints the figures the README reports, in one JSON object."""
import json
import subprocess
import sys

from implementation.checklists import DEFAULT_DIRECTORY

QUERIES = {"readiness_matrix_one_intervention", "latest_readiness_all_interventions",
           "board_locations_over_time", "indicator_trend_one_intervention",
           "attention_one_intervention", "save_assessment_150_answers",
           "save_and_finalise_assessment"}


def test_small_benchmark_prints_counts_timings_ratios_and_memory():
    result = subprocess.run([sys.executable, "-m", "implementation", "benchmark", "--scale",
                             "small"], cwd=DEFAULT_DIRECTORY.parent, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["scale"] == "small"
    assert figures["rows"]["interventions"] == 30
    assert figures["rows"]["implementations"] == 1500
    assert figures["rows"]["answers"] > 2_000_000
    assert figures["rows"]["measurements"] == 1500 * 10 * 20
    assert set(figures["queries"]) == QUERIES
    for name, entry in figures["queries"].items():
        assert entry["median_ms"] > 0, name
        if not name.startswith("save"):
            assert entry["ratio"] == round(entry["baseline_median_ms"] / entry["median_ms"], 1)
    assert figures["peak_memory_mb"]["store"] > 0 and figures["peak_memory_mb"]["baseline"] > 0
    assert figures["same_results"] is True  # the SQL and the pandas baseline agree
