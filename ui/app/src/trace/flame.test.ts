import { describe, expect, it } from 'vitest';
import { firstFrom, flameLevels, longestSpan, spanAt } from './flame.ts';
import { makeSpan } from './fixtures.ts';
import { buildTimeline } from './timeline.ts';

const levels = flameLevels(buildTimeline([
  makeSpan({ spanId: 'root', start: 0, end: 100 }),
  makeSpan({ spanId: 'b', parent: 'root', start: 50, end: 90 }),
  makeSpan({ spanId: 'a', parent: 'root', start: 10, end: 40 }),
  makeSpan({ spanId: 'a1', parent: 'a', start: 12, end: 20 }),
]));

describe('flame layout', () => {
  it('groups spans by depth in start order', () => {
    expect(levels.map((l) => l.map((n) => n.id))).toEqual([['root'], ['a', 'b'], ['a1']]);
    expect(longestSpan(levels)).toEqual([100, 40, 8]);
  });
  it('finds the span under a point', () => {
    expect(spanAt(levels, 1, 30)?.id).toBe('a');
    expect(spanAt(levels, 1, 45)).toBeNull();
    expect(spanAt(levels, 2, 15)?.id).toBe('a1');
    expect(spanAt(levels, 5, 15)).toBeNull();
  });
  it('skips spans that end before the window', () => {
    expect(firstFrom(levels[1]!, 30, 40)).toBe(0);
    expect(firstFrom(levels[1]!, 60, 40)).toBe(1);
    expect(firstFrom(levels[1]!, 95, 40)).toBe(2);
  });
});
