import { describe, expect, it } from 'vitest';
import { percentileOf, summarise } from './quantile.ts';

describe('percentileOf', () => {
  it('interpolates between ranks like NumPy and R (type 7)', () => {
    const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(summarise(oneToTen)).toEqual({ count: 10, p50: 5.5, p95: expect.closeTo(9.55, 12), p99: expect.closeTo(9.91, 12) });
    expect([0, 25, 50, 100].map((p) => percentileOf([1, 2, 3], p))).toEqual([1, 1.5, 2, 3]);
  });

  it('reads typed arrays, a single value, and nothing', () => {
    expect(percentileOf(Float64Array.of(2, 4), 50)).toBe(3);
    expect(percentileOf([7], 99)).toBe(7);
    expect(percentileOf([], 50)).toBeNaN();
  });
});
