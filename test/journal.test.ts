// The embedded engine's ingest journal (collector/journal.ts) on the real engine: what it keeps
// across a killed process, a crash in the middle of an insert, a file the engine cannot read, and
// inserts that fall behind.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferFullError } from '../collector/batcher.ts';
import { acceptedWindow, prepareRows } from '../collector/ingest.ts';
import { SpanJournal, type JournalOptions } from '../collector/journal.ts';
import { decodeTraceRequestJson } from '../collector/otlp/decode-json.ts';
import { normalizeSpan } from '../collector/semconv/normalize.ts';
import { openStore, type Store } from '../core/clickhouse/client.ts';
import { migrate } from '../core/clickhouse/migrator.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import { createPricing } from '../core/pricing/index.ts';
import { insertMissingNativeFiles, insertNativeFiles, nativeSpans } from '../core/spans/insert.ts';
import { newTraceId, otlpJson } from './helpers/otlp-json.ts';
import { startVigilProcess } from './helpers/process.ts';
import { TEST_KEY } from './helpers/vigil.ts';

const scratch: string[] = [];
const newDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const pricing = createPricing();

/** One request's worth of spans of a new trace, as the collector would journal them. */
function request(spans: number): { traceId: string; block: Uint8Array; rows: number } {
  const traceId = newTraceId();
  const body = otlpJson(Array.from({ length: spans }, (_, i) => ({ traceId, name: `s${i}`, attributes: { text: `line\n\n${i}` } })));
  const rows = prepareRows('default', decodeTraceRequestJson(body), (s) => normalizeSpan(s, pricing), acceptedWindow(Date.now(), 30)).rows;
  return { traceId, block: nativeSpans.encode(rows), rows: rows.length };
}

async function stored(store: Store, traceIds: readonly string[]): Promise<{ spans: number; distinct: number }> {
  const [row] = await queryRows<{ spans: string; distinct: string }>(
    store.client,
    'SELECT count() AS spans, uniqExact(trace_id, span_id) AS distinct FROM spans WHERE has({ids: Array(String)}, trace_id)',
    { ids: traceIds },
  );
  return { spans: Number(row!.spans), distinct: Number(row!.distinct) };
}

describe('a journal on the real engine', () => {
  const dataDir = newDir('vigil-journal-');
  let store: Store;
  const logged: string[] = [];
  beforeAll(async () => {
    store = await openStore({ dataDir });
    await migrate(store.client);
  });
  afterAll(async () => {
    await store?.close();
  });

  const options = (dir: string, more: Partial<JournalOptions> = {}): JournalOptions => ({
    dir,
    insert: (glob) => insertNativeFiles(store, glob),
    insertMissing: (glob, sinceMs) => insertMissingNativeFiles(store, glob, sinceMs),
    maxPending: 10_000,
    maxBatch: 5_000,
    intervalMs: 60_000,
    attempts: 2,
    retryMs: 10,
    log: (line) => logged.push(line),
    ...more,
  });

  /** A batch directory as a crashed process leaves it: whole files, and a write cut short. */
  function leftBatch(dir: string, files: Uint8Array[]): string {
    const batch = join(dir, `batch-${Date.now()}-0`);
    mkdirSync(batch, { recursive: true });
    files.forEach((bytes, i) => writeFileSync(join(batch, `${String(i).padStart(6, '0')}.bin`), bytes));
    writeFileSync(join(batch, `${String(files.length).padStart(6, '0')}.tmp`), 'a write the crash cut short');
    return batch;
  }

  it('answers once a request is journaled and inserts at most once per interval, or on flush', async () => {
    const dir = newDir('journal-');
    const { journal } = await SpanJournal.open(options(dir));
    // The first request after a quiet spell is inserted at once.
    const first = request(20);
    await journal.append(first.block, first.rows);
    await journal.flush();
    expect(await stored(store, [first.traceId])).toEqual({ spans: 20, distinct: 20 });
    // The next one waits for the interval (a minute here), or a flush.
    const second = request(30);
    await journal.append(second.block, second.rows);
    expect(journal.pendingRows).toBe(30);
    expect(await stored(store, [second.traceId])).toEqual({ spans: 0, distinct: 0 });
    await journal.flush();
    expect(journal.pendingRows).toBe(0);
    expect(await stored(store, [second.traceId])).toEqual({ spans: 30, distinct: 30 });
    await journal.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('completes a batch whose insert a crash cut short, without storing any span twice', async () => {
    const dir = newDir('journal-');
    const parts = [request(30), request(40), request(50)];
    const batch = leftBatch(dir, parts.map((p) => p.block));
    // The crashed insert had stored the first file.
    await insertNativeFiles(store, join(batch, '000000.bin'));
    const { journal, recovered } = await SpanJournal.open(options(dir));
    expect(recovered).toEqual({ batches: 1, files: 3, setAside: 0 });
    expect(await stored(store, parts.map((p) => p.traceId))).toEqual({ spans: 120, distinct: 120 });
    expect(existsSync(batch)).toBe(false);
    await journal.close();
  });

  it('sets aside a file the engine cannot read, stores the rest, and goes on journaling', async () => {
    const dir = newDir('journal-');
    const good = [request(10), request(12)];
    leftBatch(dir, [good[0]!.block, Buffer.from('not a Native block at all'), good[1]!.block]);
    logged.length = 0;
    const { journal, recovered } = await SpanJournal.open(options(dir));
    expect(recovered.setAside).toBe(1);
    expect(await stored(store, good.map((p) => p.traceId))).toEqual({ spans: 22, distinct: 22 });
    expect(readdirSync(join(dir, 'set-aside'))).toHaveLength(1);
    expect(logged.at(-1)).toMatch(/ERROR acknowledged spans could not be stored and were set aside in .*set-aside.*000001\.bin: .*inserted by hand once the cause is fixed/);
    const later = request(5);
    await journal.append(later.block, later.rows);
    await journal.flush();
    expect(await stored(store, [later.traceId])).toEqual({ spans: 5, distinct: 5 });
    await journal.close();
  });

  it('retries a failed insert with only the rows it did not store', async () => {
    const dir = newDir('journal-');
    let failing = false;
    let calls = 0;
    const { journal } = await SpanJournal.open(
      options(dir, {
        // When failing, the engine stores the batch's first file, then the insert fails.
        insert: async (glob) => {
          if (!failing) return insertNativeFiles(store, glob);
          calls++;
          await insertNativeFiles(store, glob.replace('*.bin', '000000.bin'));
          throw new Error('Code: 241. DB::Exception: Memory limit exceeded');
        },
      }),
    );
    // An insert now, so that the next two requests wait for the interval in one batch of two files.
    await journal.append(request(1).block, 1);
    await journal.flush();
    failing = true;
    const parts = [request(7), request(9)];
    await journal.append(parts[0]!.block, parts[0]!.rows);
    await journal.append(parts[1]!.block, parts[1]!.rows);
    await journal.flush();
    expect(calls).toBe(1);
    expect(await stored(store, parts.map((p) => p.traceId))).toEqual({ spans: 16, distinct: 16 });
    expect(logged.some((line) => /inserting batch-\d+-\d+ \(2 files\) failed, attempt 1 of 2: Code: 241/.test(line))).toBe(true);
    await journal.close();
  });

  it('tells senders to retry later once inserts fall behind by more than the bound', async () => {
    const dir = newDir('journal-');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { journal } = await SpanJournal.open(
      options(dir, {
        maxPending: 100,
        maxBatch: 40,
        insert: async (glob) => {
          await held;
          await insertNativeFiles(store, glob);
        },
      }),
    );
    const accepted = [request(40), request(40)];
    for (const part of accepted) await journal.append(part.block, part.rows);
    const refused = request(40);
    await expect(journal.append(refused.block, refused.rows)).rejects.toThrow(BufferFullError);
    release();
    await journal.flush();
    expect(journal.pendingRows).toBe(0);
    const late = request(40);
    await journal.append(late.block, late.rows);
    await journal.close();
    expect(await stored(store, [...accepted, late].map((p) => p.traceId))).toEqual({ spans: 120, distinct: 120 });
    expect(await stored(store, [refused.traceId])).toEqual({ spans: 0, distinct: 0 });
  });
});

describe('a Vigil killed with acknowledged spans not yet inserted', () => {
  it('stores every one of them, once, at its next start', async () => {
    const dataDir = newDir('vigil-killed-');
    // The journal outside the data directory, as on a tmpfs (VIGIL_JOURNAL_DIR).
    const journalRoot = newDir('vigil-journal-root-');
    // Inserts wait a minute: everything acknowledged below is only in the journal when the process dies.
    const env = { VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: TEST_KEY, VIGIL_INSERT_INTERVAL_MS: '60000', VIGIL_JOURNAL_DIR: journalRoot };
    const first = startVigilProcess(env);
    await first.waitFor(/vigil: ready/);
    const url = first.output().match(/OTLP\/HTTP\s+(http:\S+)/)![1]!;
    const traceIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const traceId = newTraceId();
      traceIds.push(traceId);
      const body = otlpJson(Array.from({ length: 100 }, (_, k) => ({ traceId, name: `span ${k}` })));
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}` } });
      expect(response.status).toBe(200);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const [journal] = readdirSync(journalRoot);
    expect(journal).toMatch(/^vigil-journal-[0-9a-f]{16}$/);
    expect(readdirSync(join(journalRoot, journal!)).some((name) => name.startsWith('batch-'))).toBe(true);

    const second = startVigilProcess(env);
    await second.waitFor(/vigil: ready/);
    expect(second.output()).toMatch(/vigil: journal: stored \d+ files of spans acknowledged before the last stop/);
    // The recovery ran before the ports opened. How the process then ends is not this test's
    // subject (the engine occasionally crashes in its own teardown, a known chDB issue).
    second.child.kill('SIGTERM');
    await second.exited;

    const store = await openStore({ dataDir });
    try {
      expect(await stored(store, traceIds)).toEqual({ spans: 500, distinct: 500 });
    } finally {
      await store.close();
    }
  }, 120_000);
});
