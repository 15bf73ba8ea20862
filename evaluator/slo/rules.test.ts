import { describe, expect, it } from 'vitest';
import { burnRules } from './rules.ts';

const HOUR = 3_600_000;

describe('burnRules', () => {
  it('are the SRE Workbook table 5-8 for a 30-day SLO: 14.4 over 1 h/5 min, 6 over 6 h/30 min (page), 1 over 3 d/6 h (ticket)', () => {
    const rules = burnRules(30);
    expect(rules.map((r) => [r.severity, r.longMs / HOUR, r.shortMs / HOUR])).toEqual([
      ['page', 1, 5 / 60],
      ['page', 6, 0.5],
      ['ticket', 72, 6],
    ]);
    expect(rules[0]!.burnRate).toBeCloseTo(14.4, 10);
    expect(rules[1]!.burnRate).toBeCloseTo(6, 10);
    expect(rules[2]!.burnRate).toBeCloseTo(1, 10);
  });

  it('keep the windows and budget shares for a 28-day SLO, so the rates scale by 28/30, never below 1', () => {
    expect(burnRules(28).map((r) => r.burnRate)).toEqual([expect.closeTo(13.44, 10), expect.closeTo(5.6, 10), 1]);
    expect(burnRules(90).map((r) => r.burnRate)).toEqual([expect.closeTo(43.2, 10), expect.closeTo(18, 10), expect.closeTo(3, 10)]);
  });

  it('cut a long window to an SLO window shorter than it', () => {
    const ticket = burnRules(1)[2]!;
    expect(ticket.longMs).toBe(24 * HOUR);
    expect(ticket.shortMs).toBe(2 * HOUR);
    expect(ticket.burnRate).toBe(1);
  });
});
