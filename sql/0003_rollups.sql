-- Per-minute aggregates by project / service / agent / model / span type, for dashboards and drift
-- checks. Read with the -Merge combinators and GROUP BY.
CREATE TABLE IF NOT EXISTS rollup_minute
(
    project_id       LowCardinality(String),
    minute           DateTime('UTC'),
    service_name     LowCardinality(String),
    agent_name       LowCardinality(String),
    model            LowCardinality(String),
    span_type        LowCardinality(String),
    spans            SimpleAggregateFunction(sum, UInt64),
    errors           SimpleAggregateFunction(sum, UInt64),
    root_spans       SimpleAggregateFunction(sum, UInt64),
    input_tokens     SimpleAggregateFunction(sum, UInt64),
    output_tokens    SimpleAggregateFunction(sum, UInt64),
    cached_tokens    SimpleAggregateFunction(sum, UInt64),
    reasoning_tokens SimpleAggregateFunction(sum, UInt64),
    cost_usd         SimpleAggregateFunction(sum, Float64),
    unpriced_spans   SimpleAggregateFunction(sum, UInt64),
    duration_ms      AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64),
    outcomes         SimpleAggregateFunction(sumMap, Map(String, UInt64))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (project_id, minute, service_name, agent_name, model, span_type);

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
    countIf(cost_status = 'unpriced') AS unpriced_spans,
    quantilesTDigestState(0.5, 0.9, 0.95, 0.99)(duration_ns / 1e6) AS duration_ms,
    sumMapIf(map(toString(outcome), toUInt64(1)), parent_span_id = '' AND outcome != '') AS outcomes
FROM spans
GROUP BY project_id, minute, service_name, agent_name, model, span_type;
