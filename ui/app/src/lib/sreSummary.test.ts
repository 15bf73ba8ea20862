import { describe, expect, it } from 'vitest';
import type { LatencyPoint } from '../../../server/schemas.ts';
import { median, summarizeGroups, trendWord } from './sreSummary.ts';

const from = Date.UTC(2026, 11, 1, 10, 0);
const to = Date.UTC(2026, 11, 1, 11, 0);
function point(group: string, minute: number, p95Ms: number, count = 10, errors = 0): LatencyPoint {
  return {
    time: new Date(from + minute * 60_000).toISOString(),
    group,
    count,
    executions: count,
    errors,
    errorRate: errors / count,
    throughputPerMin: count,
    p50Ms: p95Ms / 2,
    p95Ms,
    p99Ms: p95Ms * 1.2,
  };
}

describe('summarizeGroups', () => {
  it('compares the recent half of the window with the earlier half', () => {
    const points = [point('a', 5, 100, 10, 1), point('a', 10, 120), point('a', 40, 300), point('a', 50, 280), point('b', 45, 50, 4)];
    const [a, b] = summarizeGroups(points, from, to);
    expect(a).toMatchObject({ group: 'a', count: 40, errors: 1, p95Earlier: 110, p95Recent: 290 });
    expect(a!.errorRate).toBeCloseTo(0.025);
    expect(a!.p95Change).toBeCloseTo(290 / 110 - 1);
    expect(trendWord(a!)).toBe('slower');
    expect(b).toMatchObject({ group: 'b', p95Earlier: null, p95Change: null });
    expect(trendWord(b!)).toBe('new');
  });

  it('flags a rising error rate before latency', () => {
    const [a] = summarizeGroups([point('a', 5, 100), point('a', 40, 100, 10, 3)], from, to);
    expect(trendWord(a!)).toBe('more errors');
    const [single] = summarizeGroups([point('o', 5, 100), point('o', 40, 100, 10, 1)], from, to);
    expect(trendWord(single!)).toBe('steady');
    const [steady] = summarizeGroups([point('s', 5, 100), point('s', 40, 110)], from, to);
    expect(trendWord(steady!)).toBe('steady');
  });

  it('takes medians', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
