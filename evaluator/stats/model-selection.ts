// Cross-validation for a score that is itself fitted: in each fold both the model and its
// threshold come from the training groups only, then are measured on the held-out group.
import type { Prediction } from './bootstrap.ts';
import { auroc, metrics, tally, tuneThreshold } from './classification.ts';
import { evaluate, type CrossValidation, type Evaluation } from './cross-validation.ts';

/** A fitted scorer (higher = more likely positive) and, optionally, the cut its fit implies. */
export interface FittedScorer<T> {
  readonly score: (item: T) => number;
  /** E.g. 0.5 for a probability fitted with balanced classes. Absent: tuned on the training items. */
  readonly threshold?: number;
}

/** Fit on the training items; return a scorer, or a scorer with its own threshold. */
export type Trainer<T> = (training: readonly T[]) => ((item: T) => number) | FittedScorer<T>;

export interface FittedCrossValidation extends CrossValidation {
  /** Mean of the per-fold AUROCs: unlike the pooled AUROC it does not mix folds' score scales. */
  readonly meanFoldAuroc: number;
}

export function leaveOneGroupOutFitted<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  positiveOf: (item: T) => boolean,
  train: Trainer<T>,
): FittedCrossValidation {
  const groups = [...new Set(items.map(groupOf))].sort();
  const folds = new Map<string, Evaluation>();
  const byItem = new Map<T, Prediction>();
  for (const group of groups) {
    const training = items.filter((item) => groupOf(item) !== group);
    const heldOut = items.filter((item) => groupOf(item) === group);
    const fitted = train(training);
    const score = typeof fitted === 'function' ? fitted : fitted.score;
    const threshold = (typeof fitted === 'function' ? undefined : fitted.threshold) ??
      tuneThreshold(training.map((item) => ({ score: score(item), positive: positiveOf(item) })));
    const examples = heldOut.map((item) => ({ score: score(item), positive: positiveOf(item) }));
    heldOut.forEach((item, i) => {
      const example = examples[i]!;
      byItem.set(item, { ...example, predicted: example.score > threshold });
    });
    folds.set(group, evaluate(examples, threshold));
  }
  const predictions = items.map((item) => byItem.get(item)!);
  const foldAurocs = [...folds.values()].map((fold) => fold.auroc);
  return {
    folds,
    pooled: { auroc: auroc(predictions), count: predictions.length, ...metrics(tally(predictions)) },
    meanFoldAuroc: foldAurocs.reduce((sum, value) => sum + value, 0) / foldAurocs.length,
    predictions,
  };
}
