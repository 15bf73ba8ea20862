import { describe, expect, it } from 'vitest';
import type { ExecutionFacts } from '../extract.ts';
import { checkHallucination } from './hallucination.ts';

const facts = (answer: string | undefined, context: string[]): ExecutionFacts => ({
  traceId: 't',
  agent: 'a',
  startNs: '0',
  durationMs: 1,
  question: '',
  answer: answer === undefined ? undefined : { spanId: 's', text: answer },
  context: context.map((text) => ({ spanId: 'r', kind: 'document', text })),
  toolCalls: [],
  llmCalls: 1,
  spans: 2,
  tokens: 0,
  costUsd: 0,
  costIncomplete: false,
  failed: false,
});

describe('hallucination check', () => {
  it('is not checkable without an answer or without context, never grounded', () => {
    expect(checkHallucination(facts(undefined, ['x']), { mode: 'facts' })).toMatchObject({ label: 'not_checkable', passed: true });
    expect(checkHallucination(facts('Refunds take 5 days.', []), { mode: 'facts' })).toMatchObject({ label: 'not_checkable', passed: true });
  });

  it('quotes the unsupported claim with its closest passage', () => {
    const result = checkHallucination(facts('Refunds take 90 days.', ['Refunds take 5 business days.']), { mode: 'facts' });
    expect(result).toMatchObject({ label: 'unsupported', passed: false, spanId: 's' });
    expect(result.explanation).toContain('"Refunds take 90 days." (closest: "Refunds take 5 business days.")');
  });

  it('never quotes personal data in full, in the explanation, the claims or the reasons', () => {
    const answer = 'Refunds take 5 business days. Your account jane.doe@example.com is charged on card 4111 1111 1111 1111.';
    const result = checkHallucination(facts(answer, ['Refunds take 5 business days.']), { mode: 'facts' });
    const text = JSON.stringify(result);
    expect(result.passed).toBe(false);
    for (const secret of ['jane.doe@example.com', '4111 1111 1111 1111', '"jane"', 'doe,', '"1111"']) expect(text).not.toContain(secret);
  });
});
