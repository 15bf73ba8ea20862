import { describe, expect, it } from 'vitest';
import { checkDrift } from './check.ts';
import { detectDrift, type DriftResult } from './detect.ts';
import { DEFAULT_DRIFT_POLICY } from './policy.ts';
import { driftWindows } from './windows.ts';

const series = { agent: 'support-bot', operation: 'chat gpt-4o' };
const criteria = { alpha: 0.05 / 10_080, minRatio: 1.2, minSamples: 200, minBaselineSamples: 1000, recentMinutes: 15, baselineDays: 7 };

const slower: DriftResult = {
  recent: { count: 812, p50: 1500, p95: 3900, p99: 6100 },
  baseline: { count: 20_311, p50: 1200, p95: 2900, p99: 4800 },
  compared: { percentile: 95, recent: 3900, baseline: 2900 },
  ratio: 3900 / 2900,
  magnitude: 3900 / 2900 - 1,
  direction: 'slower',
  ks: { statistic: 0.21, pValue: 1e-12 },
  confidence: 1 - 1e-12,
  enough: true,
  shifted: true,
  drifted: true,
  criteria,
};

describe('checkDrift', () => {
  it('fails a slower series and says by how much, how sure, and on how many executions', () => {
    const result = checkDrift(series, slower);
    expect(result).toMatchObject({ check: 'latency_drift', spanId: '', label: 'slower', passed: false, score: 3900 / 2900 });
    expect(result.explanation).toBe(
      'support-bot chat gpt-4o: p95 3.9 s over the last 15 min vs 2.9 s at this time of day over the previous 7 days (+34%, KS p < 0.001, 812 vs 20,311 executions).',
    );
  });

  it('passes a faster series but reports it', () => {
    const faster = { ...slower, compared: { percentile: 95, recent: 2000, baseline: 2900 }, ratio: 2000 / 2900, magnitude: 2000 / 2900 - 1, direction: 'faster', drifted: false } as const;
    const result = checkDrift(series, faster);
    expect(result).toMatchObject({ label: 'faster', passed: true });
    expect(result.explanation).toContain('(−31%, KS p < 0.001');
    expect(result.explanation).toMatch(/faster, not flagged\.$/);
  });

  it('passes a small shift and says it is within the threshold', () => {
    const result = checkDrift({ agent: 'triage', operation: '' }, { ...slower, ratio: 1.1, magnitude: 0.1, shifted: false, drifted: false });
    expect(result).toMatchObject({ label: 'ok', passed: true, score: 1.1 });
    expect(result.explanation).toMatch(/^triage: p95 .*; within the 1\.2× threshold\.$/);
  });

  it('passes a series with too few executions and says how many it needs', () => {
    const policy = DEFAULT_DRIFT_POLICY;
    const result = checkDrift(series, detectDrift(Array.from({ length: 5000 }, (_, i) => 1000 + i), [1200, 1300], policy));
    expect(result).toMatchObject({ label: 'not_checkable', passed: true });
    expect(result.explanation).toBe(
      'support-bot chat gpt-4o: too few executions to judge latency drift (2 in the last 10 min, 200 needed; 5,000 at this time of day over the previous 7 days, 1,000 needed).',
    );
  });

  it('scores 1 when nothing could be measured, keeping the details serialisable', () => {
    const result = checkDrift(series, detectDrift([], [], DEFAULT_DRIFT_POLICY));
    expect(result.score).toBe(1);
    expect(() => JSON.stringify(result.details)).not.toThrow();
  });

  it('carries the percentiles, counts and windows in its details', () => {
    const windows = driftWindows(Date.UTC(2026, 10, 5, 14, 37), DEFAULT_DRIFT_POLICY);
    const details = checkDrift(series, slower, windows).details!;
    expect(details).toMatchObject({
      agent: 'support-bot',
      operation: 'chat gpt-4o',
      recent: { count: 812, p95: 3900, window: windows.recent },
      baseline: { count: 20_311, p95: 2900, windows: windows.baseline },
      ks: { pValue: 1e-12 },
    });
  });
});
