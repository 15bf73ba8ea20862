// The collector's receivers on loopback in front of a store that fails on demand: what a client is
// told when an insert fails, what the server logs, and how slow or vanishing clients are handled.
// The store stands for a ClickHouse server, where a request is answered once its insert ran (on the
// embedded engine requests are journaled first: test/journal.test.ts).
import { connect, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Store } from '../core/clickhouse/client.ts';
import { authorize } from '../core/projects/auth.ts';
import { hashApiKey } from '../core/projects/keys.ts';
import { startCollector, type Collector } from './index.ts';

const KEY = 'vgl_collector_test_key_000000';
const TIMEOUT_MS = 1000;
const ENGINE_ERROR = 'Code: 117. DB::Exception: Size of JSON object at position 0 is extremely large: {"input_text":"secret customer data';

let failInserts = false;
const inserted: string[] = [];
const store = {
  kind: 'server',
  location: 'test',
  client: { ping: async () => ({ success: true }) },
  async insertJson(_table: string, parts: readonly Uint8Array[]) {
    if (failInserts) throw new Error(ENGINE_ERROR);
    for (const part of parts) inserted.push(...Buffer.from(part).toString().split('\n').filter((line) => line !== ''));
  },
  close: async () => {},
} as unknown as Store;

let collector: Collector;
beforeAll(async () => {
  const keys = { lookup: async (key: string | undefined) => (key === KEY ? { keySha256: hashApiKey(KEY), projectId: 'p', scope: 'ingest' as const } : undefined) };
  collector = await startCollector({
    config: {
      host: '127.0.0.1',
      ports: { otlpHttp: 0, otlpGrpc: 0, http: 0 },
      maxBodyBytes: 1 << 20,
      retentionDays: 30,
      ingest: { bufferMaxSpans: 1000, batchMaxSpans: 1000, insertConcurrency: 1, insertIntervalMs: 0, requestTimeoutMs: TIMEOUT_MS, workers: 1 },
    },
    store,
    authenticate: (header) => authorize(keys, header, 'ingest'),
    priceOverrides: [],
  });
});
afterAll(async () => {
  await collector?.close();
});

const now = BigInt(Date.now()) * 1_000_000n;
const body = JSON.stringify({
  resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: '051581bf3cb55c13', name: 's', startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1000n) }] }] }],
});

function postJson(): Promise<Response> {
  return fetch(`http://127.0.0.1:${collector.httpPort}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` } });
}

function exportGrpc(payload: Buffer, authorization: string): Promise<grpc.ServiceError | Buffer> {
  const client = new grpc.Client(`127.0.0.1:${collector.grpcPort}`, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set('authorization', authorization);
  return new Promise((resolve) => {
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, payload, metadata, (error, value) => {
      client.close();
      resolve(error ?? value!);
    });
  });
}

/** Collects console.error lines written while `run` runs. */
async function logged(run: () => Promise<void>): Promise<string[]> {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    await run();
    return spy.mock.calls.map((call) => call.map(String).join(' '));
  } finally {
    spy.mockRestore();
  }
}

describe('a failing store', () => {
  it('tells the client to retry without the engine exception, and logs the exception on the server', async () => {
    failInserts = true;
    let status = 0;
    let answer = '';
    const lines = await logged(async () => {
      const response = await postJson();
      status = response.status;
      answer = await response.text();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    failInserts = false;
    expect(status).toBe(503);
    expect(JSON.parse(answer)).toEqual({ code: 14, message: 'spans not stored: the store failed to insert them (the cause is in the Vigil server log); retry later' });
    expect(lines).toEqual([`vigil: collector: insert failed: 1 spans not stored, the sender was told to retry: ${ENGINE_ERROR}`]);
  });
});

describe('gRPC authorization', () => {
  it('accepts a key with spaces around the value, as OTLP/HTTP does', async () => {
    const accepted = await exportGrpc(Buffer.alloc(0), `  Bearer ${KEY}  `);
    expect(Buffer.isBuffer(accepted)).toBe(true);
    const refused = (await exportGrpc(Buffer.alloc(0), 'Bearer vgl_unknown_key_000000000')) as grpc.ServiceError;
    expect(refused.code).toBe(grpc.status.UNAUTHENTICATED);
  });
});

/** Opens a raw connection and sends `text` one byte every `intervalMs`; resolves with how long it stayed open. */
function trickle(port: number, text: string, intervalMs: number): Promise<{ closedAfterMs: number; bytesSent: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < text.length && !socket.destroyed) socket.write(text[sent++]!);
    }, intervalMs);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, bytesSent: sent });
    });
  });
}

describe('slow clients', () => {
  it('cuts off a client that sends one byte every couple of seconds, on both ports', async () => {
    const request = `POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${KEY}\r\n\r\n`;
    const preface = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
    const [http, grpcConnection] = await Promise.all([
      trickle(collector.httpPort, request, 2000),
      trickle(collector.grpcPort, preface, 2000),
    ]);
    // Generous bounds: the point is that the server closes them, long before the bytes run out.
    for (const connection of [http, grpcConnection]) {
      expect(connection.closedAfterMs).toBeLessThan(15_000);
      expect(connection.bytesSent).toBeLessThan(8);
    }
  }, 30_000);

  it('logs a client that disconnects in the middle of its body as one plain line', async () => {
    const lines = await logged(async () => {
      const socket = connect(collector.httpPort, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${KEY}\r\nContent-Length: 1000\r\n\r\n{"resourceSpans":`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    expect(lines).toEqual(['vigil: collector: client disconnected: the connection closed before the whole request body arrived; nothing was stored']);
  });

  it('still serves ordinary clients', async () => {
    const response = await postJson();
    expect(response.status).toBe(200);
    expect(inserted.length).toBeGreaterThan(0);
  });
});
