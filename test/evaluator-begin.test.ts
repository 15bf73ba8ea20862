// The BEGIN sample replayed as real OpenTelemetry traces through the collector (a retrieval span
// carrying the knowledge, an LLM span and the agent span carrying the response): the evaluator's
// stored flags are the detector's own verdicts on the same rows, so they agree with the human labels
// at exactly the rate the benchmark measures on them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHallucinated, isScored, parseBeginTsv } from '../evaluator/hallucination/begin.ts';
import { detectHallucination } from '../evaluator/hallucination/index.ts';
import { auroc, metrics, tally } from '../evaluator/stats/classification.ts';
import type { EvaluationPage } from '../ui/server/evaluation-schemas.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const rows = parseBeginTsv(readFileSync(new URL('../evaluator/hallucination/fixtures/begin-sample.tsv', import.meta.url), 'utf8')).filter(isScored);
let vigil: TestVigil;
const stored = new Map<string, { score: number; flagged: boolean }>();

beforeAll(async () => {
  const policy = join(mkdtempSync(join(tmpdir(), 'vigil-begin-')), 'policy.yaml');
  writeFileSync(policy, 'evaluator: {settleSeconds: 1, quietSeconds: 2}\nchecks:\n  hallucination: {mode: attribution}\n');
  vigil = await startTestVigil({ VIGIL_POLICY: policy }, { evaluatorIntervalMs: 200 });
  await sendExecutions(
    vigil.otlpHttp,
    vigil.key,
    rows.map((row, i) => answerExecution({ agent: `begin-${i}`, knowledge: [row.knowledge], question: '', answer: row.response })),
  );
  for (let waited = 0; stored.size < rows.length && waited < 60_000; waited += 300) {
    const response = await fetch(`${vigil.api}/api/evaluations?from=1h&check=hallucination&limit=500`, { headers: { authorization: `Bearer ${vigil.key}` } });
    for (const e of ((await response.json()) as EvaluationPage).evaluations) stored.set(e.agent, { score: e.score, flagged: !e.passed });
    if (stored.size < rows.length) await new Promise((resolve) => setTimeout(resolve, 300));
  }
}, 120_000);

afterAll(async () => {
  await vigil?.close();
});

describe('BEGIN sample through the collector and the evaluator', () => {
  it('stores the detector\'s verdict for every row', () => {
    expect(stored.size).toBe(rows.length);
    rows.forEach((row, i) => {
      const offline = detectHallucination(row.knowledge, row.response, { mode: 'attribution' });
      expect(stored.get(`begin-${i}`), row.response).toEqual({ score: offline.score, flagged: offline.flagged });
    });
  });

  it('agrees with the human labels at the benchmark\'s rate on these rows', () => {
    const decisions = rows.map((row, i) => ({ positive: isHallucinated(row), predicted: stored.get(`begin-${i}`)!.flagged, score: -stored.get(`begin-${i}`)!.score }));
    const offline = rows.map((row) => {
      const verdict = detectHallucination(row.knowledge, row.response, { mode: 'attribution' });
      return { positive: isHallucinated(row), predicted: verdict.flagged, score: -verdict.score };
    });
    expect(metrics(tally(decisions))).toEqual(metrics(tally(offline)));
    expect(auroc(decisions)).toBe(auroc(offline));
    expect(auroc(decisions)).toBeGreaterThan(0.85);
  });
});
