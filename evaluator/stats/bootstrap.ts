// How sure is a difference between two detectors measured on the same examples? A paired
// bootstrap: resample the examples with replacement, recompute both statistics on the same
// resample, and read the spread of their difference. Seeded, so a run can be repeated exactly.
import { auroc, metrics, tally, type Decision, type Example } from './classification.ts';

/** A held-out example with the decision made at its fold's threshold. */
export interface Prediction extends Example, Decision {}

export interface Interval {
  /** The difference on the examples as they are. */
  readonly estimate: number;
  /** 2.5th and 97.5th percentiles of the resampled differences. */
  readonly low: number;
  readonly high: number;
}

export type Statistic = (predictions: readonly Prediction[]) => number;

export const aurocOf: Statistic = (predictions) => auroc(predictions);

export const balancedAccuracyOf: Statistic = (predictions) => metrics(tally(predictions)).balancedAccuracy;

/** mulberry32: a small, fast, seedable generator of uniform numbers in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))] ?? Number.NaN;

/** statistic(a) − statistic(b), with a 95% percentile interval. `a` and `b` hold the same examples in the same order. */
export function pairedBootstrap(
  a: readonly Prediction[],
  b: readonly Prediction[],
  statistic: Statistic,
  options: { readonly replicates?: number; readonly seed?: number } = {},
): Interval {
  if (a.length !== b.length || a.some((p, i) => p.positive !== b[i]?.positive)) {
    throw new Error('pairedBootstrap: the two prediction lists must cover the same examples in the same order');
  }
  const replicates = options.replicates ?? 2000;
  const random = generator(options.seed ?? 1);
  const differences: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const indices = Array.from({ length: a.length }, () => Math.floor(random() * a.length));
    const difference = statistic(indices.map((i) => a[i]!)) - statistic(indices.map((i) => b[i]!));
    if (!Number.isNaN(difference)) differences.push(difference);
  }
  differences.sort((x, y) => x - y);
  return { estimate: statistic(a) - statistic(b), low: percentile(differences, 0.025), high: percentile(differences, 0.975) };
}
