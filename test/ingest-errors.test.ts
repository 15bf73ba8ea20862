// Bad input gets a precise error and disturbs nothing else: malformed payloads, unsupported
// types, oversized bodies, broken gzip, invalid ids, unknown keys, a full buffer.
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey, ensureProject } from '../core/projects/repository.ts';
import { countSpans } from '../core/spans/repository.ts';
import { newSpanId, newTraceId, otlpJson } from './helpers/otlp-json.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const LIMIT = 256 * 1024;
const BUFFER = 50;
let vigil: TestVigil;
beforeAll(async () => {
  vigil = await startTestVigil({ VIGIL_MAX_BODY_BYTES: String(LIMIT), VIGIL_BUFFER_MAX_SPANS: String(BUFFER) });
});
afterAll(async () => {
  await vigil?.close();
});

const stored = () => countSpans(vigil.vigil.store.client, 'default');

/** Posts to the collector and waits until what it acknowledged is queryable. */
async function post(body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(vigil.otlpHttp, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${vigil.key}`, ...headers },
  });
  await vigil.flush();
  return response;
}

async function status(response: Response): Promise<{ code: number; message: string }> {
  return (await response.json()) as { code: number; message: string };
}

describe('OTLP/HTTP bad input', () => {
  it('refuses a missing or unknown key with 401 and stores nothing', async () => {
    const before = await stored();
    const missing = await post(otlpJson([{}]), { authorization: '' });
    expect(missing.status).toBe(401);
    expect((await status(missing)).message).toMatch(/missing API key/);
    const unknown = await post(otlpJson([{}]), { authorization: 'Bearer vgl_not_a_real_key' });
    expect(unknown.status).toBe(401);
    expect((await status(unknown)).message).toMatch(/unknown or revoked/);
    expect(await stored()).toBe(before);
  });

  it('answers 415 for an unsupported content type', async () => {
    const response = await post('hello', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect((await status(response)).message).toMatch(/application\/x-protobuf or application\/json/);
  });

  it('answers 400 for malformed JSON and malformed protobuf, naming the problem', async () => {
    const json = await post('{"resourceSpans": [');
    expect(json.status).toBe(400);
    expect((await status(json)).message).toMatch(/JSON/i);

    const protobuf = await fetch(vigil.otlpHttp, {
      method: 'POST',
      body: new Uint8Array([0x0a, 0xff, 0xff, 0x01, 0x02]),
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${vigil.key}` },
    });
    expect(protobuf.status).toBe(400);
    expect(protobuf.headers.get('content-type')).toBe('application/x-protobuf');
  });

  it('answers 413 for a body over the limit, before or after decompression', async () => {
    const big = await post('x'.repeat(LIMIT + 1));
    expect(big.status).toBe(413);
    expect((await status(big)).message).toMatch(/exceeds the limit of 262144 bytes/);

    const bomb = gzipSync(Buffer.alloc(LIMIT * 8, ' '));
    expect(bomb.length).toBeLessThan(LIMIT);
    const inflated = await post(bomb, { 'content-encoding': 'gzip' });
    expect(inflated.status).toBe(413);
    expect((await status(inflated)).message).toMatch(/decompressed/);
  });

  it('answers 400 for truncated gzip and 415 for an unknown encoding', async () => {
    const gz = gzipSync(otlpJson([{}, {}]));
    const truncated = await post(gz.subarray(0, gz.length - 10), { 'content-encoding': 'gzip' });
    expect(truncated.status).toBe(400);
    expect((await status(truncated)).message).toMatch(/invalid gzip body/);
    const brotli = await post(gz, { 'content-encoding': 'br' });
    expect(brotli.status).toBe(415);
  });

  it('rejects spans with invalid ids through partial success and stores the rest', async () => {
    const before = await stored();
    const good = { traceId: newTraceId(), spanId: newSpanId(), name: 'good' };
    const response = await post(otlpJson([good, { traceId: 'abc', name: 'short trace id' }, { spanId: '0000000000000000', name: 'zero span id' }]));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe('2');
    expect(body.partialSuccess.errorMessage).toMatch(/short trace id/);
    expect(body.partialSuccess.errorMessage).toMatch(/zero span id/);
    expect(await stored()).toBe(before + 1);
  });

  it('rejects spans older than the retention period through partial success', async () => {
    const before = await stored();
    const body = JSON.parse(otlpJson([{ name: 'recent' }, { name: 'ancient' }]));
    const ancient = body.resourceSpans[0].scopeSpans[0].spans[1];
    const start = (BigInt(Date.now()) - 40n * 86_400_000n) * 1_000_000n;
    ancient.startTimeUnixNano = String(start);
    ancient.endTimeUnixNano = String(start + 1000n);
    const response = await post(JSON.stringify(body));
    const { partialSuccess } = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(partialSuccess.rejectedSpans).toBe('1');
    expect(partialSuccess.errorMessage).toMatch(/"ancient"\): start time .* is older than the retention period/);
    expect(await stored()).toBe(before + 1);
  });

  it('answers 413 for a request with more spans than the whole buffer holds (retrying cannot help)', async () => {
    const response = await post(otlpJson(Array.from({ length: BUFFER + 1 }, () => ({}))));
    expect(response.status).toBe(413);
    expect((await status(response)).message).toMatch(/51 spans in one request; at most 50 .*VIGIL_BUFFER_MAX_SPANS/);
  });

  it('answers 429 with Retry-After when the buffer is full, and stores every acknowledged span', async () => {
    const before = await stored();
    const batch = () => otlpJson(Array.from({ length: 30 }, () => ({})));
    const responses = await Promise.all(Array.from({ length: 12 }, () => post(batch())));
    const statuses = responses.map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const throttled = responses.find((r) => r.status === 429)!;
    expect(throttled.headers.get('retry-after')).toBe('1');
    const acknowledged = statuses.filter((s) => s === 200).length;
    expect(acknowledged).toBeGreaterThan(0);
    expect(await stored()).toBe(before + 30 * acknowledged);
  });

  it('stays up: health probes and a good request still work after all of the above', async () => {
    expect((await fetch(vigil.otlpHttp.replace('/v1/traces', '/healthz'))).status).toBe(200);
    expect((await fetch(vigil.otlpHttp.replace('/v1/traces', '/readyz'))).status).toBe(200);
    expect((await fetch(`${vigil.api}/healthz`)).status).toBe(200);
    const response = await post(otlpJson([{}]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });
});

describe('projects', () => {
  it("keeps each project's spans to itself", async () => {
    await ensureProject(vigil.vigil.store.client, 'other');
    const otherKey = 'vgl_other_project_key_0000000';
    await addApiKey(vigil.vigil.store.client, 'other', otherKey, 'test');
    const traceId = newTraceId();
    // The collector reloads keys for an unknown key at most once a second.
    let response = await post(otlpJson([{ traceId, name: 'other project span' }]), { authorization: `Bearer ${otherKey}` });
    for (let i = 0; i < 30 && response.status === 401; i++) {
      await new Promise((r) => setTimeout(r, 100));
      response = await post(otlpJson([{ traceId, name: 'other project span' }]), { authorization: `Bearer ${otherKey}` });
    }
    expect(response.status).toBe(200);
    const own = await fetch(`${vigil.api}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${otherKey}` } });
    expect(own.status).toBe(200);
    const foreign = await fetch(`${vigil.api}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${vigil.key}` } });
    expect(foreign.status).toBe(404);
  });
});

describe('OTLP/gRPC bad input', () => {
  function call(payload: Buffer, key?: string): Promise<grpc.ServiceError | Buffer> {
    const client = new grpc.Client(vigil.otlpGrpc, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    if (key) metadata.set('authorization', `Bearer ${key}`);
    return new Promise((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, payload, metadata, (error, value) => {
        client.close();
        resolve(error ?? value!);
      });
    });
  }

  it('answers UNAUTHENTICATED without a key, INVALID_ARGUMENT for a malformed message, RESOURCE_EXHAUSTED when too large', async () => {
    const anonymous = (await call(Buffer.alloc(0))) as grpc.ServiceError;
    expect(anonymous.code).toBe(grpc.status.UNAUTHENTICATED);
    const malformed = (await call(Buffer.from([0x0a, 0xff, 0xff, 0x01]), vigil.key)) as grpc.ServiceError;
    expect(malformed.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(malformed.details).toMatch(/protobuf/i);
    const empty = await call(Buffer.alloc(0), vigil.key);
    expect(Buffer.isBuffer(empty)).toBe(true);
    const oversized = (await call(Buffer.alloc(LIMIT + 1), vigil.key)) as grpc.ServiceError;
    expect(oversized.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });
});
