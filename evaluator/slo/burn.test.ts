import { describe, expect, it } from 'vitest';
import { evaluateSlo } from './burn.ts';
import { sloWindow, type SloBucket, type SloObjective } from './objective.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 10, 20, 12, 0, 30);
const end = Date.UTC(2026, 10, 20, 12, 0);

const availability: SloObjective = { name: 'checkout', kind: 'success', target: 0.999, windowDays: 30 };

/** Minute buckets of `perMinute` executions over the SLO window before `end`; `errorRate(minutesAgo)` of them bad. */
function minutes(days: number, perMinute: number, errorRate: (minutesAgo: number) => number): SloBucket[] {
  return Array.from({ length: days * 1440 }, (_, i) => {
    const minutesAgo = days * 1440 - i;
    return { startMs: end - minutesAgo * MINUTE, total: perMinute, bad: perMinute * errorRate(minutesAgo) };
  });
}

describe('evaluateSlo', () => {
  it('reads the workbook example: 1.44% errors against 99.9% is a burn rate of 14.4, 2% of the budget in an hour', () => {
    const status = evaluateSlo(availability, minutes(30, 100, (ago) => (ago <= 60 ? 0.0144 : 0)), now);
    const [fast, slow, ticket] = status.rules;
    expect(fast!.long.burnRate).toBeCloseTo(14.4, 6);
    expect(fast!.short.burnRate).toBeCloseTo(14.4, 6);
    expect(slow!.long.burnRate).toBeCloseTo(14.4 / 6, 6);
    expect(1 - status.budget.remainingFraction).toBeCloseTo(0.02, 6);
    expect(ticket!.firing).toBe(false);
  });

  it('pages when the last hour and the last 5 min both burn faster than 14.4, and only then', () => {
    const page = evaluateSlo(availability, minutes(30, 100, (ago) => (ago <= 60 ? 0.015 : 0)), now);
    expect(page.rules.map((r) => r.firing)).toEqual([true, false, false]);
    expect(page.alert).toBe('page');
    const burst = evaluateSlo(availability, minutes(30, 100, (ago) => (ago <= 5 ? 0.1 : 0)), now);
    expect(burst.rules[0]!.short.burnRate).toBeCloseTo(100, 6);
    expect(burst.alert).toBe('none');
  });

  it('pages within a minute of a full outage (the workbook: 0.86 min for the 1 h / 14.4 rule)', () => {
    expect(evaluateSlo(availability, minutes(30, 100, (ago) => (ago <= 1 ? 1 : 0)), now).alert).toBe('page');
  });

  it('resets each rule once its short window is clean, though its long window still burns', () => {
    // a 10-min outage that ended 6 min ago: the 1 h rule has reset, the 6 h rule pages until its 30 min pass
    const recent = evaluateSlo(availability, minutes(30, 100, (ago) => (ago > 6 && ago <= 16 ? 1 : 0)), now);
    expect(recent.rules[0]!.long.burnRate).toBeGreaterThan(100);
    expect(recent.rules.map((r) => r.firing)).toEqual([false, true, true]);
    expect(recent.alert).toBe('page');
    const older = evaluateSlo(availability, minutes(30, 100, (ago) => (ago > 31 && ago <= 41 ? 1 : 0)), now);
    expect(older.rules.map((r) => r.firing)).toEqual([false, false, true]);
    expect(older.alert).toBe('ticket');
  });

  it('opens a ticket, not a page, for a slow burn that would overspend the budget', () => {
    const status = evaluateSlo({ ...availability, target: 0.99 }, minutes(30, 10, () => 0.011), now);
    expect(status.rules.map((r) => r.firing)).toEqual([false, false, true]);
    expect(status.alert).toBe('ticket');
    expect(status.budget.remainingFraction).toBeCloseTo(-0.1, 6);
  });

  it('accounts the error budget: allowed vs spent bad executions, remaining, compliance', () => {
    const latency: SloObjective = { name: 'checkout', kind: 'latency', target: 0.99, thresholdMs: 120_000, windowDays: 28 };
    // 100,000 executions over 28 days (a bucket per day for the old ones), 600 bad
    const buckets: SloBucket[] = [
      ...Array.from({ length: 27 }, (_, d) => ({ startMs: end - (28 - d) * DAY, endMs: end - (27 - d) * DAY, total: 3600, bad: 20 })),
      { startMs: end - DAY, endMs: end, total: 2800, bad: 60 },
    ];
    const status = evaluateSlo(latency, buckets, now);
    expect(status.total).toBeCloseTo(100_000, 6);
    expect(status.bad).toBeCloseTo(600, 6);
    expect(status.compliance).toBeCloseTo(0.994, 10);
    expect(status.budget.allowed).toBeCloseTo(1000, 6);
    expect(status.budget.remaining).toBeCloseTo(400, 6);
    expect(status.budget.remainingFraction).toBeCloseTo(0.4, 10);
  });

  it('counts the overlapping share of buckets coarser than a window', () => {
    const hourly = [{ startMs: end - HOUR, endMs: end, total: 1200, bad: 12 }];
    const fast = evaluateSlo({ ...availability, target: 0.99 }, hourly, now).rules[0]!;
    expect(fast.short).toMatchObject({ total: 100, bad: 1 });
    expect(fast.long.burnRate).toBeCloseTo(1, 10);
  });

  it('ignores buckets outside the window, including the minute still being written', () => {
    const buckets = [
      { startMs: end - 31 * DAY, total: 100, bad: 100 },
      { startMs: end, total: 100, bad: 100 },
      { startMs: end - MINUTE, total: 100, bad: 0 },
    ];
    const status = evaluateSlo(availability, buckets, now);
    expect(status).toMatchObject({ total: 100, bad: 0, compliance: 1, alert: 'none' });
  });

  it('has no compliance without executions', () => {
    const status = evaluateSlo(availability, [], now);
    expect(status.total).toBe(0);
    expect(status.compliance).toBeNaN();
    expect(status.budget.remainingFraction).toBeNaN();
    expect(status.rules.every((r) => r.long.burnRate === 0 && !r.firing)).toBe(true);
  });
});

describe('sloWindow', () => {
  it('covers the objective window up to the start of the current minute', () => {
    expect(sloWindow({ ...availability, windowDays: 28 }, now)).toEqual({ fromMs: end - 28 * DAY, toMs: end });
  });
});
