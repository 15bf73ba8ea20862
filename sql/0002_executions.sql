-- One row per trace (an execution of an agent). Spans of one trace may arrive in several inserts,
-- so the columns are aggregate states merged by the engine; always read with GROUP BY (see
-- core/executions/repository.ts). The root span (no parent) names the execution and carries an
-- explicit outcome, if any.
--
-- This is also the trace index: keyed by (project_id, trace_id), it gives a trace's time range
-- with a primary-key lookup, so opening a trace reads only the matching range of `spans`. (A
-- separate trace-index view cost ~5% of insert time for the same answer; every lookup knows the
-- project from its API key.)
CREATE TABLE IF NOT EXISTS executions
(
    project_id       LowCardinality(String),
    trace_id         String,
    start_time       SimpleAggregateFunction(min, DateTime64(9, 'UTC')),
    end_time         SimpleAggregateFunction(max, DateTime64(9, 'UTC')),
    root_name        SimpleAggregateFunction(max, String),
    service_name     SimpleAggregateFunction(max, String),
    agent_name       SimpleAggregateFunction(max, String),
    session_id       SimpleAggregateFunction(max, String),
    user_id          SimpleAggregateFunction(max, String),
    outcome          SimpleAggregateFunction(max, String),
    span_count       SimpleAggregateFunction(sum, UInt64),
    error_count      SimpleAggregateFunction(sum, UInt64),
    llm_calls        SimpleAggregateFunction(sum, UInt64),
    tool_calls       SimpleAggregateFunction(sum, UInt64),
    input_tokens     SimpleAggregateFunction(sum, UInt64),
    output_tokens    SimpleAggregateFunction(sum, UInt64),
    cost_usd         SimpleAggregateFunction(sum, Float64),
    unpriced_spans   SimpleAggregateFunction(sum, UInt64),
    has_root         SimpleAggregateFunction(max, UInt8)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, trace_id);

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
    max(parent_span_id = '') AS has_root
FROM spans
GROUP BY project_id, trace_id;
