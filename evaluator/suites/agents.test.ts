import { describe, expect, it } from 'vitest';
import { atPath, caseIdOf, fillTemplate } from './agents.ts';
import { waitForTraces } from './run.ts';
import type { ExecutionFacts } from '../extract.ts';

describe('agent providers', () => {
  it('fill a JSON body template, keeping a whole placeholder\'s type', () => {
    const vars = { question: 'Why?', history: [{ role: 'user', content: 'hi' }], user: { id: 7 } };
    expect(fillTemplate({ input: '{{prompt}}', history: '{{ history }}', tag: 'user-{{user.id}}: {{missing}}', n: 3 }, 'P', vars)).toEqual({
      input: 'P',
      history: [{ role: 'user', content: 'hi' }],
      tag: 'user-7: ',
      n: 3,
    });
    expect(atPath({ reply: { parts: ['a', 'b'] } }, 'reply.parts.1')).toBe('b');
    expect(atPath({ reply: null }, 'reply.text')).toBeUndefined();
  });

  it('give a case the same id in every run', () => {
    expect(caseIdOf('refund window', { q: 1 })).toBe('refund window');
    expect(caseIdOf(undefined, { b: 2, a: 1 })).toBe(caseIdOf(undefined, { a: 1, b: 2 }));
    expect(caseIdOf(undefined, { a: 1 })).not.toBe(caseIdOf(undefined, { a: 2 }));
  });
});

describe('waiting for the traces of a run', () => {
  it('takes a trace once its span count has held for the settle time, and reports the rest when time is up', async () => {
    let clock = 0;
    const facts = { traceId: 'x' } as ExecutionFacts;
    // Trace a grows to 3 spans then holds; b only ever has the suite's span; c never arrives.
    const counts: Record<string, number[]> = { a: [1, 2, 3, 3, 3, 3, 3, 3], b: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] };
    const polls: Record<string, number> = { a: 0, b: 0, c: 0 };
    const progress: string[] = [];
    const linked = await waitForTraces(['a', 'b', 'c'], {
      fetchFacts: async (id) => {
        const n = counts[id]?.[Math.min(polls[id]!++, counts[id]!.length - 1)];
        return n === undefined ? undefined : { spanCount: n, facts };
      },
      settleMs: 1000,
      traceTimeoutMs: 5000,
      onProgress: (p) => progress.push(`${p.done}/${p.total}`),
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(linked.get('a')).toEqual({ facts, spanCount: 3 });
    expect(linked.get('b')).toEqual({ spanCount: 1, missing: expect.stringMatching(/^the agent sent no spans of this case to Vigil within 5 s/) });
    expect(linked.get('c')).toEqual({ spanCount: 0, missing: "the case's trace did not reach Vigil within 5 s" });
    expect(progress[0]).toBe('0/3');
    expect(progress).toContain('1/3');
  });

  it('does not wait when no Vigil is running', async () => {
    expect((await waitForTraces(['a'], { settleMs: 1, traceTimeoutMs: 1, onProgress: () => undefined })).size).toBe(0);
  });
});
