// "Is it moving?": per group, the recent half of the window against the earlier half, so the SRE
// page can say which agent or model got slower or started failing before anyone reads a chart.
import type { LatencyPoint } from '../../../server/schemas.ts';

export interface GroupSummary {
  group: string;
  count: number;
  executions: number;
  errors: number;
  errorRate: number;
  p95Recent: number | null; // median of p95 over buckets in the second half of the window
  p95Earlier: number | null;
  p95Change: number | null; // recent / earlier - 1
  errorRateRecent: number | null;
  errorRateEarlier: number | null;
  errorsRecent: number;
}

export function summarizeGroups(points: LatencyPoint[], from: number, to: number): GroupSummary[] {
  const middle = from + (to - from) / 2;
  const groups = new Map<string, LatencyPoint[]>();
  for (const point of points) groups.set(point.group, [...(groups.get(point.group) ?? []), point]);
  return [...groups.entries()]
    .map(([group, list]) => {
      const recent = list.filter((p) => Date.parse(p.time) >= middle);
      const earlier = list.filter((p) => Date.parse(p.time) < middle);
      const p95Recent = median(recent.map((p) => p.p95Ms));
      const p95Earlier = median(earlier.map((p) => p.p95Ms));
      const executions = sum(list.map((p) => p.executions));
      const errors = sum(list.map((p) => p.errors));
      return {
        group,
        count: sum(list.map((p) => p.count)),
        executions,
        errors,
        errorRate: weightedRate(list),
        p95Recent,
        p95Earlier,
        p95Change: p95Recent !== null && p95Earlier !== null && p95Earlier > 0 ? p95Recent / p95Earlier - 1 : null,
        errorRateRecent: recent.length ? weightedRate(recent) : null,
        errorRateEarlier: earlier.length ? weightedRate(earlier) : null,
        errorsRecent: sum(recent.map((p) => p.errors)),
      };
    })
    .sort((a, b) => b.count - a.count || a.group.localeCompare(b.group));
}

/** A change worth a word: p95 up or down by a quarter, or the error rate up by 5 points (from at
 * least two recent errors: one failure among a handful of executions is not a trend). */
export function trendWord(summary: GroupSummary): 'slower' | 'faster' | 'more errors' | 'steady' | 'new' {
  if (summary.p95Earlier === null) return 'new';
  if (summary.errorsRecent >= 2 && (summary.errorRateRecent ?? 0) - (summary.errorRateEarlier ?? 0) >= 0.05) return 'more errors';
  if (summary.p95Change !== null && summary.p95Change >= 0.25) return 'slower';
  if (summary.p95Change !== null && summary.p95Change <= -0.25) return 'faster';
  return 'steady';
}

function weightedRate(list: LatencyPoint[]): number {
  const total = sum(list.map((p) => p.count));
  return total === 0 ? 0 : sum(list.map((p) => p.errorRate * p.count)) / total;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
