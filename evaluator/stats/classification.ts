// Binary-classification metrics for a scored detector. Convention: a higher score means "more
// likely positive", and an example is predicted positive when its score is strictly above the
// threshold. Callers whose score points the other way negate it.

export interface Example {
  readonly score: number;
  readonly positive: boolean;
}

export interface Confusion {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

export interface Metrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly balancedAccuracy: number;
}

/** A decision already taken (at some threshold), next to the truth. */
export interface Decision {
  readonly predicted: boolean;
  readonly positive: boolean;
}

export function tally(decisions: readonly Decision[]): Confusion {
  let truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0;
  for (const { predicted, positive } of decisions) {
    if (predicted && positive) truePositives++;
    else if (predicted) falsePositives++;
    else if (positive) falseNegatives++;
    else trueNegatives++;
  }
  return { truePositives, falsePositives, trueNegatives, falseNegatives };
}

export function confusion(examples: readonly Example[], threshold: number): Confusion {
  return tally(examples.map(({ score, positive }) => ({ predicted: score > threshold, positive })));
}

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

export function metrics(c: Confusion): Metrics {
  const precision = ratio(c.truePositives, c.truePositives + c.falsePositives);
  const recall = ratio(c.truePositives, c.truePositives + c.falseNegatives);
  const specificity = ratio(c.trueNegatives, c.trueNegatives + c.falsePositives);
  return {
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    balancedAccuracy: (recall + specificity) / 2,
  };
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting one half (Mann–Whitney U with average ranks). NaN if a class is empty.
 */
export function auroc(examples: readonly Example[]): number {
  if (examples.some((e) => Number.isNaN(e.score))) throw new Error('auroc: a score is NaN');
  const sorted = [...examples].sort((a, b) => a.score - b.score);
  let positives = 0, rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]?.score === sorted[i]?.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]?.positive) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The threshold that maximises balanced accuracy on `examples`. Candidates are midpoints between
 * consecutive distinct scores (plus one below the minimum), so the cut never sits on a score;
 * among equally good cuts the middle one is taken, which is deterministic and least fitted to
 * the edge of the plateau.
 */
export function tuneThreshold(examples: readonly Example[]): number {
  const scores = [...new Set(examples.map((e) => e.score))].sort((a, b) => a - b);
  if (scores.length === 0) return 0;
  const candidates = [(scores[0] ?? 0) - 1];
  for (let i = 1; i < scores.length; i++) candidates.push(((scores[i - 1] ?? 0) + (scores[i] ?? 0)) / 2);
  let best: number[] = [];
  let bestValue = -1;
  for (const threshold of candidates) {
    const value = metrics(confusion(examples, threshold)).balancedAccuracy;
    if (value > bestValue + 1e-12) {
      bestValue = value;
      best = [threshold];
    } else if (Math.abs(value - bestValue) <= 1e-12) {
      best.push(threshold);
    }
  }
  return best[Math.floor((best.length - 1) / 2)] ?? 0;
}
