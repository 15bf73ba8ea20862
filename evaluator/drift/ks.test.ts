import { describe, expect, it } from 'vitest';
import { kolmogorovSurvival, ksStatistic, ksTest } from './ks.ts';

const sorted = (values: readonly number[]): number[] => [...values].sort((x, y) => x - y);

describe('kolmogorovSurvival', () => {
  it('matches the tabulated Kolmogorov distribution on both sides of the series switch', () => {
    // scipy.special.kolmogorov
    const table: [number, number][] = [
      [0.5, 0.9639452436648751],
      [1.0, 0.26999967167735456],
      [1.2238, 0.10002342783567782],
      [1.3581, 0.0499996304316674],
      [1.6276, 0.010001537333060776],
      [1.9495, 0.0009998019790258981],
      [2.5, 7.453306344157342e-6],
    ];
    for (const [lambda, p] of table) expect(kolmogorovSurvival(lambda), `λ = ${lambda}`).toBeCloseTo(p, 8);
  });

  it('is 1 at and below 0 and vanishes far out', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(0.1)).toBe(1);
    expect(kolmogorovSurvival(10)).toBeLessThan(1e-80);
  });
});

describe('ksTest', () => {
  it('agrees with scipy.stats.ks_2samp on a small sample', () => {
    const a = sorted([0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47]);
    const b = sorted([2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.72]);
    const test = ksTest(a, b);
    expect(test.statistic).toBeCloseTo(0.23, 12);
    expect(test.pValue).toBeCloseTo(0.5286, 1); // exact 0.5286; Stephens' approximation 0.5411
    expect(ksTest(b, a)).toEqual(test);
  });

  it('agrees with the exact p-value at a few hundred executions', () => {
    const a = sorted(Array.from({ length: 200 }, (_, i) => (i * 37) % 101));
    const b = sorted(Array.from({ length: 150 }, (_, i) => ((i * 53) % 97) * 1.15));
    const test = ksTest(a, b);
    expect(test.statistic).toBeCloseTo(0.09333333333333334, 12);
    expect(Math.abs(test.pValue - 0.42212495558904584)).toBeLessThan(0.01);
  });

  it('steps over tied values instead of opening a gap between them', () => {
    expect(ksStatistic([1, 2, 2, 3, 3, 3], [2, 3, 3, 4, 4])).toBeCloseTo(0.4, 12);
    expect(ksStatistic([5, 5, 5], [5, 5])).toBe(0);
  });

  it('separates disjoint samples completely', () => {
    const test = ksTest([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(test.statistic).toBe(1);
    expect(test.pValue).toBeLessThan(0.03); // exact 0.029
  });

  it('has no answer for an empty side', () => {
    expect(ksTest([], [1, 2])).toEqual({ statistic: Number.NaN, pValue: Number.NaN });
  });
});
