// Threshold calibration measured honestly: tune on some groups, measure on the one left out.
import type { Prediction } from './bootstrap.ts';
import { auroc, confusion, metrics, tally, tuneThreshold, type Example, type Metrics } from './classification.ts';

export interface GroupedExample extends Example {
  readonly group: string;
}

export interface Evaluation extends Metrics {
  readonly threshold: number;
  readonly auroc: number;
  readonly count: number;
}

/** Metrics at a given threshold (e.g. a shipped default). */
export function evaluate(examples: readonly Example[], threshold: number): Evaluation {
  return { threshold, auroc: auroc(examples), count: examples.length, ...metrics(confusion(examples, threshold)) };
}

/** Threshold tuned on all examples and measured on the same examples (optimistic). */
export function inSample(examples: readonly Example[]): Evaluation {
  return evaluate(examples, tuneThreshold(examples));
}

export interface CrossValidation {
  /** Per held-out group: threshold tuned on the other groups, measured on this one. */
  readonly folds: ReadonlyMap<string, Evaluation>;
  /**
   * All held-out predictions together: confusion summed over folds; AUROC over the pooled
   * held-out scores (the score itself is not fitted, only the threshold is).
   */
  readonly pooled: Omit<Evaluation, 'threshold'>;
  /** Every example's held-out score and decision, in input order (for paired comparisons). */
  readonly predictions: readonly Prediction[];
}

export function leaveOneGroupOut(examples: readonly GroupedExample[]): CrossValidation {
  const groups = [...new Set(examples.map((e) => e.group))].sort();
  const folds = new Map<string, Evaluation>();
  const thresholds = new Map<string, number>();
  for (const group of groups) {
    const heldOut = examples.filter((e) => e.group === group);
    const threshold = tuneThreshold(examples.filter((e) => e.group !== group));
    thresholds.set(group, threshold);
    folds.set(group, evaluate(heldOut, threshold));
  }
  const predictions = examples.map(({ score, positive, group }) => ({ score, positive, predicted: score > (thresholds.get(group) ?? Infinity) }));
  return { folds, pooled: { auroc: auroc(examples), count: examples.length, ...metrics(tally(predictions)) }, predictions };
}
