// What the latency drift check compares, and how sure and how large a change must be before it
// flags. The defaults are argued from the sampling error of a p95, not fitted to a simulation.

export interface DriftPolicy {
  /**
   * Length of the recent window. A shift is flagged once enough of the window has shifted (~60% of
   * it for a 30% shift against a 1.2× floor), so the delay is about lagMinutes + 0.6 × this: 10 min
   * leaves room to flag a 30% shift within 15 min, and at 3 executions/s still holds ~1,800 of
   * them, a p95 to within ~3-4%.
   */
  readonly recentMinutes: number;
  /**
   * The recent window ends this long before the evaluation minute. Executions are stored when they
   * end but keyed by their start, so the newest minutes lack their slow executions; a window that
   * reached up to now would look faster than it is.
   */
  readonly lagMinutes: number;
  /** How many previous days supply the baseline (same time of day each day). */
  readonly baselineDays: number;
  /** Each baseline window is the recent window moved back whole days and widened by this much on either side. */
  readonly baselineMarginMinutes: number;
  /** Fewest executions in the recent window: 200 leaves ~10 beyond a p95, the fewest that place it (20 a minute). */
  readonly minSamples: number;
  /** Fewest executions over all baseline windows: 5× the recent minimum, so the baseline's own noise is small. */
  readonly minBaselineSamples: number;
  /** Expected false alarms per series per week from the distribution test alone (see evaluationAlpha). */
  readonly alpha: number;
  /** How often the caller runs the check; sets the multiple-testing divisor. */
  readonly intervalMinutes: number;
  /** The percentile whose recent/baseline ratio is the drift's magnitude (95 = p95). */
  readonly percentile: number;
  /** Smallest ratio worth flagging (and, inverted, worth reporting as faster). */
  readonly minRatio: number;
  /**
   * Most durations the caller should pass for each side. The caller samples uniformly and
   * independently of duration, e.g. the `n` smallest `cityHash64(span_id)` in each window (the
   * baseline cap split evenly over its days): a hash sample keeps the same executions from one
   * minute to the next, so overlapping evaluations do not flicker on resampling noise.
   */
  readonly maxSamples: { readonly recent: number; readonly baseline: number };
}

/**
 * The baseline is the same time of day on each of the previous 7 days (± 30 min around the recent
 * window), not one long window: latency follows the daily load, and a long pooled baseline would
 * put every peak hour above it and every quiet hour below it. Seven days weigh each weekday once
 * and dilute one bad day to a seventh; the ± 30 min margin makes each day's window 7× the recent one
 * while keeping it centred on the same time of day (a ±30% daily cycle moves under 5% in 35 min,
 * and symmetrically, so the pooled baseline's percentiles hardly move).
 *
 * False alarms: the check runs every minute on overlapping windows, for many series. Bonferroni
 * over every evaluation in a week (10,080 at one a minute) holds whatever the dependence between
 * them, so the test alone raises at most `alpha` = 0.05 expected false alarms per series per week
 * when nothing changed, whatever the window length or traffic volume. With thousands of executions
 * per window the test also finds harmless shifts (a provider a few percent slower today), so a flag
 * further needs the p95 to have moved by a practical amount: 1.2×, 4-6 standard errors of a 10-min
 * p95 at 1.5-4.5 executions/s (σ of log latency 0.6). A series whose level also wanders between
 * days by ~5% or more needs a higher minRatio (bench/drift.ts shows the cost).
 */
export const DEFAULT_DRIFT_POLICY: DriftPolicy = {
  recentMinutes: 10,
  lagMinutes: 2,
  baselineDays: 7,
  baselineMarginMinutes: 30,
  minSamples: 200,
  minBaselineSamples: 1000,
  alpha: 0.05,
  intervalMinutes: 1,
  percentile: 95,
  minRatio: 1.2,
  // Beyond ~3,000 a p95 is already far tighter than the 1.2× floor; a baseline twice as
  // large keeps the test's effective sample (nm / (n + m)) at two thirds of the recent one.
  maxSamples: { recent: 3000, baseline: 6000 },
};

const MINUTES_PER_WEEK = 7 * 24 * 60;

/** The per-evaluation significance level: `alpha` spread over a week of evaluations. */
export const evaluationAlpha = (policy: DriftPolicy): number => policy.alpha / (MINUTES_PER_WEEK / policy.intervalMinutes);
