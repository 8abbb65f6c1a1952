"""The DuckDB schema, as an ordered list of migrations.

Opening a file applies every migration it has not seen yet, each in its own
transaction, and records it in ``schema_migrations``. Migrations are append-only:
never edit one that has shipped, add the next.

Design choices that are hard to undo:

- ``answers`` and ``measurements`` are append-only. The current answer to an item
  is the row with the highest ``id`` for that (assessment, item); a change adds a
  row with ``recorded_at`` and ``recorded_by``. Nothing updates or deletes them.
- ``assessment_scores`` is a derived table, one row per assessment x step x
  perspective, with the numerator (``credit``) and denominator (``applicable``) of
  readiness. It is rewritten for one assessment in the same transaction that
  changes its answers, so that dashboard queries aggregate a few thousand rows
  instead of millions of answers. It carries the assessment's subject and date so
  that those queries need no join. ``latest`` marks the rows of the newest final
  assessment of each subject (intervention or implementation) and checklist.
- ``checklist_items`` mirrors the YAML files (per checklist id and version), so
  that scoring can join answers to steps, perspectives and parents in SQL.
- Every assessment, score row, action and measurement names its *subject*:
  ``intervention_id`` and ``implementation_id`` (an intervention as a whole, or
  one organisation's implementation of it) and ``organisation_id``. For an
  implementation, ``organisation_id`` is the implementing organisation, copied
  when the row is written (an implementation never changes organisation), so
  that "this board's locations" needs no join. An organisation's own checklist
  (a board's obligations per location) has ``organisation_id`` and no
  intervention.
- ``audit_log`` is append-only and written in the transaction of the change it
  records, with the old and new values as JSON text.
- Values that follow the vocabulary (answers, statuses, kinds, units) are checked
  in the core, not by CHECK constraints, so that a checklist's own answer scale
  or a new term needs no table rebuild (migration 5 rebuilt the tables that had
  such constraints).
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("core", """
    CREATE SEQUENCE intervention_ids START 1;
    CREATE SEQUENCE organisation_ids START 1;
    CREATE SEQUENCE implementation_ids START 1;
    CREATE SEQUENCE assessment_ids START 1;
    CREATE SEQUENCE answer_ids START 1;

    CREATE TABLE interventions (
        id INTEGER PRIMARY KEY DEFAULT nextval('intervention_ids'),
        name VARCHAR NOT NULL UNIQUE,
        owner VARCHAR,
        aansturing VARCHAR CHECK (aansturing IN ('centraal', 'decentraal', 'vrije markt')),
        doel_verspreiding VARCHAR CHECK (doel_verspreiding IN
            ('maximale beschikbaarheid', 'maximale kwaliteit', 'minimale kosten')),
        dei_status VARCHAR,
        licence VARCHAR,
        description VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );

    CREATE TABLE organisations (
        id INTEGER PRIMARY KEY DEFAULT nextval('organisation_ids'),
        name VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL,
        parent_id INTEGER,
        place VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );

    CREATE TABLE implementations (
        id INTEGER PRIMARY KEY DEFAULT nextval('implementation_ids'),
        intervention_id INTEGER NOT NULL,
        organisation_id INTEGER NOT NULL,
        started_on DATE NOT NULL,
        ended_on DATE,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );

    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY DEFAULT nextval('assessment_ids'),
        checklist_id VARCHAR NOT NULL,
        checklist_version VARCHAR NOT NULL,
        intervention_id INTEGER NOT NULL,
        implementation_id INTEGER,
        assessed_on DATE NOT NULL,
        respondent VARCHAR NOT NULL,
        perspectives VARCHAR[],
        status VARCHAR NOT NULL CHECK (status IN ('draft', 'final')),
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        finalised_at TIMESTAMP
    );

    CREATE TABLE answers (
        id BIGINT NOT NULL DEFAULT nextval('answer_ids'),
        assessment_id INTEGER NOT NULL,
        item_id VARCHAR NOT NULL,
        answer VARCHAR CHECK (answer IN ('ja', 'nee', 'nvt')),
        note VARCHAR,
        evidence VARCHAR,
        recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        recorded_by VARCHAR NOT NULL
    );

    CREATE TABLE checklist_items (
        checklist_id VARCHAR NOT NULL,
        checklist_version VARCHAR NOT NULL,
        item_id VARCHAR NOT NULL,
        parent_id VARCHAR,
        step INTEGER NOT NULL,
        perspective VARCHAR,
        motivating BOOLEAN NOT NULL,
        depth INTEGER NOT NULL,
        position INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        PRIMARY KEY (checklist_id, checklist_version, item_id)
    );

    CREATE TABLE checklist_stages (
        checklist_id VARCHAR NOT NULL,
        checklist_version VARCHAR NOT NULL,
        step INTEGER NOT NULL,
        stage VARCHAR NOT NULL,
        PRIMARY KEY (checklist_id, checklist_version, step)
    );

    CREATE TABLE assessment_scores (
        assessment_id INTEGER NOT NULL,
        checklist_id VARCHAR NOT NULL,
        checklist_version VARCHAR NOT NULL,
        intervention_id INTEGER NOT NULL,
        implementation_id INTEGER,
        assessed_on DATE NOT NULL,
        final BOOLEAN NOT NULL,
        latest BOOLEAN NOT NULL DEFAULT false,
        step INTEGER NOT NULL,
        perspective VARCHAR,
        credit DOUBLE NOT NULL,
        applicable INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        items INTEGER NOT NULL,
        motivating_credit DOUBLE NOT NULL,
        motivating_applicable INTEGER NOT NULL
    );
    """),
    ("improvement_actions", """
    CREATE SEQUENCE action_ids START 1;
    CREATE SEQUENCE action_version_ids START 1;

    -- An improvement action turns a 'nee' into work: one row per action (its identity),
    -- and its content in append-only versions, so that every change keeps its history.
    CREATE TABLE improvement_actions (
        id INTEGER PRIMARY KEY DEFAULT nextval('action_ids'),
        intervention_id INTEGER NOT NULL,
        implementation_id INTEGER,
        checklist_id VARCHAR NOT NULL,
        item_id VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        created_by VARCHAR NOT NULL
    );

    CREATE TABLE action_versions (
        id BIGINT NOT NULL DEFAULT nextval('action_version_ids'),
        action_id INTEGER NOT NULL,
        description VARCHAR NOT NULL,
        responsible VARCHAR NOT NULL,
        due_on DATE,
        status VARCHAR NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
        recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        recorded_by VARCHAR NOT NULL
    );
    """),
    ("indicators", """
    CREATE SEQUENCE indicator_ids START 1;
    CREATE SEQUENCE measurement_ids START 1;

    -- A monitoring indicator of an intervention; ``code`` is its stable key in imports.
    -- target_low/target_high: a band, or one bound (see implementation.indicators).
    CREATE TABLE indicators (
        id INTEGER PRIMARY KEY DEFAULT nextval('indicator_ids'),
        intervention_id INTEGER NOT NULL,
        code VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        level VARCHAR NOT NULL CHECK (level IN ('macro', 'meso', 'micro')),
        kind VARCHAR NOT NULL CHECK (kind IN ('integrity', 'effect', 'reach', 'satisfaction',
                                              'context')),
        unit VARCHAR NOT NULL CHECK (unit IN ('count', 'percent', 'scale', 'days')),
        scale_min DOUBLE,
        scale_max DOUBLE,
        direction VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower')),
        target_low DOUBLE,
        target_high DOUBLE,
        frequency VARCHAR NOT NULL CHECK (frequency IN ('lesson', 'month', 'quarter',
                                                        'school_year', 'year')),
        instrument VARCHAR NOT NULL,
        item_ids VARCHAR[] NOT NULL,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        UNIQUE (intervention_id, code)
    );

    -- Append-only like answers: the current value of (indicator, implementation, period)
    -- is the row with the highest id; a replacement adds a row and keeps the old one.
    -- intervention_id is carried along so that one intervention's rows can be found
    -- without a join.
    CREATE TABLE measurements (
        id BIGINT NOT NULL DEFAULT nextval('measurement_ids'),
        indicator_id INTEGER NOT NULL,
        intervention_id INTEGER NOT NULL,
        implementation_id INTEGER,
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        value DOUBLE NOT NULL,
        note VARCHAR,
        recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        recorded_by VARCHAR NOT NULL
    );
    """),
    ("shared_definitions", """
    -- The current state of one assessment: the newest row per item. Every read of
    -- "the answer now" goes through this, so the rule lives in one place.
    CREATE MACRO current_answers(assessment) AS TABLE
        SELECT item_id, arg_max_null(answer, id) AS answer, arg_max_null(note, id) AS note,
               arg_max_null(evidence, id) AS evidence, max(recorded_at) AS recorded_at,
               arg_max(recorded_by, id) AS recorded_by
        FROM answers WHERE assessment_id = assessment GROUP BY item_id;

    -- Per subject (intervention as a whole or one implementation) and checklist: the
    -- newest final assessment; a later date wins, then the later entry.
    CREATE VIEW newest_final_assessments AS
        SELECT intervention_id, implementation_id, checklist_id,
               arg_max(id, (assessed_on, id)) AS assessment_id
        FROM assessments WHERE status = 'final'
        GROUP BY intervention_id, implementation_id, checklist_id;
    """),
    ("shared_instance", """
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
    """),
]
