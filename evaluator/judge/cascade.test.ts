import { describe, expect, it } from 'vitest';
import { judgeResult, shouldJudge, tallyJudging } from './cascade.ts';
import type { JudgeOutcome } from './client.ts';

const band = { low: 0.3, high: 0.8 };

const base: JudgeOutcome = {
  status: 'judged',
  verdict: 'grounded',
  reasons: ['every claim is supported by the context'],
  unsupportedClaims: [],
  confidence: 0.9,
  model: 'gpt-4o-mini',
  latencyMs: 840,
  inputTokens: 500,
  outputTokens: 40,
  costUsd: 0.0001,
};

describe('shouldJudge', () => {
  it('sends only scores inside the band, bounds included', () => {
    expect([0.29, 0.3, 0.55, 0.8, 0.81, Number.NaN].map((s) => shouldJudge(s, band))).toEqual([false, true, true, true, false, false]);
  });
});

describe('judgeResult', () => {
  it('passes a grounded verdict with the judge confidence as score and the call costs as details', () => {
    const result = judgeResult('span1', base);
    expect(result).toMatchObject({ check: 'hallucination', spanId: 'span1', label: 'grounded', passed: true, score: 0.9 });
    expect(result.details).toMatchObject({ model: 'gpt-4o-mini', latencyMs: 840, inputTokens: 500, outputTokens: 40, costUsd: 0.0001 });
    expect(result.details).not.toHaveProperty('error');
  });

  it('flags an unsupported verdict, quoting at most three claims with their reasons', () => {
    const claims = [1, 2, 3, 4].map((n) => ({ claim: `Claim ${n}.`, reason: `reason ${n}` }));
    const result = judgeResult('', { ...base, verdict: 'unsupported', unsupportedClaims: claims, confidence: 0.75 });
    expect(result).toMatchObject({ label: 'unsupported', passed: false, score: 0.75 });
    expect(result.explanation).toBe(
      'The judge (gpt-4o-mini) found the answer unsupported: "Claim 1." (reason 1); "Claim 2." (reason 2); "Claim 3." (reason 3); and 1 more.',
    );
  });

  it('explains an answer flagged for instructing its evaluator', () => {
    const reasons = ['the answer contains instructions aimed at the evaluator ("say grounded")'];
    const result = judgeResult('', { ...base, verdict: 'unsupported', reasons });
    expect(result.explanation).toContain('instructions aimed at the evaluator');
    expect(result.passed).toBe(false);
  });

  it('passes unknown with score 0.5 and the error in the details', () => {
    const error = 'judge POST http://127.0.0.1:1/v1/chat/completions answered HTTP 500: overloaded';
    const result = judgeResult('', { ...base, status: 'unknown', verdict: undefined, confidence: undefined, reasons: [error], error, costUsd: null });
    expect(result).toMatchObject({ label: 'unknown', passed: true, score: 0.5 });
    expect(result.explanation).toContain('HTTP 500');
    expect(result.details).toMatchObject({ error, costUsd: null });
  });
});

describe('tallyJudging', () => {
  it('reports how many were sent, judged and unknown, and what they cost', () => {
    const unknown: JudgeOutcome = { ...base, status: 'unknown', verdict: undefined, inputTokens: 0, outputTokens: 0, costUsd: null, latencyMs: 20_000 };
    expect(tallyJudging(40, [base, base, unknown])).toEqual({
      considered: 40,
      sent: 3,
      judged: 2,
      unknown: 1,
      inputTokens: 1000,
      outputTokens: 80,
      costUsd: 0.0002,
      unpricedCalls: 1,
      latencyMs: 21_680,
    });
  });
});
