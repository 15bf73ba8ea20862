import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const vigil = (args: string[]) =>
  spawnSync(process.execPath, ['bin/vigil.ts', 'guard', 'hallucination', ...args], { cwd: repo, encoding: 'utf8' });

describe('vigil guard hallucination (real process)', () => {
  it('writes one verdict per good line in order and reports bad lines by number', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-guard-')), 'in.jsonl');
    writeFileSync(file, [
      JSON.stringify({ context: 'Refunds are issued within 14 days.', answer: 'Refunds are issued within 30 days.', id: 1 }),
      '{"context": "broken"',
      JSON.stringify({ context: ['The store is open on Sundays.'], answer: 'Hello! The store is open on Sundays.', id: 2 }),
    ].join('\n'));
    const run = vigil(['--input', file]);
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { flagged: true, id: 1, unsupported: [{ claim: 'Refunds are issued within 30 days.' }] },
      { flagged: false, id: 2, unsupported: [] },
    ]);
    expect(run.stderr).toMatch(/line 2: invalid JSON/);
  });

  it('checks in attribution mode on request, and rejects an unknown mode', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-guard-')), 'in.jsonl');
    writeFileSync(file, `${JSON.stringify({ context: 'The store is open on Sundays.', answer: 'How was yours?' })}\n`);
    expect(JSON.parse(vigil(['--input', file]).stdout)).toMatchObject({ score: 1, flagged: false });
    const strict = vigil(['--input', file, '--mode', 'attribution']);
    expect(strict.status).toBe(0);
    expect(JSON.parse(strict.stdout)).toMatchObject({ flagged: true, unsupported: [{ claim: 'How was yours?' }] });
    const wrong = vigil(['--input', file, '--mode', 'strict']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/'strict' is invalid.*facts, attribution/);
  });

  it('exits 2 with a clear message when the input file is missing', () => {
    const run = vigil(['--input', '/nonexistent/answers.jsonl']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('input file not found: /nonexistent/answers.jsonl');
  });
});
