-- An LLM call that reported no token counts is stored with cost_status 'usage_unknown'
-- (collector/semconv/normalize.ts): its cost is unknown, like that of a span of an unpriced model.
-- Executions and rollups count both in unpriced_spans, so their cost reads as a lower bound. Spans
-- stored before this migration keep the status they had ('none').
-- The views are recreated; migrations run before the collector accepts spans.
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
    countIf(cost_status IN ('unpriced', 'usage_unknown')) AS unpriced_spans,
    max(parent_span_id = '') AS has_root,
    groupUniqArrayIf(toString(model), model != '') AS models
FROM spans
GROUP BY project_id, trace_id;

DROP VIEW IF EXISTS rollup_minute_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_minute_mv TO rollup_minute AS
SELECT
    project_id,
    toStartOfMinute(start_time) AS minute,
    service_name,
    agent_name,
    model,
    span_type,
    count() AS spans,
    countIf(status_code = 'error') AS errors,
    countIf(parent_span_id = '') AS root_spans,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cached_tokens) AS cached_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(cost_usd) AS cost_usd,
    countIf(cost_status IN ('unpriced', 'usage_unknown')) AS unpriced_spans,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(duration_ns / 1e6) AS duration_ms,
    sumMapIf(map(toString(outcome), toUInt64(1)), parent_span_id = '' AND outcome != '') AS outcomes
FROM spans
GROUP BY project_id, minute, service_name, agent_name, model, span_type;
