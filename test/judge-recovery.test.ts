// The judge's queue lives in memory: answers it still owes a verdict on (never sent before a
// restart, or answered `unknown`) are found in the store at the next start and judged then.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startVigil, type RunningVigil } from '../bin/server.ts';
import { loadConfig } from '../core/config.ts';
import type { EvaluationPage } from '../ui/server/evaluation-schemas.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startFakeLlm, type FakeLlm } from './helpers/fake-llm.ts';
import { TEST_KEY } from './helpers/vigil.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-judge-recovery-'));
const policy = join(dataDir, 'policy.yaml');
let llm: FakeLlm | undefined;
let vigil: RunningVigil | undefined;
afterAll(async () => {
  await vigil?.close();
  await llm?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(judgeUrl: string): Promise<RunningVigil> {
  writeFileSync(policy, `evaluator: {settleSeconds: 1, quietSeconds: 2}\njudge:\n  baseUrl: ${judgeUrl}/v1\n  model: judge-model\n  band: {low: 0, high: 1}\n  timeoutMs: 2000\n`);
  const config = loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: TEST_KEY, VIGIL_POLICY: policy, VIGIL_OTLP_HTTP_PORT: '0', VIGIL_OTLP_GRPC_PORT: '0', VIGIL_HTTP_PORT: '0' });
  return startVigil(config, 'all', { evaluatorIntervalMs: 200 });
}

async function judgeRows(running: RunningVigil, label?: string): Promise<EvaluationPage['evaluations']> {
  const response = await fetch(`${running.endpoints.http}/api/evaluations?from=1h&source=judge${label ? `&label=${label}` : ''}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  return ((await response.json()) as EvaluationPage).evaluations;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let waited = 0; waited < 30_000; waited += 200) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out');
}

describe('judge recovery', () => {
  it('asks again after a restart for verdicts the judge owed (it was down before)', async () => {
    llm = await startFakeLlm(() => ({ status: 503 }));
    vigil = await start(llm.url);
    await sendExecutions(vigil.endpoints.otlpHttp!, TEST_KEY, [answerExecution({ agent: 'owed-bot', knowledge: ['Parcels ship in 2 days.'], answer: 'Parcels ship in 9 days.' })]);
    const unknown = await until(() => judgeRows(vigil!, 'unknown'), (rows) => rows.length === 1);
    expect(unknown[0]).toMatchObject({ check: 'hallucination', passed: true });
    await vigil.close();
    vigil = undefined;
    await llm.close();

    llm = await startFakeLlm(() => ({ content: JSON.stringify({ verdict: 'unsupported', unsupported_claims: [{ claim: 'ship in 9 days', reason: 'context says 2' }], confidence: 0.8 }) }));
    vigil = await start(llm.url);
    const judged = await until(() => judgeRows(vigil!), (rows) => rows.some((r) => r.label === 'unsupported'));
    // The verdict replaced the `unknown` row: one judge row for the answer.
    expect(judged).toHaveLength(1);
    expect(judged[0]).toMatchObject({ agent: 'owed-bot', label: 'unsupported', passed: false });
  }, 90_000);
});
