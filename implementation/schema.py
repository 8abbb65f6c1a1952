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
]
