// A fresh Vigil with no spans yet: the evaluator's first pass reaches the present at once, stores
// its watermark, reports no lag, and judges the first execution that arrives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
beforeAll(async () => {
  const policy = join(mkdtempSync(join(tmpdir(), 'vigil-empty-')), 'policy.yaml');
  writeFileSync(policy, 'evaluator: {settleSeconds: 1, quietSeconds: 2}\n');
  // A long interval: this test drives the passes itself.
  vigil = await startTestVigil({ VIGIL_POLICY: policy }, { evaluatorIntervalMs: 600_000 });
});
afterAll(async () => {
  await vigil?.close();
});

describe('evaluator on an empty store', () => {
  it('catches up to now in one pass and then judges what arrives', async () => {
    const evaluator = vigil.vigil.evaluator!;
    await evaluator.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await evaluator.runOnce();
    const status = evaluator.status();
    expect(Date.now() - status.scanMs).toBeLessThan(10_000);
    expect(status.watermarkMs).toBeGreaterThan(Date.now() - 60_000);
    expect(status.lagSeconds).toBeLessThan(10);

    await sendExecutions(vigil.otlpHttp, vigil.key, [answerExecution({ agent: 'first-bot', knowledge: ['Parcels ship in 2 days.'], answer: 'Parcels ship in 2 days.' })]);
    await vigil.flush();
    let judged = 0;
    for (let waited = 0; judged === 0 && waited < 20_000; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      judged += (await evaluator.runOnce()).judged;
    }
    expect(judged).toBe(1);
  }, 60_000);
});
