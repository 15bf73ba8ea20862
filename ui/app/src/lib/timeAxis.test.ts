import { describe, expect, it } from 'vitest';
import { bucketLabel, timeTickFormat } from './timeAxis.ts';

describe('time ticks', () => {
  const day = 86_400_000;
  it('shows hours within days and the date at midnight', () => {
    const format = timeTickFormat(day);
    expect(format(new Date(2026, 11, 1, 14, 30))).toBe('14:30');
    expect(format(new Date(2026, 11, 2, 0, 0))).toBe('Dec 02');
  });
  it('shows only dates over weeks', () => {
    expect(timeTickFormat(30 * day)(new Date(2026, 11, 1, 12, 0))).toBe('Dec 01');
  });
  it('labels a bucket to the minute', () => {
    expect(bucketLabel(new Date(2026, 11, 1, 13, 30).getTime())).toBe('2026-12-01 13:30');
  });
});
