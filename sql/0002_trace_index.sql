-- trace id → project and time range, so opening a trace reads one small range of `spans`
-- (project_id + start hour) instead of scanning. Kept small: one aggregated row per trace.
CREATE TABLE IF NOT EXISTS trace_index
(
    trace_id   String,
    project_id LowCardinality(String),
    start_time SimpleAggregateFunction(min, DateTime64(9, 'UTC')),
    end_time   SimpleAggregateFunction(max, DateTime64(9, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (trace_id, project_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv TO trace_index AS
SELECT
    trace_id,
    project_id,
    min(start_time) AS start_time,
    max(end_time) AS end_time
FROM spans
GROUP BY trace_id, project_id;
