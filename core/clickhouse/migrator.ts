// Applies the migrations in sql/ once each, in order, recording them in `vigil_migrations`.
// Migrations are append-only: a recorded migration whose file changed is an error, not a re-run.
import { readdirSync, readFileSync } from 'node:fs';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from './query.ts';
import { clusterStatement, orderMigrations, parseMigration, type Migration } from './migrations.ts';

const SQL_DIR = new URL('../../sql/', import.meta.url);

export function readMigrations(dir: URL = SQL_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  return orderMigrations(files.map((f) => parseMigration(f, readFileSync(new URL(f, dir), 'utf8'))));
}

const TRACKING_TABLE = `CREATE TABLE IF NOT EXISTS vigil_migrations
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY version`;

/** The full DDL for a cluster, for `vigil migrate --print --cluster NAME`. */
export function printMigrations(cluster?: string, migrations = readMigrations()): string {
  const statements = [TRACKING_TABLE, ...migrations.flatMap((m) => m.statements)];
  return statements.map((s) => (cluster ? clusterStatement(s, cluster) : s) + ';\n').join('\n');
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(client: ClickHouseClient, migrations = readMigrations()): Promise<MigrationReport> {
  await client.command({ query: TRACKING_TABLE });
  const recordedRows = await queryRows<{ version: number; name: string; checksum: string }>(client, 'SELECT version, name, checksum FROM vigil_migrations ORDER BY version');
  const recorded = new Map(recordedRows.map((r) => [Number(r.version), r]));
  const applied: string[] = [];
  for (const migration of migrations) {
    const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`;
    const previous = recorded.get(migration.version);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new Error(`sql/${label}.sql changed after it was applied; migrations are append-only: add a new file instead`);
      }
      continue;
    }
    for (const statement of migration.statements) await client.command({ query: statement });
    await client.insert({
      table: 'vigil_migrations',
      values: [{ version: migration.version, name: migration.name, checksum: migration.checksum }],
      format: 'JSONEachRow',
    });
    applied.push(label);
  }
  return { applied, alreadyApplied: migrations.length - applied.length };
}

/** Tables whose rows expire with the configured retention, and the time column each expires by. */
const RETAINED_TABLES = { spans: 'start_time', trace_roots: 'start_time', evaluations: 'time' } as const;

/**
 * Sets the TTL of the span tables from the configured retention (0 = keep forever). Existing parts
 * are not rewritten at once (materialize_ttl_after_modify = 0); the engine drops expired parts as
 * it merges.
 */
export async function applyRetention(client: ClickHouseClient, days: number): Promise<void> {
  if (!Number.isSafeInteger(days) || days < 0) throw new Error(`retention must be a whole number of days, got ${days}`);
  for (const [name, column] of Object.entries(RETAINED_TABLES)) {
    const [table] = await queryRows<{ engine_full: string }>(client, 'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {name: String}', { name });
    if (!table) continue;
    const current = /TTL .*?toIntervalDay\((\d+)\)/.exec(table.engine_full)?.[1];
    if (days === 0) {
      if (current !== undefined) await client.command({ query: `ALTER TABLE ${name} REMOVE TTL` });
      continue;
    }
    if (current === String(days)) continue;
    // DDL takes no bound parameters; `name` and `column` are ours and `days` a validated integer.
    await client.command({
      query: `ALTER TABLE ${name} MODIFY TTL toDateTime(${column}) + toIntervalDay(${days})`,
      clickhouse_settings: { materialize_ttl_after_modify: 0 },
    });
  }
}
