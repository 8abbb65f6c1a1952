-- Migration 3: indicators. Shipped: never edit, add the next file.
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
