// Cost anomaly: is one execution far more expensive than its agent usually is? Agent costs are
// skewed and heavy-tailed (a few long conversations), so the baseline is the median and the MAD,
// which a handful of earlier outliers cannot drag along the way they would a mean and SD.
import type { CheckResult } from './result.ts';

export interface CostBaseline {
  /** Median cost in USD of the agent's earlier executions. */
  readonly median: number;
  /** Median absolute deviation, scaled by 1.4826 to estimate the SD when costs are normal. */
  readonly mad: number;
  readonly count: number;
}

export interface CostOptions {
  /** Flag at or above this robust z. Default 5. */
  readonly threshold?: number;
  /** Also require cost ≥ this × median, so a tight baseline does not flag a few cents. Default 2. */
  readonly minRatio?: number;
}

/** Below this many executions the median and MAD move too much from one execution to the next. */
export const MIN_BASELINE = 30;
const MAD_TO_SD = 1.4826;
/**
 * When most executions cost exactly the same (cached or fixed-price runs) the MAD is 0 and every
 * cent above the median would be infinitely anomalous; treat the spread as at least 5% of the median.
 */
const MIN_RELATIVE_SPREAD = 0.05;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const ascending = (a: number, b: number): number => a - b;

export function costBaseline(costs: readonly number[]): CostBaseline | undefined {
  const known = costs.filter(Number.isFinite).sort(ascending);
  if (known.length < MIN_BASELINE) return undefined;
  const middle = median(known);
  const mad = MAD_TO_SD * median(known.map((cost) => Math.abs(cost - middle)).sort(ascending));
  return { median: middle, mad, count: known.length };
}

/** Dollars to a readable precision: cents above $1, three decimals below, two significant digits below a tenth of a cent. */
export function formatUsd(usd: number): string {
  if (usd >= 1) return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (usd === 0 || usd >= 0.001) return `$${usd.toFixed(3)}`;
  return `$${usd.toPrecision(2)}`;
}

const formatZ = (z: number): string => (Math.abs(z) >= 10 ? Math.round(z).toLocaleString('en-US') : z.toFixed(1));

export function checkCost(cost: number, baseline: CostBaseline | undefined, options: CostOptions = {}): CheckResult {
  const { threshold = 5, minRatio = 2 } = options;
  if (baseline === undefined) {
    return {
      check: 'cost_anomaly',
      spanId: '',
      score: 0,
      label: 'not_checkable',
      passed: true,
      explanation: `Cost ${formatUsd(cost)} not judged: the agent has fewer than ${MIN_BASELINE} earlier executions to compare with.`,
      details: { cost },
    };
  }
  const { median, mad, count } = baseline;
  const z = (cost - median) / Math.max(mad, MIN_RELATIVE_SPREAD * median, 1e-9);
  // Only the high side: an unusually cheap execution costs nobody anything.
  const anomalous = z >= threshold && cost >= minRatio * median;
  const comparison =
    median > 0 ? `is ${(cost / median).toFixed(1)}× the agent's median ${formatUsd(median)}` : `while the agent's median is ${formatUsd(0)}`;
  const evidence = `(robust z ${formatZ(z)} over ${count.toLocaleString('en-US')} executions)`;
  const verdict = anomalous ? '' : z >= threshold ? `; unusual, but under ${minRatio}× the median` : '; within the usual range';
  return {
    check: 'cost_anomaly',
    spanId: '',
    score: z,
    label: anomalous ? 'anomalous' : 'ok',
    passed: !anomalous,
    explanation: `Cost ${formatUsd(cost)} ${comparison} ${evidence}${verdict}.`,
    details: { cost, median, mad, count, threshold, minRatio },
  };
}
