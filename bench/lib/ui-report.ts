// The UI benchmark's figures: statistics over the in-page measurements and the printed table.
import { fmt, percentile } from './stats.ts';
import type { FirstRender, Frames, LongFrameJson } from './ui-page.ts';

const FIRST_RENDER_TARGET_MS = 1000;
const FRAME_TARGET_MS = 16.7;
/** rAF timestamps are coarsened to 100 µs and jitter around the vsync interval by ±0.2 ms. */
const FRAME_TOLERANCE_MS = 0.3;
const VSYNC_MS = 1000 / 60;

export interface TableRow {
  figure: string;
  value: string;
  target?: string;
  ratio?: number;
  ok?: boolean;
}

const ms = (n: number, digits = 0) => `${fmt(n, digits)} ms`;
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

function targeted(figure: string, value: number, limit: number, okUpTo = limit, digits = 0): TableRow {
  return { figure, value: ms(value, digits), target: `≤ ${fmt(limit, digits)} ms`, ratio: value / limit, ok: value <= okUpTo };
}

export function renderRows(renders: readonly FirstRender[]): TableRow[] {
  const painted = sorted(renders.map((r) => r.painted));
  const withApi = renders.filter((r) => r.api);
  const fetchMs = sorted(withApi.map((r) => r.api!.responseEnd - r.api!.start));
  const serverMs = sorted(withApi.map((r) => r.api!.responseStart - r.api!.requestStart));
  const downloadMs = sorted(withApi.map((r) => r.api!.responseEnd - r.api!.responseStart));
  const before = sorted(withApi.map((r) => r.api!.start));
  const after = sorted(withApi.map((r) => r.painted - r.api!.responseEnd));
  const paintMs = sorted(renders.map((r) => r.painted - r.rowsInDom));
  const n = renders.length;
  return [
    targeted(`first render: navigation → rows painted, median of ${n}`, percentile(painted, 50), FIRST_RENDER_TARGET_MS),
    targeted('first render: worst', painted.at(-1)!, FIRST_RENDER_TARGET_MS),
    { figure: '  navigation → trace fetch starts (app, session), median', value: ms(percentile(before, 50)) },
    { figure: '  trace API fetch (fetch start → response end), median / worst', value: `${ms(percentile(fetchMs, 50))} / ${fmt(fetchMs.at(-1)!)}` },
    { figure: '    server: request → first byte, median', value: ms(percentile(serverMs, 50)) },
    { figure: '    download: first byte → last byte, median', value: ms(percentile(downloadMs, 50)) },
    { figure: '  render after the response, median / worst', value: `${ms(percentile(after, 50))} / ${fmt(after.at(-1)!)}` },
    { figure: '    of which rows in DOM → painted, median', value: ms(percentile(paintMs, 50)) },
  ];
}

export function frameRows(name: string, frames: Frames): TableRow[] {
  const intervals = sorted(frames.intervals);
  const busy = sorted(frames.busy);
  const over = intervals.filter((t) => t > 1.5 * VSYNC_MS).length;
  const okUpTo = FRAME_TARGET_MS + FRAME_TOLERANCE_MS;
  return [
    { figure: `${name}: frame time p50`, value: ms(percentile(intervals, 50), 1) },
    targeted('  frame time p95', percentile(intervals, 95), FRAME_TARGET_MS, okUpTo, 1),
    { figure: '  frame time p99 / max', value: `${ms(percentile(intervals, 99), 1)} / ${fmt(intervals.at(-1)!, 1)}` },
    { figure: '  main-thread busy per frame p50 / p95 / max', value: `${ms(percentile(busy, 50), 1)} / ${fmt(percentile(busy, 95), 1)} / ${fmt(busy.at(-1)!, 1)}` },
    { figure: '  frames over budget (> 1.5 vsync)', value: `${over} of ${intervals.length} (${fmt((100 * over) / intervals.length, 1)}%)` },
  ];
}

export function table(rows: readonly TableRow[]): string {
  const header = `  ${'figure'.padEnd(62)} ${'value'.padStart(18)}   ${'target'.padEnd(11)} ratio`;
  const lines = rows.map((r) => {
    const ratio = r.ratio === undefined ? '' : `${fmt(r.ratio, 2).padStart(5)}× ${r.ok ? 'ok' : 'MISS'}`;
    return `  ${r.figure.padEnd(62)} ${r.value.padStart(18)}   ${(r.target ?? '—').padEnd(11)} ${ratio}`.trimEnd();
  });
  return [header, ...lines].join('\n');
}

/** One line per phase: how many long frames, and what ran in them (script invokers, rendering). */
export function longFrameSummary(name: string, frames: readonly LongFrameJson[], runs: number): string {
  if (frames.length === 0) return `    ${name}: none`;
  const perRun = (n: number) => n / runs;
  const byInvoker = new Map<string, number>();
  let scriptMs = 0;
  let forcedLayoutMs = 0;
  let renderMs = 0;
  for (const frame of frames) {
    const end = frame.startTime + frame.duration;
    renderMs += frame.styleAndLayoutStart > 0 ? end - frame.styleAndLayoutStart : 0;
    for (const script of frame.scripts) {
      const key = `${script.invoker}${script.sourceFunctionName ? ` (${script.sourceFunctionName})` : ''}`;
      byInvoker.set(key, (byInvoker.get(key) ?? 0) + script.duration);
      scriptMs += script.duration;
      forcedLayoutMs += script.forcedStyleAndLayoutDuration;
    }
  }
  const total = frames.reduce((sum, f) => sum + f.duration, 0);
  const top = [...byInvoker].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([key, t]) => `${key} ${ms(perRun(t))}`).join('; ');
  const unit = runs > 1 ? ' per run' : '';
  return (
    `    ${name}: ${fmt(perRun(frames.length), 1)} long frames${unit}, ${ms(perRun(total))} in all; scripts ${ms(perRun(scriptMs))} ` +
    `(forced style/layout ${ms(perRun(forcedLayoutMs))}), end-of-frame style/layout/paint ${ms(perRun(renderMs))}\n      top scripts: ${top || '—'}`
  );
}
