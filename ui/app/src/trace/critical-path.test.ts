import { describe, expect, it } from 'vitest';
import { criticalPath, segmentsBySpan, stepPath } from './critical-path.ts';
import { makeSpan } from './fixtures.ts';
import { buildTimeline } from './timeline.ts';

const path = (spans: Parameters<typeof makeSpan>[0][]) => criticalPath(buildTimeline(spans.map(makeSpan)));
const flat = (p: ReturnType<typeof criticalPath>) => p.segments.map((s) => `${s.spanId}:${s.startMs}-${s.endMs}`);

describe('criticalPath', () => {
  it('walks sequential children and the gaps of their parent', () => {
    const p = path([
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'c1', parent: 'root', start: 10, end: 40 },
      { spanId: 'g1', parent: 'c1', start: 12, end: 20 },
      { spanId: 'c2', parent: 'root', start: 50, end: 90 },
    ]);
    expect(flat(p)).toEqual(['root:0-10', 'c1:10-12', 'g1:12-20', 'c1:20-40', 'root:40-50', 'c2:50-90', 'root:90-100']);
    expect(p.steps).toEqual(['root', 'c1', 'g1', 'c2']);
    expect(segmentsBySpan(p).get('root')).toHaveLength(3);
  });
  it('follows the last-finishing of parallel children and skips ones it overlaps', () => {
    const p = path([
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'slow', parent: 'root', start: 5, end: 95 },
      { spanId: 'fast', parent: 'root', start: 10, end: 60 },
      { spanId: 'early', parent: 'root', start: 0, end: 4 },
    ]);
    expect(flat(p)).toEqual(['early:0-4', 'root:4-5', 'slow:5-95', 'root:95-100']);
    expect(p.spanIds.has('fast')).toBe(false);
  });
  it('clips children that outlive their parent', () => {
    const p = path([
      { spanId: 'root', start: 0, end: 50 },
      { spanId: 'async', parent: 'root', start: 20, end: 500 },
      { spanId: 'after', parent: 'root', start: 60, end: 70 },
    ]);
    expect(flat(p)).toEqual(['root:0-20', 'async:20-50']);
  });
  it('is empty for an empty trace and handles a 10,000-span fan-out quickly', () => {
    expect(path([]).segments).toEqual([]);
    const spans = [{ spanId: 'root', start: 0, end: 10_001 }, ...Array.from({ length: 10_000 }, (_, i) => ({ spanId: `s${i}`, parent: 'root', start: i, end: i + 1 }))];
    const t0 = performance.now();
    const p = path(spans);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(p.steps).toHaveLength(10_001);
  });
});

describe('stepPath', () => {
  const p = { segments: [], spanIds: new Set(['a', 'b', 'c']), steps: ['a', 'b', 'c'] };
  it('steps forward and back, stopping at the ends', () => {
    expect(stepPath(p, 'a', 1)).toBe('b');
    expect(stepPath(p, 'b', -1)).toBe('a');
    expect(stepPath(p, 'c', 1)).toBe('c');
  });
  it('starts at an end when the selection is off the path', () => {
    expect(stepPath(p, null, 1)).toBe('a');
    expect(stepPath(p, 'zzz', -1)).toBe('c');
    expect(stepPath({ segments: [], spanIds: new Set(), steps: [] }, null, 1)).toBeNull();
  });
});
