// The per-minute rollups, fed by a materialized view on spans, agree with the spans themselves.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getExecution } from '../core/executions/repository.ts';
import { getMinuteRollups } from '../core/rollups/repository.ts';
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

const MINUTE_NS = 60_000_000_000n;
const attr = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });

/** One execution: an agent root with an outcome and one LLM call lasting `llmMs`. */
function execution(startNs: bigint, outcome: string, llmMs: number, error = false) {
  const traceId = newTraceId();
  const root = newSpanId();
  return [
    { traceId, spanId: root, name: 'invoke_agent triage', startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 2_000_000_000n),
      attributes: [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.name', 'triage'), attr('vigil.outcome', outcome)] },
    { traceId, spanId: newSpanId(), parentSpanId: root, name: 'chat gpt-4o-mini', startTimeUnixNano: String(startNs + 1_000_000n),
      endTimeUnixNano: String(startNs + 1_000_000n + BigInt(llmMs) * 1_000_000n), status: error ? { code: 2 } : {},
      attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.agent.name', 'triage'), attr('gen_ai.request.model', 'gpt-4o-mini'), attr('gen_ai.usage.input_tokens', 1000), attr('gen_ai.usage.output_tokens', 100)] },
  ];
}

it('counts spans, executions, errors, tokens, cost, latency and outcomes per minute', async () => {
  const minute = (BigInt(Date.now()) * 1_000_000n / MINUTE_NS - 2n) * MINUTE_NS;
  const batches = [
    [...execution(minute, 'resolved', 100), ...execution(minute + 5_000_000_000n, 'escalated', 300, true)],
    [...execution(minute + 10_000_000_000n, 'resolved', 200)],
    [...execution(minute + MINUTE_NS, 'failed', 400)],
  ];
  for (const spans of batches) {
    const response = await fetch(vigil.otlpHttp, {
      method: 'POST',
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${vigil.key}` },
    });
    expect(response.status).toBe(200);
  }
  await vigil.flush();
  const fromSec = Number(minute / 1_000_000_000n);
  const rollups = await getMinuteRollups(vigil.vigil.store.client, 'default', fromSec, fromSec + 120);
  const at = (offset: number, spanType: string) => rollups.find((r) => r.minute === fromSec + offset && r.spanType === spanType)!;

  const agents = at(0, 'agent');
  expect(agents).toMatchObject({ agentName: 'triage', spans: 3, executions: 3, errors: 0 });
  expect(agents.outcomes).toEqual({ resolved: 2, escalated: 1 });
  const llm = at(0, 'llm');
  expect(llm).toMatchObject({ model: 'gpt-4o-mini', spans: 3, executions: 0, errors: 1, inputTokens: 3000, outputTokens: 300, unpricedSpans: 0 });
  expect(llm.outcomes).toEqual({});
  expect(llm.durationMs.p50).toBeCloseTo(200, 0);
  expect(llm.durationMs.p99).toBeGreaterThanOrEqual(llm.durationMs.p50);

  // Cost agrees with the spans it sums, across the inserts that fed it.
  const firstTrace = batches[0]![1]!.traceId;
  const [, llmSpan] = await getTraceSpans(vigil.vigil.store.client, 'default', firstTrace);
  expect(llm.costUsd).toBeCloseTo(llmSpan!.cost_usd * 3, 12);

  expect(at(60, 'agent').executions).toBe(1);
  expect(at(60, 'agent').outcomes).toEqual({ failed: 1 });
});

it('counts an LLM call without token counts as unpriced in its execution and its minute', async () => {
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const traceId = newTraceId();
  const root = newSpanId();
  const spans = [
    { traceId, spanId: root, name: 'LangGraph', startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 2_000_000_000n), attributes: [attr('openinference.span.kind', 'AGENT')] },
    // OpenInference on a streamed completion: model and messages, no token counts.
    { traceId, spanId: newSpanId(), parentSpanId: root, name: 'ChatOpenAI', startTimeUnixNano: String(startNs + 1_000_000n), endTimeUnixNano: String(startNs + 900_000_000n),
      attributes: [attr('openinference.span.kind', 'LLM'), attr('llm.model_name', 'gpt-4o-mini'), attr('metadata', '{"ls_provider": "openai", "ls_model_type": "chat"}')] },
  ];
  const response = await fetch(vigil.otlpHttp, {
    method: 'POST',
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${vigil.key}` },
  });
  expect(response.status).toBe(200);
  await vigil.flush();
  const [, llm] = await getTraceSpans(vigil.vigil.store.client, 'default', traceId);
  expect(llm).toMatchObject({ span_type: 'llm', provider: 'openai', cost_usd: 0, cost_status: 'usage_unknown' });
  expect(await getExecution(vigil.vigil.store.client, 'default', traceId)).toMatchObject({ llmCalls: 1, unpricedSpans: 1 });
  const minute = Number(startNs / MINUTE_NS) * 60;
  const rollup = (await getMinuteRollups(vigil.vigil.store.client, 'default', minute, minute + 60)).find((r) => r.spanType === 'llm' && r.model === 'gpt-4o-mini');
  expect(rollup?.unpricedSpans).toBe(1);
});
