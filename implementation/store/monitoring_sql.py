"""The SQL of the monitoring part: the current value per period, the trend, attention.

A measurement's subject is an implementation (an intervention's indicator at meso
or micro level; ``organisation_id`` is the implementing organisation), a location
(an organisation's own indicator), or nothing (an intervention's macro indicator,
"the intervention as a whole").
"""

CURRENT_SQL = """
    current AS (
        SELECT m.indicator_id, any_value(m.intervention_id) AS intervention_id,
               m.implementation_id, m.organisation_id, m.period_start,
               max(m.period_end) AS period_end, arg_max(m.value, m.id) AS value,
               arg_max_null(m.note, m.id) AS note, count(*) AS versions,
               max(m.recorded_at) AS recorded_at
        FROM measurements m
        WHERE ($indicator IS NULL OR m.indicator_id = $indicator)
          AND ($intervention IS NULL OR m.intervention_id = $intervention)
        GROUP BY m.indicator_id, m.implementation_id, m.organisation_id, m.period_start)"""

JUDGED_SQL = CURRENT_SQL + """,
    judged AS (
        SELECT c.*, i.frequency, i.name AS indicator,
               c.implementation_id IS NOT NULL OR c.organisation_id IS NOT NULL AS per_organisation,
               (i.target_low IS NULL OR c.value >= i.target_low)
               AND (i.target_high IS NULL OR c.value <= i.target_high) AS met
        FROM current c JOIN indicators i ON i.id = c.indicator_id)"""

# One indicator ($indicator), if the user may see it ({indicator_visible}): only the
# columns the trend needs, the three quantiles in one pass.
TREND_SQL = """
    WITH current AS (
        SELECT m.indicator_id, m.implementation_id, m.organisation_id, m.period_start,
               max(m.period_end) AS period_end, arg_max(m.value, m.id) AS value
        FROM measurements m
        WHERE m.indicator_id = $indicator
        GROUP BY m.indicator_id, m.implementation_id, m.organisation_id, m.period_start),
    judged AS (
        SELECT c.*,
               c.implementation_id IS NOT NULL OR c.organisation_id IS NOT NULL AS per_organisation,
               (i.target_low IS NULL OR c.value >= i.target_low)
               AND (i.target_high IS NULL OR c.value <= i.target_high) AS met
        FROM current c JOIN indicators i ON i.id = c.indicator_id
        WHERE {indicator_visible}),
    grouped AS (
        SELECT indicator_id, period_start, max(period_end) AS period_end,
               quantile_cont(value, [0.25, 0.5, 0.75]) FILTER (WHERE per_organisation) AS q,
               min(value) FILTER (WHERE per_organisation) AS low,
               max(value) FILTER (WHERE per_organisation) AS high,
               count(*) FILTER (WHERE per_organisation) AS organisations,
               avg(met::INTEGER) FILTER (WHERE per_organisation) AS share_met,
               any_value(value) FILTER (WHERE NOT per_organisation) AS whole,
               bool_or(met) FILTER (WHERE NOT per_organisation) AS whole_met
        FROM judged
        WHERE $orgs IS NULL OR NOT per_organisation OR list_contains($orgs, organisation_id)
        GROUP BY indicator_id, period_start)
    SELECT indicator_id, period_start, period_end, q[2] AS median, q[1] AS p25, q[3] AS p75,
           low, high, organisations, share_met, whole, whole_met
    FROM grouped
    ORDER BY indicator_id, period_start"""

# {indicator_visible} and {measurement_visible} are the store's fixed scope fragments.
ATTENTION_SQL = """
    WITH chosen AS MATERIALIZED (
        SELECT i.* FROM indicators i
        WHERE {indicator_visible}
          AND (($interventions IS NULL AND $orgs IS NULL)
               OR list_contains($interventions, i.intervention_id)
               OR list_contains($orgs, i.organisation_id)
               OR ($orgs IS NOT NULL AND i.intervention_id IS NOT NULL AND EXISTS (
                   SELECT 1 FROM implementations x WHERE x.intervention_id = i.intervention_id
                   AND list_contains($orgs, x.organisation_id))))),
    current AS (
        SELECT m.indicator_id, m.implementation_id, m.organisation_id, m.period_start,
               max(m.period_end) AS period_end, arg_max(m.value, m.id) AS value
        FROM measurements m WHERE m.indicator_id IN (SELECT id FROM chosen)
          -- the final filter on $orgs, early: a board's interventions are measured at
          -- fifty other schools too, whose rows would be judged only to be dropped
          AND ($orgs IS NULL OR m.organisation_id IS NULL
               OR list_contains($orgs, m.organisation_id))
        GROUP BY m.indicator_id, m.implementation_id, m.organisation_id, m.period_start),
    subjects AS MATERIALIZED (
        -- per indicator and subject: its last period, and its two latest periods
        SELECT c.indicator_id, c.implementation_id, c.organisation_id,
               any_value(i.frequency) AS frequency,
               max(c.period_start) AS last_start, max(c.period_end) AS last_end,
               arg_max(c.value, c.period_start) AS value,
               max(c.period_start, 2) AS starts,
               max_by(c.period_end, c.period_start, 2) AS ends,
               max_by((i.target_low IS NULL OR c.value >= i.target_low)
                      AND (i.target_high IS NULL OR c.value <= i.target_high),
                      c.period_start, 2) AS met,
               -- the key of the subject as `expected` names it (ids are positive)
               coalesce(c.implementation_id, -1) AS implementation_key,
               CASE WHEN c.implementation_id IS NULL THEN coalesce(c.organisation_id, -1)
                    ELSE -1 END AS organisation_key
        FROM current c JOIN chosen i ON i.id = c.indicator_id
        GROUP BY c.indicator_id, c.implementation_id, c.organisation_id),
    below AS (
        -- two periods in a row: the second starts the day after the first ends
        -- (lessons have no calendar rhythm: any two latest lessons)
        SELECT indicator_id, implementation_id, organisation_id, last_start AS period_start,
               value
        FROM subjects
        WHERE len(met) = 2 AND NOT list_bool_or(met)
          AND (frequency = 'lesson' OR date_diff('day', list_min(ends), list_max(starts)) = 1)),
    expected AS (
        SELECT i.id AS indicator_id, im.id AS implementation_id,
               im.organisation_id, im.started_on AS since, i.frequency
        FROM chosen i JOIN implementations im
             ON im.intervention_id = i.intervention_id AND im.ended_on IS NULL
        WHERE i.intervention_id IS NOT NULL AND i.level <> 'macro'
        UNION ALL
        SELECT i.id, NULL, NULL, i.created_at::DATE, i.frequency FROM chosen i
        WHERE i.intervention_id IS NOT NULL AND i.level = 'macro'
        UNION ALL
        SELECT i.id, NULL, o.id, i.created_at::DATE, i.frequency
        FROM chosen i JOIN organisations o ON o.parent_id = i.organisation_id
        UNION ALL
        SELECT i.id, NULL, i.organisation_id, i.created_at::DATE, i.frequency
        FROM chosen i
        WHERE i.organisation_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM organisations c WHERE c.parent_id = i.organisation_id)
            AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = i.organisation_id)),
    missing AS (
        SELECT e.indicator_id, e.implementation_id, e.organisation_id, l.last_start,
               coalesce(l.last_end, e.since) + to_days(
                   $days[list_position($frequencies, e.frequency)]) AS due
        FROM expected e LEFT JOIN subjects l ON l.indicator_id = e.indicator_id
             AND l.implementation_key = coalesce(e.implementation_id, -1)
             AND l.organisation_key = CASE WHEN e.implementation_id IS NULL
                                           THEN coalesce(e.organisation_id, -1) ELSE -1 END
        WHERE $orgs IS NULL OR e.organisation_id IS NULL
              OR list_contains($orgs, e.organisation_id)),
    found AS (
        SELECT 'streefwaarde niet gehaald' AS reason, indicator_id, implementation_id,
               organisation_id, period_start AS since, value, NULL::DATE AS due FROM below
        UNION ALL
        SELECT 'meting ontbreekt', indicator_id, implementation_id, organisation_id,
               last_start, NULL, due::DATE FROM missing WHERE due < $today)
    SELECT f.reason, f.indicator_id, i.name AS indicator, i.intervention_id,
           v.name AS intervention, i.organisation_id AS indicator_organisation_id,
           i.level, i.unit, i.target_low, i.target_high, i.frequency, f.implementation_id,
           f.organisation_id, o.name AS organisation, o.parent_id AS board_id, f.since,
           f.value, f.due, date_diff('day', f.due, $today) AS days_overdue
    FROM found f JOIN chosen i ON i.id = f.indicator_id
    LEFT JOIN interventions v ON v.id = i.intervention_id
    LEFT JOIN organisations o ON o.id = f.organisation_id
    WHERE ($orgs IS NULL OR f.organisation_id IS NULL OR list_contains($orgs, f.organisation_id))
      AND ($orgs IS NULL OR f.organisation_id IS NOT NULL
           OR list_contains($interventions, i.intervention_id))
      AND (CASE WHEN f.implementation_id IS NOT NULL
                THEN ($scope_all OR list_contains($scope_implementations, f.implementation_id))
                WHEN f.organisation_id IS NOT NULL
                THEN ($scope_all OR list_contains($scope_organisations, f.organisation_id))
                ELSE ($scope_all OR list_contains($scope_interventions, i.intervention_id)) END)
    ORDER BY f.reason DESC, f.due NULLS FIRST, f.since, v.name, i.name, o.name"""

# Per indicator and subject at $orgs: the value of the latest period and whether it meets
# the target (a board's page). {measurement_visible} is the store's fixed scope fragment.
LATEST_VALUES_SQL = """
            WITH current AS (
                SELECT m.indicator_id, m.implementation_id, m.organisation_id,
                       any_value(m.intervention_id) AS intervention_id, m.period_start,
                       arg_max(m.value, m.id) AS value
                FROM measurements m
                WHERE m.organisation_id IN (SELECT unnest($orgs::INTEGER[]))
                  AND {measurement_visible}
                GROUP BY m.indicator_id, m.implementation_id, m.organisation_id,
                         m.period_start),
            latest AS (
                SELECT * FROM current
                QUALIFY row_number() OVER (PARTITION BY indicator_id, implementation_id,
                                           organisation_id ORDER BY period_start DESC) = 1)
            SELECT l.indicator_id, i.code, i.name AS indicator, i.intervention_id,
                   i.organisation_id AS indicator_organisation_id, i.unit, i.direction,
                   i.target_low, i.target_high, i.frequency, l.implementation_id,
                   l.organisation_id, o.name AS organisation, l.period_start, l.value,
                   (i.target_low IS NULL OR l.value >= i.target_low)
                   AND (i.target_high IS NULL OR l.value <= i.target_high) AS met
            FROM latest l JOIN indicators i ON i.id = l.indicator_id
            LEFT JOIN organisations o ON o.id = l.organisation_id
            ORDER BY o.name, i.intervention_id NULLS LAST, i.code"""
