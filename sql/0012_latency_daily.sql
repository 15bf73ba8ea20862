-- Per-day latency of the agents' own spans, for the executive view: the per-minute rollups hold
-- every span type, and a month of them is too much to read for two quantiles. Fed from rollup_minute
-- (its inserts trigger this view), and filled once from what rollup_minute already holds.
CREATE TABLE IF NOT EXISTS latency_daily
(
    project_id   LowCardinality(String),
    day          Date,
    agent_name   LowCardinality(String),
    duration_ms  AggregateFunction(quantilesTDigest(0.5, 0.9, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
ORDER BY (project_id, day, agent_name);

CREATE MATERIALIZED VIEW IF NOT EXISTS latency_daily_mv TO latency_daily AS
SELECT project_id, toDate(minute) AS day, agent_name, quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(duration_ms) AS duration_ms
FROM rollup_minute
WHERE span_type = 'agent' AND agent_name != ''
GROUP BY project_id, day, agent_name;

INSERT INTO latency_daily
SELECT project_id, toDate(minute) AS day, agent_name, quantilesTDigestMergeState(0.5, 0.9, 0.95, 0.99)(duration_ms) AS duration_ms
FROM rollup_minute
WHERE span_type = 'agent' AND agent_name != ''
GROUP BY project_id, day, agent_name;
