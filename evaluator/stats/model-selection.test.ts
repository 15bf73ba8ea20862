import { describe, expect, it } from 'vitest';
import { leaveOneGroupOutFitted } from './model-selection.ts';

interface Item { readonly x: number; readonly positive: boolean; readonly group: string }
const item = (group: string, x: number, positive: boolean): Item => ({ x, positive, group });

describe('leaveOneGroupOutFitted', () => {
  it('fits on the other groups only and tunes the threshold on their scores', () => {
    const items = [
      item('a', 1, false), item('a', 3, true), item('b', 1, false), item('b', 3, true),
      // In c everything is shifted up: a threshold learned on a and b calls both c items positive.
      item('c', 4, false), item('c', 6, true),
    ];
    const seen: string[][] = [];
    const cv = leaveOneGroupOutFitted(items, (i) => i.group, (i) => i.positive, (training) => {
      seen.push([...new Set(training.map((i) => i.group))]);
      return (i) => i.x;
    });
    expect(seen).toEqual([['b', 'c'], ['a', 'c'], ['a', 'b']]);
    expect(cv.folds.get('c')).toMatchObject({ threshold: 2, balancedAccuracy: 0.5, auroc: 1 });
    expect(cv.meanFoldAuroc).toBe(1);
    expect(cv.pooled.count).toBe(6);
  });

  it("uses the trainer's own threshold when it gives one", () => {
    const items = [item('a', 1, false), item('a', 3, true), item('b', 1, false), item('b', 3, true)];
    const cv = leaveOneGroupOutFitted(items, (i) => i.group, (i) => i.positive, () => ({ score: (i: Item) => i.x, threshold: 3.5 }));
    expect(cv.folds.get('a')).toMatchObject({ threshold: 3.5, recall: 0 });
  });
});
