import { describe, expect, it } from 'vitest';
import { auroc, confusion, metrics, tuneThreshold, type Example } from './classification.ts';
import { leaveOneGroupOut } from './cross-validation.ts';

const ex = (pairs: [number, boolean][]): Example[] => pairs.map(([score, positive]) => ({ score, positive }));

describe('auroc', () => {
  it('is 1 for perfect separation, 0 for inverted, 0.5 for all ties', () => {
    expect(auroc(ex([[0.9, true], [0.8, true], [0.1, false]]))).toBe(1);
    expect(auroc(ex([[0.1, true], [0.9, false]]))).toBe(0);
    expect(auroc(ex([[0.5, true], [0.5, false], [0.5, false]]))).toBe(0.5);
  });

  it('counts each positive/negative pair, ties as one half', () => {
    // pairs: (0.8 vs 0.5) win, (0.8 vs 0.9) loss, (0.5 vs 0.5) tie, (0.5 vs 0.9) loss → 1.5 / 4
    expect(auroc(ex([[0.8, true], [0.5, true], [0.5, false], [0.9, false]]))).toBeCloseTo(0.375);
  });

  it('is NaN when a class is missing and rejects NaN scores', () => {
    expect(auroc(ex([[0.1, true]]))).toBeNaN();
    expect(() => auroc(ex([[Number.NaN, true], [0, false]]))).toThrow(/NaN/);
  });
});

describe('confusion and metrics', () => {
  it('predicts positive strictly above the threshold', () => {
    const c = confusion(ex([[0.9, true], [0.5, true], [0.5, false], [0.1, false]]), 0.5);
    expect(c).toEqual({ truePositives: 1, falsePositives: 0, trueNegatives: 2, falseNegatives: 1 });
    expect(metrics(c)).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, balancedAccuracy: 0.75 });
  });
});

describe('tuneThreshold', () => {
  it('cuts between the classes when they separate', () => {
    const examples = ex([[0.1, false], [0.2, false], [0.7, true], [0.9, true]]);
    expect(tuneThreshold(examples)).toBeCloseTo(0.45);
    expect(metrics(confusion(examples, tuneThreshold(examples))).balancedAccuracy).toBe(1);
  });

  it('maximises balanced accuracy, not accuracy, under class imbalance', () => {
    // 9 positives at 0.6, 1 negative at 0.5: accuracy would be 0.9 by predicting all positive;
    // balanced accuracy is 1 only with the cut between 0.5 and 0.6.
    const examples = ex([...Array.from({ length: 9 }, (): [number, boolean] => [0.6, true]), [0.5, false]]);
    expect(tuneThreshold(examples)).toBeCloseTo(0.55);
  });
});

describe('leaveOneGroupOut', () => {
  it('tunes on the other groups and measures on the held-out one', () => {
    const examples = [
      { score: 0.2, positive: false, group: 'a' }, { score: 0.85, positive: true, group: 'a' },
      { score: 0.3, positive: false, group: 'b' }, { score: 0.9, positive: true, group: 'b' },
      // In c the negatives score high: a threshold tuned on a and b misses this.
      { score: 0.7, positive: false, group: 'c' }, { score: 0.95, positive: true, group: 'c' },
    ];
    const cv = leaveOneGroupOut(examples);
    expect([...cv.folds.keys()]).toEqual(['a', 'b', 'c']);
    expect(cv.folds.get('c')?.balancedAccuracy).toBe(0.5);
    expect(cv.folds.get('a')?.balancedAccuracy).toBe(1);
    expect(cv.pooled.count).toBe(6);
  });
});
