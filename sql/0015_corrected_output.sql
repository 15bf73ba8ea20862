-- A person's corrected answer with their decision about an execution (POST /api/executions/{id}/outcome,
-- `correctedOutput`): what the agent should have said. Dataset exports carry it into test cases.
ALTER TABLE outcome_decisions ADD COLUMN IF NOT EXISTS corrected_output String DEFAULT '';
