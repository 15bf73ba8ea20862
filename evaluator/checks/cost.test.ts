import { describe, expect, it } from 'vitest';
import { checkCost, costBaseline, formatUsd, MIN_BASELINE } from './cost.ts';

/** `count` costs spread evenly around `median`, ± `spread`. */
const history = (count: number, median: number, spread: number): number[] =>
  Array.from({ length: count }, (_, i) => median + spread * (2 * i / (count - 1) - 1));

describe('costBaseline', () => {
  it('needs at least MIN_BASELINE executions', () => {
    expect(costBaseline(history(MIN_BASELINE - 1, 0.05, 0.01))).toBeUndefined();
    expect(costBaseline(history(MIN_BASELINE, 0.05, 0.01))?.count).toBe(MIN_BASELINE);
  });

  it('is the median and 1.4826 × MAD, unmoved by a few huge outliers', () => {
    const costs = [...repeat(15, 1), 2, ...repeat(12, 3), 500, 900, 5000]; // mean 208
    expect(costBaseline(costs)).toEqual({ median: 2, mad: 1.4826, count: 31 });
  });

  it('ignores costs that are not numbers', () => {
    expect(costBaseline([...history(30, 0.05, 0.01), NaN, Infinity])?.count).toBe(30);
  });
});

function repeat(n: number, value: number): number[] {
  return Array.from({ length: n }, () => value);
}

describe('checkCost', () => {
  it('flags an execution far above the median, with ratio and robust z', () => {
    const baseline = { median: 0.044, mad: 0.0090, count: 1204 };
    const result = checkCost(0.412, baseline);
    expect(result).toMatchObject({ check: 'cost_anomaly', spanId: '', label: 'anomalous', passed: false });
    expect(result.score).toBeCloseTo((0.412 - 0.044) / 0.009);
    expect(result.explanation).toBe("Cost $0.412 is 9.4× the agent's median $0.044 (robust z 41 over 1,204 executions).");
  });

  it('passes a typical execution', () => {
    const result = checkCost(0.05, { median: 0.044, mad: 0.009, count: 1204 });
    expect(result).toMatchObject({ label: 'ok', passed: true });
    expect(result.explanation).toBe("Cost $0.050 is 1.1× the agent's median $0.044 (robust z 0.7 over 1,204 executions); within the usual range.");
  });

  it('does not flag cheap executions, however unusual', () => {
    const result = checkCost(0.0001, { median: 0.044, mad: 0.001, count: 100 });
    expect(result).toMatchObject({ label: 'ok', passed: true });
    expect(result.score).toBeLessThan(-5);
  });

  it('does not flag a high z under the minimum ratio, so a tight baseline spares small overruns', () => {
    const tight = { median: 0.1, mad: 0.002, count: 500 };
    expect(checkCost(0.15, tight)).toMatchObject({ label: 'ok', passed: true });
    expect(checkCost(0.15, tight).explanation).toMatch(/unusual, but under 2× the median\.$/);
    expect(checkCost(0.15, tight, { minRatio: 1.2 })).toMatchObject({ label: 'anomalous', passed: false });
  });

  it('treats a zero MAD as a spread of 5% of the median', () => {
    const baseline = costBaseline([...repeat(40, 0.02), 0.03, 0.5])!;
    expect(baseline.mad).toBe(0);
    expect(checkCost(0.021, baseline).score).toBeCloseTo(1);
    expect(checkCost(0.021, baseline).passed).toBe(true);
    expect(checkCost(0.04, baseline).passed).toBe(false);
  });

  it('flags any cost for an agent that has always been free', () => {
    const result = checkCost(0.01, costBaseline(repeat(30, 0))!);
    expect(result).toMatchObject({ label: 'anomalous', passed: false });
    expect(result.explanation).toMatch(/^Cost \$0\.010 while the agent's median is \$0\.000 /);
  });

  it('honours a custom threshold', () => {
    const baseline = { median: 1, mad: 0.5, count: 100 };
    expect(checkCost(3, baseline).passed).toBe(true);
    expect(checkCost(3, baseline, { threshold: 3 }).passed).toBe(false);
  });

  it('cannot judge without a baseline and says why', () => {
    const result = checkCost(0.5, undefined);
    expect(result).toMatchObject({ label: 'not_checkable', passed: true, score: 0 });
    expect(result.explanation).toBe(`Cost $0.500 not judged: the agent has fewer than ${MIN_BASELINE} earlier executions to compare with.`);
  });
});

describe('formatUsd', () => {
  it('shows cents above a dollar, three decimals below, two significant digits for fractions of a cent', () => {
    expect([1204.5, 4.2, 0.412, 0.0441, 0, 0.00042].map(formatUsd)).toEqual(['$1,204.50', '$4.20', '$0.412', '$0.044', '$0.000', '$0.00042']);
  });
});
