import { describe, expect, it } from 'vitest';
import { formatAbsoluteTime, formatBucket, formatCost, formatDuration, formatInteger, formatPercent, formatRelativeTime, formatTokens } from './format.ts';

describe('formatDuration', () => {
  it('picks a readable unit', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(0.25)).toBe('0.25 ms');
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(1240)).toBe('1.24 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 m 05 s');
    expect(formatDuration(3_840_000)).toBe('1 h 04 m');
    expect(formatDuration(Number.NaN)).toBe('–');
  });
});

describe('formatCost', () => {
  it('keeps small costs visible and large ones in cents', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.00001)).toBe('<$0.0001');
    expect(formatCost(0.0012)).toBe('$0.0012');
    expect(formatCost(0.0345)).toBe('$0.0345');
    expect(formatCost(0.5)).toBe('$0.5');
    expect(formatCost(1234.567)).toBe('$1,234.57');
  });
});

describe('formatTokens and numbers', () => {
  it('compacts thousands and millions', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(1000)).toBe('1k');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(formatTokens(45_678)).toBe('46k');
    expect(formatTokens(4_500_000)).toBe('4.5M');
    expect(formatInteger(1234567.4)).toBe('1,234,567');
  });
  it('formats percentages', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(0.5)).toBe('50%');
  });
});

describe('relative and absolute time', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('says how long ago', () => {
    expect(formatRelativeTime('2026-12-01T11:59:58Z', now)).toBe('just now');
    expect(formatRelativeTime('2026-12-01T11:59:15Z', now)).toBe('45 s ago');
    expect(formatRelativeTime('2026-12-01T11:48:00Z', now)).toBe('12 min ago');
    expect(formatRelativeTime('2026-12-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelativeTime('2026-11-26T12:00:00Z', now)).toBe('5 d ago');
    expect(formatRelativeTime('2026-09-01T12:00:00Z', now)).toBe('2026-09-01');
    expect(formatRelativeTime('nonsense', now)).toBe('nonsense');
  });
  it('shows the absolute time with milliseconds', () => {
    expect(formatAbsoluteTime('2026-12-01T10:00:00.123Z')).toMatch(/^2026-12-0\d \d\d:00:00\.123$/);
  });
});

describe('formatBucket', () => {
  it('names a bucket width in its largest whole unit', () => {
    expect(formatBucket(60)).toBe('1 min');
    expect(formatBucket(900)).toBe('15 min');
    expect(formatBucket(7200)).toBe('2 h');
    expect(formatBucket(86_400)).toBe('1 d');
    expect(formatBucket(604_800)).toBe('7 d');
  });
});
