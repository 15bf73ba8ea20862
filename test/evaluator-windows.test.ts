// The windowed guardrails and the cost baseline on stored history: latency drift against the same
// time of day on previous days, SLO burn over fast and slow windows, and a cost anomaly against the
// agent's median — all from executions sent through the real exporter with exact timings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationPage, EvaluationSummary } from '../ui/server/evaluation-schemas.ts';
import { sendExecutions, timedExecution } from './helpers/executions.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const DAY = 86_400_000;
const MIN = 60_000;
let vigil: TestVigil;

async function judgements(query: string): Promise<EvaluationPage['evaluations']> {
  const response = await fetch(`${vigil.api}/api/evaluations?from=8d&limit=200&${query}`, { headers: { authorization: `Bearer ${vigil.key}` } });
  return ((await response.json()) as EvaluationPage).evaluations;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-windows-'));
  const policy = join(dir, 'policy.yaml');
  writeFileSync(
    policy,
    `evaluator: {settleSeconds: 1, quietSeconds: 2}
checks:
  latency_drift: {recentMinutes: 60, minSamples: 30}
slos:
  - {name: steady answers within 1.5 s, agent: steady-bot, kind: latency, thresholdMs: 1500, target: 0.99, windowDays: 7}
`,
  );
  vigil = await startTestVigil({ VIGIL_POLICY: policy }, { evaluatorIntervalMs: 200 });
  const now = Date.now();
  const executions = [];
  // Baseline: the same time of day on each of the previous 6 days, ~1 s, steady cost.
  for (let day = 1; day <= 6; day++) {
    for (let i = 0; i < 40; i++) executions.push(timedExecution('steady-bot', now - day * DAY - 100 * MIN + i * 3 * MIN, 900 + (i % 10) * 20));
  }
  // The last hour: twice as slow.
  for (let i = 0; i < 40; i++) executions.push(timedExecution('steady-bot', now - 62 * MIN + i * 1.3 * MIN, 1900 + (i % 10) * 40));
  await sendExecutions(vigil.otlpHttp, vigil.key, executions);
  await vigil.flush();
}, 60_000);

afterAll(async () => {
  await vigil?.close();
});

describe('windowed checks', () => {
  it('finds the slower agent against the same time of day on previous days', async () => {
    await vigil.vigil.windowed!.runOnce();
    const drift = (await judgements('check=latency_drift')).find((e) => e.spanId === 'agent:steady-bot')!;
    expect(drift).toMatchObject({ traceId: '', agent: 'steady-bot', label: 'slower', passed: false });
    expect(drift.score).toBeGreaterThan(1.5);
    expect(drift.explanation).toMatch(/steady-bot: p95 .* over the last 60 min/);
  });

  it('pages on an SLO whose budget burns in both the long and the short window', async () => {
    await vigil.vigil.windowed!.runOnce();
    const slo = (await judgements('check=slo_burn')).find((e) => e.spanId === 'slo:steady answers within 1.5 s')!;
    expect(slo).toMatchObject({ agent: 'steady-bot', label: 'page', passed: false });
    expect(slo.explanation).toMatch(/budget/);
  });

  it('flags an execution costing many times the agent median', async () => {
    // Wait until the history is judged (the baseline is read then), then send one expensive execution.
    const judged = async () => {
      const response = await fetch(`${vigil.api}/api/evaluations/summary?from=8d&check=cost_anomaly`, { headers: { authorization: `Bearer ${vigil.key}` } });
      return ((await response.json()) as EvaluationSummary).counts.reduce((sum, c) => sum + c.evaluated, 0);
    };
    for (let waited = 0; (await judged()) < 280 && waited < 30_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
    await sendExecutions(vigil.otlpHttp, vigil.key, [timedExecution('steady-bot', Date.now() - 5 * MIN, 1000, { inputTokens: 60_000 })]);
    await vigil.flush();
    let flagged: EvaluationPage['evaluations'] = [];
    for (let waited = 0; flagged.length === 0 && waited < 30_000; waited += 250) {
      flagged = await judgements('check=cost_anomaly&flagged=true');
      if (flagged.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ label: 'anomalous', agent: 'steady-bot' });
    expect(flagged[0]!.explanation).toMatch(/× the agent's median/);
  });
});
