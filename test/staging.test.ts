// One-off insert files on the embedded engine (core/clickhouse/staging.ts): beside the data, never
// left behind. Spans go through the real Native insert.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedWindow, prepareRows } from '../collector/ingest.ts';
import { decodeTraceRequestJson } from '../collector/otlp/decode-json.ts';
import { normalizeSpan } from '../collector/semconv/normalize.ts';
import { openStore, type Store } from '../core/clickhouse/client.ts';
import { migrate } from '../core/clickhouse/migrator.ts';
import { StagingFiles } from '../core/clickhouse/staging.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import { createPricing } from '../core/pricing/index.ts';
import { nativeSpans } from '../core/spans/insert.ts';
import { newTraceId, otlpJson } from './helpers/otlp-json.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-staging-'));
const scratch: string[] = [];
let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir });
  await migrate(store.client);
});
afterAll(async () => {
  await store?.close();
  for (const dir of [dataDir, ...scratch]) rmSync(dir, { recursive: true, force: true });
});

const pricing = createPricing();
/** A trace of `count` spans as the collector would insert it, and a way to count what was stored of it. */
function trace(count: number) {
  const traceId = newTraceId();
  const body = otlpJson(Array.from({ length: count }, (_, i) => ({ traceId, name: `s${i}`, attributes: { text: `line\n\n${i}\0` } })));
  const rows = prepareRows('default', decodeTraceRequestJson(body), (s) => normalizeSpan(s, pricing), acceptedWindow(Date.now(), 30)).rows;
  const stored = async () => {
    const [row] = await queryRows<{ n: string }>(store.client, "SELECT count() AS n FROM spans WHERE trace_id = {traceId: String} AND attributes['text'] LIKE 'line\n\n%'", { traceId });
    return Number(row!.n);
  };
  return { rows, stored };
}

/** Inserts through `staged`, recording the path of each insert file. */
async function insertVia(staged: NonNullable<Store['staged']>, rows: Parameters<typeof nativeSpans.encode>[0]): Promise<string[]> {
  const paths: string[] = [];
  const spy: Store['staged'] = (parts, read) => staged(parts, (path) => (paths.push(path), read(path)));
  await nativeSpans.insert({ client: store.client, insertJson: store.insertJson, staged: spy }, [nativeSpans.encode(rows.slice(0, 5)), nativeSpans.encode(rows.slice(5))]);
  return paths;
}

const filesIn = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

describe('insert files', () => {
  it('go to a private folder beside the data, and are removed once inserted', async () => {
    const { rows, stored } = trace(20);
    const paths = await insertVia(store.staged!, rows);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.startsWith(join(dataDir, 'vigil-staging'))).toBe(true);
    expect(await stored()).toBe(20);
    expect(filesIn(join(dataDir, 'vigil-staging'))).toEqual([]);
  });

  it('are removed when the insert fails, and the failure reaches the caller', async () => {
    let seen = '';
    await expect(store.staged!([Buffer.from('not a native block')], async (path) => {
      seen = path;
      await store.client.command({ query: "SELECT * FROM file({path: String}, 'Native')", query_params: { path } });
    })).rejects.toThrow();
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
  });

  it('left by a crashed process are removed when the store opens again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-staging-crash-'));
    scratch.push(dir);
    const first = new StagingFiles(dir);
    writeFileSync(join(first.location, 'insert-7.bin'), 'left over');
    const second = new StagingFiles(dir);
    expect(second.location).toBe(first.location);
    expect(readdirSync(second.location)).toEqual([]);
    second.close();
    expect(existsSync(join(dir, 'vigil-staging'))).toBe(false);
  });
});
