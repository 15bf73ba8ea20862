// The span tree of one trace, flattened into waterfall rows. Computed once per trace: offsets are
// relative to the trace start in milliseconds, derived from the exact nanosecond strings with
// BigInt so a multi-hour trace keeps sub-microsecond precision.
import type { TimelineSpan } from '../../../server/schemas.ts';

/** What the waterfall, flame view and header read of a span: the fields of the timeline endpoint
 *  (GET /api/traces/{id}/timeline). A full Span has all of them except toolName (it has `tool`). */
export type SpanSummary = Omit<TimelineSpan, 'toolName'> & { toolName?: string };

export interface TimelineNode {
  span: SpanSummary;
  id: string;
  parent: TimelineNode | null;
  children: TimelineNode[];
  depth: number;
  /** The parent span id is set but no span of the trace has it (not yet arrived, or dropped). */
  orphan: boolean;
  startMs: number;
  endMs: number;
}

export interface Timeline {
  roots: TimelineNode[];
  byId: Map<string, TimelineNode>;
  /** Every node in depth-first display order (all expanded). */
  order: TimelineNode[];
  startNs: bigint;
  durationMs: number;
}

export interface Row {
  node: TimelineNode;
  hasChildren: boolean;
  collapsed: boolean;
}

const nanos = (text: string): bigint => {
  try {
    return BigInt(text || '0');
  } catch {
    return 0n;
  }
};

const byStart = (a: TimelineNode, b: TimelineNode) => a.startMs - b.startMs || a.endMs - b.endMs;

export function buildTimeline(spans: readonly SpanSummary[]): Timeline {
  let startNs: bigint | null = null;
  let endNs: bigint | null = null;
  const bounds = spans.map((span) => {
    const start = nanos(span.startTimeUnixNano);
    const end = nanos(span.endTimeUnixNano);
    const last = end > start ? end : start;
    if (startNs === null || start < startNs) startNs = start;
    if (endNs === null || last > endNs) endNs = last;
    return [start, last] as const;
  });
  const origin: bigint = startNs ?? 0n;
  const byId = new Map<string, TimelineNode>();
  spans.forEach((span, i) => {
    if (byId.has(span.spanId)) return; // a duplicate delivery: keep the first copy
    const [start, end] = bounds[i]!;
    byId.set(span.spanId, {
      span, id: span.spanId, parent: null, children: [], depth: 0, orphan: false,
      startMs: Number(start - origin) / 1e6, endMs: Number(end - origin) / 1e6,
    });
  });
  const roots: TimelineNode[] = [];
  for (const node of byId.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId && parentId !== node.id ? byId.get(parentId) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      node.orphan = parentId !== '' && parentId !== node.id;
      roots.push(node);
    }
  }
  const order = walk(roots.sort(byStart));
  if (order.length < byId.size) {
    // Spans in a parent cycle are unreachable from any root: show them as orphan roots.
    const seen = new Set(order);
    for (const node of byId.values()) {
      if (seen.has(node)) continue;
      node.parent?.children.splice(node.parent.children.indexOf(node), 1);
      node.parent = null;
      node.orphan = true;
      roots.push(node);
      for (const n of walk([node])) seen.add(n);
    }
    order.splice(0, order.length, ...walk(roots.sort(byStart)));
  }
  const durationMs = startNs === null ? 0 : Number((endNs ?? origin) - origin) / 1e6;
  return { roots, byId, order, startNs: origin, durationMs };
}

/** Depth-first, children by start time; iterative so a 10,000-deep chain cannot overflow the stack. */
function walk(roots: TimelineNode[]): TimelineNode[] {
  const out: TimelineNode[] = [];
  const seen = new Set<TimelineNode>();
  const stack = roots.map((node) => ({ node, depth: 0 })).reverse();
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    node.depth = depth;
    out.push(node);
    node.children.sort(byStart);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, depth: depth + 1 });
  }
  return out;
}

/** Rows to show: the display order, skipping descendants of collapsed spans. */
export function flattenRows(timeline: Timeline, collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  let hideBelow = -1; // depth of the collapsed span whose subtree is being skipped
  for (const node of timeline.order) {
    if (hideBelow >= 0) {
      if (node.depth > hideBelow) continue;
      hideBelow = -1;
    }
    const isCollapsed = collapsed.has(node.id) && node.children.length > 0;
    rows.push({ node, hasChildren: node.children.length > 0, collapsed: isCollapsed });
    if (isCollapsed) hideBelow = node.depth;
  }
  return rows;
}

export const expandAll = (): Set<string> => new Set();

/** Collapse every span with children below the roots, so the first screen shows the top level. */
export function collapseAll(timeline: Timeline): Set<string> {
  return new Set(timeline.order.filter((n) => n.children.length > 0 && n.depth > 0).map((n) => n.id));
}

export function toggle(collapsed: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(collapsed);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** The collapsed set with every ancestor of `id` opened, so its row is visible. */
export function reveal(timeline: Timeline, collapsed: ReadonlySet<string>, id: string): Set<string> {
  let parent = timeline.byId.get(id)?.parent ?? null;
  if (!parent || !collapsed.size) return new Set(collapsed);
  const next = new Set(collapsed);
  for (; parent; parent = parent.parent) next.delete(parent.id);
  return next;
}
