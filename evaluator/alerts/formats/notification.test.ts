import { describe, expect, it } from 'vitest';
import { fit, formatNumber } from './notification.ts';

describe('fit', () => {
  it('keeps text that fits and cuts the rest to exactly the limit with an ellipsis', () => {
    expect(fit('short', 10)).toBe('short');
    expect(fit('abcdefghij', 10)).toBe('abcdefghij');
    expect(fit('abcdefghijk', 10)).toBe('abcdefghi…');
  });

  it('never splits an escape sequence or a surrogate pair', () => {
    expect(fit('a<b', 6, (c) => (c === '<' ? '&lt;' : c))).toBe('a&lt;b');
    expect(fit('a<b', 5, (c) => (c === '<' ? '&lt;' : c))).toBe('a…');
    expect(fit('😀😀😀', 4)).toBe('😀…');
  });
});

describe('formatNumber', () => {
  it('shows readable numbers without float noise', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(undefined)).toBeUndefined();
  });
});
