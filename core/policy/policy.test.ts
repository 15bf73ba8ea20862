import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksFor, createPolicyStore, parsePolicy, PolicyError } from './index.ts';

function problemsOf(text: string) {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('policy file', () => {
  it('accepts an empty file as the defaults and hashes the content', () => {
    const empty = parsePolicy('', 'policy.yaml');
    expect(empty.document.version).toBe(1);
    expect(empty.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(parsePolicy('# comment\n', 'policy.yaml').hash).not.toBe(empty.hash);
  });

  it('names file, line, field and reason for a wrong value', () => {
    const text = 'checks:\n  hallucination:\n    mode: facts\n    threshold: 1.5\n';
    expect(problemsOf(text)).toEqual([
      { file: 'policy.yaml', line: 4, field: 'checks.hallucination.threshold', reason: expect.stringContaining('<=1') },
    ]);
  });

  it('points at a misspelt field by its own line', () => {
    const text = 'checks:\n  pii:\n    enabled: true\n    kindz: [email]\n';
    const [problem] = problemsOf(text);
    expect(problem).toMatchObject({ line: 4, field: 'checks.pii.kindz', reason: expect.stringContaining('unknown field "kindz"') });
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = problemsOf('checks:\n  pii: {enabled: true\n');
    expect(problem?.reason).toMatch(/^not valid YAML/);
    expect(problem?.line).toBeGreaterThan(0);
  });

  it('requires a latency threshold on latency SLOs and a valid band', () => {
    const problems = problemsOf('slos:\n  - name: fast\n    kind: latency\n    target: 0.99\njudge:\n  baseUrl: http://127.0.0.1:1/v1\n  model: m\n  band: {low: 0.9, high: 0.2}\n');
    expect(problems.map((p) => p.field)).toEqual(['slos[0].thresholdMs', 'judge.band']);
    expect(problems[0]?.line).toBe(2);
  });

  it('refuses an API key written into the policy (it is shown by the API)', () => {
    const [problem] = problemsOf('judge:\n  baseUrl: https://api.openai.com/v1\n  model: gpt-4o-mini\n  apiKey: sk-proj-abc\n');
    expect(problem).toMatchObject({ line: 4, field: 'judge.apiKey', reason: expect.stringContaining('apiKeyEnv') });
    expect(JSON.stringify(problem)).not.toContain('sk-proj-abc');
  });

  it('resolves per-agent overrides over project-wide settings over defaults', () => {
    const policy = parsePolicy(
      'checks:\n  hallucination: {mode: attribution}\n  loop: {maxRepeatedToolCalls: 5}\nagents:\n  support-bot:\n    checks:\n      hallucination: {sample: 0.5}\n',
      'policy.yaml',
    ).document;
    expect(checksFor(policy, 'support-bot').hallucination).toEqual({ enabled: true, sample: 0.5, mode: 'attribution' });
    expect(checksFor(policy, 'other').hallucination.sample).toBe(1);
    expect(checksFor(policy, 'other').loop.maxRepeatedToolCalls).toBe(5);
    expect(checksFor(policy, 'other').pii.enabled).toBe(true);
  });
});

describe('policy store', () => {
  it('reloads a valid edit and keeps the previous policy when an edit is invalid', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.yaml');
    writeFileSync(file, 'checks:\n  pii: {enabled: true}\n');
    const logs: string[] = [];
    const store = createPolicyStore(file, { log: (m) => logs.push(m) });
    const first = store.current().hash;
    writeFileSync(file, 'checks:\n  pii: {enabled: false}\n');
    expect(store.reload()).toBe(true);
    expect(store.current().document.checks?.pii?.enabled).toBe(false);
    const second = store.current().hash;
    expect(second).not.toBe(first);
    writeFileSync(file, 'checks:\n  pii: {enabled: maybe}\n');
    expect(store.reload()).toBe(false);
    expect(store.current().hash).toBe(second);
    expect(store.rejected()[0]).toMatchObject({ line: 2, field: 'checks.pii.enabled' });
    expect(logs.at(-1)).toContain('stays in force');
    store.close();
  });

  it('refuses to start on an unreadable file', () => {
    expect(() => createPolicyStore('/nonexistent/policy.yaml')).toThrow(/cannot read the file \(ENOENT\)/);
  });
});
