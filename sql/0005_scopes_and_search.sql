-- Key scopes (ingest: send traces; read: query API and UI; admin: both, and manage the project's
-- keys). Keys made before scopes existed could send and read, so they become `admin`. The instance
-- admin token is a key of the pseudo-project '*'.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS scope LowCardinality(String) DEFAULT 'admin' AFTER project_id;

-- Instance-wide settings (the session-cookie signing secret).
CREATE TABLE IF NOT EXISTS instance_settings
(
    name       String,
    value      String,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;

-- The models an execution used, so the trace list can show and filter them without reading spans.
ALTER TABLE executions ADD COLUMN IF NOT EXISTS models SimpleAggregateFunction(groupUniqArrayArray, Array(String));

-- The view is recreated with the new column; migrations run before the collector accepts spans.
DROP VIEW IF EXISTS executions_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS executions_mv TO executions AS
SELECT
    project_id,
    trace_id,
    min(start_time) AS start_time,
    max(end_time) AS end_time,
    max(if(parent_span_id = '', name, '')) AS root_name,
    max(toString(service_name)) AS service_name,
    max(toString(agent_name)) AS agent_name,
    max(session_id) AS session_id,
    max(user_id) AS user_id,
    max(if(parent_span_id = '', toString(outcome), '')) AS outcome,
    count() AS span_count,
    countIf(status_code = 'error') AS error_count,
    countIf(span_type = 'llm') AS llm_calls,
    countIf(span_type = 'tool') AS tool_calls,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cost_usd) AS cost_usd,
    countIf(cost_status = 'unpriced') AS unpriced_spans,
    max(parent_span_id = '') AS has_root,
    groupUniqArrayIf(toString(model), model != '') AS models
FROM spans
GROUP BY project_id, trace_id;
