import { describe, expect, it } from 'vitest';
import { evaluateSlo } from './burn.ts';
import { checkSlo, describeObjective } from './check.ts';
import type { SloBucket, SloObjective } from './objective.ts';

const MINUTE = 60_000;
const end = Date.UTC(2026, 10, 20, 12, 0);
const checkout: SloObjective = { name: 'checkout', kind: 'latency', target: 0.99, thresholdMs: 120_000, windowDays: 28 };

/** 100 executions a minute for 28 days, `bad(minutesAgo)` of them slow. */
const traffic = (bad: (minutesAgo: number) => number): SloBucket[] =>
  Array.from({ length: 28 * 1440 }, (_, i) => ({ startMs: end - (28 * 1440 - i) * MINUTE, total: 100, bad: bad(28 * 1440 - i) }));

describe('checkSlo', () => {
  it('pages on a fast burn and says how fast, over which windows, and what budget remains', () => {
    // 16% slow in the last hour, 0.2% before: 40,320 allowed; 960 + 8,052 spent
    const status = evaluateSlo(checkout, traffic((ago) => (ago <= 60 ? 16 : 0.2)), end);
    const result = checkSlo(checkout, status);
    expect(result).toMatchObject({ check: 'slo_burn', spanId: '', label: 'page', passed: false });
    expect(result.score).toBeCloseTo(16, 6);
    expect(result.explanation).toBe(
      'checkout p(≤2 min) 99%: burning 16× budget over 1 h and 5 min (page); 78% of the 28-day error budget remains (9,012 of 40,320 allowed bad executions spent).',
    );
  });

  it('opens a ticket for a slow burn', () => {
    const result = checkSlo(checkout, evaluateSlo(checkout, traffic(() => 1.2), end));
    expect(result).toMatchObject({ label: 'ticket', passed: false });
    expect(result.score).toBeCloseTo(1.2, 6);
    expect(result.explanation).toContain('burning 1.2× budget over 3 d and 6 h (ticket); the 28-day error budget is overspent');
  });

  it('passes a healthy objective, scored by its highest burn rate', () => {
    const result = checkSlo(checkout, evaluateSlo(checkout, traffic((ago) => (ago <= 360 ? 0.5 : 0.1)), end));
    expect(result).toMatchObject({ label: 'ok', passed: true });
    expect(result.score).toBeCloseTo(0.5, 6);
    expect(result.explanation).toMatch(/^checkout p\(≤2 min\) 99%: burning at most 0\.5× budget \(over 1 h\), no alert; 90% of the 28-day error budget remains/);
  });

  it('passes, uncheckable, without executions', () => {
    const result = checkSlo(checkout, evaluateSlo(checkout, [], end));
    expect(result).toMatchObject({ label: 'not_checkable', passed: true, score: 0 });
    expect(result.explanation).toBe('checkout p(≤2 min) 99%: no executions in the last 28 days to judge.');
  });

  it('carries the windows and the budget in its details', () => {
    const status = evaluateSlo(checkout, traffic(() => 0.1), end);
    expect(checkSlo(checkout, status).details).toMatchObject({ window: status.window, budget: status.budget, alert: 'none', rules: status.rules });
  });
});

describe('describeObjective', () => {
  it('names the promise', () => {
    expect(describeObjective(checkout)).toBe('checkout p(≤2 min) 99%');
    expect(describeObjective({ name: 'triage', kind: 'success', target: 0.999, windowDays: 30 })).toBe('triage success 99.9%');
  });
});

describe('an overspent budget', () => {
  it('fails as exhausted when no burn rate alerts', () => {
    const objective = { name: 'answers succeed', kind: 'success' as const, target: 0.99, windowDays: 14 };
    const rule = (long: number) => ({ severity: 'ticket' as const, longMs: 3 * 86_400_000, shortMs: 21_600_000, threshold: 1, firing: false, long: { burnRate: long, total: 100, bad: 1 }, short: { burnRate: 0, total: 10, bad: 0 } });
    const status = {
      window: { fromMs: 0, toMs: 14 * 86_400_000 },
      total: 2900,
      bad: 51,
      compliance: 1 - 51 / 2900,
      budget: { allowed: 29, spent: 51, remaining: -22, remainingFraction: -22 / 29 },
      rules: [rule(0.5)],
      alert: 'none' as const,
    };
    const result = checkSlo(objective, status as unknown as Parameters<typeof checkSlo>[1]);
    expect(result).toMatchObject({ label: 'exhausted', passed: false });
    expect(result.explanation).toMatch(/overspent/);
  });
});
