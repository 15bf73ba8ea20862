-- Every judgement about an execution, a span of it, or an agent as a whole, from any source:
-- online guardrails, the LLM judge, regression suites, human review, SDKs.
-- `time` is the execution's start (or, for windowed checks such as drift and SLO burn, the end of
-- the window judged); it orders the table for time-range listings. One judgement per
-- (project, trace, check, span, source, time): a re-evaluation replaces the row it supersedes
-- (ReplacingMergeTree on `evaluated_at`; readers use FINAL). Windowed checks judge an agent every
-- minute, so `time` ends the key: each minute's judgement is its own row.
-- Retention: the migrator sets the same TTL as on `spans`, on `time`.
CREATE TABLE IF NOT EXISTS evaluations
(
    project_id     LowCardinality(String),
    time           DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    trace_id       String,
    span_id        String,
    check          LowCardinality(String),
    source         LowCardinality(String),
    agent_name     LowCardinality(String),
    score          Float64,
    label          LowCardinality(String),
    passed         Bool,
    explanation    String CODEC(ZSTD(3)),
    details        String CODEC(ZSTD(3)),
    policy_hash    LowCardinality(String),
    trace_version  DateTime64(3, 'UTC'),
    evaluated_at   DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(evaluated_at)
PARTITION BY toYYYYMM(time)
ORDER BY (project_id, toStartOfHour(time), trace_id, check, span_id, source, time);

-- Where each evaluator (one per shard) has read the span stream up to, by ingest time.
CREATE TABLE IF NOT EXISTS evaluator_state
(
    evaluator   String,
    watermark   DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY evaluator;

-- The evaluator reads the span stream by ingest time; parts arrive in ingest order, so a min/max
-- index per granule skips everything older than its watermark.
ALTER TABLE spans ADD INDEX IF NOT EXISTS idx_ingested_at ingested_at TYPE minmax GRANULARITY 1;

-- Success SLOs need the root span's status: an execution failed when its root span says so.
ALTER TABLE trace_roots ADD COLUMN IF NOT EXISTS status_code LowCardinality(String) DEFAULT '';

DROP VIEW IF EXISTS trace_roots_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_roots_mv TO trace_roots AS
SELECT project_id, start_time, trace_id, duration_ns, agent_name, outcome, session_id, user_id, status_code
FROM spans
WHERE parent_span_id = '';
