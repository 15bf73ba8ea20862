// The time windows one drift evaluation reads: the recent window, and the same time of day on
// each of the previous days (policy.ts says why). The caller queries durations in these.
import type { DriftPolicy } from './policy.ts';

/** A half-open interval [fromMs, toMs) in milliseconds since the epoch. */
export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface DriftWindows {
  readonly recent: TimeWindow;
  /** Oldest day first; they never overlap the recent window or each other (margin < 12 h). */
  readonly baseline: readonly TimeWindow[];
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** The start of the minute holding `ms`: evaluations work in whole minutes (the rollups' grain). */
export const startOfMinute = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

export function driftWindows(nowMs: number, policy: DriftPolicy): DriftWindows {
  const toMs = startOfMinute(nowMs) - policy.lagMinutes * MINUTE_MS;
  const recent = { fromMs: toMs - policy.recentMinutes * MINUTE_MS, toMs };
  const margin = policy.baselineMarginMinutes * MINUTE_MS;
  const baseline = Array.from({ length: policy.baselineDays }, (_, i) => {
    const daysBack = policy.baselineDays - i;
    return { fromMs: recent.fromMs - daysBack * DAY_MS - margin, toMs: recent.toMs - daysBack * DAY_MS + margin };
  });
  return { recent, baseline };
}
