// Insert files on the embedded engine: on tmpfs when it is usable and has room, otherwise on disk
// beside the data, and never left behind. Spans go through the real Native insert either way.
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
// A directory of our own on the machine's tmpfs (or a plain one where there is none), standing for /dev/shm.
const tmpfsRoot = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'vigil-test-tmpfs-'));
const scratch: string[] = [];
const logged: string[] = [];
let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir }, { tmpfsRoot, log: (line) => logged.push(line) });
  await migrate(store.client);
});
afterAll(async () => {
  await store?.close();
  for (const dir of [dataDir, tmpfsRoot, ...scratch]) rmSync(dir, { recursive: true, force: true });
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
  it('go to tmpfs when it has room, and are removed once inserted', async () => {
    const { rows, stored } = trace(20);
    const paths = await insertVia(store.staged!, rows);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.startsWith(tmpfsRoot)).toBe(true);
    expect(await stored()).toBe(20);
    expect(filesIn(tmpfsRoot)).toEqual([]);
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

  it('fall back to disk, still storing every span, when the tmpfs directory disappears while running', async () => {
    for (const entry of readdirSync(tmpfsRoot)) rmSync(join(tmpfsRoot, entry), { recursive: true, force: true });
    const { rows, stored } = trace(30);
    const paths = await insertVia(store.staged!, rows);
    expect(paths[0]!.startsWith(join(dataDir, 'vigil-staging'))).toBe(true);
    expect(await stored()).toBe(30);
    expect(filesIn(join(dataDir, 'vigil-staging'))).toEqual([]);
    expect(logged).toEqual([expect.stringMatching(/^vigil: storage: insert files go to .*vigil-staging \(disk\), not tmpfs: writing to .* failed \(ENOENT/)]);
  });

  it('fall back to disk when the tmpfs root is unusable from the start (absent, or a file)', async () => {
    const notADirectory = join(tmpfsRoot, 'a-file');
    writeFileSync(notADirectory, '');
    for (const root of ['/nonexistent-tmpfs-root', notADirectory]) {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-staging-alt-'));
      scratch.push(dir);
      const lines: string[] = [];
      const files = new StagingFiles(dir, { tmpfsRoot: root, log: (line) => lines.push(line) });
      expect(files.location).toBe(join(dir, 'vigil-staging'));
      const { rows, stored } = trace(12);
      const paths = await insertVia((parts, read) => files.with(parts, read), rows);
      expect(paths[0]!.startsWith(join(dir, 'vigil-staging'))).toBe(true);
      expect(await stored()).toBe(12);
      expect(lines).toEqual([expect.stringContaining(`${root} is not usable`)]);
      files.close();
      expect(existsSync(join(dir, 'vigil-staging'))).toBe(false);
    }
  });

  it('fall back to disk when tmpfs has less room than an insert needs (a container\'s 64 MB /dev/shm)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-staging-small-'));
    scratch.push(dir);
    const lines: string[] = [];
    // Asking for more headroom than any tmpfs has stands for a tmpfs too small for the batch.
    const files = new StagingFiles(dir, { tmpfsRoot, tmpfsHeadroomBytes: Number.MAX_SAFE_INTEGER, log: (line) => lines.push(line) });
    const { rows, stored } = trace(8);
    const paths = await insertVia((parts, read) => files.with(parts, read), rows);
    expect(paths[0]!.startsWith(join(dir, 'vigil-staging'))).toBe(true);
    expect(await stored()).toBe(8);
    expect(lines).toEqual([expect.stringMatching(/free, an insert needed .* \(a container needs a larger \/dev\/shm: shm_size\)$/)]);
    files.close();
  });

  it('left by a crashed process are removed when the store opens again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-staging-crash-'));
    scratch.push(dir);
    const first = new StagingFiles(dir, { tmpfsRoot });
    writeFileSync(join(first.location, 'insert-7.bin'), 'left over');
    const second = new StagingFiles(dir, { tmpfsRoot });
    expect(second.location).toBe(first.location);
    expect(readdirSync(second.location)).toEqual([]);
    second.close();
  });
});
