import { describe, expect, it } from 'vitest';
import { scrollToRow, visibleRange } from './virtual.ts';

describe('visibleRange', () => {
  it('renders the rows in view plus overscan', () => {
    expect(visibleRange(0, 100, 20, 10_000, 2)).toEqual({ start: 0, end: 7, offsetTop: 0, totalHeight: 200_000 });
    expect(visibleRange(1000, 100, 20, 10_000, 2)).toEqual({ start: 48, end: 57, offsetTop: 960, totalHeight: 200_000 });
  });
  it('stays inside the list when scrolled past either end or when short', () => {
    expect(visibleRange(10_000_000, 100, 20, 10_000, 2)).toMatchObject({ start: 9993, end: 10_000 });
    expect(visibleRange(-50, 100, 20, 3, 2)).toMatchObject({ start: 0, end: 3 });
    expect(visibleRange(0, 100, 20, 0)).toMatchObject({ start: 0, end: 0, totalHeight: 0 });
  });
});

describe('scrollToRow', () => {
  it('scrolls only when the row is out of view', () => {
    expect(scrollToRow(5, 0, 200, 20)).toBeNull();
    expect(scrollToRow(2, 100, 200, 20)).toBe(40);
    expect(scrollToRow(100, 0, 200, 20)).toBe(1910);
  });
});
