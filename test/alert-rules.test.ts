// Alert rules over real stored data and the lifecycle on a controlled clock: each metric measured
// from executions sent through the collector or judgements in `evaluations`, per agent or across
// agents; `for`, re-notification, mute windows, silences and a rule taken out of the policy. The
// engine runs against the embedded engine of a real Vigil; notifications are collected where the
// notifier would deliver them (delivery itself is tested in alert-delivery.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSilence, type AlertRecord } from '../core/alerts/repository.ts';
import { insertEvaluations } from '../core/evaluations/repository.ts';
import type { EvaluationRow } from '../core/evaluations/row.ts';
import { parsePolicy, type Policy, type PolicyStore } from '../core/policy/index.ts';
import { createAlertEngine, type AlertEngine } from '../evaluator/alerts/engine.ts';
import { sendExecutions, timedExecution } from './helpers/executions.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
const T0 = Date.now();

function policyStore(text: string): PolicyStore & { set(text: string): void } {
  let policy: Policy = parsePolicy(text, 'rules.yaml');
  return { current: () => policy, rejected: () => [], reload: () => false, close: () => {}, set: (t) => (policy = parsePolicy(t, 'rules.yaml')) };
}

interface Harness {
  engine: AlertEngine;
  sent: { record: AlertRecord; channel: string }[];
  clock: { ms: number };
  signals: { lag: number; judge: number | undefined };
  policy: ReturnType<typeof policyStore>;
}

function harness(rules: string): Harness {
  const sent: Harness['sent'] = [];
  const clock = { ms: T0 };
  const signals = { lag: 0, judge: undefined as number | undefined };
  const policy = policyStore(`alerts:\n  channels:\n    ops: {format: alertmanager, url: http://127.0.0.1:9/x, allowPrivate: true}\n  rules:\n${rules}`);
  const engine = createAlertEngine({
    store: vigil.vigil.store,
    policy,
    notifier: { enqueue: (record, channel) => sent.push({ record, channel }) },
    publicUrl: () => 'http://vigil.test',
    instance: { lagSeconds: () => signals.lag, judgeFailures: () => signals.judge },
    now: () => clock.ms,
    log: () => {},
  });
  return { engine, sent, clock, signals, policy };
}

const kinds = (records: AlertRecord[]) => records.map((r) => `${r.rule}:${JSON.stringify(r.labels)}:${r.kind}`).sort();

function judgement(agent: string, check: string, traceId: string, passed: boolean, extra: Partial<EvaluationRow> = {}): EvaluationRow {
  return {
    project_id: 'default',
    time: `${BigInt(T0 - 60_000) * 1_000_000n}`,
    trace_id: traceId,
    span_id: '',
    check,
    source: 'guardrail',
    agent_name: agent,
    score: passed ? 0 : 1,
    label: passed ? 'ok' : 'flagged',
    passed,
    explanation: '',
    details: '{}',
    policy_hash: 'test',
    trace_version: T0,
    ...extra,
  };
}

beforeAll(async () => {
  vigil = await startTestVigil();
  const start = T0 - 10 * 60_000;
  // billing-bot: 10 executions, 4 failed, each costing $0.01506 (100k input tokens of gpt-4o-mini);
  // search-bot: 10 executions, none failed, $0.00021 each.
  await sendExecutions(vigil.otlpHttp, vigil.key, [
    ...Array.from({ length: 10 }, (_, i) => timedExecution('billing-bot', start + i * 1000, 500, { inputTokens: 100_000, error: i < 4 })),
    ...Array.from({ length: 10 }, (_, i) => timedExecution('search-bot', start + i * 1000, 500)),
  ]);
  await vigil.flush();
  await insertEvaluations(vigil.vigil.store, [
    judgement('billing-bot', 'pii', 'a'.repeat(32), false),
    judgement('billing-bot', 'pii', 'b'.repeat(32), true),
    judgement('search-bot', 'loop', 'c'.repeat(32), false),
    // The judge overrules the guardrail on this one: not a loop after all.
    judgement('search-bot', 'loop', 'd'.repeat(32), false),
    judgement('search-bot', 'loop', 'd'.repeat(32), true, { source: 'judge' }),
    judgement('billing-bot', 'latency_drift', '', false, { span_id: 'agent:billing-bot', score: 1.8, label: 'slower' }),
    judgement('search-bot', 'latency_drift', '', true, { span_id: 'agent:search-bot', score: 1.02, label: 'ok' }),
    judgement('billing-bot', 'slo_burn', '', false, { span_id: 'slo:billing answers', score: 14.4, label: 'page' }),
  ]);
  // Wait for the executions to be stored (the root spans make trace_roots rows).
  for (let waited = 0; waited < 20_000; waited += 200) {
    const response = await fetch(`${vigil.api}/api/traces?from=1h&limit=50`, { headers: { authorization: `Bearer ${vigil.key}` } });
    if (((await response.json()) as { executions: unknown[] }).executions.length >= 20) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 60_000);

afterAll(async () => {
  await vigil?.close();
});

describe('metrics', () => {
  it('measures error rate, cost per execution, PII, loops, drift and SLO burn per agent, and across agents', async () => {
    const h = harness(`
    - {name: errors, metric: error_rate, threshold: 0.2, minSamples: 5, channels: [ops]}
    - {name: cost, metric: cost_per_execution, threshold: 0.005, minSamples: 5, channels: [ops]}
    - {name: cost overall, metric: cost_per_execution, threshold: 0.005, groupBy: [], minSamples: 5, channels: [ops]}
    - {name: pii, metric: pii_found, channels: [ops]}
    - {name: loops, metric: loops, channels: [ops]}
    - {name: drift, metric: latency_drift, channels: [ops]}
    - {name: slo, metric: slo_burn, threshold: 6, channels: [ops]}
`);
    const written = await h.engine.evaluate();
    expect(kinds(written)).toEqual([
      'cost overall:{}:firing',
      'cost:{"agent":"billing-bot"}:firing',
      'drift:{"series":"agent:billing-bot","agent":"billing-bot"}:firing',
      'errors:{"agent":"billing-bot"}:firing',
      'loops:{"agent":"search-bot"}:firing',
      'pii:{"agent":"billing-bot"}:firing',
      'slo:{"slo":"billing answers","agent":"billing-bot"}:firing',
    ]);
    const by = (rule: string) => written.find((r) => r.rule === rule)!;
    expect(by('errors')).toMatchObject({ value: 0.4, samples: 10 });
    expect(by('errors').traceIds).toHaveLength(4);
    expect(by('cost').value).toBeCloseTo(0.01506, 6);
    expect(by('cost overall')).toMatchObject({ samples: 20 });
    expect(by('cost overall').value).toBeCloseTo((0.01506 + 0.00021) / 2, 6);
    expect(by('pii')).toMatchObject({ value: 1, samples: 2, traceIds: ['a'.repeat(32)] });
    expect(by('loops')).toMatchObject({ value: 1, samples: 2, traceIds: ['c'.repeat(32)] });
    expect(by('drift')).toMatchObject({ value: 1.8 });
    expect(by('drift').traceIds.length).toBeGreaterThan(0);
    expect(by('slo')).toMatchObject({ value: 14.4 });
    expect(by('errors').summary).toBe('error rate 40% above 20% for billing-bot over 15 min (10 executions)');
    expect(by('drift').summary).toBe('p95 latency 1.8× its baseline for billing-bot');
    expect(by('slo').summary).toBe('SLO "billing answers" (billing-bot) burning its error budget at 14× (alerting above 6×)');
    expect(h.sent).toHaveLength(7);
  });

  it('does not judge on too few samples, and measures instance signals (lag, judge failures)', async () => {
    const h = harness(`
    - {name: errors, metric: error_rate, threshold: 0.2, minSamples: 11, channels: [ops]}
    - {name: lag, metric: evaluator_lag, threshold: 300, channels: [ops]}
    - {name: judge, metric: judge_unavailable, threshold: 2, channels: [ops]}
`);
    expect(await h.engine.evaluate()).toEqual([]);
    h.signals.lag = 301;
    h.signals.judge = 3;
    expect(kinds(await h.engine.evaluate())).toEqual(['judge:{}:firing', 'lag:{}:firing']);
  });
});

describe('lifecycle', () => {
  const minutes = (h: Harness, n: number) => (h.clock.ms += n * 60_000);

  it('waits out `for`, reminds every renotify interval, resolves once', async () => {
    const h = harness(`    - {name: lag, metric: evaluator_lag, threshold: 60, forMinutes: 5, renotifyMinutes: 60, channels: [ops]}\n`);
    h.signals.lag = 120;
    expect((await h.engine.evaluate()).map((r) => r.kind)).toEqual(['pending']);
    minutes(h, 4);
    expect((await h.engine.evaluate()).map((r) => r.kind)).toEqual(['observe']);
    minutes(h, 1);
    expect((await h.engine.evaluate()).map((r) => r.kind)).toEqual(['firing']);
    minutes(h, 59);
    expect((await h.engine.evaluate()).map((r) => r.kind)).toEqual(['observe']);
    minutes(h, 1);
    expect((await h.engine.evaluate()).map((r) => r.kind)).toEqual(['renotify']);
    h.signals.lag = 10;
    expect((await h.engine.evaluate()).map((r) => r.kind)).toEqual(['resolved']);
    expect(await h.engine.evaluate()).toEqual([]);
    expect(h.sent.map((s) => JSON.parse(s.record.notification).status)).toEqual(['firing', 'firing', 'resolved']);
  });

  it('a condition that clears while pending never notifies', async () => {
    const h = harness(`    - {name: lag, metric: evaluator_lag, threshold: 60, forMinutes: 5, channels: [ops]}\n`);
    h.signals.lag = 120;
    await h.engine.evaluate();
    h.signals.lag = 0;
    expect((await h.engine.evaluate()).map((r) => r.kind)).toEqual(['inactive']);
    expect(h.sent).toEqual([]);
  });

  it('holds notifications back in a mute window and tells once it ends', async () => {
    const from = new Date(T0 - 60_000).toISOString();
    const to = new Date(T0 + 30 * 60_000).toISOString();
    const h = harness(`    - {name: lag, metric: evaluator_lag, threshold: 60, channels: [ops], mute: [{from: "${from}", to: "${to}"}]}\n`);
    h.signals.lag = 120;
    expect((await h.engine.evaluate()).map((r) => [r.kind, r.notification !== ''])).toEqual([['firing', false]]);
    minutes(h, 31);
    expect((await h.engine.evaluate()).map((r) => [r.kind, r.notification !== ''])).toEqual([['firing', true]]);
    expect(h.sent).toHaveLength(1);
  });

  it('a silence holds back the firing and, when nobody heard it fire, the resolve too', async () => {
    const h = harness(`    - {name: silenced lag, metric: evaluator_lag, threshold: 60, channels: [ops]}\n`);
    h.signals.lag = 120;
    const [first] = await h.engine.evaluate();
    expect(first!.notification).not.toBe('');
    await putSilence(vigil.vigil.store, { projectId: '', fingerprint: first!.fingerprint, untilMs: T0 + 3_600_000, comment: 'known', createdMs: T0 });
    h.signals.lag = 0;
    h.clock.ms += 1000;
    // Heard firing, so the resolve is due; a silence holds it back like the firing.
    expect((await h.engine.evaluate()).map((r) => [r.kind, r.notification !== ''])).toEqual([['resolved', false]]);
    expect(h.sent).toHaveLength(1);
  });

  it('resolves the alerts of a rule taken out of the policy, telling those who heard it fire', async () => {
    const h = harness(`    - {name: doomed, metric: evaluator_lag, threshold: 60, channels: [ops]}\n`);
    h.signals.lag = 120;
    await h.engine.evaluate();
    h.policy.set('alerts:\n  channels:\n    ops: {format: alertmanager, url: http://127.0.0.1:9/x, allowPrivate: true}\n');
    const [resolved] = await h.engine.evaluate();
    expect(resolved).toMatchObject({ kind: 'resolved', status: 'resolved', channels: ['ops'] });
    expect(resolved!.summary).toMatch(/^the rule "doomed" is no longer in the policy/);
    expect(h.sent.map((s) => JSON.parse(s.record.notification).status)).toEqual(['firing', 'resolved']);
  });
});
