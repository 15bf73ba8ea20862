import { describe, expect, it } from 'vitest';
import { detectDrift } from './detect.ts';
import { DEFAULT_DRIFT_POLICY, evaluationAlpha } from './policy.ts';

// Latencies without randomness: the quantiles of a shifted exponential (500 ms + mean 1 s), evenly spaced.
const latencies = (count: number, scale = 1): number[] =>
  Array.from({ length: count }, (_, i) => scale * (500 - 1000 * Math.log(1 - (i + 0.5) / count))).reverse();

const baseline = latencies(6000);

describe('detectDrift', () => {
  it('finds nothing when the recent window looks like the baseline', () => {
    const result = detectDrift(baseline, latencies(2700), DEFAULT_DRIFT_POLICY);
    expect(result).toMatchObject({ enough: true, shifted: false, drifted: false });
    expect(result.ratio).toBeCloseTo(1, 2);
    expect(result.ks.pValue).toBeGreaterThan(0.5);
  });

  it('flags a p95 30% slower, with its size, percentiles and confidence', () => {
    const result = detectDrift(baseline, latencies(2700, 1.3), DEFAULT_DRIFT_POLICY);
    expect(result).toMatchObject({ enough: true, shifted: true, drifted: true, direction: 'slower' });
    expect(result.ratio).toBeCloseTo(1.3, 2);
    expect(result.magnitude).toBeCloseTo(0.3, 2);
    expect(result.compared.percentile).toBe(95);
    expect(result.baseline.p95).toBeCloseTo(500 + 1000 * Math.log(20), -1);
    expect(result.recent.p50).toBeCloseTo(1.3 * (500 + 1000 * Math.log(2)), -1);
    expect(result.baseline).toMatchObject({ count: 6000 });
    expect(result.recent).toMatchObject({ count: 2700 });
    expect(result.ks.pValue).toBeLessThan(evaluationAlpha(DEFAULT_DRIFT_POLICY));
    expect(result.confidence).toBeGreaterThan(0.999999);
  });

  it('reports a large speed-up as a shift but does not call it drift', () => {
    const result = detectDrift(baseline, latencies(2700, 0.7), DEFAULT_DRIFT_POLICY);
    expect(result).toMatchObject({ shifted: true, drifted: false, direction: 'faster' });
    expect(result.magnitude).toBeCloseTo(-0.3, 2);
  });

  it('does not flag a real but small slowdown (below the 1.2× floor)', () => {
    const result = detectDrift(baseline, latencies(2700, 1.1), DEFAULT_DRIFT_POLICY);
    expect(result.ks.pValue).toBeLessThan(0.001);
    expect(result).toMatchObject({ shifted: false, drifted: false });
  });

  it('does not flag a large ratio the test cannot tell from noise', () => {
    const result = detectDrift(baseline, latencies(20, 1.5), { ...DEFAULT_DRIFT_POLICY, minSamples: 10 });
    expect(result.ratio).toBeGreaterThan(1.2);
    expect(result).toMatchObject({ enough: true, drifted: false });
  });

  it('says when either window is too small to judge', () => {
    expect(detectDrift(baseline, latencies(199, 2), DEFAULT_DRIFT_POLICY)).toMatchObject({ enough: false, drifted: false });
    expect(detectDrift(latencies(999), latencies(2700, 2), DEFAULT_DRIFT_POLICY)).toMatchObject({ enough: false, drifted: false });
    const empty = detectDrift([], [], DEFAULT_DRIFT_POLICY);
    expect(empty).toMatchObject({ enough: false, drifted: false, recent: { count: 0 } });
    expect(empty.ratio).toBeNaN();
  });

  it('compares the percentile the policy names', () => {
    const result = detectDrift(baseline, latencies(2700, 1.3), { ...DEFAULT_DRIFT_POLICY, percentile: 50 });
    expect(result.compared).toEqual({ percentile: 50, recent: result.recent.p50, baseline: result.baseline.p50 });
  });
});

describe('evaluationAlpha', () => {
  it('spreads the weekly false-alarm budget over every evaluation in a week', () => {
    expect(evaluationAlpha(DEFAULT_DRIFT_POLICY)).toBeCloseTo(0.05 / 10_080, 12);
    expect(evaluationAlpha({ ...DEFAULT_DRIFT_POLICY, intervalMinutes: 5 })).toBeCloseTo(0.05 / 2016, 12);
  });
});
