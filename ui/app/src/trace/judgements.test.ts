import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../server/evaluation-schemas.ts';
import { flagChips, flagsBySpan, judgementsBySpan } from './judgements.ts';
import { hallucinationDetails, judgeDetails, loopDetails, piiFindings } from './judgement-details.ts';

function judgement(over: Partial<Evaluation>): Evaluation {
  return {
    traceId: 't1', spanId: '', check: 'hallucination', source: 'guardrail', agent: 'bot', time: '2026-12-01T10:00:00.000Z', score: 0,
    label: 'grounded', passed: true, explanation: '', details: {}, policyHash: 'h', evaluatedAt: '2026-12-01T10:00:05.000Z', ...over,
  };
}

describe('judgements of a trace', () => {
  const hallucination = judgement({ spanId: 'llm', label: 'unsupported', passed: false });
  const judge = judgement({ spanId: 'llm', source: 'judge', label: 'unsupported', passed: false });
  const pii = judgement({ spanId: 'llm', check: 'pii', label: 'email', passed: false });
  const cost = judgement({ check: 'cost_anomaly', label: 'ok' });
  const loop = judgement({ spanId: 'tool-3', check: 'loop', label: 'repeated_tool_call', passed: false, details: { violations: [], repeatedToolCalls: [{ name: 'lookup', count: 3, spanIds: ['tool-1', 'tool-2', 'tool-3'] }] } });

  it('puts execution-level judgements on the root span and a loop on every repeated call', () => {
    const bySpan = judgementsBySpan([pii, judge, cost, hallucination, loop], 'root');
    expect(bySpan.get('llm')).toEqual([hallucination, judge, pii]);
    expect(bySpan.get('root')).toEqual([cost]);
    expect(bySpan.get('tool-1')).toEqual([loop]);
    expect(bySpan.get('tool-3')).toEqual([loop]);
  });

  it('flags only the spans with a failing judgement', () => {
    const flags = flagsBySpan(judgementsBySpan([hallucination, judge, pii, cost], 'root'));
    expect(flags.get('llm')).toEqual(['hallucination: unsupported', 'hallucination (judge): unsupported', 'pii: email']);
    expect(flags.has('root')).toBe(false);
  });

  it('makes one chip per failing judgement, guardrails first', () => {
    expect(flagChips([pii, judge, cost, hallucination]).map((c) => `${c.check}/${c.source}`)).toEqual(['hallucination/guardrail', 'hallucination/judge', 'pii/guardrail']);
  });
});

describe('judgement details', () => {
  it('reads the shapes the checks write and ignores anything else', () => {
    const h = hallucinationDetails({ mode: 'facts', threshold: 0.5, answer: 'A.', claims: [{ claim: 'A.', kind: 'factual', score: 0.1, supported: false, passage: 'B', reasons: ['x', 3] }, 'junk'] });
    expect(h?.claims).toEqual([{ claim: 'A.', kind: 'factual', score: 0.1, supported: false, passage: 'B', reasons: ['x'] }]);
    expect(hallucinationDetails({ answer: 3 })).toBeNull();
    expect(judgeDetails({ model: 'm', costUsd: 0.001, unsupportedClaims: [{ claim: 'c', reason: 'r' }] })).toMatchObject({ model: 'm', costUsd: 0.001, latencyMs: null, error: '' });
    expect(piiFindings({ findings: [{ kind: 'email', start: 1, end: 4, masked: 'a***' }, { start: 2 }] })).toEqual([{ kind: 'email', start: 1, end: 4, masked: 'a***' }]);
    expect(loopDetails({ cost: 1 })).toBeNull();
  });
});
