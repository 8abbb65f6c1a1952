-- Migration 4: shared_definitions. Shipped: never edit, add the next file.
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
