import { describe, expect, it } from 'vitest';
import { makeSpan, makeTimelineSpan } from './fixtures.ts';
import { buildTimeline, collapseAll, expandAll, flattenRows, reveal, toggle } from './timeline.ts';

const spans = [
  makeSpan({ spanId: 'c2', parent: 'root', start: 50, end: 90 }),
  makeSpan({ spanId: 'root', start: 0, end: 100 }),
  makeSpan({ spanId: 'c1', parent: 'root', start: 10, end: 40 }),
  makeSpan({ spanId: 'g1', parent: 'c1', start: 12, end: 20 }),
  makeSpan({ spanId: 'lost', parent: 'missing', start: 95, end: 120 }),
];
const ids = (rows: { node: { id: string } }[]) => rows.map((r) => r.node.id);

describe('buildTimeline', () => {
  it('nests children under parents sorted by start, with depth', () => {
    const tl = buildTimeline(spans);
    expect(tl.order.map((n) => `${n.id}@${n.depth}`)).toEqual(['root@0', 'c1@1', 'g1@2', 'c2@1', 'lost@0']);
  });
  it('makes spans whose parent is missing into marked roots', () => {
    const tl = buildTimeline(spans);
    expect(tl.roots.map((r) => [r.id, r.orphan])).toEqual([['root', false], ['lost', true]]);
  });
  it('measures offsets from the trace start with nanosecond precision', () => {
    const tl = buildTimeline([
      makeSpan({ spanId: 'a', start: 0, end: 7_200_000 }),
      makeSpan({ spanId: 'b', parent: 'a', start: 3_600_000.000_001, end: 3_600_000.000_003 }),
    ]);
    const b = tl.byId.get('b')!;
    expect(b.startMs).toBeCloseTo(3_600_000.000_001, 6);
    expect(b.endMs - b.startMs).toBeCloseTo(0.000_002, 6);
    expect(tl.durationMs).toBe(7_200_000);
  });
  it('survives parent cycles and deep chains', () => {
    const cyc = buildTimeline([makeSpan({ spanId: 'x', parent: 'y' }), makeSpan({ spanId: 'y', parent: 'x' })]);
    expect(cyc.order).toHaveLength(2);
    const chain = Array.from({ length: 20_000 }, (_, i) => makeSpan({ spanId: `s${i}`, parent: i ? `s${i - 1}` : '', start: i, end: 40_000 - i }));
    const deep = buildTimeline(chain);
    expect(deep.order.at(-1)!.depth).toBe(19_999);
  });
  it('keeps the first copy of a duplicated span', () => {
    const tl = buildTimeline([makeSpan({ spanId: 'a', name: 'first' }), makeSpan({ spanId: 'a', name: 'second' })]);
    expect(tl.order.map((n) => n.span.name)).toEqual(['first']);
  });
  it('handles an empty trace', () => {
    expect(buildTimeline([])).toMatchObject({ roots: [], durationMs: 0 });
  });
});

describe('rows', () => {
  const tl = buildTimeline(spans);
  it('hides descendants of collapsed spans', () => {
    expect(ids(flattenRows(tl, new Set(['c1'])))).toEqual(['root', 'c1', 'c2', 'lost']);
    expect(ids(flattenRows(tl, new Set(['root'])))).toEqual(['root', 'lost']);
  });
  it('collapse all keeps the top level, expand all shows everything', () => {
    expect(ids(flattenRows(tl, collapseAll(tl)))).toEqual(['root', 'c1', 'c2', 'lost']);
    expect(flattenRows(tl, expandAll())).toHaveLength(5);
  });
  it('toggles and reveals a span by opening its ancestors', () => {
    expect(toggle(toggle(new Set(), 'c1'), 'c1').size).toBe(0);
    const opened = reveal(tl, new Set(['root', 'c1', 'c2']), 'g1');
    expect([...opened]).toEqual(['c2']);
    expect(ids(flattenRows(tl, opened))).toContain('g1');
  });
});

describe('buildTimeline on the timeline endpoint', () => {
  it('lays out spans without their text the same as full spans', () => {
    const summaries = [
      makeTimelineSpan({ spanId: 'root', start: 0, end: 100 }),
      makeTimelineSpan({ spanId: 'c1', parent: 'root', start: 10, end: 40, toolName: 'search' }),
    ];
    const tl = buildTimeline(summaries);
    expect(tl.order.map((n) => `${n.id}@${n.depth}`)).toEqual(['root@0', 'c1@1']);
    expect(tl.byId.get('c1')?.span.toolName).toBe('search');
    expect(tl.durationMs).toBe(100);
  });
});
