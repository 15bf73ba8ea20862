// Many clients' spans share one insert, so no span may make the engine refuse it: each
// pathological span is stored sanitized or rejected on its own, and the others are stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
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

  const stored = new Map((await getTraceSpans(vigil.vigil.store.client, 'default', traceId)).map((s) => [s.name, s]));
  expect([...stored.keys()].sort()).toEqual(Object.keys(CASES).filter((n) => n !== 'end in the far future').sort());
  expect(stored.get('healthy')).toMatchObject({ input_tokens: 10, cost_status: 'priced' });
  expect(stored.get('end before start')!.duration_ns).toBe(0);
  expect(stored.get('negative tokens')).toMatchObject({ input_tokens: 0, cost_status: 'none' });
  expect(stored.get('absurd token count')!.input_tokens).toBe(0);
  expect(stored.get('absurd token count')!.attributes['gen_ai.usage.input_tokens']).toBe('1e+30');
  expect(stored.get('int64 beyond 2^53')!.output_tokens).toBe(0);
  expect(stored.get('NaN cost')!.cost_usd).toBe(0);
  expect(stored.get('lone surrogate')!.input_text).toMatch(/^before .* after$/);
});
