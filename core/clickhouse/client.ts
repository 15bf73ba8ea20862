// The one ClickHouse client factory. Embedded chDB by default (a real ClickHouse engine in this
// process, data in `dataDir`); a ClickHouse server when configured. Same client API, same SQL.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import type { Config } from '../config.ts';
import { lowerMergePriority } from './background-priority.ts';
import { StagingFiles } from './staging.ts';

export interface Store {
  /** Queries and commands; the same API on both placements. */
  client: ClickHouseClient;
  /**
   * Inserts rows given as JSONEachRow lines. The hot path of ingest: on the embedded engine the
   * lines go to chDB's own multithreaded parser as one buffer, skipping the client's per-row
   * streaming and the SQL text round trip (measured ~25-40% faster for span rows).
   */
  insertJsonLines(table: string, lines: readonly string[]): Promise<void>;
  /**
   * Inserts JSONEachRow data given in parts, each a whole number of lines ending in "\n": callers
   * encode rows as they arrive and the parts are joined once, at insert time.
   */
  insertJson(table: string, parts: readonly Uint8Array[]): Promise<void>;
  /**
   * The embedded engine only: writes `parts` to a staging file and runs `read` with its path (for
   * `INSERT … SELECT … FROM file({path: String}, 'Native')`), removing the file afterwards. Binary
   * formats must never be sent inline to chdb (see staging.ts).
   */
  staged?: <T>(parts: readonly Uint8Array[], read: (path: string) => Promise<T>) => Promise<T>;
  /** 'embedded' (chDB in-process) or 'server'. */
  kind: 'embedded' | 'server';
  /** Where the data lives, for start-up messages (no credentials). */
  location: string;
  close(): Promise<void>;
}

/** Settings every query runs with, on both placements. */
const SETTINGS = {
  date_time_input_format: 'best_effort',
  // Keep the 64-bit integers we read as JSON strings: the repositories parse them explicitly.
  output_format_json_quote_64bit_integers: 1,
} as const;

/**
 * JSON input is split into chunks of this size for parallel parsing, and the engine refuses a
 * whole insert when one row is larger than ten chunks ("Size of JSON object ... is extremely large").
 */
const PARALLEL_PARSING_CHUNK_BYTES = 1 << 20;
/** The largest JSONEachRow row an insert accepts (10 MiB); the collector keeps rows below it. */
export const MAX_JSON_ROW_BYTES = 10 * PARALLEL_PARSING_CHUNK_BYTES;

/**
 * One insert batches many clients' requests, so nothing in one request may fail it for the others
 * (see test/poison.test.ts): spans spread over many days would exceed the engine's partitions-per-
 * insert limit (100), so the collector rejects spans outside the retention window and the engine
 * only warns beyond the limit. Batches of a few MB are parsed on all cores only if the parallel-parsing
 * chunk is smaller than the batch (the default is 10 MB); measured +35% on 4k-span inserts. The
 * JSON settings are inert for Native inserts, which take the same set for the partition limit.
 */
export const INSERT_SETTINGS = {
  ...SETTINGS,
  throw_on_max_partitions_per_insert_block: 0,
  // JSON may carry a lone UTF-16 surrogate ("\ud800"); stored as is rather than failing the batch.
  input_format_json_throw_on_bad_escape_sequence: 0,
  min_chunk_bytes_for_parallel_parsing: String(PARALLEL_PARSING_CHUNK_BYTES),
} as const satisfies ClickHouseSettings;

/**
 * JSONEachRow bytes through the client's `exec`, the way to send data already in a format: its
 * `insert` takes a byte stream only for raw formats (CSV, TSV…) and JSON-encodes each chunk of an
 * object stream again, which would turn the text into one JSON string.
 */
export async function insertJsonBytes(client: ClickHouseClient, table: string, parts: readonly Uint8Array[]): Promise<void> {
  if (parts.length === 0) return;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${JSON.stringify(table)}`);
  const result = await client.exec({
    query: `INSERT INTO ${table} FORMAT JSONEachRow`,
    values: Readable.from(parts, { objectMode: false }),
    clickhouse_settings: INSERT_SETTINGS,
  });
  result.stream.resume();
  await finished(result.stream);
}

export async function openStore(config: Pick<Config, 'dataDir' | 'clickhouse'>): Promise<Store> {
  if (config.clickhouse) {
    const { url, user, password, database } = config.clickhouse;
    const bootstrap = createClient({ url, username: user, password });
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    await bootstrap.close();
    const client = createClient({ url, username: user, password, database, clickhouse_settings: SETTINGS });
    const safeUrl = new URL(url);
    safeUrl.password = '';
    safeUrl.username = '';
    const insertJson = (table: string, parts: readonly Uint8Array[]) => insertJsonBytes(client, table, parts);
    const insertJsonLines = (table: string, lines: readonly string[]) => insertJson(table, lines.length === 0 ? [] : [Buffer.from(lines.join('\n'))]);
    return { client, kind: 'server', location: `${safeUrl.origin}/${database}`, insertJsonLines, insertJson, close: () => client.close() };
  }
  const dir = resolve(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const { createChdbConnection } = await import('chdb/connection');
  let connection;
  try {
    connection = createChdbConnection({ path: dir });
  } catch (error) {
    throw new Error(`cannot open the embedded ClickHouse data directory ${dir} (is another Vigil process using it?): ${(error as Error).message}`, { cause: error });
  }
  // The chdb connection implements @clickhouse/client-common's Connection; the option is typed
  // loosely upstream while the hook is experimental.
  const client = createClient({ connection, clickhouse_settings: SETTINGS } as Parameters<typeof createClient>[0]);
  const insertJson = async (table: string, parts: readonly Uint8Array[]) => {
    if (parts.length === 0) return;
    const values = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    await connection.chdb.rawInsert({ table, values, format: 'JSONEachRow', settings: INSERT_SETTINGS });
  };
  const insertJsonLines = (table: string, lines: readonly string[]) => insertJson(table, lines.length === 0 ? [] : [Buffer.from(lines.join('\n'))]);
  const files = new StagingFiles(dir);
  const stopNicing = lowerMergePriority();
  const close = async () => {
    stopNicing();
    await client.close();
    files.close();
  };
  return { client, kind: 'embedded', location: dir, insertJsonLines, insertJson, staged: (parts, read) => files.with(parts, read), close };
}
