// The ingest workers (collector/ingest-pool.ts): the same bytes as the inline path, requests handed
// over without detaching shared memory, and a worker that dies fails only what it held.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IngestPool, IngestWorkError, transferable } from '../collector/ingest-pool.ts';
import type { IngestJob, IngestResult, IngestSettings } from '../collector/ingest-work.ts';
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

async function jobs(): Promise<IngestJob[]> {
  const spans = await recordAgentTrace({ outcome: 'resolved' });
  const receivedAtMs = Date.now();
  return [
    { projectId: 'p', body: ProtobufTraceSerializer.serializeRequest(spans)!, encoding: 'protobuf', receivedAtMs },
    { projectId: 'p', body: JsonTraceSerializer.serializeRequest(spans)!, encoding: 'json', receivedAtMs },
  ];
}

describe('ingest workers', () => {
  it('encode the same rows as the main thread, in both row formats', async () => {
    for (const format of ['native', 'json'] as const) {
      const settings = { ...SETTINGS, format };
      for (const job of await jobs()) {
        const inline = await poolOf(0, settings).run({ ...job, body: job.body.slice() });
        const threaded = await poolOf(2, settings).run({ ...job, body: job.body.slice() });
        // A transferred block arrives as a Uint8Array; the bytes are what count.
        const bytes = (result: IngestResult) => (result.kind === 'rows' ? { ...result, encoded: Buffer.from(result.encoded) } : result);
        expect(bytes(threaded)).toEqual(bytes(inline));
        expect(inline.kind === 'rows' && inline.rows).toBeGreaterThan(1);
      }
    }
  });

  it('answer a body that is not an export request as unreadable, with the decoder message', async () => {
    const result = await poolOf(1).run({ projectId: 'p', body: Buffer.from('{"resourceSpans": 7}'), encoding: 'json', receivedAtMs: Date.now() });
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
    const crash = pool.run({ ...job!, projectId: 'crash', body: job!.body.slice() });
    await expect(crash).rejects.toThrow(IngestWorkError);
    await expect(crash).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/retry/) });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/ingest worker stopped.*exited with code 3.*starting a new worker/s);
    const after = await pool.run({ ...job!, body: job!.body.slice() });
    expect(after.kind).toBe('rows');
  });

  it('run the work inline once workers keep stopping before they answer, instead of starting threads in a loop', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pool = poolOf(1, SETTINGS, new URL('./fixtures/failing-ingest-worker.ts', import.meta.url));
    await vi.waitFor(() => expect(pool.workers).toBe(0), { timeout: 10_000 });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/3 in a row stopped before answering \(last: exited with code 4\); requests are now processed on the main thread/);
    const [job] = await jobs();
    expect((await pool.run(job!)).kind).toBe('rows');
  });

  it('report an internal error as not retryable and log it on the server', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const pool = poolOf(1, SETTINGS, new URL('./fixtures/crashing-ingest-worker.ts', import.meta.url));
    const [job] = await jobs();
    await expect(pool.run({ ...job!, projectId: 'bug' })).rejects.toMatchObject({ name: 'IngestWorkError', retryable: false });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/a bug in normalization/);
  });
});
