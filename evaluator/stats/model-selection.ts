// Cross-validation for a score that is itself fitted: in each fold both the model and its
// threshold are fitted on the training groups only, then measured on the held-out group.
import type { Prediction } from './bootstrap.ts';
import { auroc, confusion, metrics, tuneThreshold, type Example } from './classification.ts';
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
  const total = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  const heldOutScores: Example[] = [];
  const predictions = new Map<T, Prediction>();
  for (const group of groups) {
    const training = items.filter((item) => groupOf(item) !== group);
    const heldOut = items.filter((item) => groupOf(item) === group);
    const score = train(training);
    const threshold = tuneThreshold(training.map((item) => ({ score: score(item), positive: positiveOf(item) })));
    const examples = heldOut.map((item) => ({ score: score(item), positive: positiveOf(item) }));
    heldOut.forEach((item, i) => {
      const example = examples[i]!;
      predictions.set(item, { ...example, predicted: example.score > threshold });
    });
    const c = confusion(examples, threshold);
    total.truePositives += c.truePositives;
    total.falsePositives += c.falsePositives;
    total.trueNegatives += c.trueNegatives;
    total.falseNegatives += c.falseNegatives;
    folds.set(group, evaluate(examples, threshold));
    heldOutScores.push(...examples);
  }
  const foldAurocs = [...folds.values()].map((fold) => fold.auroc);
  return {
    folds,
    pooled: { auroc: auroc(heldOutScores), count: heldOutScores.length, ...metrics(total) },
    meanFoldAuroc: foldAurocs.reduce((sum, value) => sum + value, 0) / foldAurocs.length,
    predictions: items.map((item) => predictions.get(item)!),
  };
}
