-- Migration 1: core. Shipped: never edit, add the next file.
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
