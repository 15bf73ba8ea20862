-- The executive view's facts: one state per execution (its outcome and where the outcome came from,
-- cost, tokens, duration, whether it met its agent's SLA), written by the evaluator when it judges
-- the execution and again whenever the state changes (a person decides the outcome, late spans
-- arrive, the policy's SLA changes). A change is written as the old state with sign -1 and the new
-- state with sign +1, in one insert: the per-day sums below take both, so they stay exact without
-- recomputation. The current state of an execution is its rows grouped with sum(sign) > 0.
-- Money is in nano-dollars (Int64) so that adding and taking back a cost is exact.
CREATE TABLE IF NOT EXISTS execution_facts
(
    project_id      LowCardinality(String),
    trace_id        String,
    start_time      DateTime64(9, 'UTC'),
    agent_name      LowCardinality(String),
    outcome         LowCardinality(String),
    outcome_source  LowCardinality(String),
    outcome_reason  String,
    cost_nanos      Int64,
    input_tokens    Int64,
    output_tokens   Int64,
    duration_ms     Float64,
    sla_ms          Float64,
    sla_met         UInt8,
    -- Per model of the execution's LLM calls, in the same order in every array.
    models          Array(LowCardinality(String)),
    model_calls     Array(Int64),
    model_cost_nanos Array(Int64),
    model_input_tokens Array(Int64),
    model_output_tokens Array(Int64),
    model_unpriced  Array(Int64),
    version         DateTime64(3, 'UTC'),
    sign            Int8
)
ENGINE = CollapsingMergeTree(sign)
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, trace_id, version);

CREATE TABLE IF NOT EXISTS business_daily
(
    project_id     LowCardinality(String),
    day            Date,
    agent_name     LowCardinality(String),
    executions     Int64,
    resolved       Int64,
    escalated      Int64,
    abandoned      Int64,
    failed         Int64,
    unknown        Int64,
    cost_nanos     Int64,
    input_tokens   Int64,
    output_tokens  Int64,
    sla_met        Int64
)
ENGINE = SummingMergeTree
ORDER BY (project_id, day, agent_name);

CREATE MATERIALIZED VIEW IF NOT EXISTS business_daily_mv TO business_daily AS
SELECT
    project_id,
    toDate(start_time) AS day,
    agent_name,
    sum(sign) AS executions,
    sumIf(sign, outcome = 'resolved') AS resolved,
    sumIf(sign, outcome = 'escalated') AS escalated,
    sumIf(sign, outcome = 'abandoned') AS abandoned,
    sumIf(sign, outcome = 'failed') AS failed,
    sumIf(sign, outcome = 'unknown') AS unknown,
    sum(cost_nanos * sign) AS cost_nanos,
    sum(input_tokens * sign) AS input_tokens,
    sum(output_tokens * sign) AS output_tokens,
    sum(sla_met * sign) AS sla_met
FROM execution_facts
GROUP BY project_id, day, agent_name;

-- Cost by day, agent (the execution's) and model (the LLM call's).
CREATE TABLE IF NOT EXISTS cost_daily
(
    project_id     LowCardinality(String),
    day            Date,
    agent_name     LowCardinality(String),
    model          LowCardinality(String),
    calls          Int64,
    cost_nanos     Int64,
    input_tokens   Int64,
    output_tokens  Int64,
    unpriced       Int64
)
ENGINE = SummingMergeTree
ORDER BY (project_id, day, agent_name, model);

CREATE MATERIALIZED VIEW IF NOT EXISTS cost_daily_mv TO cost_daily AS
SELECT
    project_id,
    toDate(start_time) AS day,
    agent_name,
    model,
    sum(calls * sign) AS calls,
    sum(cost * sign) AS cost_nanos,
    sum(input * sign) AS input_tokens,
    sum(output * sign) AS output_tokens,
    sum(unpriced_calls * sign) AS unpriced
FROM execution_facts
ARRAY JOIN models AS model, model_calls AS calls, model_cost_nanos AS cost, model_input_tokens AS input, model_output_tokens AS output, model_unpriced AS unpriced_calls
GROUP BY project_id, day, agent_name, model;

-- A person's decision about an execution's outcome (POST /api/executions/{id}/outcome). Every
-- decision is kept; the latest one wins. The evaluator follows this table by `decided_at` and
-- rewrites the execution's facts.
CREATE TABLE IF NOT EXISTS outcome_decisions
(
    project_id  LowCardinality(String),
    trace_id    String,
    outcome     LowCardinality(String),
    note        String,
    decided_by  String,
    decided_at  DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(decided_at)
ORDER BY (project_id, decided_at, trace_id);

-- End-user feedback on an execution: thumbs (1 up, -1 down, 0 none) and/or a 1–5 score (0 none),
-- from the API (a product's backend) or reported in the agent's own spans. Counted on the day the
-- execution started, for its agent.
CREATE TABLE IF NOT EXISTS feedback
(
    project_id       LowCardinality(String),
    id               String,
    trace_id         String,
    execution_start  DateTime64(9, 'UTC'),
    agent_name       LowCardinality(String),
    source           LowCardinality(String),
    thumbs           Int8,
    score            UInt8,
    comment          String CODEC(ZSTD(3)),
    user_id          String,
    received_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(received_at)
PARTITION BY toYYYYMM(execution_start)
ORDER BY (project_id, trace_id, id);

CREATE TABLE IF NOT EXISTS feedback_daily
(
    project_id   LowCardinality(String),
    day          Date,
    agent_name   LowCardinality(String),
    feedback     Int64,
    positive     Int64,
    negative     Int64,
    score_sum    Int64,
    score_count  Int64
)
ENGINE = SummingMergeTree
ORDER BY (project_id, day, agent_name);

CREATE MATERIALIZED VIEW IF NOT EXISTS feedback_daily_mv TO feedback_daily AS
SELECT
    project_id,
    toDate(execution_start) AS day,
    agent_name,
    count() AS feedback,
    countIf(thumbs = 1 OR score >= 4) AS positive,
    countIf(thumbs = -1 OR (score BETWEEN 1 AND 2)) AS negative,
    sum(score) AS score_sum,
    countIf(score > 0) AS score_count
FROM feedback
GROUP BY project_id, day, agent_name;
