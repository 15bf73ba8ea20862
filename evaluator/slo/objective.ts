// What an SLO promises, and the counts the caller reads to judge it.
import { DAY_MS, startOfMinute, type TimeWindow } from '../drift/windows.ts';

export interface SloObjective {
  readonly name: string;
  /** The agent the objective is about; every agent of the project when absent. */
  readonly agent?: string;
  /** latency: an execution is good when it finishes within thresholdMs; success: when it does not fail. */
  readonly kind: 'latency' | 'success';
  /** Share of good executions promised, e.g. 0.99. */
  readonly target: number;
  readonly thresholdMs?: number;
  /** The rolling window the target holds over, e.g. 28. */
  readonly windowDays: number;
}

/**
 * Executions in [startMs, endMs) and how many of them were bad. Minute buckets by default; coarser
 * ones (e.g. hours for the older days) are counted pro rata where an alert window cuts them, so
 * keep buckets no longer than the shortest window (5 min) for the last few hours. Key executions
 * by their end, when their verdict is known, so the newest buckets are not missing the slow ones.
 */
export interface SloBucket {
  readonly startMs: number;
  /** Default startMs + 1 min. */
  readonly endMs?: number;
  readonly total: number;
  readonly bad: number;
}

/** The range of buckets the caller queries: the objective's window up to the start of the current minute. */
export function sloWindow(objective: SloObjective, nowMs: number): TimeWindow {
  const toMs = startOfMinute(nowMs);
  return { fromMs: toMs - objective.windowDays * DAY_MS, toMs };
}
