// The waterfall's zoom window over the trace, in milliseconds from the trace start, and the one
// d3 scale that maps it to pixels. Every bar, tick and hit test uses the same scale.
import { scaleLinear, type ScaleLinear } from 'd3-scale';

export interface ZoomWindow {
  start: number;
  end: number;
}

/** Narrowest window: one microsecond, or a millionth of the trace. */
const minWidth = (total: number) => Math.max(0.001, total / 1e6);

export const fullWindow = (total: number): ZoomWindow => ({ start: 0, end: Math.max(total, minWidth(total)) });

export const isZoomed = (w: ZoomWindow, total: number) => w.start > 0 || w.end < fullWindow(total).end;

/** Keeps the window inside [0, total] and at least the minimum width, preserving its width if it can. */
export function clampWindow(w: ZoomWindow, total: number): ZoomWindow {
  const full = fullWindow(total);
  let width = Math.min(full.end, Math.max(minWidth(total), Math.abs(w.end - w.start)));
  let start = Math.min(w.start, w.end);
  if (!Number.isFinite(start) || !Number.isFinite(width)) return full;
  start = Math.min(Math.max(0, start), full.end - width);
  width = Math.min(width, full.end - start);
  return { start, end: start + width };
}

/** Zooms keeping `at` (ms) fixed on screen; factor < 1 zooms in, > 1 zooms out. */
export function zoomAround(w: ZoomWindow, total: number, at: number, factor: number): ZoomWindow {
  const start = at - (at - w.start) * factor;
  const end = at + (w.end - at) * factor;
  if (end - start < minWidth(total)) {
    const half = minWidth(total) / 2;
    return clampWindow({ start: at - half, end: at + half }, total);
  }
  return clampWindow({ start, end }, total);
}

export const pan = (w: ZoomWindow, total: number, deltaMs: number): ZoomWindow =>
  clampWindow({ start: w.start + deltaMs, end: w.end + deltaMs }, total);

/** The window a drag from `a` to `b` (ms) selects; null for a click-sized drag. */
export function selectWindow(a: number, b: number, total: number, minDragMs: number): ZoomWindow | null {
  if (Math.abs(b - a) < minDragMs) return null;
  return clampWindow({ start: Math.min(a, b), end: Math.max(a, b) }, total);
}

export const timeScale = (w: ZoomWindow, widthPx: number): ScaleLinear<number, number> =>
  scaleLinear().domain([w.start, w.end]).range([0, Math.max(1, widthPx)]);

export interface Tick {
  ms: number;
  x: number;
  label: string;
}

/** Steps a reader counts in: 1, 2, 5, 10, 15, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; days. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400].map((s) => s * 1000);

/** Tick offsets: d3's 1-2-5 steps below a second, clock-friendly steps above. */
export function tickValues(scale: ScaleLinear<number, number>, count: number): number[] {
  const [lo = 0, hi = 0] = scale.domain();
  const raw = (hi - lo) / Math.max(1, count);
  if (raw < 1000) return scale.ticks(count);
  const step = TIME_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
  const values: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) values.push(v);
  return values;
}

/** About one tick per 90 px, all labelled in the one unit that suits the step and the window. */
export function ticks(scale: ScaleLinear<number, number>, widthPx: number): Tick[] {
  const values = tickValues(scale, Math.max(2, Math.floor(widthPx / 90)));
  const [lo = 0, hi = 0] = scale.domain();
  const step = values.length > 1 ? values[1]! - values[0]! : hi - lo;
  return values.map((ms) => ({ ms, x: scale(ms), label: formatOffset(ms, step, hi) }));
}

const UNITS = { h: 3_600_000, min: 60_000, s: 1000, ms: 1, 'µs': 0.001 } as const;

/** An offset from the trace start with as many decimals as the tick step needs: 0, 1.5 s, 250 ms. */
export function formatOffset(ms: number, step: number, extent = ms): string {
  if (ms === 0) return '0';
  const unit = step >= 3_600_000 ? 'h' : step >= 60_000 ? 'min' : step >= 100 && extent >= 1000 ? 's' : step >= 0.01 ? 'ms' : 'µs';
  const size = UNITS[unit];
  const digits = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / size) - 1e-9)));
  return `${(ms / size).toFixed(digits)} ${unit}`;
}
