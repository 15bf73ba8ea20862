// Percentiles of a sorted sample, interpolated between the two nearest ranks (Hyndman & Fan type 7,
// the default of R and NumPy), so a small change in the data moves them smoothly.

/** The `p`-th percentile (0..100) of ascending `sorted`; NaN when it is empty. */
export function percentileOf(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const below = Math.floor(rank);
  const above = Math.min(n - 1, below + 1);
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!);
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export function summarise(sorted: ArrayLike<number>): LatencySummary {
  return { count: sorted.length, p50: percentileOf(sorted, 50), p95: percentileOf(sorted, 95), p99: percentileOf(sorted, 99) };
}
