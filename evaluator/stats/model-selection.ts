// Cross-validation for a score that is itself fitted: in each fold both the model and its
// threshold are fitted on the training groups only, then measured on the held-out group.
import type { Prediction } from './bootstrap.ts';
import { auroc, metrics, tally, tuneThreshold } from './classification.ts';
import { evaluate, type CrossValidation, type Evaluation } from './cross-validation.ts';

/** Fit on the training items; return a scorer (higher = more likely positive). */
export type Trainer<T> = (training: readonly T[]) => (item: T) => number;

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
    const score = train(training);
    const threshold = tuneThreshold(training.map((item) => ({ score: score(item), positive: positiveOf(item) })));
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
