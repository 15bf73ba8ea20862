import { describe, expect, it } from 'vitest';
import { fingerprint, isMuted, step, type AlertState, type MuteWindow, type Notify, type RuleTiming } from './state.ts';

const MINUTE = 60_000;
const t0 = Date.UTC(2026, 11, 2, 12, 0);
const rule: RuleTiming = { forMs: 5 * MINUTE, renotifyMs: 60 * MINUTE, muted: false };

/** Feeds observations (minute offset from t0, breached, muted) and records status and notification after each. */
function run(observations: [minute: number, breached: boolean, muted?: boolean][], timing: RuleTiming = rule) {
  let state: AlertState | undefined;
  const trail: [AlertState['status'], Notify][] = [];
  for (const [minute, breached, muted = false] of observations) {
    const result = step(state, { breached, value: minute, atMs: t0 + minute * MINUTE }, { ...timing, muted });
    state = result.state;
    trail.push([state.status, result.notify]);
  }
  return { state: state!, trail };
}

describe('fingerprint', () => {
  it('is 16 hex digits, the same for the same rule and labels in any order', () => {
    const a = fingerprint('latency', { agent: 'support', model: 'gpt-5' });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint('latency', { model: 'gpt-5', agent: 'support' })).toBe(a);
  });

  it('differs when the rule, a label name or a label value differs', () => {
    const base = fingerprint('latency', { agent: 'support' });
    expect(fingerprint('errors', { agent: 'support' })).not.toBe(base);
    expect(fingerprint('latency', { agent: 'billing' })).not.toBe(base);
    expect(fingerprint('latency', { team: 'support' })).not.toBe(base);
    expect(fingerprint('latency', {})).not.toBe(base);
  });

  it('does not confuse where the rule ends and the labels begin', () => {
    expect(fingerprint('a', { 'b=c': 'd' })).not.toBe(fingerprint('a,b', { c: 'd' }));
    expect(fingerprint('r', { a: 'b', c: 'd' })).not.toBe(fingerprint('r', { a: 'b,c=d' }));
  });
});

describe('step', () => {
  it('goes pending → firing → re-notified → resolved, notifying at each point a person must hear', () => {
    const { trail, state } = run([
      [0, true], // pending
      [4, true], // still waiting out forMs
      [5, true], // 5 min breached: fires
      [30, true],
      [65, true], // an hour after firing: reminder
      [100, true],
      [125, true], // an hour after the reminder
      [130, false], // resolved
      [140, false],
    ]);
    expect(trail).toEqual([
      ['pending', null],
      ['pending', null],
      ['firing', 'firing'],
      ['firing', null],
      ['firing', 'firing'],
      ['firing', null],
      ['firing', 'firing'],
      ['resolved', 'resolved'],
      ['resolved', null],
    ]);
    expect(state).toEqual({ status: 'resolved', since: t0 + 130 * MINUTE, firingSince: t0 + 5 * MINUTE, lastNotifiedMs: t0 + 130 * MINUTE, value: 140 });
  });

  it('keeps when the episode began and tracks the latest value while firing', () => {
    const { state } = run([[0, true], [5, true], [20, true]]);
    expect(state).toEqual({ status: 'firing', since: t0 + 5 * MINUTE, firingSince: t0 + 5 * MINUTE, lastNotifiedMs: t0 + 5 * MINUTE, value: 20 });
  });

  it('drops a breach that clears before forMs without telling anyone', () => {
    const { trail, state } = run([[0, true], [3, false]]);
    expect(trail).toEqual([['pending', null], ['inactive', null]]);
    expect(state).toEqual({ status: 'inactive', since: t0 + 3 * MINUTE, value: 3 });
  });

  it('fires on the first breach when forMs is 0', () => {
    expect(run([[0, true]], { ...rule, forMs: 0 }).trail).toEqual([['firing', 'firing']]);
  });

  it('sends no reminders when renotifyMs is 0', () => {
    const { trail } = run([[0, true], [5, true], [600, true], [601, false]], { ...rule, renotifyMs: 0 });
    expect(trail.map(([, notify]) => notify)).toEqual([null, 'firing', null, 'resolved']);
  });

  it('makes a flapping condition wait out forMs again before it fires again', () => {
    const { trail } = run([
      [0, true],
      [5, true], // fires
      [6, false], // resolves
      [7, true], // pending again, not firing
      [8, false], // inactive, silently
      [9, true],
      [12, false],
      [13, true],
      [18, true], // held for forMs: fires again
    ]);
    expect(trail).toEqual([
      ['pending', null],
      ['firing', 'firing'],
      ['resolved', 'resolved'],
      ['pending', null],
      ['inactive', null],
      ['pending', null],
      ['inactive', null],
      ['pending', null],
      ['firing', 'firing'],
    ]);
  });

  it('starts a new episode after resolving: the reminder clock restarts', () => {
    const { state } = run([[0, true], [5, true], [6, false], [10, true], [15, true]]);
    expect(state).toMatchObject({ status: 'firing', firingSince: t0 + 15 * MINUTE, lastNotifiedMs: t0 + 15 * MINUTE });
  });

  it('advances the state while muted but sends nothing, not even the resolve of an unheard firing', () => {
    const { trail, state } = run([[0, true, true], [5, true, true], [65, true, true], [70, false, true]]);
    expect(trail).toEqual([['pending', null], ['firing', null], ['firing', null], ['resolved', null]]);
    expect(state.lastNotifiedMs).toBeUndefined();
  });

  it('does not send the resolve of a muted firing even when the mute has ended', () => {
    const { trail } = run([[0, true, true], [5, true, true], [10, false, false]]);
    expect(trail.at(-1)).toEqual(['resolved', null]);
  });

  it('tells of a firing that began under a mute once the mute ends, and then resolves it', () => {
    const { trail } = run([[0, true], [5, true, true], [20, true, true], [30, true], [40, true], [50, false]]);
    expect(trail.map(([, notify]) => notify)).toEqual([null, null, null, 'firing', null, 'resolved']);
  });

  it('holds reminders while muted and sends the next one when the mute ends', () => {
    const { trail } = run([[0, true], [5, true], [65, true, true], [70, true]]);
    expect(trail.map(([, notify]) => notify)).toEqual([null, 'firing', null, 'firing']);
  });
});

describe('isMuted', () => {
  const at = (iso: string) => Date.parse(iso);

  it('covers a one-off window from its start up to, not including, its end', () => {
    const windows: MuteWindow[] = [{ kind: 'once', fromMs: at('2026-12-02T10:00:00Z'), toMs: at('2026-12-02T11:00:00Z') }];
    expect(isMuted(windows, at('2026-12-02T09:59:59Z'))).toBe(false);
    expect(isMuted(windows, at('2026-12-02T10:00:00Z'))).toBe(true);
    expect(isMuted(windows, at('2026-12-02T10:59:59Z'))).toBe(true);
    expect(isMuted(windows, at('2026-12-02T11:00:00Z'))).toBe(false);
    expect(isMuted([], at('2026-12-02T10:30:00Z'))).toBe(false);
  });

  it('reads a weekly window on the clocks and weekdays of its time zone', () => {
    // Weekdays 09:00–17:00 in Tokyo (UTC+9, no DST). 2026-12-02 is a Wednesday.
    const office: MuteWindow[] = [{ kind: 'weekly', days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00', timeZone: 'Asia/Tokyo' }];
    expect(isMuted(office, at('2026-12-02T00:00:00Z'))).toBe(true); // Wed 09:00 Tokyo
    expect(isMuted(office, at('2026-12-01T23:59:00Z'))).toBe(false); // Wed 08:59 Tokyo
    expect(isMuted(office, at('2026-12-02T07:59:00Z'))).toBe(true); // Wed 16:59 Tokyo
    expect(isMuted(office, at('2026-12-02T08:00:00Z'))).toBe(false); // Wed 17:00 Tokyo
    // Friday 23:00 UTC is already Saturday 08:00 in Tokyo; Sunday 23:00 UTC is Monday 08:00.
    expect(isMuted(office, at('2026-12-05T01:00:00Z'))).toBe(false); // Sat 10:00 Tokyo
    expect(isMuted(office, at('2026-12-07T01:00:00Z'))).toBe(true); // Mon 10:00 Tokyo, Sun in UTC
  });

  it('carries a window that crosses midnight into the next morning', () => {
    // Friday night maintenance 22:00 → 02:00 in New York (UTC−5 in December). 2026-12-04 is a Friday.
    const nightly: MuteWindow[] = [{ kind: 'weekly', days: [5], from: '22:00', to: '02:00', timeZone: 'America/New_York' }];
    expect(isMuted(nightly, at('2026-12-05T02:59:00Z'))).toBe(false); // Fri 21:59
    expect(isMuted(nightly, at('2026-12-05T03:00:00Z'))).toBe(true); // Fri 22:00
    expect(isMuted(nightly, at('2026-12-05T06:30:00Z'))).toBe(true); // Sat 01:30, the same window
    expect(isMuted(nightly, at('2026-12-05T07:00:00Z'))).toBe(false); // Sat 02:00
    expect(isMuted(nightly, at('2026-12-05T04:00:00Z'))).toBe(true); // Fri 23:00
    expect(isMuted(nightly, at('2026-12-06T04:00:00Z'))).toBe(false); // Sat 23:00: Saturday is not listed
    expect(isMuted(nightly, at('2026-12-04T06:30:00Z'))).toBe(false); // Fri 01:30: Thursday night is not listed
  });

  it('treats from = to as a whole day from that time', () => {
    const day: MuteWindow[] = [{ kind: 'weekly', days: [3], from: '00:00', to: '00:00', timeZone: 'UTC' }];
    expect(isMuted(day, at('2026-12-02T00:00:00Z'))).toBe(true);
    expect(isMuted(day, at('2026-12-02T23:59:00Z'))).toBe(true);
    expect(isMuted(day, at('2026-12-03T00:00:00Z'))).toBe(false);
  });

  it('follows the wall clock across the spring-forward gap', () => {
    // Berlin, Sunday 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 01:30–03:30 lasts one real hour.
    const window: MuteWindow[] = [{ kind: 'weekly', days: [0], from: '01:30', to: '03:30', timeZone: 'Europe/Berlin' }];
    expect(isMuted(window, at('2026-03-29T00:29:00Z'))).toBe(false); // 01:29 CET
    expect(isMuted(window, at('2026-03-29T00:30:00Z'))).toBe(true); // 01:30 CET
    expect(isMuted(window, at('2026-03-29T00:59:00Z'))).toBe(true); // 01:59 CET
    expect(isMuted(window, at('2026-03-29T01:00:00Z'))).toBe(true); // 03:00 CEST
    expect(isMuted(window, at('2026-03-29T01:29:00Z'))).toBe(true); // 03:29 CEST
    expect(isMuted(window, at('2026-03-29T01:30:00Z'))).toBe(false); // 03:30 CEST
  });

  it('covers both passes of the repeated hour when clocks fall back', () => {
    // New York, Sunday 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:00–01:59 happens twice.
    const window: MuteWindow[] = [{ kind: 'weekly', days: [0], from: '01:15', to: '01:45', timeZone: 'America/New_York' }];
    expect(isMuted(window, at('2026-11-01T05:20:00Z'))).toBe(true); // 01:20 EDT
    expect(isMuted(window, at('2026-11-01T05:50:00Z'))).toBe(false); // 01:50 EDT
    expect(isMuted(window, at('2026-11-01T06:20:00Z'))).toBe(true); // 01:20 EST
    expect(isMuted(window, at('2026-11-01T06:45:00Z'))).toBe(false); // 01:45 EST
  });

  it('keeps a window at the same local time on either side of a DST change', () => {
    // A daily 08:00–09:00 London window is 08:00 UTC in winter and 07:00 UTC in summer.
    const morning: MuteWindow[] = [{ kind: 'weekly', days: [0, 1, 2, 3, 4, 5, 6], from: '08:00', to: '09:00', timeZone: 'Europe/London' }];
    expect(isMuted(morning, at('2026-03-28T08:30:00Z'))).toBe(true); // Sat, GMT
    expect(isMuted(morning, at('2026-03-30T08:30:00Z'))).toBe(false); // Mon 09:30 BST
    expect(isMuted(morning, at('2026-03-30T07:30:00Z'))).toBe(true); // Mon 08:30 BST
  });

  it('mutes when any window covers the instant', () => {
    const windows: MuteWindow[] = [
      { kind: 'once', fromMs: at('2026-01-01T00:00:00Z'), toMs: at('2026-01-02T00:00:00Z') },
      { kind: 'weekly', days: [3], from: '12:00', to: '13:00', timeZone: 'UTC' },
    ];
    expect(isMuted(windows, at('2026-12-02T12:30:00Z'))).toBe(true);
    expect(isMuted(windows, at('2026-12-02T13:30:00Z'))).toBe(false);
  });
});
