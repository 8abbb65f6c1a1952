"""The benchmark's indicators and measurements (see :mod:`implementation.bench_data`),
generated set-wise in SQL:

- per intervention ten indicators: seven quarterly at every implementation (0-6), one
  intervention-wide (macro) quarterly (7), one monthly micro indicator (8) and one per
  lesson (9); per board one indicator of its own, per school year at its locations;
- 8% of the periods missing, the last two periods missing at 5% of the subjects, 2% of
  the values replaced later; appended in period order, as quarterly imports add them.
"""
from __future__ import annotations

from datetime import date

FIRST_QUARTER = date(2021, 1, 1)
QUARTERS = 20


def build(con) -> None:
    # k 0-6: quarterly at every implementation; 7: intervention-wide; 8: monthly micro;
    # 9: per lesson; one own indicator per board, per school year at its locations.
    con.execute("""
        INSERT INTO indicators (id, intervention_id, organisation_id, code, name, level, kind,
                                unit, scale_min, scale_max, direction, target_low,
                                target_high, frequency, instrument, item_ids, created_at)
        SELECT row_number() OVER (ORDER BY owner_kind, owner, k), * EXCLUDE (owner_kind, owner, k)
        FROM (
            SELECT 0 AS owner_kind, v.id AS owner, k.k, v.id, NULL::INTEGER,
                   'indicator-' || k.k, 'Indicator ' || k.k,
                   CASE WHEN k.k = 7 THEN 'macro' WHEN k.k >= 8 THEN 'micro' ELSE 'meso' END,
                   ['integrity', 'effect', 'reach', 'satisfaction'][1 + k.k % 4],
                   CASE WHEN k.k = 6 THEN 'scale' ELSE 'percent' END,
                   CASE WHEN k.k = 6 THEN 1 END, CASE WHEN k.k = 6 THEN 100 END,
                   CASE WHEN k.k % 4 = 3 THEN 'lower' ELSE 'higher' END,
                   CASE WHEN k.k % 4 = 3 THEN NULL WHEN k.k = 5 THEN 60 ELSE 75 END,
                   CASE WHEN k.k % 4 = 3 THEN 35 WHEN k.k = 5 THEN 90 END,
                   CASE WHEN k.k = 8 THEN 'month' WHEN k.k = 9 THEN 'lesson'
                        ELSE 'quarter' END,
                   'Registratie (benchmark)', []::VARCHAR[], TIMESTAMP '2020-09-01'
            FROM interventions v, range(0, 10) k(k)
            UNION ALL
            SELECT 1, o.id, 0, NULL, o.id, 'veilig', 'Veilig op school', 'meso', 'safety',
                   'percent', NULL, NULL, 'higher', 85, NULL, 'school_year', 'Enquête',
                   []::VARCHAR[], TIMESTAMP '2020-09-01'
            FROM organisations o WHERE o.kind = 'schoolbestuur')""")
    con.execute("""
        CREATE TEMP TABLE bench_periods AS
        SELECT 'quarter' AS frequency, $first + to_months(3 * q) AS period_start,
               $first + to_months(3 * q + 3) - INTERVAL 1 DAY AS period_end, q AS n,
               $quarters AS total FROM range(0, $quarters) t(q)
        UNION ALL
        SELECT 'month', $first + to_months(m), $first + to_months(m + 1) - INTERVAL 1 DAY, m,
               3 * $quarters FROM range(0, 3 * $quarters) t(m)
        UNION ALL
        SELECT 'lesson', DATE '2025-01-20' + to_days(14 * w), DATE '2025-01-20' + to_days(14 * w),
               w, 26 FROM range(0, 26) t(w)
        UNION ALL
        SELECT 'school_year', make_date(2020 + y, 8, 1), make_date(2021 + y, 7, 31), y, 5
        FROM range(0, 5) t(y)""", {"first": FIRST_QUARTER, "quarters": QUARTERS})
    con.execute("""
        CREATE TEMP TABLE bench_cells AS
        WITH subjects AS (
            SELECT i.id AS indicator_id, i.intervention_id, m.id AS implementation_id,
                   m.organisation_id, i.frequency, i.target_low, i.target_high, i.unit
            FROM indicators i JOIN implementations m ON m.intervention_id = i.intervention_id
            WHERE i.level <> 'macro'
            UNION ALL
            SELECT id, intervention_id, NULL, NULL, frequency, target_low, target_high, unit
            FROM indicators WHERE level = 'macro'
            UNION ALL
            SELECT i.id, NULL, NULL, o.id, i.frequency, i.target_low, i.target_high, i.unit
            FROM indicators i JOIN organisations o ON o.parent_id = i.organisation_id)
        SELECT s.*, p.period_start::DATE AS period_start, p.period_end::DATE AS period_end,
               p.n, p.total, hash(s.indicator_id, s.implementation_id, s.organisation_id) AS h
        FROM subjects s JOIN bench_periods p ON p.frequency = s.frequency""")
    con.execute("""
        INSERT INTO measurements (id, indicator_id, intervention_id, implementation_id,
                                  organisation_id, period_start, period_end, value, note,
                                  recorded_at, recorded_by)
        WITH kept AS (
            SELECT *, (hash(h, n) % 1000) / 1000.0 AS r FROM bench_cells
            WHERE hash(h, n, 'gap') % 100 >= 8
              AND NOT (h % 20 = 0 AND n >= total - 2)),
        valued AS (
            SELECT *, CASE WHEN target_high IS NOT NULL AND target_low IS NULL
                           THEN greatest(0, 55 - 1.5 * n - 30 * r)
                           ELSE least(100,
                                      greatest(1, 45 + 1.8 * n * 20 / total + 45 * r)) END
                        AS base FROM kept),
        rows AS (
            SELECT indicator_id, intervention_id, implementation_id, organisation_id,
                   period_start, period_end, round(base, 1) AS value,
                   CASE WHEN r > 0.97 THEN 'Meting door de nieuwe coördinator' END AS note,
                   period_end::TIMESTAMP + INTERVAL 10 DAY AS recorded_at, 0 AS version
            FROM valued
            UNION ALL
            SELECT indicator_id, intervention_id, implementation_id, organisation_id,
                   period_start, period_end, round(least(100, base + 5), 1),
                   'Gecorrigeerd na controle', period_end::TIMESTAMP + INTERVAL 40 DAY, 1
            FROM valued WHERE hash(h, n, 'fix') % 100 < 2)
        SELECT row_number() OVER (ORDER BY recorded_at, intervention_id, indicator_id,
                                  implementation_id, organisation_id),
               indicator_id, intervention_id, implementation_id, organisation_id,
               period_start, period_end, value, note, recorded_at, 'benchmark'
        FROM rows ORDER BY recorded_at, intervention_id, indicator_id, implementation_id,
                           organisation_id""")
    for table in ("bench_cells", "bench_periods"):
        con.execute(f"DROP TABLE {table}")
