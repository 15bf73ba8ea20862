// Turns the server's bucketed points into chart series: one line per group, a break wherever a
// bucket is missing (no data is a gap, never a zero), plus the table/CSV view of the same numbers.

export interface SeriesPoint {
  t: number; // bucket start, epoch ms
  v: number;
}
export interface Series {
  name: string;
  /** Points in time order; null marks a gap between two runs of buckets. */
  points: (SeriesPoint | null)[];
}

export interface BucketedPoint {
  time: string;
  group: string;
}

export function buildSeries<P extends BucketedPoint>(points: P[], value: (p: P) => number, bucketSeconds: number): Series[] {
  const bucketMs = bucketSeconds * 1000;
  const byGroup = new Map<string, SeriesPoint[]>();
  for (const p of points) {
    const v = value(p);
    if (!Number.isFinite(v)) continue;
    const list = byGroup.get(p.group) ?? [];
    list.push({ t: Date.parse(p.time), v });
    byGroup.set(p.group, list);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => {
      list.sort((a, b) => a.t - b.t);
      const withGaps: (SeriesPoint | null)[] = [];
      list.forEach((point, i) => {
        const previous = list[i - 1];
        if (previous && point.t - previous.t > bucketMs * 1.5) withGaps.push(null);
        withGaps.push(point);
      });
      return { name, points: withGaps };
    });
}

/** Points with a gap (or the edge) on both sides: a line cannot show them, so they get a dot. */
export function isolatedPoints(series: Series): SeriesPoint[] {
  return series.points.filter((p, i): p is SeriesPoint => p !== null && !series.points[i - 1] && !series.points[i + 1]);
}

/** All bucket times present in any series, ascending. */
export function bucketTimes(series: Series[]): number[] {
  const times = new Set<number>();
  for (const s of series) for (const p of s.points) if (p) times.add(p.t);
  return [...times].sort((a, b) => a - b);
}

/** The bucket time nearest to `t` (for the hover line), or null without data. */
export function nearestTime(times: number[], t: number): number | null {
  if (times.length === 0) return null;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  const after = times[lo]!;
  const before = times[lo - 1];
  return before !== undefined && t - before < after - t ? before : after;
}

/** Each series' value at bucket `t` (null where that series has no data then). */
export function valuesAt(series: Series[], t: number): { name: string; value: number | null }[] {
  return series.map((s) => ({ name: s.name, value: s.points.find((p) => p?.t === t)?.v ?? null }));
}

/** One row per bucket time, one column per series; empty cells where a series has no data. */
export function seriesTable(series: Series[]): { times: number[]; rows: (number | null)[][] } {
  const times = bucketTimes(series);
  const lookup = series.map((s) => new Map(s.points.filter((p): p is SeriesPoint => p !== null).map((p) => [p.t, p.v])));
  return { times, rows: times.map((t) => lookup.map((m) => m.get(t) ?? null)) };
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // Quote separators and neutralise spreadsheet formulas in untrusted group names.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

export function seriesCsv(series: Series[]): string {
  const { times, rows } = seriesTable(series);
  return toCsv(['time', ...series.map((s) => s.name)], rows.map((row, i) => [new Date(times[i]!).toISOString(), ...row]));
}

/** Each series' last point, for a label at the end of its line (null for a series without data). */
export function lastPoints(series: Series[]): (SeriesPoint | null)[] {
  return series.map((s) => s.points.findLast((p): p is SeriesPoint => p !== null) ?? null);
}

/** Moves label positions (pixels, any order) apart until neighbours are at least `gap` apart:
 *  each run of overlapping labels is spread evenly around where it wanted to be. */
export function spreadLabels(ys: number[], gap: number): number[] {
  type Cluster = { items: number[]; top: number };
  const clusters: Cluster[] = [];
  const centre = (items: number[]) => items.reduce((t, i) => t + ys[i]!, 0) / items.length;
  for (const i of ys.map((_, i) => i).sort((a, b) => ys[a]! - ys[b]!)) {
    let cluster: Cluster = { items: [i], top: ys[i]! };
    for (let previous = clusters.at(-1); previous && previous.top + previous.items.length * gap > cluster.top; previous = clusters.at(-1)) {
      clusters.pop();
      const items = [...previous.items, ...cluster.items];
      cluster = { items, top: centre(items) - ((items.length - 1) * gap) / 2 };
    }
    clusters.push(cluster);
  }
  const placed: number[] = [];
  for (const c of clusters) c.items.forEach((i, k) => (placed[i] = c.top + k * gap));
  return placed;
}

/** Dash patterns so series stay apart without colour; colours come from CSS --series-N. */
const DASHES = ['', '6 3', '2 3', '10 3 2 3', '1 4', '8 2 2 2 2 2'];
export function seriesStyle(index: number): { color: string; dash: string } {
  return { color: `var(--series-${index % 8})`, dash: DASHES[index % DASHES.length]! };
}

/** Which point labels (x in pixels, any order) can be drawn without overlapping, `width(i)` wide
 *  and centred on their point: the rightmost (newest) first, then leftwards while there is room. */
export function fittingLabels(xs: number[], width: (i: number) => number, gap = 6): boolean[] {
  const shown = xs.map(() => false);
  let leftEdge = Infinity;
  for (const i of xs.map((_, i) => i).sort((a, b) => xs[b]! - xs[a]!)) {
    const half = width(i) / 2;
    if (xs[i]! + half + gap > leftEdge) continue;
    shown[i] = true;
    leftEdge = xs[i]! - half;
  }
  return shown;
}
