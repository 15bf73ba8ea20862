import { describe, expect, it } from 'vitest';
import { parseInstant, parseTimeRange } from './time-range.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('time range parameters', () => {
  it('reads relative durations and ISO instants', () => {
    expect(parseInstant('15m', NOW)).toBe(NOW - 15 * 60_000);
    expect(parseInstant('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseInstant('2026-12-01T10:00:00Z', NOW)).toBe(Date.parse('2026-12-01T10:00:00Z'));
    expect(parseInstant('now', NOW)).toBe(NOW);
    expect(parseInstant('yesterday', NOW)).toBeUndefined();
    expect(parseInstant('12', NOW)).toBeUndefined();
  });

  it('defaults to the last 24 hours and names the bad parameter', () => {
    expect(parseTimeRange(undefined, undefined, NOW)).toEqual({ fromMs: NOW - 86_400_000, toMs: NOW });
    expect(parseTimeRange('soon', undefined, NOW)).toEqual({ error: expect.stringMatching(/^from: "soon" is not/) });
    expect(parseTimeRange('1h', 'x', NOW)).toEqual({ error: expect.stringMatching(/^to: "x"/) });
    expect(parseTimeRange('1h', '2h', NOW)).toEqual({ error: expect.stringMatching(/from must be before to/) });
  });
});
