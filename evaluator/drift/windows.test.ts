import { describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT_POLICY } from './policy.ts';
import { DAY_MS, driftWindows } from './windows.ts';

const at = (day: number, hour: number, minute: number, second = 0) => Date.UTC(2026, 10, day, hour, minute, second);

describe('driftWindows', () => {
  const windows = driftWindows(at(5, 14, 37, 25), DEFAULT_DRIFT_POLICY);

  it('ends the recent window whole minutes before now, leaving the lag for slow executions to arrive', () => {
    expect(windows.recent).toEqual({ fromMs: at(5, 14, 25), toMs: at(5, 14, 35) });
    expect(driftWindows(at(5, 14, 37), { ...DEFAULT_DRIFT_POLICY, lagMinutes: 0 }).recent).toEqual({ fromMs: at(5, 14, 27), toMs: at(5, 14, 37) });
  });

  it('takes the same time of day on each of the previous 7 days, widened by 30 min either side, oldest first', () => {
    expect(windows.baseline).toHaveLength(7);
    expect(windows.baseline[0]).toEqual({ fromMs: at(5, 13, 55) - 7 * DAY_MS, toMs: at(5, 15, 5) - 7 * DAY_MS });
    expect(windows.baseline[6]).toEqual({ fromMs: at(4, 13, 55), toMs: at(4, 15, 5) });
    for (const [i, window] of windows.baseline.entries()) {
      expect(window.toMs - window.fromMs).toBe(70 * 60_000);
      expect(window.fromMs + (7 - i) * DAY_MS + 30 * 60_000).toBe(windows.recent.fromMs);
    }
  });

  it('never lets a baseline window reach into the recent one', () => {
    const last = windows.baseline.at(-1)!;
    expect(last.toMs).toBeLessThan(windows.recent.fromMs);
  });
});
