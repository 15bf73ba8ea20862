import { describe, expect, it } from 'vitest';
import { clusterStatement, orderMigrations, parseMigration, splitStatements } from './migrations.ts';

describe('migration files', () => {
  it('splits statements at line-ending semicolons and drops comment lines', () => {
    const text = "-- a comment; not a statement\nCREATE TABLE a (x String DEFAULT ';') ENGINE = MergeTree ORDER BY x;\n\nCREATE VIEW b AS SELECT 1;\n";
    expect(splitStatements(text)).toEqual([
      "CREATE TABLE a (x String DEFAULT ';') ENGINE = MergeTree ORDER BY x",
      'CREATE VIEW b AS SELECT 1',
    ]);
  });

  it('rejects badly named files and duplicate versions', () => {
    expect(() => parseMigration('spans.sql', '')).toThrow(/NNNN_snake_case/);
    const a = parseMigration('0001_a.sql', 'SELECT 1;');
    const b = parseMigration('0001_b.sql', 'SELECT 2;');
    expect(() => orderMigrations([a, b])).toThrow(/share version 1/);
  });

  it('emits the clustered variant: ON CLUSTER and replicated engines keeping their arguments', () => {
    expect(clusterStatement('CREATE TABLE IF NOT EXISTS spans (a String) ENGINE = MergeTree ORDER BY a', 'prod')).toBe(
      "CREATE TABLE IF NOT EXISTS spans ON CLUSTER 'prod' (a String) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}') ORDER BY a",
    );
    expect(clusterStatement('CREATE TABLE IF NOT EXISTS p (a String) ENGINE = ReplacingMergeTree(created_at) ORDER BY a', 'c')).toContain(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', created_at)",
    );
    expect(clusterStatement('DROP VIEW IF EXISTS executions_mv', 'c')).toBe("DROP VIEW IF EXISTS executions_mv ON CLUSTER 'c'");
    expect(clusterStatement('CREATE MATERIALIZED VIEW IF NOT EXISTS v TO t AS SELECT 1', 'c')).toBe(
      "CREATE MATERIALIZED VIEW IF NOT EXISTS v ON CLUSTER 'c' TO t AS SELECT 1",
    );
  });
});
