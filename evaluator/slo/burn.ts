// How fast an SLO's error budget burns now, which alert that calls for, and how much budget is left.
// Burn rate = the error rate over a window / the error rate the target allows (1 − target): at 1
// the budget lasts exactly the SLO window, at 14.4 a 30-day budget is gone in ~2 days.
import type { TimeWindow } from '../drift/windows.ts';
import { MINUTE_MS } from '../drift/windows.ts';
import { sloWindow, type SloBucket, type SloObjective } from './objective.ts';
import { burnRules, type BurnRule, type Severity } from './rules.ts';

export interface WindowBurn {
  readonly durationMs: number;
  readonly total: number;
  readonly bad: number;
  /** 0 when the window holds no executions. */
  readonly burnRate: number;
}

export interface RuleStatus extends BurnRule {
  readonly long: WindowBurn;
  readonly short: WindowBurn;
  /** Both windows burn faster than rule.burnRate (`>`, as the workbook's alert expressions). */
  readonly firing: boolean;
}

export interface ErrorBudget {
  /** Bad executions the target allows among the window's executions: (1 − target) × total. */
  readonly allowed: number;
  readonly spent: number;
  /** allowed − spent; negative once the budget is overspent. */
  readonly remaining: number;
  /** remaining / allowed; NaN when the window holds no executions. */
  readonly remainingFraction: number;
}

export interface SloStatus {
  readonly window: TimeWindow;
  readonly total: number;
  readonly bad: number;
  /** Good / total over the SLO window; NaN when it holds no executions. */
  readonly compliance: number;
  readonly budget: ErrorBudget;
  readonly rules: readonly RuleStatus[];
  readonly alert: Severity | 'none';
}

/** Executions and bad ones in [fromMs, toMs), taking the overlapping share of buckets cut by its edges. */
function count(buckets: readonly SloBucket[], fromMs: number, toMs: number): { total: number; bad: number } {
  let total = 0;
  let bad = 0;
  for (const bucket of buckets) {
    const endMs = bucket.endMs ?? bucket.startMs + MINUTE_MS;
    const overlap = Math.min(endMs, toMs) - Math.max(bucket.startMs, fromMs);
    if (overlap <= 0) continue;
    const share = Math.min(1, overlap / (endMs - bucket.startMs));
    total += bucket.total * share;
    bad += bucket.bad * share;
  }
  return { total, bad };
}

export function evaluateSlo(objective: SloObjective, buckets: readonly SloBucket[], nowMs: number): SloStatus {
  const window = sloWindow(objective, nowMs);
  const allowedRate = 1 - objective.target;
  const burn = (durationMs: number): WindowBurn => {
    const { total, bad } = count(buckets, window.toMs - durationMs, window.toMs);
    return { durationMs, total, bad, burnRate: total > 0 ? bad / total / allowedRate : 0 };
  };
  const rules = burnRules(objective.windowDays).map((rule) => {
    const long = burn(rule.longMs);
    const short = burn(rule.shortMs);
    return { ...rule, long, short, firing: long.burnRate > rule.burnRate && short.burnRate > rule.burnRate };
  });
  const { total, bad } = count(buckets, window.fromMs, window.toMs);
  const allowed = allowedRate * total;
  const alert = rules.some((r) => r.firing && r.severity === 'page') ? 'page' : rules.some((r) => r.firing) ? 'ticket' : 'none';
  return {
    window,
    total,
    bad,
    compliance: total > 0 ? 1 - bad / total : Number.NaN,
    budget: { allowed, spent: bad, remaining: allowed - bad, remainingFraction: total > 0 ? 1 - bad / allowed : Number.NaN },
    rules,
    alert,
  };
}
