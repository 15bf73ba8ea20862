import { describe, expect, it } from 'vitest';
import { bucketTimes, buildSeries, fittingLabels, isolatedPoints, lastPoints, nearestTime, seriesCsv, spreadLabels, toCsv, valuesAt } from './series.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();
const t = (minute: number) => Date.UTC(2026, 11, 1, 10, minute);
const points = [
  { time: at(2), group: 'b', p95: 30 },
  { time: at(0), group: 'b', p95: 10 },
  { time: at(1), group: 'b', p95: 20 },
  { time: at(5), group: 'b', p95: 50 },
  { time: at(1), group: 'a', p95: 7 },
];

describe('buildSeries', () => {
  it('groups, orders by time and breaks the line where buckets are missing', () => {
    const series = buildSeries(points, (p) => p.p95, 60);
    expect(series.map((s) => s.name)).toEqual(['a', 'b']);
    expect(series[1]!.points).toEqual([{ t: t(0), v: 10 }, { t: t(1), v: 20 }, { t: t(2), v: 30 }, null, { t: t(5), v: 50 }]);
    expect(isolatedPoints(series[1]!)).toEqual([{ t: t(5), v: 50 }]);
    expect(isolatedPoints(series[0]!)).toEqual([{ t: t(1), v: 7 }]);
  });
});

describe('hover', () => {
  const series = buildSeries(points, (p) => p.p95, 60);
  it('snaps to the nearest bucket and reports every series', () => {
    const times = bucketTimes(series);
    expect(times).toEqual([t(0), t(1), t(2), t(5)]);
    expect(nearestTime(times, t(1) + 20_000)).toBe(t(1));
    expect(nearestTime(times, t(4))).toBe(t(5));
    expect(nearestTime(times, t(9))).toBe(t(5));
    expect(nearestTime([], 5)).toBeNull();
    expect(valuesAt(series, t(2))).toEqual([{ name: 'a', value: null }, { name: 'b', value: 30 }]);
  });
});

describe('CSV', () => {
  it('writes one row per bucket with empty cells for gaps', () => {
    const csv = seriesCsv(buildSeries(points, (p) => p.p95, 60));
    expect(csv.split('\n')[0]).toBe('time,a,b');
    expect(csv.split('\n')[1]).toBe(`${at(0)},,10`);
  });
  it('quotes separators and defuses formulas', () => {
    expect(toCsv(['name'], [['a,"b"'], ['=cmd()'], [-3]])).toBe('name\n"a,""b"""\n\'=cmd()\n-3\n');
  });
});

describe('end labels', () => {
  it('finds each line\'s last point', () => {
    expect(lastPoints([{ name: 'a', points: [{ t: 1, v: 2 }, null, { t: 3, v: 4 }] }, { name: 'b', points: [null] }])).toEqual([{ t: 3, v: 4 }, null]);
  });
  it('moves labels apart that would overlap, and leaves apart ones alone', () => {
    expect(spreadLabels([100, 50], 14)).toEqual([100, 50]);
    expect(spreadLabels([100, 96], 14)).toEqual([105, 91]);
    expect(spreadLabels([10, 100, 96, 98], 14)).toEqual([10, 112, 84, 98]);
  });
});

describe('point labels', () => {
  it('keeps the newest labels and drops the ones that would overlap them', () => {
    // 40 px wide labels at 0, 30, 100, 120 and 200: 200 and 120 fit, 100 overlaps 120, 30 fits, 0 overlaps 30.
    expect(fittingLabels([0, 30, 100, 120, 200], () => 40)).toEqual([false, true, false, true, true]);
    expect(fittingLabels([], () => 40)).toEqual([]);
  });
});
