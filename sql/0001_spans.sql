-- One row per span. GenAI facts are normalized at ingest (collector/semconv) into typed columns;
-- every other attribute is kept in `attributes`. Bulky text is ZSTD-compressed.
-- Retention: the migrator sets `TTL` from VIGIL_RETENTION_DAYS after the migrations run.
CREATE TABLE IF NOT EXISTS spans
(
    project_id          LowCardinality(String),
    trace_id            String,
    span_id             String,
    parent_span_id      String,
    name                String,
    kind                LowCardinality(String),
    span_type           LowCardinality(String),
    service_name        LowCardinality(String),
    agent_name          LowCardinality(String),
    operation           LowCardinality(String),
    provider            LowCardinality(String),
    model               LowCardinality(String),
    start_time          DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    end_time            DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
    duration_ns         UInt64,
    status_code         LowCardinality(String),
    status_message      String,
    input_tokens        UInt64,
    output_tokens       UInt64,
    cached_tokens       UInt64,
    reasoning_tokens    UInt64,
    cost_usd            Float64,
    cost_status         LowCardinality(String),
    session_id          String,
    user_id             String,
    outcome             LowCardinality(String),
    input_text          String CODEC(ZSTD(3)),
    output_text         String CODEC(ZSTD(3)),
    input_messages      String CODEC(ZSTD(3)),
    output_messages     String CODEC(ZSTD(3)),
    tool_name           LowCardinality(String),
    tool_call_id        String,
    documents           Array(String) CODEC(ZSTD(3)),
    attributes          Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    scope_name          LowCardinality(String),
    scope_version       LowCardinality(String),
    events              String CODEC(ZSTD(3)),
    links               String CODEC(ZSTD(3)),
    ingested_at         DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toDate(start_time)
ORDER BY (project_id, toStartOfHour(start_time), service_name, trace_id, span_id);
