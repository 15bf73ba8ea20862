-- Named datasets of production executions that become regression test cases (`vigil dataset
-- export`). An execution added twice to a dataset is in it once.
CREATE TABLE IF NOT EXISTS dataset_items
(
    project_id  LowCardinality(String),
    dataset     String,
    trace_id    String,
    note        String,
    added_at    DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(added_at)
ORDER BY (project_id, dataset, trace_id);
