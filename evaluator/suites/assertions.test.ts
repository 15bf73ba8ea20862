import { describe, expect, it } from 'vitest';
import type { ExecutionFacts } from '../extract.ts';
import { runVigilAssertion, type CaseEvidence } from './assertions.ts';

const DOC = 'Items can be returned within 30 days of delivery. Shipping costs are not refunded.';
const facts = (over: Partial<ExecutionFacts> = {}): ExecutionFacts => ({
  traceId: 'a'.repeat(32),
  agent: 'support-agent',
  startNs: '0',
  durationMs: 1200,
  question: 'How long do I have to return an item?',
  answer: { spanId: 'b'.repeat(16), text: 'You can return items within 30 days of delivery.' },
  context: [{ spanId: 'c'.repeat(16), kind: 'document', text: DOC }],
  toolCalls: [],
  llmCalls: 1,
  spans: 4,
  tokens: 440,
  costUsd: 0.0004,
  costIncomplete: false,
  failed: false,
  ...over,
});
const evidence = (over: Partial<CaseEvidence> = {}): CaseEvidence => ({ question: 'q', output: 'You can return items within 30 days of delivery.', context: [], latencyMs: 80, ...over });

describe('Vigil checks as suite assertions', () => {
  it('read the linked trace when there is one', () => {
    const linked = evidence({ facts: facts() });
    expect(runVigilAssertion({ type: 'vigil:groundedness' }, linked)).toMatchObject({ pass: true });
    expect(runVigilAssertion({ type: 'vigil:latency', threshold: 1000 }, linked)).toEqual({ type: 'vigil:latency', pass: false, score: 0, reason: 'the execution (its trace) took 1200 ms; the budget is 1000 ms.' });
    expect(runVigilAssertion({ type: 'vigil:cost', threshold: 0.001 }, linked)).toEqual({ type: 'vigil:cost', pass: true, score: 1, reason: 'the execution cost $0.00040; the budget is $0.001.' });
    const looping = facts({ toolCalls: Array.from({ length: 4 }, () => ({ spanId: 'd'.repeat(16), name: 'lookup_order', arguments: '{"order":"A-1"}' })) });
    expect(runVigilAssertion({ type: 'vigil:loop' }, evidence({ facts: looping }))).toMatchObject({ pass: false, reason: expect.stringMatching(/lookup_order was called 4 times/) });
    expect(runVigilAssertion({ type: 'vigil:loop', config: { maxRepeatedToolCalls: 5 } }, evidence({ facts: looping }))).toMatchObject({ pass: true });
  });

  it('fall back on what the suite saw: the output, the context variable, the call', () => {
    const unsupported = evidence({ output: 'You can return items within 90 days, and shipping is refunded.', context: [DOC] });
    expect(runVigilAssertion({ type: 'vigil:groundedness' }, unsupported)).toMatchObject({ pass: false, reason: expect.stringMatching(/not supported/) });
    expect(runVigilAssertion({ type: 'vigil:pii' }, evidence({ output: 'Mail jane.doe@example.com' }))).toMatchObject({ pass: false, reason: expect.not.stringContaining('jane.doe') });
    expect(runVigilAssertion({ type: 'vigil:pii', config: { kinds: ['phone'] } }, evidence({ output: 'Mail jane.doe@example.com' }))).toMatchObject({ pass: true });
    expect(runVigilAssertion({ type: 'vigil:latency', threshold: 100 }, evidence())).toMatchObject({ pass: true, reason: 'the call took 80 ms; the budget is 100 ms.' });
    expect(runVigilAssertion({ type: 'vigil:cost', threshold: 0.01 }, evidence({ costUsd: 0.02 }))).toMatchObject({ pass: false });
  });

  it('fail, saying why, when there is nothing to check', () => {
    const bare = evidence({ missingTrace: 'no Vigil was running to receive the trace' });
    expect(runVigilAssertion({ type: 'vigil:groundedness' }, bare)).toMatchObject({ pass: false, reason: expect.stringMatching(/^Not checked: .*Give the test a `context` variable/) });
    expect(runVigilAssertion({ type: 'vigil:loop' }, bare)).toMatchObject({ pass: false, reason: expect.stringMatching(/^Not checked: no Vigil was running/) });
    expect(runVigilAssertion({ type: 'vigil:cost', threshold: 1 }, bare)).toMatchObject({ pass: false, reason: expect.stringMatching(/provider reported no cost/) });
    expect(runVigilAssertion({ type: 'vigil:cost', threshold: 1 }, evidence({ facts: facts({ costIncomplete: true }) }))).toMatchObject({ pass: false, reason: expect.stringMatching(/no known price/) });
    expect(runVigilAssertion({ type: 'vigil:pii' }, evidence({ output: '' }))).toMatchObject({ pass: false, reason: 'Not checked: the case produced no output.' });
  });
});
