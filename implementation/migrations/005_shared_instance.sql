-- Migration 5: shared_instance. Shipped: never edit, add the next file.
-- Answers: the value is checked against the checklist's scale in the core.
ALTER TABLE answers RENAME TO answers_v4;
CREATE TABLE answers (
    id BIGINT NOT NULL DEFAULT nextval('answer_ids'),
    assessment_id INTEGER NOT NULL,
    item_id VARCHAR NOT NULL,
    answer VARCHAR,
    note VARCHAR,
    evidence VARCHAR,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL
);
INSERT INTO answers SELECT * FROM answers_v4 ORDER BY id;
DROP TABLE answers_v4;

-- The subject of an assessment: intervention, implementation or organisation.
ALTER TABLE assessments ALTER COLUMN intervention_id DROP NOT NULL;
ALTER TABLE assessments ADD COLUMN organisation_id INTEGER;
ALTER TABLE assessments ADD COLUMN created_by VARCHAR;
ALTER TABLE assessments ADD COLUMN team BOOLEAN DEFAULT false;
UPDATE assessments SET organisation_id = (
    SELECT organisation_id FROM implementations m WHERE m.id = assessments.implementation_id)
WHERE implementation_id IS NOT NULL;

ALTER TABLE assessment_scores ALTER COLUMN intervention_id DROP NOT NULL;
ALTER TABLE assessment_scores ADD COLUMN organisation_id INTEGER;
ALTER TABLE assessment_scores ADD COLUMN nvt INTEGER DEFAULT 0;

-- Readiness per stage: items (not steps) serve stages, possibly more than one.
CREATE TABLE assessment_stage_scores (
    assessment_id INTEGER NOT NULL,
    checklist_id VARCHAR NOT NULL,
    checklist_version VARCHAR NOT NULL,
    intervention_id INTEGER,
    implementation_id INTEGER,
    organisation_id INTEGER,
    assessed_on DATE NOT NULL,
    final BOOLEAN NOT NULL,
    latest BOOLEAN NOT NULL DEFAULT false,
    stage VARCHAR NOT NULL,
    credit DOUBLE NOT NULL,
    applicable INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    nvt INTEGER NOT NULL,
    items INTEGER NOT NULL
);

-- The mirror of the checklist files: kinds, options, stage tags, scales.
ALTER TABLE checklist_items ADD COLUMN kind VARCHAR DEFAULT 'question';
ALTER TABLE checklist_items ADD COLUMN options VARCHAR[];
ALTER TABLE checklist_items ADD COLUMN replaces VARCHAR;
ALTER TABLE checklist_items ADD COLUMN multiple BOOLEAN DEFAULT false;
CREATE TABLE checklist_item_stages (
    checklist_id VARCHAR NOT NULL,
    checklist_version VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    PRIMARY KEY (checklist_id, checklist_version, item_id, stage)
);
CREATE TABLE checklist_scales (
    checklist_id VARCHAR NOT NULL,
    checklist_version VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    credit DOUBLE,
    position INTEGER NOT NULL,
    PRIMARY KEY (checklist_id, checklist_version, value)
);
-- Which file claimed a checklist id, and its settings per version.
CREATE TABLE checklist_versions (
    checklist_id VARCHAR NOT NULL,
    checklist_version VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    step_noun VARCHAR NOT NULL,
    steps VARCHAR NOT NULL,            -- JSON: step number -> title
    stage_reached_at DOUBLE,
    improvement_below DOUBLE NOT NULL DEFAULT 1,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (checklist_id, checklist_version)
);
-- checklist_stages (step -> stage) is kept for old files but no longer used.

-- Team assessments: each respondent's own answers, append-only; the
-- assessment's answers (table answers) are the consensus.
CREATE SEQUENCE respondent_answer_ids START 1;
CREATE TABLE assessment_respondents (
    assessment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,
    added_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    added_by VARCHAR NOT NULL,
    PRIMARY KEY (assessment_id, respondent)
);
CREATE TABLE respondent_answers (
    id BIGINT NOT NULL DEFAULT nextval('respondent_answer_ids'),
    assessment_id INTEGER NOT NULL,
    respondent VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    answer VARCHAR,
    note VARCHAR,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL
);

-- Actions: any subject; a status 'withdrawn' (vervallen) with a reason.
ALTER TABLE improvement_actions ALTER COLUMN intervention_id DROP NOT NULL;
ALTER TABLE improvement_actions ADD COLUMN organisation_id INTEGER;
UPDATE improvement_actions SET organisation_id = (
    SELECT organisation_id FROM implementations m
    WHERE m.id = improvement_actions.implementation_id)
WHERE implementation_id IS NOT NULL;
ALTER TABLE action_versions RENAME TO action_versions_v4;
CREATE TABLE action_versions (
    id BIGINT NOT NULL DEFAULT nextval('action_version_ids'),
    action_id INTEGER NOT NULL,
    description VARCHAR NOT NULL,
    responsible VARCHAR NOT NULL,
    due_on DATE,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL
);
INSERT INTO action_versions (id, action_id, description, responsible, due_on, status,
                             recorded_at, recorded_by)
    SELECT id, action_id, description, responsible, due_on, status, recorded_at,
           recorded_by FROM action_versions_v4 ORDER BY id;
DROP TABLE action_versions_v4;

-- Indicators of an intervention or of an organisation (a board, per location).
ALTER TABLE indicators RENAME TO indicators_v4;
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY DEFAULT nextval('indicator_ids'),
    intervention_id INTEGER,
    organisation_id INTEGER,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    scale_min DOUBLE,
    scale_max DOUBLE,
    direction VARCHAR NOT NULL,
    target_low DOUBLE,
    target_high DOUBLE,
    frequency VARCHAR NOT NULL,
    instrument VARCHAR NOT NULL,
    item_ids VARCHAR[] NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
INSERT INTO indicators (id, intervention_id, code, name, level, kind, unit, scale_min,
                        scale_max, direction, target_low, target_high, frequency,
                        instrument, item_ids, created_at)
    SELECT id, intervention_id, code, name, level, kind, unit, scale_min, scale_max,
           direction, target_low, target_high, frequency, instrument, item_ids,
           created_at FROM indicators_v4 ORDER BY id;
DROP TABLE indicators_v4;
ALTER TABLE measurements ALTER COLUMN intervention_id DROP NOT NULL;
ALTER TABLE measurements ADD COLUMN organisation_id INTEGER;
UPDATE measurements SET organisation_id = (
    SELECT organisation_id FROM implementations m WHERE m.id = measurements.implementation_id)
WHERE implementation_id IS NOT NULL;

-- Files that were imported, by checksum, so that a repeat can be recognised.
CREATE SEQUENCE import_ids START 1;
CREATE TABLE imports (
    id INTEGER PRIMARY KEY DEFAULT nextval('import_ids'),
    kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    checksum VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    assessment_id INTEGER,
    rows INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    imported_by VARCHAR NOT NULL
);

-- Accounts, grants and sessions.
CREATE SEQUENCE user_ids START 1;
CREATE SEQUENCE grant_ids START 1;
CREATE TABLE users (
    id INTEGER PRIMARY KEY DEFAULT nextval('user_ids'),
    login VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,
    email VARCHAR,
    password_hash VARCHAR,
    active BOOLEAN NOT NULL DEFAULT true,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE grants (
    id INTEGER PRIMARY KEY DEFAULT nextval('grant_ids'),
    user_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    intervention_id INTEGER,
    organisation_id INTEGER,
    granted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    granted_by VARCHAR NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by VARCHAR
);
CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    handover_hash VARCHAR,
    handover_until TIMESTAMP,
    ended_at TIMESTAMP
);
CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

-- The audit trail: one row per write of the product, in its transaction.
CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    id BIGINT NOT NULL DEFAULT nextval('audit_ids'),
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    login VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    target_table VARCHAR,
    target_id BIGINT,
    intervention_id INTEGER,
    organisation_id INTEGER,
    old_values VARCHAR,
    new_values VARCHAR,
    detail VARCHAR
);

-- The newest final assessment per subject and checklist (now with organisations).
CREATE OR REPLACE VIEW newest_final_assessments AS
    SELECT intervention_id, implementation_id, organisation_id, checklist_id,
           arg_max(id, (assessed_on, id)) AS assessment_id
    FROM assessments WHERE status = 'final'
    GROUP BY intervention_id, implementation_id, organisation_id, checklist_id;
