// Writing span rows, in two encodings with one shape: `encode` turns one request's rows into bytes
// as the request is accepted, `insert` stores many such parts in one insert. The embedded engine
// reads Native blocks from files (parsing ~8x cheaper than JSON, measured): the collector's journal
// files through `insertNativeFiles`, one-off parts through a staging file. A ClickHouse server gets
// JSONEachRow over HTTP.
import type { ClickHouseSettings } from '@clickhouse/client';
import { INSERT_SETTINGS, type Store } from '../clickhouse/client.ts';
import { encodeSpanBlock, SPAN_COLUMN_NAMES } from './native.ts';
import type { SpanRow } from './row.ts';

export type SpanStore = Pick<Store, 'client' | 'insertJson' | 'staged'>;

export interface SpanEncoding {
  readonly format: 'Native' | 'JSONEachRow';
  /** The rows' bytes: at the start of `into` when given and large enough (Native only), in a new buffer otherwise. */
  encode(rows: readonly SpanRow[], into?: Uint8Array): Uint8Array;
  insert(store: SpanStore, parts: readonly Uint8Array[]): Promise<void>;
}

/** One line per row, each ending in "\n": one string and one UTF-8 copy per request. */
export const jsonSpans: SpanEncoding = {
  format: 'JSONEachRow',
  encode(rows) {
    let text = '';
    for (const row of rows) text += `${JSON.stringify(row)}\n`;
    return Buffer.from(text);
  },
  insert: (store, parts) => store.insertJson('spans', parts),
};

/**
 * The columns are named on both sides: a Native block carries its column names, but
 * `INSERT … SELECT` matches by position. `ingested_at` takes its default.
 */
const INSERT_FROM_NATIVE_FILE = `INSERT INTO spans (${SPAN_COLUMN_NAMES.join(', ')})
SELECT ${SPAN_COLUMN_NAMES.join(', ')} FROM file({path: String}, 'Native')`;

/**
 * One engine thread per insert: the collector's JavaScript shares the machine, and an insert that
 * takes every core for half a second stalls the acknowledgements queued behind it.
 */
const FILE_INSERT_SETTINGS = { ...INSERT_SETTINGS, max_threads: 1, max_insert_threads: '1' } as const satisfies ClickHouseSettings;

/** Inserts every row of the Native files matching `glob` (a path, or one with `*`). */
export async function insertNativeFiles(store: Pick<Store, 'client'>, glob: string): Promise<void> {
  await store.client.command({ query: INSERT_FROM_NATIVE_FILE, query_params: { path: glob }, clickhouse_settings: FILE_INSERT_SETTINGS });
}

/**
 * Inserts the rows of the Native files matching `glob` whose span is not stored yet among the spans
 * ingested since `sinceMs`: for files whose earlier insert failed part way or was cut by a crash.
 */
export async function insertMissingNativeFiles(store: Pick<Store, 'client'>, glob: string, sinceMs: number): Promise<void> {
  await store.client.command({
    query: `${INSERT_FROM_NATIVE_FILE}
WHERE (project_id, trace_id, span_id) NOT IN (
  SELECT project_id, trace_id, span_id FROM spans WHERE ingested_at >= fromUnixTimestamp64Milli({since: Int64}))`,
    query_params: { path: glob, since: sinceMs },
    clickhouse_settings: FILE_INSERT_SETTINGS,
  });
}

/** Native blocks, one per request, written one after another into one staging file per insert. */
export const nativeSpans: SpanEncoding = {
  format: 'Native',
  encode: encodeSpanBlock,
  async insert(store, parts) {
    if (parts.length === 0) return;
    if (!store.staged) throw new Error('Native span inserts need the embedded engine (a staging file it can read)');
    await store.staged(parts, (path) => insertNativeFiles(store, path));
  },
};
