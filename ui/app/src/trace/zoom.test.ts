import { describe, expect, it } from 'vitest';
import { clampWindow, formatOffset, tickValues, fullWindow, isZoomed, pan, selectWindow, ticks, timeScale, zoomAround } from './zoom.ts';

describe('zoom window', () => {
  it('clamps into the trace keeping the width', () => {
    expect(clampWindow({ start: -10, end: 20 }, 100)).toEqual({ start: 0, end: 30 });
    expect(clampWindow({ start: 90, end: 120 }, 100)).toEqual({ start: 70, end: 100 });
    expect(clampWindow({ start: -50, end: 500 }, 100)).toEqual({ start: 0, end: 100 });
    expect(clampWindow({ start: NaN, end: 5 }, 100)).toEqual({ start: 0, end: 100 });
  });
  it('zooms around a point that stays fixed', () => {
    const w = zoomAround({ start: 0, end: 100 }, 100, 25, 0.5);
    expect(w).toEqual({ start: 12.5, end: 62.5 });
    expect(zoomAround(w, 100, 25, 2)).toEqual({ start: 0, end: 100 });
  });
  it('stops at a minimum width', () => {
    let w = fullWindow(100);
    for (let i = 0; i < 100; i++) w = zoomAround(w, 100, 50, 0.1);
    expect(w.end - w.start).toBeCloseTo(0.001, 9);
    expect(w.start).toBeCloseTo(49.9995, 6);
  });
  it('pans and stops at the edges', () => {
    expect(pan({ start: 10, end: 20 }, 100, 5)).toEqual({ start: 15, end: 25 });
    expect(pan({ start: 10, end: 20 }, 100, -50)).toEqual({ start: 0, end: 10 });
  });
  it('turns a drag into a window, ignoring clicks', () => {
    expect(selectWindow(60, 20, 100, 1)).toEqual({ start: 20, end: 60 });
    expect(selectWindow(20, 20.5, 100, 1)).toBeNull();
  });
  it('knows when it is zoomed', () => {
    expect(isZoomed(fullWindow(100), 100)).toBe(false);
    expect(isZoomed({ start: 0, end: 50 }, 100)).toBe(true);
  });
  it('has a full window even for a zero-length trace', () => {
    expect(fullWindow(0).end).toBeGreaterThan(0);
  });
});

describe('ticks', () => {
  it('maps the window onto the width and labels in a readable unit', () => {
    const scale = timeScale({ start: 0, end: 2000 }, 800);
    const t = ticks(scale, 800);
    expect(t[0]).toEqual({ ms: 0, x: 0, label: '0' });
    expect(t.at(-1)!.x).toBe(800);
    expect(t.map((x) => x.label)).toContain('1.0 s');
  });
  it('steps in clock units above a second', () => {
    expect(tickValues(timeScale({ start: 0, end: 38 * 60_000 }, 750), 8)).toEqual([0, 5, 10, 15, 20, 25, 30, 35].map((m) => m * 60_000));
    expect(tickValues(timeScale({ start: 575_000, end: 1_035_000 }, 750), 8)).toEqual([600, 660, 720, 780, 840, 900, 960, 1020].map((s) => s * 1000));
    const long = ticks(timeScale({ start: 0, end: 10 * 3_600_000 }, 800), 800);
    expect(long.map((t) => t.label)).toEqual(['0', '2 h', '4 h', '6 h', '8 h', '10 h']);
  });
  it('formats offsets by the tick step', () => {
    expect(formatOffset(250, 50)).toBe('250 ms');
    expect(formatOffset(1.2, 0.2)).toBe('1.2 ms');
    expect(formatOffset(0.0005, 0.0001)).toBe('0.5 µs');
    expect(formatOffset(120_000, 60_000)).toBe('2 min');
    expect(formatOffset(90_000, 10_000)).toBe('90 s');
    expect(formatOffset(1500, 500, 2000)).toBe('1.5 s');
    expect(formatOffset(0, 500)).toBe('0');
  });
});
