// The migrator on the embedded engine: applies each migration once, refuses edited history, and
// keeps the spans TTL in step with the configured retention.
import { describe, expect, it } from 'vitest';
import { applyRetention, migrate, readMigrations } from '../core/clickhouse/migrator.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import { useTempStore } from './helpers/store.ts';

const temp = useTempStore('vigil-storage-');

async function spansTtl(table = 'spans'): Promise<string> {
  const [row] = await queryRows<{ engine_full: string }>(temp.store.client, 'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table: String}', { table });
  return /TTL (.*?) SETTINGS/.exec(row!.engine_full)?.[1] ?? '';
}

describe('inserts', () => {
  it('accept a batch spanning more days than the engine allows partitions per insert', async () => {
    await temp.store.client.command({ query: 'CREATE TABLE many_days (d DateTime, x UInt8) ENGINE = MergeTree PARTITION BY toDate(d) ORDER BY d' });
    const lines = Array.from({ length: 150 }, (_, i) => JSON.stringify({ d: 1_600_000_000 + i * 86_400, x: 1 }));
    await temp.store.insertJsonLines('many_days', lines);
    const [row] = await queryRows<{ n: string }>(temp.store.client, 'SELECT count() AS n FROM many_days');
    expect(Number(row!.n)).toBe(150);
  });
});

describe('migrator', () => {
  it('applies every migration once', async () => {
    const migrations = readMigrations();
    const first = await migrate(temp.store.client, migrations);
    expect(first.applied).toHaveLength(migrations.length);
    const again = await migrate(temp.store.client, migrations);
    expect(again).toEqual({ applied: [], alreadyApplied: migrations.length });
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const migrations = readMigrations();
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(temp.store.client, edited)).rejects.toThrow(/0001_spans\.sql changed after it was applied; migrations are append-only/);
  });

  it('sets, changes and removes the spans TTL from the retention setting', async () => {
    await applyRetention(temp.store.client, 7);
    expect(await spansTtl()).toContain('toIntervalDay(7)');
    expect(await spansTtl('trace_roots')).toContain('toIntervalDay(7)');
    await applyRetention(temp.store.client, 90);
    expect(await spansTtl()).toContain('toIntervalDay(90)');
    await applyRetention(temp.store.client, 0);
    expect(await spansTtl()).toBe('');
    expect(await spansTtl('trace_roots')).toBe('');
  });
});
