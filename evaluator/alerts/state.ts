// The lifecycle of one alert (a rule and one set of labels), advanced by one observation at a time:
// inactive → pending (breached, waiting out `forMs`) → firing → resolved. Pure: the caller stores the
// state it gets back and sends the notification it is told to. Mute windows are checked by the caller
// with isMuted and passed in as `rule.muted`.
import { createHash } from 'node:crypto';

export interface AlertState {
  readonly status: 'inactive' | 'pending' | 'firing' | 'resolved';
  /** When the alert entered this status. */
  readonly since: number;
  /** When the current (or, once resolved, the last) firing episode began. */
  readonly firingSince?: number;
  /** Last notification sent for this episode; absent while a muted firing has not been told. */
  readonly lastNotifiedMs?: number;
  readonly value: number;
}

export interface Observation {
  readonly breached: boolean;
  readonly value: number;
  readonly atMs: number;
}

export interface RuleTiming {
  /** How long the condition must hold before the alert fires; 0 fires on the first breach. */
  readonly forMs: number;
  /** Interval between reminders while firing; 0 sends none. */
  readonly renotifyMs: number;
  readonly muted: boolean;
}

export type Notify = 'firing' | 'resolved' | null;

export interface Step {
  readonly state: AlertState;
  readonly notify: Notify;
}

/** Identity of an alert: the same rule and labels always give the same 16 hex digits, in any label order. */
export function fingerprint(rule: string, labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // JSON keeps boundaries unambiguous: rule "a" + label "b=c" differs from rule "a,b" + label "c".
  return createHash('sha256').update(JSON.stringify([rule, sorted])).digest('hex').slice(0, 16);
}

export function step(previous: AlertState | undefined, observation: Observation, rule: RuleTiming): Step {
  const { breached, value, atMs } = observation;
  const state = previous ?? { status: 'inactive', since: atMs, value };

  if (!breached) {
    if (state.status === 'pending') return { state: { status: 'inactive', since: atMs, value }, notify: null };
    if (state.status !== 'firing') return { state: { ...state, value }, notify: null };
    // Nobody heard it fire (muted throughout), so nobody needs to hear it resolve.
    const tell = !rule.muted && state.lastNotifiedMs !== undefined;
    const resolved: AlertState = {
      status: 'resolved',
      since: atMs,
      firingSince: state.firingSince ?? state.since,
      ...(tell ? { lastNotifiedMs: atMs } : state.lastNotifiedMs !== undefined ? { lastNotifiedMs: state.lastNotifiedMs } : {}),
      value,
    };
    return { state: resolved, notify: tell ? 'resolved' : null };
  }

  if (state.status === 'firing') {
    const last = state.lastNotifiedMs;
    // Never told (fired while muted) → tell as soon as the mute ends; otherwise remind every renotifyMs.
    const due = last === undefined || (rule.renotifyMs > 0 && atMs - last >= rule.renotifyMs);
    if (rule.muted || !due) return { state: { ...state, value }, notify: null };
    return { state: { ...state, value, lastNotifiedMs: atMs }, notify: 'firing' };
  }

  const pendingSince = state.status === 'pending' ? state.since : atMs;
  if (atMs - pendingSince < rule.forMs) return { state: { status: 'pending', since: pendingSince, value }, notify: null };
  const firing: AlertState = { status: 'firing', since: atMs, firingSince: atMs, value };
  if (rule.muted) return { state: firing, notify: null };
  return { state: { ...firing, lastNotifiedMs: atMs }, notify: 'firing' };
}

export type MuteWindow =
  | { readonly kind: 'once'; readonly fromMs: number; readonly toMs: number }
  | {
      readonly kind: 'weekly';
      /** 0 = Sunday … 6 = Saturday, in `timeZone`; the day the window starts on. */
      readonly days: readonly number[];
      /** Wall-clock 'HH:MM'; a `to` at or before `from` ends on the next day. */
      readonly from: string;
      readonly to: string;
      /** IANA name, e.g. 'Europe/Berlin'. */
      readonly timeZone: string;
    };

/** Whether any window covers the instant `atMs`; a once window is [fromMs, toMs), a weekly one [from, to). */
export function isMuted(windows: readonly MuteWindow[], atMs: number): boolean {
  return windows.some((window) => {
    if (window.kind === 'once') return atMs >= window.fromMs && atMs < window.toMs;
    const { day, minute } = wallClock(atMs, window.timeZone);
    const from = minutesOf(window.from);
    const to = minutesOf(window.to);
    if (from < to) return window.days.includes(day) && minute >= from && minute < to;
    // Crosses midnight: the evening of a listed day or the early morning after one.
    return (window.days.includes(day) && minute >= from) || (window.days.includes((day + 6) % 7) && minute < to);
  });
}

function minutesOf(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday and minute of the day on the clocks of `timeZone`: DST shifts them, as it shifts the people muting. */
function wallClock(atMs: number, timeZone: string): { day: number; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(atMs).map((p) => [p.type, Number(p.value)]));
  const day = new Date(Date.UTC(part.year!, part.month! - 1, part.day!)).getUTCDay();
  return { day, minute: part.hour! * 60 + part.minute! };
}
