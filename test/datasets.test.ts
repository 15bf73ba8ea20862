// Production executions become test cases: executions sent through the collector and judged by the
// evaluator of a real Vigil, exported as a promptfoo tests file — those a guardrail flagged, and a
// named dataset — through the API and `vigil dataset export`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

const KNOWLEDGE = 'Orders can be returned within 30 days of delivery. Refunds go to the original payment method within 5 business days.';
let vigil: TestVigil;
let traceIds: string[] = [];

async function text(path: string, init: RequestInit = {}, token = vigil.key): Promise<{ status: number; body: string }> {
  const response = await fetch(`${vigil.api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-datasets-'));
  writeFileSync(join(dir, 'policy.yaml'), 'evaluator: {settleSeconds: 1, quietSeconds: 3}\n');
  vigil = await startTestVigil({ VIGIL_POLICY: join(dir, 'policy.yaml') }, { evaluatorIntervalMs: 200 });
  await sendExecutions(vigil.otlpHttp, vigil.key, [
    answerExecution({ agent: 'support-bot', knowledge: [KNOWLEDGE], question: 'When does my order arrive?', answer: 'Your order ships with free express delivery and arrives tomorrow morning before 10 am.' }),
    answerExecution({ agent: 'support-bot', knowledge: [KNOWLEDGE], question: 'Can I return it?', answer: 'Yes, orders can be returned within 30 days of delivery.' }),
  ]);
  await vigil.flush();
  for (let waited = 0; waited < 30_000; waited += 250) {
    const { body } = await text('/api/evaluations?check=hallucination&from=1h');
    const list = (JSON.parse(body) as { evaluations: { traceId: string; passed: boolean }[] }).evaluations;
    if (list.length >= 2) {
      traceIds = [...list].sort((a, b) => Number(a.passed) - Number(b.passed)).map((e) => e.traceId);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 60_000);

afterAll(async () => {
  await vigil?.close();
});

describe('datasets', () => {
  it('exports the executions a guardrail flagged as promptfoo test cases, with the trace id and why', async () => {
    const { status, body } = await text('/api/datasets/export?flagged=hallucination&from=1h');
    expect(status).toBe(200);
    const cases = parse(body) as { description: string; vars: { question: string; context: string }; metadata: Record<string, unknown> }[];
    expect(cases).toHaveLength(1);
    expect(cases[0]!.vars).toEqual({ question: 'When does my order arrive?', context: KNOWLEDGE });
    expect(cases[0]!.metadata).toMatchObject({ vigilTraceId: traceIds[0], agent: 'support-bot', producedOutput: expect.stringContaining('arrives tomorrow') });
    expect((cases[0]!.metadata.flaggedBy as { check: string }[])[0]!.check).toBe('hallucination');
    expect(body.split('\n')[0]).toMatch(/^# 1 production executions exported by Vigil/);
  });

  it("carries a person's corrected answer into the test case", async () => {
    const correctedOutput = 'Orders arrive within 3 to 5 business days; express delivery is not offered.';
    const decided = await text(`/api/executions/${traceIds[0]}/outcome`, { method: 'POST', body: JSON.stringify({ outcome: 'failed', note: 'invented express delivery', correctedOutput }) }, TEST_ADMIN_TOKEN);
    expect(decided.status).toBe(202);
    expect(JSON.parse(decided.body).history).toEqual([expect.objectContaining({ reason: 'invented express delivery', correctedOutput })]);
    const cases = parse((await text('/api/datasets/export?flagged=hallucination&from=1h')).body) as { vars: Record<string, string>; metadata: Record<string, unknown> }[];
    expect(cases[0]!.vars).toEqual({ question: 'When does my order arrive?', context: KNOWLEDGE, expected: correctedOutput });
    expect(cases[0]!.metadata).toMatchObject({ reviewerNote: 'invented express delivery', correctedOutput });
  });

  it('keeps named datasets (admin scope), refuses executions of other projects, exports them', async () => {
    const added = await text('/api/datasets/refunds/items', { method: 'POST', body: JSON.stringify({ traceIds, note: 'refund answers' }) }, TEST_ADMIN_TOKEN);
    expect(JSON.parse(added.body)).toEqual({ dataset: 'refunds', added: 2, items: 2 });
    const again = await text('/api/datasets/refunds/items', { method: 'POST', body: JSON.stringify({ traceIds: [traceIds[0]] }) }, TEST_ADMIN_TOKEN);
    expect(JSON.parse(again.body)).toMatchObject({ items: 2 });
    const unknown = await text('/api/datasets/refunds/items', { method: 'POST', body: JSON.stringify({ traceIds: ['f'.repeat(32)] }) }, TEST_ADMIN_TOKEN);
    expect(unknown).toMatchObject({ status: 404, body: expect.stringContaining('not executions of this project') });
    expect(JSON.parse((await text('/api/datasets')).body)).toEqual({ datasets: [{ name: 'refunds', items: 2, updatedAt: expect.any(String) }] });
    expect((await text('/api/datasets/nothing/export')).status).toBe(404);

    const dir = mkdtempSync(join(tmpdir(), 'vigil-dataset-cli-'));
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/vigil.ts', 'dataset', 'export', '--dataset', 'refunds', '--output', join(dir, 'refunds.yaml')], {
      env: { ...process.env, VIGIL_URL: vigil.api, VIGIL_ADMIN_TOKEN: TEST_ADMIN_TOKEN },
    });
    expect(stdout).toBe(`${join(dir, 'refunds.yaml')}: 2 test cases\n`);
    const cases = parse(readFileSync(join(dir, 'refunds.yaml'), 'utf8')) as { metadata: { vigilTraceId: string } }[];
    expect(cases.map((c) => c.metadata.vigilTraceId).sort()).toEqual([...traceIds].sort());
  }, 30_000);
});
