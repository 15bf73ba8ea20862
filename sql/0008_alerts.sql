-- Alerts: the lifecycle of every alert (a rule and one label set, identified by its fingerprint),
-- the notifications it sent, each delivery attempt, and silences.
--
-- `alert_events` is the log: one row per transition (pending, firing, renotify, resolved, inactive)
-- and, while an alert is pending or firing, one `observe` row per evaluation with its current value.
-- A row that notified carries the notification (its id is the idempotency key) and the channels it
-- goes to: the event log is also the outbox, so a notification exists exactly when its event does.
-- The alert's state is the latest row per fingerprint (`alerts_current`, written by the same insert
-- through the view), so a restart neither repeats a notification nor forgets a resolve.
-- Project '' holds instance-wide alerts (the judge, the evaluator's lag).
CREATE TABLE IF NOT EXISTS alert_events
(
    project_id     LowCardinality(String),
    id             String,
    fingerprint    String,
    rule           String,
    metric         LowCardinality(String),
    severity       LowCardinality(String),
    labels         Map(String, String),
    kind           LowCardinality(String),
    status         LowCardinality(String),
    at             DateTime64(3, 'UTC'),
    since          DateTime64(3, 'UTC'),
    firing_since   DateTime64(3, 'UTC'),
    last_notified  DateTime64(3, 'UTC'),
    value          Float64,
    threshold      Float64,
    op             LowCardinality(String),
    samples        UInt64,
    summary        String,
    trace_ids      Array(String),
    channels       Array(String),
    notification   String CODEC(ZSTD(3)),
    policy_hash    LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (project_id, at, fingerprint)
TTL toDateTime(at) + INTERVAL 7 DAY DELETE WHERE kind = 'observe';

-- One partition: the latest row of an alert must replace older ones whatever month they are from.
CREATE TABLE IF NOT EXISTS alerts_current AS alert_events
ENGINE = ReplacingMergeTree(at)
PARTITION BY tuple()
ORDER BY (project_id, fingerprint);

CREATE MATERIALIZED VIEW IF NOT EXISTS alerts_current_mv TO alerts_current AS
SELECT * FROM alert_events;

-- One row per delivery attempt of a notification to a channel. `state`: delivered, retrying (another
-- attempt at next_attempt_at) or failed (no attempt left). A notification whose latest attempt on a
-- channel is not final is resumed at start.
CREATE TABLE IF NOT EXISTS alert_deliveries
(
    project_id       LowCardinality(String),
    notification_id  String,
    fingerprint      String,
    channel          String,
    format           LowCardinality(String),
    kind             LowCardinality(String),
    attempt          UInt16,
    at               DateTime64(3, 'UTC'),
    state            LowCardinality(String),
    http_status      Int32,
    latency_ms       Float64,
    error            String,
    next_attempt_at  DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (project_id, at, notification_id);

-- A silence holds an alert's notifications back until `until`; lifting it writes until = 0.
CREATE TABLE IF NOT EXISTS alert_silences
(
    project_id   LowCardinality(String),
    fingerprint  String,
    until        DateTime64(3, 'UTC'),
    comment      String,
    created_at   DateTime64(3, 'UTC'),
    updated_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (project_id, fingerprint);
