// The critical path: the chain of work that decided the trace's end time. The algorithm jaeger-ui
// uses: start at the root's end, walk back into the last-finishing child that ended before the
// current point, recurse into it, and when a span has no such child, credit it back to its start
// and return to its parent at that start. Children are first clipped to their parent's bounds.
import type { Timeline, TimelineNode } from './timeline.ts';

export interface Segment {
  spanId: string;
  startMs: number;
  endMs: number;
}

export interface CriticalPath {
  /** Chronological segments; a span appears once per stretch it was on the path. */
  segments: Segment[];
  spanIds: Set<string>;
  /** Distinct spans in the order the path first reaches them: what prev/next steps through. */
  steps: string[];
}

/** No path (yet): what the waterfall shows until the path is computed. */
export const NO_PATH: CriticalPath = { segments: [], spanIds: new Set(), steps: [] };

interface Clipped {
  node: TimelineNode;
  start: number;
  end: number;
  parent: Clipped | null;
  /** Children clipped to this span, latest end first. */
  children: Clipped[];
  /** Children before this index were already taken or ended after the current cutoff. */
  next: number;
}

/** The root that spans the most time; orphans and late roots are not on the main path. */
function mainRoot(timeline: Timeline): TimelineNode | undefined {
  return timeline.roots.reduce<TimelineNode | undefined>(
    (best, r) => (!best || r.endMs - r.startMs > best.endMs - best.startMs ? r : best), undefined);
}

export function criticalPath(timeline: Timeline): CriticalPath {
  const root = mainRoot(timeline);
  const segments: Segment[] = [];
  if (root) {
    const top = clipTree(root);
    let current: Clipped | null = top;
    let cutoff = top.end;
    while (current) {
      const child = lastFinishingBefore(current, cutoff);
      if (child) {
        if (child.end < cutoff) segments.push({ spanId: current.node.id, startMs: child.end, endMs: cutoff });
        current = child;
        cutoff = child.end;
      } else {
        // A zero-length stretch took no time: it is not on the path.
        if (current.start < cutoff) segments.push({ spanId: current.node.id, startMs: current.start, endMs: cutoff });
        cutoff = current.start;
        current = current.parent;
      }
    }
  }
  segments.reverse();
  const steps: string[] = [];
  const spanIds = new Set<string>();
  for (const s of segments) if (!spanIds.has(s.spanId)) (spanIds.add(s.spanId), steps.push(s.spanId));
  return { segments, spanIds, steps };
}

function lastFinishingBefore(span: Clipped, cutoff: number): Clipped | undefined {
  // Cutoffs for one span only move earlier, so a moving index keeps this linear per span.
  while (span.next < span.children.length) {
    const child = span.children[span.next++]!;
    if (child.end <= cutoff) return child;
  }
  return undefined;
}

/** Clips every span to its parent's (clipped) bounds; iterative so deep chains cannot overflow. */
function clipTree(root: TimelineNode): Clipped {
  const top = { node: root, start: root.startMs, end: Math.max(root.startMs, root.endMs), parent: null, children: [], next: 0 } as Clipped;
  const stack: Clipped[] = [top];
  while (stack.length) {
    const parent = stack.pop()!;
    for (const child of parent.node.children) {
      const start = Math.max(child.startMs, parent.start);
      if (start > parent.end) continue;
      const c: Clipped = { node: child, start, end: Math.max(start, Math.min(child.endMs, parent.end)), parent, children: [], next: 0 };
      parent.children.push(c);
      stack.push(c);
    }
    parent.children.sort((a, b) => b.end - a.end);
  }
  return top;
}

/** The span to select when stepping along the path from `current` (null: not on the path). */
export function stepPath(path: CriticalPath, current: string | null, direction: 1 | -1): string | null {
  if (!path.steps.length) return null;
  const at = current === null ? -1 : path.steps.indexOf(current);
  if (at < 0) return direction === 1 ? path.steps[0]! : path.steps.at(-1)!;
  const next = Math.min(path.steps.length - 1, Math.max(0, at + direction));
  return path.steps[next]!;
}

/** Segments by span, so a row finds its own stretches of the path without scanning them all. */
export function segmentsBySpan(path: CriticalPath): Map<string, Segment[]> {
  const out = new Map<string, Segment[]>();
  for (const s of path.segments) {
    const list = out.get(s.spanId);
    if (list) list.push(s);
    else out.set(s.spanId, [s]);
  }
  return out;
}
