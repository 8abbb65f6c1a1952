-- Migration 2: improvement_actions. Shipped: never edit, add the next file.
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
