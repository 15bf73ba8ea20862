import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('repeats its sequence for the same seed and changes it for another', () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps integers inside their bounds and reaches both ends', () => {
    const random = new Random(7);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws weighted keys in proportion to their weights', () => {
    const random = new Random(1);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (random.weighted({ heavy: 9, light: 1 }) === 'heavy') heavy++;
    expect(heavy / 10_000).toBeCloseTo(0.9, 1);
  });

  it('gives latencies around their median with a right tail', () => {
    const random = new Random(3);
    const values = Array.from({ length: 5000 }, () => random.latency(100)).sort((a, b) => a - b);
    expect(values[2500]).toBeGreaterThan(90);
    expect(values[2500]).toBeLessThan(110);
    expect(values[4950]! / values[2500]!).toBeGreaterThan(2);
    expect(values[0]).toBeGreaterThan(0);
  });
});
