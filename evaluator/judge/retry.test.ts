import { describe, expect, it } from 'vitest';
import { JudgeRetryQueue } from './retry.ts';

const MINUTE = 60_000;

describe('JudgeRetryQueue', () => {
  it('backs off 1, 5 and 30 minutes, then gives up', () => {
    const queue = new JudgeRetryQueue<string>();
    let now = 0;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const decision = queue.recordUnknown('exec-1', 'payload', now);
      if (decision.kind !== 'scheduled') throw new Error('expected a retry');
      delays.push(decision.nextAttemptMs - now);
      expect(queue.due(decision.nextAttemptMs - 1)).toEqual([]);
      now = decision.nextAttemptMs;
      expect(queue.due(now).map((r) => [r.key, r.item, r.failures])).toEqual([['exec-1', 'payload', i + 1]]);
    }
    expect(delays).toEqual([1 * MINUTE, 5 * MINUTE, 30 * MINUTE]);
    expect(queue.recordUnknown('exec-1', 'payload', now)).toEqual({ kind: 'gave_up', failures: 4 });
    expect(queue.size).toBe(0);
  });

  it('forgets an execution once the judge gives a verdict', () => {
    const queue = new JudgeRetryQueue<string>();
    queue.recordUnknown('exec-1', 'a', 0);
    queue.recordJudged('exec-1');
    expect(queue.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('returns due retries earliest first, up to a limit', () => {
    const queue = new JudgeRetryQueue<number>({ delaysMs: [10] });
    queue.recordUnknown('late', 1, 50);
    queue.recordUnknown('early', 2, 0);
    queue.recordUnknown('middle', 3, 20);
    expect(queue.due(100).map((r) => r.key)).toEqual(['early', 'middle', 'late']);
    expect(queue.due(100, 2).map((r) => r.key)).toEqual(['early', 'middle']);
    expect(queue.due(25).map((r) => r.key)).toEqual(['early']);
  });

  it('stays within its capacity by dropping the oldest entry', () => {
    const queue = new JudgeRetryQueue<number>({ capacity: 2 });
    queue.recordUnknown('a', 1, 0);
    queue.recordUnknown('b', 2, 0);
    queue.recordUnknown('a', 1, 1); // rescheduling an entry does not grow the queue
    queue.recordUnknown('c', 3, 2);
    expect(queue.size).toBe(2);
    expect(queue.dropped).toBe(1);
    expect(queue.due(Number.MAX_SAFE_INTEGER).map((r) => r.key).sort()).toEqual(['a', 'c']);
  });
});
