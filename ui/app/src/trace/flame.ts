// The flame view's layout: spans grouped by depth, each level sorted by start, so drawing walks
// only the spans in the zoom window and a click finds its span by binary search.
import type { Timeline, TimelineNode } from './timeline.ts';

export type Levels = TimelineNode[][];

export function flameLevels(timeline: Timeline): Levels {
  const levels: Levels = [];
  for (const node of timeline.order) (levels[node.depth] ??= []).push(node);
  for (const level of levels) level.sort((a, b) => a.startMs - b.startMs);
  return levels;
}

/** Index of the first span in a level that may be visible from `ms` on (spans end after start). */
export function firstFrom(level: readonly TimelineNode[], ms: number, maxDurationMs: number): number {
  let lo = 0;
  let hi = level.length;
  const from = ms - maxDurationMs;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (level[mid]!.startMs < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The span drawn at time `ms` on level `depth`: the latest-starting one covering it. */
export function spanAt(levels: Levels, depth: number, ms: number): TimelineNode | null {
  const level = levels[depth];
  if (!level) return null;
  let lo = 0;
  let hi = level.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (level[mid]!.startMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) if (level[i]!.endMs >= ms) return level[i]!;
  return null;
}

export const longestSpan = (levels: Levels): number[] =>
  levels.map((level) => level.reduce((m, n) => Math.max(m, n.endMs - n.startMs), 0));
