-- Migration 6: fast_reads. Shipped: never edit, add the next file.
-- Derived tables, rewritten with the score tables in the transaction that changes
-- answers, so that no dashboard read has to scan the history of every assessment:
--
-- assessment_totals: one row per assessment with the sums of its score rows (overall
--   readiness and the motivating items): a tenth of the rows of assessment_scores,
--   so that "one board's locations over time" needs no scan of every cell;
-- latest_scores, latest_stage_scores: the score rows of the newest final assessment of
--   each intervention as a whole only (its rows whose `latest` flag is set), so that
--   the latest readiness of every intervention reads a table whose size follows the
--   number of interventions, not the years of history.
CREATE TABLE assessment_totals (
    assessment_id INTEGER NOT NULL,
    checklist_id VARCHAR NOT NULL,
    checklist_version VARCHAR NOT NULL,
    intervention_id INTEGER,
    implementation_id INTEGER,
    organisation_id INTEGER,
    assessed_on DATE NOT NULL,
    final BOOLEAN NOT NULL,
    latest BOOLEAN NOT NULL DEFAULT false,
    credit DOUBLE NOT NULL,
    applicable INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    nvt INTEGER NOT NULL,
    items INTEGER NOT NULL,
    motivating_credit DOUBLE NOT NULL,
    motivating_applicable INTEGER NOT NULL
);
INSERT INTO assessment_totals
    SELECT * FROM (
        SELECT assessment_id, checklist_id, checklist_version, intervention_id,
               implementation_id, organisation_id, assessed_on, final, latest, sum(credit),
               sum(applicable), sum(answered), sum(nvt), sum(items), sum(motivating_credit),
               sum(motivating_applicable)
        FROM assessment_scores
        GROUP BY ALL)
    ORDER BY implementation_id IS NOT NULL, intervention_id, assessment_id;

CREATE TABLE latest_scores (
    assessment_id INTEGER NOT NULL,
    checklist_id VARCHAR NOT NULL,
    checklist_version VARCHAR NOT NULL,
    intervention_id INTEGER,
    implementation_id INTEGER,
    organisation_id INTEGER,
    assessed_on DATE NOT NULL,
    final BOOLEAN NOT NULL,
    latest BOOLEAN NOT NULL,
    step INTEGER NOT NULL,
    perspective VARCHAR,
    credit DOUBLE NOT NULL,
    applicable INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    nvt INTEGER NOT NULL,
    items INTEGER NOT NULL,
    motivating_credit DOUBLE NOT NULL,
    motivating_applicable INTEGER NOT NULL
);
INSERT INTO latest_scores BY NAME SELECT * FROM assessment_scores
    WHERE latest AND implementation_id IS NULL AND intervention_id IS NOT NULL;

CREATE TABLE latest_stage_scores (
    assessment_id INTEGER NOT NULL,
    checklist_id VARCHAR NOT NULL,
    checklist_version VARCHAR NOT NULL,
    intervention_id INTEGER,
    implementation_id INTEGER,
    organisation_id INTEGER,
    assessed_on DATE NOT NULL,
    final BOOLEAN NOT NULL,
    latest BOOLEAN NOT NULL,
    stage VARCHAR NOT NULL,
    credit DOUBLE NOT NULL,
    applicable INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    nvt INTEGER NOT NULL,
    items INTEGER NOT NULL
);
INSERT INTO latest_stage_scores BY NAME SELECT * FROM assessment_stage_scores
    WHERE latest AND implementation_id IS NULL AND intervention_id IS NOT NULL;
