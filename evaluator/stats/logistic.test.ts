import { describe, expect, it } from 'vitest';
import { fitLogistic, predictProbability } from './logistic.ts';

// Two features on different scales; positives sit where x0 is large and x1 small.
const rows = [[1, 100], [2, 90], [3, 120], [4, 80], [7, 20], [8, 10], [9, 30], [10, 0]];
const labels = [false, false, false, false, true, true, true, true];

describe('fitLogistic', () => {
  it('separates a separable toy set, with finite weights thanks to the L2 penalty', () => {
    const model = fitLogistic(rows, labels, { l2: 0.1 });
    const probabilities = rows.map((row) => predictProbability(model, row));
    probabilities.forEach((p, i) => expect(p > 0.5, `row ${i}`).toBe(labels[i]));
    expect(model.weights.every(Number.isFinite)).toBe(true);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
  });

  it('shrinks towards the base rate as the penalty grows', () => {
    const loose = fitLogistic(rows, labels, { l2: 0.1 });
    const tight = fitLogistic(rows, labels, { l2: 1000 });
    const norm = (w: readonly number[]) => Math.hypot(...w);
    expect(norm(tight.weights)).toBeLessThan(norm(loose.weights));
    expect(predictProbability(tight, [10, 0])).toBeLessThan(0.7);
    expect(predictProbability(tight, [10, 0])).toBeGreaterThan(0.5);
  });

  it('matches the closed form with one binary feature and no penalty', () => {
    // Group A (x=0): 1 of 4 positive; group B (x=1): 3 of 4. The MLE reproduces both rates.
    const x = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const y = [true, false, false, false, true, true, true, false];
    const model = fitLogistic(x, y, { l2: 0 });
    expect(predictProbability(model, [0])).toBeCloseTo(0.25, 6);
    expect(predictProbability(model, [1])).toBeCloseTo(0.75, 6);
  });

  it('is deterministic and ignores constant features', () => {
    const withConstant = rows.map((row) => [...row, 5]);
    const a = fitLogistic(withConstant, labels, { l2: 1 });
    expect(fitLogistic(withConstant, labels, { l2: 1 })).toEqual(a);
    expect(a.weights[2]).toBe(0);
  });

  it('with balanced classes, puts 0.5 where the classes are equally likely whatever their sizes', () => {
    // 10 positives, 3 negatives: unweighted, the fit reproduces the raw rate at x = 0.
    const x = [[0], ...Array.from({ length: 9 }, () => [1]), [0], [0], [0]];
    const y = [true, ...Array.from({ length: 9 }, () => true), false, false, false];
    expect(predictProbability(fitLogistic(x, y, { l2: 0 }), [0])).toBeCloseTo(0.25, 6);
    // Weighted, each class counts half: x = 0 holds 1/10 of the positive weight and all of the negative.
    const balanced = fitLogistic(x, y, { l2: 0, balanceClasses: true });
    expect(predictProbability(balanced, [0])).toBeCloseTo((1 / 10) / (1 / 10 + 1), 6);
    expect(predictProbability(balanced, [1])).toBeGreaterThan(0.5);
  });

  it('holds a weight at 0 rather than let it take the sign its meaning forbids', () => {
    // x1 is noise that happens to lean negative; a known-positive sign keeps it out.
    const noisy = rows.map((row, i) => [row[0]!, [1, 0, 1, 1, 0, 1, 0, 0][i]!]);
    const free = fitLogistic(noisy, labels, { l2: 1 });
    expect(free.weights[1]).toBeLessThan(0);
    const constrained = fitLogistic(noisy, labels, { l2: 1, signs: [1, 1] });
    expect(constrained.weights[1]).toBe(0);
    expect(constrained.weights[0]).toBeGreaterThan(0);
  });
});
