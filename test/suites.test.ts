// Suite runs through the API of a real Vigil: upload (ingest key), listing per suite, one run with
// its cases, a comparison with the last run that passed every case, and the errors a CI step meets.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteRun } from '../core/suites/model.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
let ingestKey = '';

async function api<T>(path: string, init: RequestInit = {}, token = vigil.key): Promise<{ status: number; body: T }> {
  const response = await fetch(`${vigil.api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  return { status: response.status, body: (await response.json()) as T };
}

function run(id: string, startedAt: string, outcomes: Record<string, boolean>): SuiteRun {
  return {
    id,
    suite: 'support answers',
    agent: 'support-bot',
    agentVersion: id,
    gitCommit: 'abc123',
    startedAt,
    durationMs: 1200,
    cases: Object.entries(outcomes).map(([caseId, pass]) => ({
      caseId,
      description: `refund question ${caseId}`,
      pass,
      score: pass ? 1 : 0,
      assertions: [{ type: 'contains', pass, score: pass ? 1 : 0, reason: pass ? 'found "30 days"' : 'expected "30 days" in the answer' }],
      latencyMs: 400,
      costUsd: 0.001,
      output: pass ? 'Refunds within 30 days.' : 'Refunds take <b>90 days</b>.',
      traceId: '',
      error: '',
      vars: { question: `Q${caseId}` },
    })),
  };
}

const upload = (r: SuiteRun, token = ingestKey) => api<{ passRate: number; error?: string }>('/api/suites/runs', { method: 'POST', body: JSON.stringify(r) }, token);

beforeAll(async () => {
  vigil = await startTestVigil();
  ingestKey = (await api<{ key: string }>('/api/projects/default/keys', { method: 'POST', body: JSON.stringify({ scope: 'ingest' }) }, TEST_ADMIN_TOKEN)).body.key;
}, 60_000);

afterAll(async () => {
  await vigil?.close();
});

describe('suite runs', () => {
  it('stores runs sent with an ingest key and lists them per suite, newest first', async () => {
    expect((await upload(run('v1', '2026-12-01T10:00:00Z', { a: true, b: true, c: true }))).status).toBe(201);
    expect((await upload(run('v2', '2026-12-01T11:00:00Z', { a: true, b: false, c: false }))).body).toMatchObject({ passRate: 1 / 3 });
    const { body } = await api<{ suites: { suite: string; runs: { id: string; passRate: number }[] }[] }>('/api/suites');
    expect(body.suites).toEqual([{ suite: 'support answers', runs: [expect.objectContaining({ id: 'v2' }), expect.objectContaining({ id: 'v1', passRate: 1 })] }]);
    const one = await api<{ cases: { caseId: string; output: string }[] }>('/api/suites/runs/v2');
    expect(one.body.cases.map((c) => c.caseId)).toEqual(['a', 'b', 'c']);
    expect(one.body.cases[1]!.output).toBe('Refunds take <b>90 days</b>.');
  });

  it('compares a run with the last run that passed every case, naming what broke', async () => {
    const { status, body } = await api<{ baseline: { id: string }; regressed: boolean; newlyFailing: { caseId: string }[]; significance: { broke: number; pValue: number } }>('/api/suites/runs/v2/compare');
    expect(status).toBe(200);
    expect(body.baseline.id).toBe('v1');
    expect(body.regressed).toBe(true);
    expect(body.newlyFailing.map((c) => c.caseId)).toEqual(['b', 'c']);
    expect(body.significance).toMatchObject({ broke: 2, pValue: 0.5 });
    const tolerated = await api<{ regressed: boolean }>('/api/suites/runs/v2/compare?baseline=v1&tolerance=2');
    expect(tolerated.body.regressed).toBe(false);
  });

  it('says what is wrong: no baseline, unknown runs, duplicate case ids, a read key, bad fields', async () => {
    expect((await api<{ error: string }>('/api/suites/runs/v1/compare')).body.error).toMatch(/no earlier run of suite "support answers" passed every case/);
    expect((await api('/api/suites/runs/nope')).status).toBe(404);
    const twice = run('v3', '2026-12-01T12:00:00Z', { a: true });
    twice.cases.push(twice.cases[0]!);
    expect((await upload(twice)).body.error).toMatch(/the case id "a" appears twice/);
    const readKey = (await api<{ key: string }>('/api/projects/default/keys', { method: 'POST', body: JSON.stringify({ scope: 'read' }) }, TEST_ADMIN_TOKEN)).body.key;
    const refused = await upload(run('v4', '2026-12-01T12:00:00Z', { a: true }), readKey);
    expect(refused).toMatchObject({ status: 403, body: { error: 'this key has scope "read" and cannot record results (feedback, suite runs): use an ingest or admin key of the project, or the admin token' } });
    // The admin token may record results too (into the default project, or the one it names).
    expect((await upload(run('v4', '2026-11-30T12:00:00Z', { a: true }), TEST_ADMIN_TOKEN)).status).toBe(201);
    const bad = await upload({ ...run('v5', 'yesterday', { a: true }) });
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringContaining('startedAt') } });
  });
});

describe('vigil suite', () => {
  const cli = async (args: string[], token = TEST_ADMIN_TOKEN) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['bin/vigil.ts', 'suite', ...args], { env: { ...process.env, VIGIL_URL: vigil.api, VIGIL_ADMIN_TOKEN: token } });
      return { stdout, code: 0 };
    } catch (error) {
      const e = error as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout + e.stderr, code: e.code };
    }
  };

  it('uploads a run, and compare exits 1 on a regression with JUnit and Markdown reports naming the broken cases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-suite-cli-'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify(run('v6', '2026-12-01T13:00:00Z', { a: true, b: true, c: false })));
    expect(await cli(['upload', join(dir, 'run.json')], ingestKey)).toEqual({ code: 0, stdout: 'stored run v6 of "support answers": 2 of 3 cases passed\n' });
    const compared = await cli(['compare', 'v6', '--junit', join(dir, 'junit.xml'), '--markdown', join(dir, 'comment.md')]);
    expect(compared.code).toBe(1);
    expect(compared.stdout).toContain('refund question c');
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite [^>]*tests="3"[^>]*failures="1"/);
    expect(junit).toContain('expected &quot;30 days&quot; in the answer');
    const comment = readFileSync(join(dir, 'comment.md'), 'utf8');
    expect(comment).toContain('refund question c');
    expect(comment).not.toContain('<b>');
    expect(await cli(['compare', 'v6', '--baseline', 'v2'])).toMatchObject({ code: 0 });
    expect(await cli(['upload', join(dir, 'missing.json')])).toMatchObject({ code: 1, stdout: expect.stringContaining('missing.json: no such file') });
  }, 60_000);
});
