-- Regression suite runs (`vigil suite run`, uploaded through the API) and their case results. A
-- run sent again under the same id replaces the earlier copy.
CREATE TABLE IF NOT EXISTS suite_runs
(
    project_id      LowCardinality(String),
    id              String,
    suite           String,
    agent           String,
    agent_version   String,
    git_commit      String,
    started_at      DateTime64(3, 'UTC'),
    duration_ms     Float64,
    cases           UInt32,
    passed          UInt32,
    pass_rate       Float64,
    cost_usd        Float64,
    latency_p50_ms  Float64,
    uploaded_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(uploaded_at)
ORDER BY (project_id, suite, started_at, id);

CREATE TABLE IF NOT EXISTS suite_cases
(
    project_id   LowCardinality(String),
    run_id       String,
    case_id      String,
    description  String,
    pass         Bool,
    score        Float64,
    assertions   String CODEC(ZSTD(3)),
    latency_ms   Float64,
    cost_usd     Float64,
    output       String CODEC(ZSTD(3)),
    trace_id     String,
    error        String,
    vars         String CODEC(ZSTD(3)),
    uploaded_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(uploaded_at)
ORDER BY (project_id, run_id, case_id);
