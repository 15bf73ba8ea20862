// The ingest workers (collector/ingest-pool.ts): the same bytes as the inline path, requests handed
// over without detaching shared memory, bodies and rows through the lanes where they fit (and by
// transfer where not), every lane given back, and a worker that dies fails only what it held.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANE_BYTES, LANE_COUNT } from '../collector/ingest-lanes.ts';
import { IngestPool, IngestWorkError, transferable, type IngestRequest } from '../collector/ingest-pool.ts';
import type { IngestResult, IngestSettings } from '../collector/ingest-work.ts';
import { recordAgentTrace } from './helpers/agent-trace.ts';

const SETTINGS: IngestSettings = { format: 'native', retentionDays: 30, priceOverrides: [] };
const pools: IngestPool[] = [];
const poolOf = (workers: number, settings = SETTINGS, workerUrl?: URL) => {
  const pool = new IngestPool(settings, workers, workerUrl);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  vi.restoreAllMocks();
});

async function jobs(): Promise<IngestRequest[]> {
  const spans = await recordAgentTrace({ outcome: 'resolved' });
  const receivedAtMs = Date.now();
  return [
    { projectId: 'p', body: [ProtobufTraceSerializer.serializeRequest(spans)!], encoding: 'protobuf', receivedAtMs },
    { projectId: 'p', body: [JsonTraceSerializer.serializeRequest(spans)!], encoding: 'json', receivedAtMs },
  ];
}

/** A fresh copy of a request's body (a body is handed over to the pool). */
const fresh = (request: IngestRequest): IngestRequest => ({ ...request, body: request.body.map((chunk) => chunk.slice()) });

/** The result with its rows copied out of any lane, which is valid only while `use` runs; and where they were. */
function run(pool: IngestPool, request: IngestRequest): Promise<{ result: IngestResult; inLane: boolean }> {
  return pool.run(fresh(request), (result) => {
    const inLane = result.kind === 'rows' && result.encoded.buffer instanceof SharedArrayBuffer;
    return { result: result.kind === 'rows' ? { ...result, encoded: Buffer.from(result.encoded) } : result, inLane };
  });
}

describe('ingest workers', () => {
  it('encode the same rows as the main thread, in both row formats', async () => {
    for (const format of ['native', 'json'] as const) {
      const settings = { ...SETTINGS, format };
      for (const job of await jobs()) {
        const { result: inline } = await run(poolOf(0, settings), job);
        const { result: threaded, inLane } = await run(poolOf(2, settings), job);
        expect(threaded).toEqual(inline);
        expect(inline.kind === 'rows' && inline.rows).toBeGreaterThan(1);
        // JSON lines for a server wait in the batcher until inserted, so they leave the lanes.
        expect(inLane).toBe(format === 'native');
      }
    }
  });

  it('answer a body that is not an export request as unreadable, with the decoder message', async () => {
    const { result } = await run(poolOf(1), { projectId: 'p', body: [Buffer.from('{"resourceSpans": 7}')], encoding: 'json', receivedAtMs: Date.now() });
    expect(result).toEqual({ kind: 'unreadable', message: expect.stringMatching(/resourceSpans/) });
  });

  it('hand over a copy of a buffer that shares its memory, leaving the original readable', () => {
    const shared = Buffer.from('small buffers share one pooled allocation');
    expect(shared.byteLength).toBeLessThan(shared.buffer.byteLength);
    const copy = transferable(shared);
    expect(copy.buffer).not.toBe(shared.buffer);
    structuredClone(copy, { transfer: [copy.buffer as ArrayBuffer] });
    expect(shared.toString()).toBe('small buffers share one pooled allocation');
    const whole = new Uint8Array(64);
    expect(transferable(whole)).toBe(whole);
  });

  it('fail only the requests a dying worker held, as retryable, and replace the worker', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pool = poolOf(1, SETTINGS, new URL('./fixtures/crashing-ingest-worker.ts', import.meta.url));
    const [job] = await jobs();
    const crash = run(pool, { ...job!, projectId: 'crash' });
    await expect(crash).rejects.toThrow(IngestWorkError);
    await expect(crash).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/retry/) });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/ingest worker stopped.*exited with code 3.*starting a new worker/s);
    expect(pool.freeLanes).toBe(LANE_COUNT);
    const after = await run(pool, job!);
    expect(after.result.kind).toBe('rows');
  });

  it('run the work inline once workers keep stopping before they answer, instead of starting threads in a loop', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pool = poolOf(1, SETTINGS, new URL('./fixtures/failing-ingest-worker.ts', import.meta.url));
    await vi.waitFor(() => expect(pool.workers).toBe(0), { timeout: 10_000 });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/3 in a row stopped before answering \(last: exited with code 4\); requests are now processed on the main thread/);
    const [job] = await jobs();
    expect((await run(pool, job!)).result.kind).toBe('rows');
  });

  it('report an internal error as not retryable and log it on the server', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pool = poolOf(1, SETTINGS, new URL('./fixtures/crashing-ingest-worker.ts', import.meta.url));
    const [job] = await jobs();
    await expect(run(pool, { ...job!, projectId: 'bug' })).rejects.toMatchObject({ name: 'IngestWorkError', retryable: false });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/a bug in normalization/);
  });

  it('pass bodies in chunks and rows through the lanes where they fit, by transfer otherwise, and give every lane back', async () => {
    const [job, jsonJob] = await jobs();
    const bytes = job!.body[0]!;
    const { result: expected } = await run(poolOf(0), job!);
    const pool = poolOf(2);
    // A body in three chunks, as it arrives from a socket.
    const chunked = { ...job!, body: [bytes.subarray(0, 100), bytes.subarray(100, 101), bytes.subarray(101)] };
    expect(await run(pool, chunked)).toEqual({ result: expected, inLane: true });

    // Two lanes a request: those beyond LANE_COUNT / 2 at once go by transfer, with the same rows.
    const concurrent = await Promise.all(Array.from({ length: LANE_COUNT / 2 + 3 }, () => run(pool, chunked)));
    for (const { result } of concurrent) expect(result).toEqual(expected);
    expect(concurrent.filter((r) => r.inLane)).toHaveLength(LANE_COUNT / 2);

    // A body larger than a lane (one long attribute), whose rows do not fit one either.
    const long = 'x'.repeat(LANE_BYTES + 1000);
    const big = JSON.parse(Buffer.from(jsonJob!.body[0]!).toString()) as {
      resourceSpans: { scopeSpans: { spans: { attributes: unknown[] }[] }[] }[];
    };
    big.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.push({ key: 'note', value: { stringValue: long } });
    const large = await run(pool, { ...jsonJob!, body: [Buffer.from(JSON.stringify(big))] });
    expect(large.inLane).toBe(false);
    expect(large.result.kind === 'rows' && large.result.rows).toBe(expected.kind === 'rows' && expected.rows);

    // A failure while the rows are used gives the lanes back too.
    await expect(pool.run(fresh(job!), () => Promise.reject(new Error('journal full')))).rejects.toThrow('journal full');
    expect(pool.freeLanes).toBe(LANE_COUNT);
  });
});
