// Many clients' spans share one insert, so no span may make the engine refuse it: each
// pathological span is stored sanitized or rejected on its own, and the others are stored.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTraceSpans } from '../core/spans/repository.ts';
import { newSpanId, newTraceId } from './helpers/otlp-json.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
beforeAll(async () => {
  vigil = await startTestVigil();
});
afterAll(async () => {
  await vigil?.close();
});

const model = { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } };
const NOW = BigInt(Date.now()) * 1_000_000n;

const CASES: Record<string, { end?: bigint; attributes?: unknown[] }> = {
  'healthy': { attributes: [model, { key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } }] },
  'end in the far future': { end: 18_446_744_073_709_551_615n },
  'end before start': { end: 1n },
  'negative tokens': { attributes: [model, { key: 'gen_ai.usage.input_tokens', value: { intValue: '-5' } }] },
  'absurd token count': { attributes: [model, { key: 'gen_ai.usage.input_tokens', value: { doubleValue: 1e30 } }] },
  'int64 beyond 2^53': { attributes: [{ key: 'gen_ai.usage.output_tokens', value: { intValue: '9223372036854775807' } }] },
  'NaN cost': { attributes: [{ key: 'vigil.cost.usd', value: { doubleValue: 'NaN' } }] },
  'lone surrogate': { attributes: [{ key: 'input.value', value: { stringValue: 'before \ud800 after' } }] },
};

it('stores the healthy spans of a request whatever the others carry', async () => {
  const traceId = newTraceId();
  const spans = Object.entries(CASES).map(([name, c]) => ({
    traceId, spanId: newSpanId(), name, startTimeUnixNano: String(NOW), endTimeUnixNano: String(c.end ?? NOW + 1000n), attributes: c.attributes ?? [],
  }));
  const response = await fetch(vigil.otlpHttp, {
    method: 'POST',
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${vigil.key}` },
  });
  expect(response.status).toBe(200);
  const { partialSuccess } = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
  expect(partialSuccess.rejectedSpans).toBe('1');
  expect(partialSuccess.errorMessage).toMatch(/"end in the far future"\): end time .* more than a day in the future/);
  expect(partialSuccess.errorMessage).toMatch(/1 spans stored with changes: span 2 \("end before start"\): end time 1970-01-01T00:00:00.000Z is before the start time .*: stored with the start time as its end \(duration 0\)$/);

  const stored = new Map((await getTraceSpans(vigil.vigil.store.client, 'default', traceId)).map((s) => [s.name, s]));
  expect([...stored.keys()].sort()).toEqual(Object.keys(CASES).filter((n) => n !== 'end in the far future').sort());
  expect(stored.get('healthy')).toMatchObject({ input_tokens: 10, cost_status: 'priced' });
  expect(stored.get('end before start')).toMatchObject({ duration_ns: 0, end_time: String(NOW) });
  // A count that cannot be right is no count: the LLM call's usage, and so its cost, is unknown.
  expect(stored.get('negative tokens')).toMatchObject({ input_tokens: 0, cost_status: 'usage_unknown' });
  expect(stored.get('absurd token count')!.input_tokens).toBe(0);
  expect(stored.get('absurd token count')!.attributes['gen_ai.usage.input_tokens']).toBe('1e+30');
  expect(stored.get('int64 beyond 2^53')!.output_tokens).toBe(0);
  expect(stored.get('NaN cost')!.cost_usd).toBe(0);
  expect(stored.get('lone surrogate')!.input_text).toMatch(/^before .* after$/);
});

interface Answer {
  status: number;
  partialSuccess?: { rejectedSpans: string; errorMessage: string };
  size: number;
}

/** Posts spans (OTLP/JSON, gzipped) under one resource; resolves with the status and answer. */
async function send(spans: unknown[], resource: unknown[] = []): Promise<Answer> {
  const body = gzipSync(JSON.stringify({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans }] }] }));
  const response = await fetch(vigil.otlpHttp, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${vigil.key}` },
  });
  const text = await response.text();
  await vigil.flush();
  return { status: response.status, size: text.length, ...(JSON.parse(text) as { partialSuccess?: Answer['partialSuccess'] }) };
}

function span(traceId: string, name: string, more: Record<string, unknown> = {}) {
  return { traceId, spanId: newSpanId(), name, startTimeUnixNano: String(NOW), endTimeUnixNano: String(NOW + 1000n), ...more };
}

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

async function storedByName(traceId: string) {
  return new Map((await getTraceSpans(vigil.vigil.store.client, 'default', traceId)).map((s) => [s.name, s]));
}

describe('spans the engine could not read', () => {
  it('stores a span with no end time, an end time of 0 or one far before its start as ending at its start', async () => {
    const traceId = newTraceId();
    const answer = await send([
      span(traceId, 'no end', { endTimeUnixNano: undefined }),
      span(traceId, 'end 0', { endTimeUnixNano: '0' }),
      span(traceId, 'end far before start', { endTimeUnixNano: String(NOW - 10n ** 18n) }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.partialSuccess!.rejectedSpans).toBe('0');
    expect(answer.partialSuccess!.errorMessage).toMatch(/^3 spans stored with changes: span 0 \("no end"\): end time is not set: stored with the start time as its end \(duration 0\)/);
    const stored = await storedByName(traceId);
    for (const name of ['no end', 'end 0', 'end far before start']) {
      expect(stored.get(name)).toMatchObject({ start_time: String(NOW), end_time: String(NOW), duration_ns: 0 });
      expect(stored.get(name)!.attributes['vigil.warning']).toMatch(/stored with the start time as its end/);
    }
  });

  it('cuts rows that would pass the engine\'s 10 MiB row limit, storing them and the spans they share an insert with', async () => {
    const traceId = newTraceId();
    const healthy = newTraceId();
    // Sent together so that the collector batches them into shared inserts.
    const [controls, quotes, plain, other] = await Promise.all([
      send([span(traceId, 'control characters')], [text('service.name', '\u0001'.repeat(874_000))]),
      send([span(traceId, 'quotes', { attributes: [text('acme.payload', '"'.repeat(5_000_000))] })]),
      send([span(traceId, 'plain text', { attributes: [text('input.value', 'x'.repeat(10_000_000)), text('openinference.span.kind', 'CHAIN')] })]),
      send([span(healthy, 'healthy')]),
    ]);
    for (const answer of [controls, quotes, plain]) {
      expect(answer.status).toBe(200);
      expect(answer.partialSuccess!.rejectedSpans).toBe('0');
      expect(answer.partialSuccess!.errorMessage).toMatch(/^1 spans stored with changes: span 0 \(".*"\): stored row over 8388608 bytes: cut .* \(marked "…\[truncated by Vigil …\]"\)$/);
    }
    expect(other).toMatchObject({ status: 200 });
    const stored = await storedByName(traceId);
    expect(stored.get('control characters')!.service_name).toMatch(/^\u0001+…\[truncated by Vigil: \d+ of 874000 characters cut\]$/);
    expect(stored.get('quotes')!.attributes['acme.payload']).toMatch(/^"+…\[truncated by Vigil: \d+ of 5000000 characters cut\]$/);
    const plainText = stored.get('plain text')!.input_text;
    expect(plainText.length).toBeGreaterThan(6_000_000);
    expect(plainText.slice(-100)).toMatch(/x…\[truncated by Vigil: \d+ of 10000000 characters cut\]$/);
    for (const row of stored.values()) expect(row.attributes['vigil.warning']).toMatch(/^the stored row would exceed 8388608 bytes: cut /);
    expect([...(await storedByName(healthy)).keys()]).toEqual(['healthy']);
  });

  it('reads message attributes nested thousands of levels deep as plain text', async () => {
    const traceId = newTraceId();
    const deep = `[{"role":"user","content":${'[{"type":"tool_result","content":'.repeat(4400)}"x"${'}]'.repeat(4400)}}]`;
    const keys = ['gen_ai.input.messages', 'input.value', 'ai.prompt.messages', 'llm.input_messages.0.message.content'];
    const answer = await send(keys.map((key) => span(traceId, key, { attributes: [text(key, deep), text('ai.operationId', 'ai.generateText.doGenerate')] })));
    expect(answer).toMatchObject({ status: 200 });
    expect(answer.partialSuccess).toBeUndefined();
    expect([...(await storedByName(traceId)).keys()].sort()).toEqual([...keys].sort());
  });
});

describe('answers and keys', () => {
  it('names a few rejected spans briefly instead of echoing them all', async () => {
    const name = 'n'.repeat(100_000);
    const answer = await send(Array.from({ length: 150 }, () => span('not-hex', name)));
    expect(answer.status).toBe(200);
    expect(answer.size).toBeLessThan(2000);
    expect(answer.partialSuccess!.rejectedSpans).toBe('150');
    expect(answer.partialSuccess!.errorMessage).toBe(
      `150 spans rejected: ${Array.from({ length: 5 }, (_, i) => `span ${i} ("${'n'.repeat(64)}…"): invalid trace_id "not-hex": expected 16 bytes (32 hex characters)`).join('; ')}; and 145 more`,
    );
  });

  it('keeps an attribute named __proto__ like any other', async () => {
    const traceId = newTraceId();
    const answer = await send([span(traceId, 'proto', { attributes: [text('__proto__', 'span value')] })], [text('__proto__', 'resource value')]);
    expect(answer.status).toBe(200);
    const row = (await storedByName(traceId)).get('proto')!;
    expect(Object.entries(row.attributes)).toContainEqual(['__proto__', 'span value']);
    expect(Object.entries(row.resource_attributes)).toContainEqual(['__proto__', 'resource value']);
  });
});
