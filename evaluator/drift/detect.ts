// Has one series' latency drifted? The recent window against its baseline: percentiles for the
// size of the change, a Kolmogorov–Smirnov test for whether it is more than sampling noise.
import { ksTest, type KsTest } from './ks.ts';
import { evaluationAlpha, type DriftPolicy } from './policy.ts';
import { percentileOf, summarise, type LatencySummary } from './quantile.ts';

export interface DriftResult {
  readonly recent: LatencySummary;
  readonly baseline: LatencySummary;
  /** The percentile compared (policy.percentile) and its value on each side. */
  readonly compared: { readonly percentile: number; readonly recent: number; readonly baseline: number };
  /** Recent / baseline at that percentile; > 1 is slower. NaN when either side is empty. */
  readonly ratio: number;
  /** ratio − 1: +0.34 is 34% slower, −0.2 is 20% faster. */
  readonly magnitude: number;
  readonly direction: 'slower' | 'faster';
  readonly ks: KsTest;
  /** 1 − p of the distribution test. */
  readonly confidence: number;
  /** Enough executions on both sides (policy.minSamples, policy.minBaselineSamples). */
  readonly enough: boolean;
  /** Enough samples, p below the per-evaluation level, and the ratio beyond minRatio either way. */
  readonly shifted: boolean;
  /** Shifted and slower: the one outcome that flags. */
  readonly drifted: boolean;
  /** The thresholds applied, so the verdict can be explained without the policy. */
  readonly criteria: {
    readonly alpha: number;
    readonly minRatio: number;
    readonly minSamples: number;
    readonly minBaselineSamples: number;
    readonly recentMinutes: number;
    readonly baselineDays: number;
  };
}

const ascending = (values: ArrayLike<number>): Float64Array => new Float64Array(values).sort();

/** Durations (any unit, the same on both sides) of the baseline windows and of the recent window. */
export function detectDrift(baseline: ArrayLike<number>, recent: ArrayLike<number>, policy: DriftPolicy): DriftResult {
  const before = ascending(baseline);
  const after = ascending(recent);
  const compared = { percentile: policy.percentile, recent: percentileOf(after, policy.percentile), baseline: percentileOf(before, policy.percentile) };
  const ratio = compared.baseline > 0 ? compared.recent / compared.baseline : Number.NaN;
  const ks = ksTest(before, after);
  const alpha = evaluationAlpha(policy);
  const enough = after.length >= policy.minSamples && before.length >= policy.minBaselineSamples;
  const large = ratio >= policy.minRatio || ratio <= 1 / policy.minRatio;
  const shifted = enough && ks.pValue < alpha && large;
  const direction = ratio < 1 ? 'faster' : 'slower';
  return {
    recent: summarise(after),
    baseline: summarise(before),
    compared,
    ratio,
    magnitude: ratio - 1,
    direction,
    ks,
    confidence: 1 - ks.pValue,
    enough,
    shifted,
    drifted: shifted && direction === 'slower',
    criteria: {
      alpha,
      minRatio: policy.minRatio,
      minSamples: policy.minSamples,
      minBaselineSamples: policy.minBaselineSamples,
      recentMinutes: policy.recentMinutes,
      baselineDays: policy.baselineDays,
    },
  };
}
