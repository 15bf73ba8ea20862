import { describe, expect, it } from 'vitest';
import { describeRange, fromLocalInput, pageRange, parseRelative, rangeFromQuery, rangeLabel, rangeParams, rangeToQuery, resolveRange, toLocalInput } from './timeRange.ts';

describe('relative durations', () => {
  it('parses the API forms', () => {
    expect(parseRelative('15m')).toBe(900_000);
    expect(parseRelative('1h')).toBe(3_600_000);
    expect(parseRelative('7d')).toBe(604_800_000);
    expect(parseRelative('2026-12-01T10:00:00Z')).toBeNull();
    expect(parseRelative('h')).toBeNull();
  });
});

describe('range in the URL', () => {
  it('defaults to the last 24 hours and ignores junk', () => {
    expect(rangeFromQuery(new URLSearchParams(''))).toEqual({ from: '24h', to: 'now' });
    expect(rangeFromQuery(new URLSearchParams('from=yesterday&to=soon'))).toEqual({ from: '24h', to: 'now' });
  });
  it('round-trips absolute and relative ranges and omits defaults', () => {
    const query = new URLSearchParams('agent=a');
    rangeToQuery({ from: '24h', to: 'now' }, query);
    expect(query.toString()).toBe('agent=a');
    const absolute = { from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T12:00:00.000Z' };
    rangeToQuery(absolute, query);
    expect(rangeFromQuery(query)).toEqual(absolute);
    rangeToQuery({ from: '1h', to: 'now' }, query);
    expect(query.toString()).toBe('agent=a&from=1h');
  });
  it('reads and writes a page\'s own default (30 days on the executive page)', () => {
    const { fallback, presets } = pageRange('executive');
    expect(presets).toContain('30d');
    expect(rangeFromQuery(new URLSearchParams(''), fallback)).toEqual({ from: '30d', to: 'now' });
    const query = new URLSearchParams('from=30d');
    rangeToQuery({ from: '24h', to: 'now' }, query, fallback);
    expect(query.toString()).toBe('from=24h');
    rangeToQuery({ from: '30d', to: 'now' }, query, fallback);
    expect(query.toString()).toBe('');
    expect(pageRange('sre').fallback).toEqual({ from: '24h', to: 'now' });
  });
  it('passes `to` to the API only when it is not now', () => {
    expect(rangeParams({ from: '1h', to: 'now' })).toEqual({ from: '1h' });
    expect(rangeParams({ from: 'a', to: 'b' })).toEqual({ from: 'a', to: 'b' });
  });
});

describe('resolving and describing', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('resolves relative bounds against now', () => {
    expect(resolveRange({ from: '1h', to: 'now' }, now)).toEqual({ from: now - 3_600_000, to: now });
    expect(resolveRange({ from: '2026-12-01T10:00:00Z', to: '30m' }, now)).toEqual({ from: now - 7_200_000, to: now - 1_800_000 });
  });
  it('writes sentences and labels', () => {
    expect(describeRange({ from: '24h', to: 'now' })).toBe('the last 24 hours');
    expect(describeRange({ from: '1h', to: 'now' })).toBe('the last hour');
    expect(describeRange({ from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T12:00:00Z' })).toBe('2026-12-01 10:00Z to 2026-12-01 12:00Z');
    expect(rangeLabel({ from: '15m', to: 'now' })).toBe('Last 15 min');
    expect(rangeLabel({ from: '7d', to: 'now' })).toBe('Last 7 d');
  });
  it('converts datetime-local values both ways', () => {
    const iso = '2026-12-01T10:30:00.000Z';
    expect(fromLocalInput(toLocalInput(Date.parse(iso)))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
  });
});
