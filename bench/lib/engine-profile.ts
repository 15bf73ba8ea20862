// Why a query takes what it takes, on the embedded engine. chDB keeps no system.query_log, so
// reads are measured from the process-wide counters in system.events (SelectedRows, …) taken
// around one run with nothing else querying, and the SQL a repository function sends is captured
// by a recording client so that each statement can be explained (EXPLAIN indexes = 1) and re-run.
import type { ClickHouseClient, QueryParams } from '@clickhouse/client';
import { queryRows } from '../../core/clickhouse/query.ts';

export interface RecordedQuery {
  query: string;
  params: Record<string, unknown>;
}

/** A client that passes everything through and remembers each query's SQL and parameters. */
export function recordingClient(client: ClickHouseClient): { client: ClickHouseClient; take(): RecordedQuery[] } {
  let recorded: RecordedQuery[] = [];
  const proxy = new Proxy(client, {
    get(target, property) {
      if (property === 'query') {
        return (params: QueryParams) => {
          recorded.push({ query: params.query, params: (params.query_params ?? {}) as Record<string, unknown> });
          return target.query(params);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    client: proxy,
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

const COUNTERS = ['SelectedParts', 'SelectedPartsTotal', 'SelectedMarks', 'SelectedMarksTotal', 'SelectedRows', 'SelectedBytes', 'ReadCompressedBytes'] as const;
export type Reads = Record<(typeof COUNTERS)[number], number>;

async function counters(client: ClickHouseClient): Promise<Reads> {
  const rows = await queryRows<{ event: string; value: string }>(client, 'SELECT event, value FROM system.events WHERE event IN {names: Array(String)}', { names: COUNTERS });
  const values = Object.fromEntries(rows.map((r) => [r.event, Number(r.value)]));
  return Object.fromEntries(COUNTERS.map((name) => [name, values[name] ?? 0])) as Reads;
}

const difference = (after: Reads, before: Reads, overhead?: Reads) =>
  Object.fromEntries(COUNTERS.map((name) => [name, after[name] - before[name] - (overhead?.[name] ?? 0)])) as Reads;

/** What `run` read from storage: the counter increase minus that of reading the counters themselves. */
export async function measureReads(client: ClickHouseClient, run: () => Promise<unknown>): Promise<Reads> {
  const a = await counters(client);
  const b = await counters(client);
  await run();
  const c = await counters(client);
  return difference(c, b, difference(b, a));
}

/**
 * Index use of one statement, one line per table read: parts and granules left after each index
 * (min-max, partition, primary key, skip indexes). Sets for IN subqueries are built, not shown.
 */
export async function explainIndexes(client: ClickHouseClient, recorded: RecordedQuery): Promise<string[]> {
  const rows = await queryRows<{ explain: string }>(client, `EXPLAIN indexes = 1 ${recorded.query}`, recorded.params);
  const lines: string[] = [];
  let current: string[] | undefined;
  let step = '';
  for (const raw of rows.map((r) => r.explain.trim())) {
    const table = /ReadFromMergeTree \((.+)\)/.exec(raw)?.[1];
    if (table) {
      current = [table];
      step = '';
      lines.push('');
    } else if (/^(Min-Max|Partition|PrimaryKey|Skip)$/.test(raw)) step = raw;
    else if (current && raw.startsWith('Name: ')) step = raw.slice(6);
    else if (current && raw.startsWith('Parts: ') && step) current.push(`${step} ${raw.slice(7)} parts`);
    else if (current && raw.startsWith('Granules: ') && step) current[current.length - 1] += ` ${raw.slice(10)} granules`;
    else if (current && raw.startsWith('Search Algorithm: ')) current[current.length - 1] += ` (${raw.slice(18)})`;
    if (current) lines[lines.length - 1] = `${current[0]}: ${current.slice(1).join(' → ')}`;
  }
  return lines;
}

export interface TableSize {
  table: string;
  rows: number;
  parts: number;
  bytesOnDisk: number;
  uncompressedBytes: number;
}

export async function tableSizes(client: ClickHouseClient, tables: readonly string[]): Promise<TableSize[]> {
  const rows = await queryRows<{ table: string; rows: string; parts: string; disk: string; raw: string }>(
    client,
    `SELECT table, sum(rows) AS rows, count() AS parts, sum(bytes_on_disk) AS disk, sum(data_uncompressed_bytes) AS raw
     FROM system.parts WHERE active AND database = currentDatabase() AND table IN {tables: Array(String)}
     GROUP BY table`,
    { tables },
  );
  return tables.map((table) => {
    const r = rows.find((row) => row.table === table);
    return { table, rows: Number(r?.rows ?? 0), parts: Number(r?.parts ?? 0), bytesOnDisk: Number(r?.disk ?? 0), uncompressedBytes: Number(r?.raw ?? 0) };
  });
}

/** The largest columns of a table on disk, to show where its size goes. */
export async function largestColumns(client: ClickHouseClient, table: string, limit: number): Promise<{ name: string; compressed: number; uncompressed: number }[]> {
  const rows = await queryRows<{ name: string; compressed: string; uncompressed: string }>(
    client,
    `SELECT name, data_compressed_bytes AS compressed, data_uncompressed_bytes AS uncompressed FROM system.columns
     WHERE database = currentDatabase() AND table = {table: String} ORDER BY data_compressed_bytes DESC LIMIT {limit: UInt32}`,
    { table, limit },
  );
  return rows.map((r) => ({ name: r.name, compressed: Number(r.compressed), uncompressed: Number(r.uncompressed) }));
}
