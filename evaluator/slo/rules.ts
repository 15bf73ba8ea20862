// Multiwindow, multi-burn-rate alerts, after the Google SRE Workbook, ch. 5 "Alerting on SLOs"
// (table 5-8, recommended for a 30-day SLO): page when 2% of the budget burns in 1 h or 5% in 6 h,
// open a ticket when 10% burns in 3 days. Each long window is paired with a short one of 1/12 its
// length that must burn as fast, so an alert stops soon after the errors stop.
import { DAY_MS, MINUTE_MS } from '../drift/windows.ts';

const HOUR_MS = 60 * MINUTE_MS;

export type Severity = 'page' | 'ticket';

export interface BurnRule {
  readonly severity: Severity;
  /** Share of the whole window's error budget that this rule lets burn within its long window. */
  readonly budgetFraction: number;
  readonly longMs: number;
  readonly shortMs: number;
  /** Burn rate both windows must exceed: budgetFraction × SLO window / long window, at least 1. */
  readonly burnRate: number;
}

export const WORKBOOK_RULES: readonly Omit<BurnRule, 'burnRate'>[] = [
  { severity: 'page', budgetFraction: 0.02, longMs: HOUR_MS, shortMs: 5 * MINUTE_MS },
  { severity: 'page', budgetFraction: 0.05, longMs: 6 * HOUR_MS, shortMs: 30 * MINUTE_MS },
  { severity: 'ticket', budgetFraction: 0.1, longMs: 3 * DAY_MS, shortMs: 6 * HOUR_MS },
];

/**
 * The workbook's rules for an SLO window of `windowDays`. The windows keep their lengths (they are
 * set by how fast someone must respond) and the burn rates are re-derived from the same budget
 * shares with the workbook's formula, so over 30 days they are exactly 14.4, 6 and 1, and over 28
 * days 13.44, 5.6 and 0.93. No rule fires below a burn rate of 1: at that pace the budget lasts
 * the window (this lifts the 28-day ticket rate to 1). A long window longer than the SLO window is
 * cut to it, its short window to 1/12 of it.
 */
export function burnRules(windowDays: number): BurnRule[] {
  const windowMs = windowDays * DAY_MS;
  return WORKBOOK_RULES.map((rule) => {
    const longMs = Math.min(rule.longMs, windowMs);
    const shortMs = Math.min(rule.shortMs, longMs / 12);
    return { ...rule, longMs, shortMs, burnRate: Math.max(1, (rule.budgetFraction * windowMs) / longMs) };
  });
}
