-- Projects and their ingest/API keys. Only a SHA-256 of each key is stored; the key itself is
-- shown once, when it is created.
CREATE TABLE IF NOT EXISTS projects
(
    project_id LowCardinality(String),
    name       String,
    created_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY project_id;

CREATE TABLE IF NOT EXISTS api_keys
(
    key_sha256 FixedString(64),
    project_id LowCardinality(String),
    label      String,
    created_at DateTime64(3, 'UTC') DEFAULT now64(3),
    revoked    UInt8 DEFAULT 0,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY key_sha256;
