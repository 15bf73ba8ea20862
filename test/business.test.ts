// The executive view's numbers end to end: seeded executions with known outcomes (stated by the
// agent, inferred by the policy's rules, left unknown), costs, durations and feedback (from the API
// and from the agent's own spans) go through the collector and the evaluator of a real Vigil; the
// business API gives the exact expected KPIs, agrees with a recomputation from the raw spans, and
// follows a person's decision about an outcome.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessMetrics, CostMetrics, OutcomeView } from '../ui/server/business-schemas.ts';
import type { Trace, TracePage } from '../ui/server/schemas.ts';
import type { Execution, SpanDescription } from '../demo/spans.ts';
import { sendExecutions } from './helpers/executions.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
let ingestKey = '';
let readKey = '';
const START = Date.now() - 5 * 60_000;
const DAY = new Date(START).toISOString().slice(0, 10);
const NEXT_DAY = new Date(Date.parse(DAY) + 86_400_000).toISOString().slice(0, 10);
const RANGE = `from=${DAY}T00:00:00Z&to=${NEXT_DAY}T00:00:00Z`;

const WEEK_BEFORE = new Date(Date.parse(DAY) - 7 * 86_400_000).toISOString().slice(0, 10);
const POLICY = `
evaluator: {settleSeconds: 1, quietSeconds: 3}
value:
  defaults: {slaSeconds: 60}
  agents:
    billing-bot:
      valuePerResolved: 5
      costPerEscalation: 2
      fixedMonthlyCost: 304.375
      targets: {resolutionRate: 0.5, slaCompliance: 0.9, maxCostPerExecution: 0.01}
    search-bot:
      baseline: {from: ${WEEK_BEFORE}, to: ${DAY}}
      targets: {handoffReduction: 0.3}
`;

interface Case {
  agent: string;
  durationMs: number;
  outcome?: string;
  answer?: boolean;
  tool?: string;
  error?: boolean;
  feedback?: string;
}

function execution(c: Case, index: number): Execution {
  const start = START + index * 1000;
  const children: SpanDescription[] = [
    {
      name: 'chat gpt-4o-mini',
      kind: 'client',
      startMs: start + 1,
      endMs: start + 50,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 100,
      },
      children: [],
    },
  ];
  if (c.tool) children.push({ name: `execute_tool ${c.tool}`, kind: 'internal', startMs: start + 60, endMs: start + 70, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': c.tool }, children: [] });
  const attributes: SpanDescription['attributes'] = { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': c.agent };
  if (c.answer !== false) attributes['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Answer ${index}.` }] }]);
  if (c.outcome) attributes['vigil.outcome'] = c.outcome;
  if (c.feedback) attributes['vigil.feedback.thumbs'] = c.feedback;
  return {
    service: `${c.agent}-svc`,
    agent: c.agent,
    root: { name: `invoke_agent ${c.agent}`, kind: 'internal', startMs: start, endMs: start + c.durationMs, attributes, children, ...(c.error ? { error: { message: 'failed' } } : {}) },
  };
}

const CASES: Case[] = [
  { agent: 'billing-bot', durationMs: 2000, outcome: 'resolved' },
  { agent: 'billing-bot', durationMs: 90_000, outcome: 'resolved' },
  { agent: 'billing-bot', durationMs: 2000, tool: 'handoff_to_human' },
  { agent: 'billing-bot', durationMs: 2000, error: true },
  { agent: 'billing-bot', durationMs: 2000, answer: false },
  { agent: 'billing-bot', durationMs: 2000, feedback: 'down' },
  { agent: 'search-bot', durationMs: 1000, outcome: 'resolved' },
  { agent: 'search-bot', durationMs: 1000, outcome: 'resolved' },
];
let traceIds: string[] = [];

async function api<T>(path: string, init: RequestInit = {}, token = vigil.key): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${vigil.api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  return { status: response.status, body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T, headers: response.headers };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const metrics = (query = '') => api<BusinessMetrics>(`/api/metrics/business?${RANGE}${query}`).then((r) => r.body);
const billing = (m: BusinessMetrics) => m.agents.find((a) => a.agent === 'billing-bot')!.current;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-business-')), 'policy.yaml');
  writeFileSync(file, POLICY);
  vigil = await startTestVigil({ VIGIL_POLICY: file }, { evaluatorIntervalMs: 200 });
  const key = async (scope: string) => (await api<{ key: string }>('/api/projects/default/keys', { method: 'POST', body: JSON.stringify({ scope }) }, TEST_ADMIN_TOKEN)).body.key;
  ingestKey = await key('ingest');
  readKey = await key('read');
  await sendExecutions(vigil.otlpHttp, vigil.key, CASES.map(execution));
  await vigil.flush();
  const page = await until(() => api<TracePage>(`/api/traces?${RANGE}&sort=time&order=asc&limit=50`).then((r) => r.body), (p) => p.executions.length === CASES.length, 'the executions');
  traceIds = page.executions.map((e) => e.traceId);
  await until(metrics, (m) => m.totals.executions === CASES.length, 'the facts of every execution');
}, 60_000);

afterAll(async () => {
  await vigil?.close();
});

describe('business KPIs', () => {
  it('count outcomes by precedence: stated, then inferred by the rules, else unknown', async () => {
    const b = billing(await metrics());
    expect(b).toMatchObject({ executions: 6, resolved: 2, escalated: 1, failed: 1, abandoned: 1, unknown: 1 });
    expect(b.resolutionRate).toBe(2 / 5);
    expect(b.handoffRate).toBe(1 / 5);
    expect(b.slaMet).toBe(5);
    expect(b.slaCompliance).toBe(5 / 6);
    const outcome = await api<OutcomeView>(`/api/executions/${traceIds[2]}/outcome`);
    expect(outcome.body).toMatchObject({ outcome: 'escalated', source: 'rule', reason: 'tool handoff_to_human was called' });
  });

  it('take feedback from the API (ingest key, idempotent by id) and from the agent\'s spans', async () => {
    const send = (body: object, token = ingestKey) => api<{ id: string; duplicate: boolean; error?: string }>('/api/feedback', { method: 'POST', body: JSON.stringify(body) }, token);
    expect((await send({ traceId: traceIds[0], thumbs: 'up' })).status).toBe(202);
    expect((await send({ traceId: traceIds[1], score: 2, comment: 'slow' })).status).toBe(202);
    expect((await send({ traceId: traceIds[2], score: 5, id: 'fb-1' })).body).toEqual({ id: 'fb-1', duplicate: false });
    expect((await send({ traceId: traceIds[2], score: 5, id: 'fb-1' })).body).toEqual({ id: 'fb-1', duplicate: true });
    expect(await send({ traceId: traceIds[0] })).toMatchObject({ status: 400, body: { error: expect.stringContaining('give thumbs') } });
    const unknown = await send({ traceId: 'f'.repeat(32), thumbs: 'up' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('retry-after')).toBe('5');
    expect((await send({ traceId: traceIds[0], thumbs: 'up' }, readKey)).status).toBe(403);

    const withFeedback = await api<TracePage>(`/api/traces?${RANGE}&agent=billing-bot&feedback=negative`);
    expect(withFeedback.body.executions.map((e) => e.traceId).sort()).toEqual([traceIds[1], traceIds[5]].sort());
    const b = billing(await metrics());
    // up (API), score 2 (API), score 5 (API, once), thumbs down reported on the root span.
    expect(b).toMatchObject({ feedback: 4, positive: 2, negative: 2, satisfactionRate: 0.5, averageScore: 3.5 });
  });

  it('price the period with the value model and check the targets', async () => {
    const m = await metrics();
    const b = billing(m);
    const cost = (6 * 210_000) / 1e9; // 1,000 input and 100 output tokens of gpt-4o-mini: $0.00021 each
    expect(b.costUsd).toBe(cost);
    expect(b.costPerExecution).toBe(cost / 6);
    expect(b.valueUsd).toBe(10);
    expect(b.escalationCostUsd).toBe(2);
    expect(b.fixedCostUsd).toBe(10); // 304.375 a month is 10 a day; the period is one day
    expect(b.agentCostUsd).toBe(cost + 10);
    expect(b.roi).toBe((10 - 2 - (cost + 10)) / (cost + 10));
    expect(m.targets.filter((t) => t.agent === 'billing-bot').map((t) => [t.kpi, t.met])).toEqual([
      ['resolutionRate', false],
      ['slaCompliance', false],
      ['maxCostPerExecution', true],
    ]);
    expect(m.targets[0]!.gap).toBeCloseTo(0.4 - 0.5, 12);
    // A baseline period without data: the handoff target cannot be set, so it is not judged.
    expect(m.targets.find((t) => t.agent === 'search-bot')).toMatchObject({ kpi: 'handoffReduction', target: null, met: null, description: `handoff rate 30% below the baseline (${WEEK_BEFORE} – ${DAY}: no data)` });
    expect(m.series).toHaveLength(1);
    expect(m.series[0]!.executions).toBe(8);
    expect(m.previousTotals.executions).toBe(0);
    expect(m.latency.map((l) => l.agent)).toEqual(['billing-bot', 'search-bot']);
    expect(m.latency[1]!.p50Ms).toBeCloseTo(1000, -1);
  });

  it('agree exactly with a recomputation from the raw spans and the stated outcomes', async () => {
    const traces = await Promise.all(traceIds.map((id) => api<Trace>(`/api/traces/${id}`).then((r) => r.body)));
    let costNanos = 0;
    let resolved = 0;
    for (const trace of traces) {
      for (const span of trace.spans) costNanos += Math.round(span.costUsd * 1e9);
      if (trace.spans.find((s) => s.parentSpanId === '')?.attributes['vigil.outcome'] === 'resolved') resolved++;
    }
    const m = await metrics();
    expect(m.totals.costUsd).toBe(costNanos / 1e9);
    expect(m.totals.resolved).toBe(resolved);
    expect(m.totals.inputTokens).toBe(traces.flatMap((t) => t.spans).reduce((sum, s) => sum + s.tokens.input, 0));
    const costs = await api<CostMetrics>(`/api/metrics/cost?${RANGE}`);
    expect(costs.body.rows.map((r) => [r.agent, r.model, r.llmCalls, r.costUsd])).toEqual([
      ['billing-bot', 'gpt-4o-mini', 6, (6 * 210_000) / 1e9],
      ['search-bot', 'gpt-4o-mini', 2, (2 * 210_000) / 1e9],
    ]);
  });

  it('follow a person\'s decision: the KPIs change, the target is met, the history keeps both decisions', async () => {
    const read = await api<{ error: string }>(`/api/executions/${traceIds[5]}/outcome`, { method: 'POST', body: JSON.stringify({ outcome: 'resolved' }) }, readKey);
    expect(read.status).toBe(403);
    const first = await api<OutcomeView>(`/api/executions/${traceIds[5]}/outcome`, { method: 'POST', body: JSON.stringify({ outcome: 'escalated', by: 'jane' }) }, TEST_ADMIN_TOKEN);
    expect(first.status).toBe(202);
    const second = await api<OutcomeView>(`/api/executions/${traceIds[5]}/outcome`, { method: 'POST', body: JSON.stringify({ outcome: 'resolved', note: 'refund approved', by: 'jane' }) }, TEST_ADMIN_TOKEN);
    expect(second.body).toMatchObject({ outcome: 'resolved', source: 'human', reason: 'decided by jane: refund approved' });
    expect(second.body.history.map((h) => h.outcome)).toEqual(['escalated', 'resolved']);

    const m = await until(metrics, (x) => billing(x).resolved === 3, 'the decision in the KPIs');
    expect(billing(m)).toMatchObject({ executions: 6, resolved: 3, escalated: 1, unknown: 0, resolutionRate: 3 / 6, valueUsd: 15 });
    expect(m.targets.find((t) => t.agent === 'billing-bot' && t.kpi === 'resolutionRate')).toMatchObject({ met: true, gap: 0 });
    // The figure links to the executions behind it: the explorer filters by the same decided outcome.
    const behind = await api<TracePage>(`/api/traces?${RANGE}&agent=billing-bot&outcome=resolved`);
    expect(behind.body.total).toBe(3);
    expect(behind.body.executions.find((e) => e.traceId === traceIds[5])?.outcome).toBe('resolved');
    expect((await api<TracePage>(`/api/traces?${RANGE}&agent=billing-bot&outcome=escalated`)).body.total).toBe(1);
    expect((await api<{ error: string }>(`/api/executions/${'0'.repeat(32)}/outcome`, { method: 'POST', body: JSON.stringify({ outcome: 'resolved' }) }, TEST_ADMIN_TOKEN)).status).toBe(404);
  });

  it('recompute every figure from the raw traces, the decisions and the feedback sent, and agree exactly', async () => {
    const traces = await Promise.all(traceIds.map((id) => api<Trace>(`/api/traces/${id}`).then((r) => r.body)));
    // The feedback this test sent through the API, by execution: +1 positive, -1 negative.
    const apiFeedback = new Map<string, { positive: number; negative: number; score: number[] }>([
      [traceIds[0]!, { positive: 1, negative: 0, score: [] }],
      [traceIds[1]!, { positive: 0, negative: 1, score: [2] }],
      [traceIds[2]!, { positive: 1, negative: 0, score: [5] }],
    ]);
    const value: Record<string, { perResolved: number; perEscalation: number; perDay: number }> = {
      'billing-bot': { perResolved: 5, perEscalation: 2, perDay: 10 },
      'search-bot': { perResolved: 0, perEscalation: 0, perDay: 0 },
    };
    const n = { executions: 0, resolved: 0, escalated: 0, abandoned: 0, failed: 0, unknown: 0, costNanos: 0, input: 0, output: 0, slaMet: 0, positive: 0, negative: 0, feedback: 0, scores: [] as number[] };
    let valueUsd = 0;
    let escalationCostUsd = 0;
    const agents = new Set<string>();
    for (const trace of traces) {
      const root = trace.spans.find((s) => s.parentSpanId === '')!;
      const agent = root.agentName;
      agents.add(agent);
      // Precedence: the person's decision (the last one: resolved), the stated outcome, the rules.
      const outcome =
        root.traceId === traceIds[5] ? 'resolved'
        : root.outcome ? root.outcome
        : trace.spans.some((s) => s.tool?.name.startsWith('handoff')) ? 'escalated'
        : root.status.code === 'error' ? 'failed'
        : root.outputMessages.length === 0 && root.output === '' ? 'abandoned'
        : 'unknown';
      n.executions++;
      n[outcome as 'resolved']++;
      if (outcome === 'resolved') valueUsd += value[agent]!.perResolved;
      if (outcome === 'escalated') escalationCostUsd += value[agent]!.perEscalation;
      for (const span of trace.spans) {
        n.costNanos += Math.round(span.costUsd * 1e9);
        n.input += span.tokens.input;
        n.output += span.tokens.output;
      }
      if (root.durationMs <= 60_000) n.slaMet++;
      const fromApi = apiFeedback.get(root.traceId);
      const reported = root.attributes['vigil.feedback.thumbs'];
      const positive = (fromApi?.positive ?? 0) + (reported === 'up' ? 1 : 0);
      const negative = (fromApi?.negative ?? 0) + (reported === 'down' ? 1 : 0);
      n.positive += positive;
      n.negative += negative;
      n.feedback += positive + negative;
      n.scores.push(...(fromApi?.score ?? []));
    }
    const known = n.executions - n.unknown;
    const costUsd = n.costNanos / 1e9;
    const fixedCostUsd = [...agents].reduce((sum, a) => sum + value[a]!.perDay, 0);
    const agentCostUsd = costUsd + fixedCostUsd;
    const expected = {
      executions: n.executions, resolved: n.resolved, escalated: n.escalated, abandoned: n.abandoned, failed: n.failed, unknown: n.unknown,
      resolutionRate: n.resolved / known, handoffRate: n.escalated / known, abandonmentRate: n.abandoned / known, failureRate: n.failed / known,
      costUsd, costPerExecution: costUsd / n.executions, inputTokens: n.input, outputTokens: n.output,
      feedback: n.feedback, positive: n.positive, negative: n.negative, satisfactionRate: n.positive / (n.positive + n.negative),
      averageScore: n.scores.reduce((a, b) => a + b, 0) / n.scores.length,
      slaMet: n.slaMet, slaCompliance: n.slaMet / n.executions,
      valueUsd, escalationCostUsd, fixedCostUsd, agentCostUsd, roi: (valueUsd - escalationCostUsd - agentCostUsd) / agentCostUsd,
    };
    expect((await metrics()).totals).toEqual(expected);
  });

  it('export CSV and filter by agent', async () => {
    const csv = await api<string>(`/api/metrics/business?${RANGE}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, row] = csv.body.trim().split('\n');
    expect(header!.split(',').slice(0, 3)).toEqual(['start', 'executions', 'resolved']);
    expect(row!.split(',').slice(1, 3)).toEqual(['8', '5']);
    const search = await metrics('&agent=search-bot');
    expect(search.totals).toMatchObject({ executions: 2, resolved: 2, resolutionRate: 1 });
    expect((await api<string>(`/api/metrics/cost?${RANGE}&format=csv`)).body.split('\n')[0]).toBe('start,agent,model,costUsd,llmCalls,inputTokens,outputTokens,unpricedCalls');
  });
});
