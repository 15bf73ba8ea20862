// Seeded mutation fuzzing of the receivers: valid OTLP requests recorded with the real SDK, damaged
// byte by byte or value by value, sent over OTLP/HTTP (protobuf and JSON, some gzipped) and
// OTLP/gRPC. Whatever arrives, the answer is never a 5xx (a "retry" for a request that cannot
// succeed), never large, and every span the collector acknowledges is stored.
// Longer runs: VIGIL_FUZZ_SEED=7 VIGIL_FUZZ_CASES=5000 npx vitest run test/fuzz.test.ts
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeTraceRequestJson } from '../collector/otlp/decode-json.ts';
import { decodeTraceRequestProtobuf } from '../collector/otlp/decode-protobuf.ts';
import { countSpans } from '../core/spans/repository.ts';
import { recordAgentTrace } from './helpers/agent-trace.ts';
import { Random } from '../demo/random.ts';
import { mutateBytes, mutateJson } from './helpers/mutate.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 13);
const HTTP_CASES = Number(process.env.VIGIL_FUZZ_CASES ?? 300);
const GRPC_CASES = Math.ceil(HTTP_CASES / 5);
const CONCURRENCY = 8;
/** Answers name a few spans at most; anything larger echoes the request. */
const MAX_ANSWER_BYTES = 8192;

let vigil: TestVigil;
let protobufSeed: Uint8Array;
let jsonSeed: string;
beforeAll(async () => {
  vigil = await startTestVigil({ VIGIL_INSERT_INTERVAL_MS: '0' });
  const spans = await recordAgentTrace({ outcome: 'resolved' });
  protobufSeed = ProtobufTraceSerializer.serializeRequest(spans)!;
  jsonSeed = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!);
});
afterAll(async () => {
  await vigil?.close();
});

interface Case {
  index: number;
  encoding: 'protobuf' | 'json';
  /** The request as decoded by the collector, before any gzip. */
  body: Uint8Array;
  gzip: boolean;
}

function makeCase(random: Random, index: number, encoding: Case['encoding']): Case {
  let body: Uint8Array = encoding === 'json' ? Buffer.from(jsonSeed) : protobufSeed;
  const mutations = random.int(1, 3);
  for (let i = 0; i < mutations; i++) {
    if (encoding === 'json' && random.chance(0.6)) {
      try {
        body = Buffer.from(mutateJson(random, Buffer.from(body).toString('utf8')));
        continue;
      } catch {
        // An earlier byte mutation broke the JSON: damage its bytes instead.
      }
    }
    body = mutateBytes(random, body);
  }
  return { index, encoding, body, gzip: random.chance(0.2) };
}

/** Spans in a request as the collector decodes it; 0 when it cannot be decoded (then it must be refused). */
function decodedSpans(c: Case): number {
  try {
    return c.encoding === 'json' ? decodeTraceRequestJson(Buffer.from(c.body).toString('utf8')).length : decodeTraceRequestProtobuf(c.body).length;
  } catch {
    return -1;
  }
}

/** ExportTraceServiceResponse.partial_success.rejected_spans of a protobuf answer. */
function rejectedInProtobuf(bytes: Uint8Array): number {
  const reader = protobuf.Reader.create(bytes);
  let rejected = 0;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 1) {
      reader.skipType(tag & 7);
      continue;
    }
    const end = reader.uint32() + reader.pos;
    while (reader.pos < end) {
      const inner = reader.uint32();
      if (inner >>> 3 === 1) rejected = Number(reader.int64());
      else reader.skipType(inner & 7);
    }
  }
  return rejected;
}

async function sendHttp(c: Case): Promise<{ status: number; answer: Uint8Array }> {
  const headers: Record<string, string> = {
    'content-type': c.encoding === 'json' ? 'application/json' : 'application/x-protobuf',
    authorization: `Bearer ${vigil.key}`,
  };
  if (c.gzip) headers['content-encoding'] = 'gzip';
  const response = await fetch(vigil.otlpHttp, { method: 'POST', body: c.gzip ? gzipSync(c.body) : c.body, headers });
  return { status: response.status, answer: new Uint8Array(await response.arrayBuffer()) };
}

function sendGrpc(client: grpc.Client, c: Case): Promise<grpc.ServiceError | Buffer> {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${vigil.key}`);
  return new Promise((resolve) => {
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, Buffer.from(c.body), metadata, (error, value) => resolve(error ?? value!));
  });
}

async function inPool<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const RETRY_CODES = new Set([grpc.status.UNAVAILABLE, grpc.status.INTERNAL, grpc.status.UNKNOWN]);

it(`answers ${HTTP_CASES} mutated OTLP/HTTP and ${GRPC_CASES} OTLP/gRPC requests without a 5xx, storing every acknowledged span (seed ${SEED})`, async () => {
  const random = new Random(SEED);
  const httpCases = Array.from({ length: HTTP_CASES }, (_, i) => makeCase(random, i, random.chance(0.5) ? 'json' : 'protobuf'));
  const grpcCases = Array.from({ length: GRPC_CASES }, (_, i) => makeCase(random, HTTP_CASES + i, 'protobuf'));
  const failures: string[] = [];
  let acknowledged = 0;
  const acknowledge = (c: Case, rejected: number) => {
    const decoded = decodedSpans(c);
    if (decoded < 0) failures.push(`case ${c.index}: accepted a request the decoder refuses`);
    else acknowledged += decoded - rejected;
  };

  await inPool(httpCases, async (c) => {
    const { status, answer } = await sendHttp(c);
    const text = Buffer.from(answer).toString('utf8');
    if (status >= 500) failures.push(`case ${c.index} (${c.encoding}${c.gzip ? ', gzip' : ''}): HTTP ${status} ${text.slice(0, 300)}`);
    if (answer.length > MAX_ANSWER_BYTES) failures.push(`case ${c.index}: answer of ${answer.length} bytes`);
    if (status !== 200) return;
    const rejected = c.encoding === 'json' ? Number((JSON.parse(text) as { partialSuccess?: { rejectedSpans?: string } }).partialSuccess?.rejectedSpans ?? 0) : rejectedInProtobuf(answer);
    acknowledge(c, rejected);
  });

  const client = new grpc.Client(vigil.otlpGrpc, grpc.credentials.createInsecure());
  await inPool(grpcCases, async (c) => {
    const result = await sendGrpc(client, c);
    if (!Buffer.isBuffer(result)) {
      if (RETRY_CODES.has(result.code)) failures.push(`case ${c.index} (gRPC): ${grpc.status[result.code]} ${result.details.slice(0, 300)}`);
      if (result.details.length > MAX_ANSWER_BYTES) failures.push(`case ${c.index} (gRPC): details of ${result.details.length} characters`);
      return;
    }
    acknowledge(c, rejectedInProtobuf(result));
  });
  client.close();

  expect(failures).toEqual([]);
  expect(acknowledged).toBeGreaterThan(0);
  await vigil.flush();
  expect(await countSpans(vigil.vigil.store.client, 'default')).toBe(acknowledged);
  expect((await fetch(new URL('/healthz', vigil.otlpHttp))).status).toBe(200);
}, 120_000);
