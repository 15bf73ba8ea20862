// The time range the UI reads: a relative window ("24h": now minus 24 hours) or absolute ISO
// 8601 bounds. It travels in the URL as the API's own `from`/`to` values, so a link reproduces it.

export interface TimeRange {
  from: string; // "24h" or an ISO 8601 time
  to: string; // "now" (written as an empty `to`) or an ISO 8601 time
}

export const DEFAULT_RANGE: TimeRange = { from: '24h', to: 'now' };
export const RELATIVE_PRESETS: readonly string[] = ['15m', '1h', '24h', '7d'];

/** The executive view compares months, not hours: its default range and presets are longer. */
export const EXECUTIVE_RANGE: TimeRange = { from: '30d', to: 'now' };
export const EXECUTIVE_PRESETS: readonly string[] = ['24h', '7d', '30d', '90d'];

/** A page's default range (what an absent `from` means there) and its relative presets. */
export function pageRange(page: string): { fallback: TimeRange; presets: readonly string[] } {
  return page === 'executive' ? { fallback: EXECUTIVE_RANGE, presets: EXECUTIVE_PRESETS } : { fallback: DEFAULT_RANGE, presets: RELATIVE_PRESETS };
}

const RELATIVE = /^(\d+)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const UNIT_WORD: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' };

/** Milliseconds of a relative duration such as "15m" or "7d"; null when it is not one. */
export function parseRelative(value: string): number | null {
  const match = RELATIVE.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

export function isValidBound(value: string): boolean {
  return value === 'now' || parseRelative(value) !== null || !Number.isNaN(Date.parse(value));
}

/** Reads `from`/`to` from the page query; anything unreadable falls back to the page's default. */
export function rangeFromQuery(query: URLSearchParams, fallback: TimeRange = DEFAULT_RANGE): TimeRange {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  return {
    from: from && from !== 'now' && isValidBound(from) ? from : fallback.from,
    to: to && isValidBound(to) ? to : 'now',
  };
}

/** Writes the range into a query, leaving out defaults so links stay short. */
export function rangeToQuery(range: TimeRange, query: URLSearchParams, fallback: TimeRange = DEFAULT_RANGE): void {
  if (range.from === fallback.from) query.delete('from');
  else query.set('from', range.from);
  if (range.to === 'now') query.delete('to');
  else query.set('to', range.to);
}

/** The API parameters for a range (the server resolves relative durations against its clock). */
export function rangeParams(range: TimeRange): { from: string; to?: string } {
  return range.to === 'now' ? { from: range.from } : { from: range.from, to: range.to };
}

/** Concrete epoch-millisecond bounds, for axes and for "in the last …" sentences. */
export function resolveRange(range: TimeRange, now: number): { from: number; to: number } {
  const to = range.to === 'now' ? now : resolveBound(range.to, now);
  return { from: resolveBound(range.from, now), to };
}

function resolveBound(value: string, now: number): number {
  const relative = parseRelative(value);
  return relative === null ? Date.parse(value) : now - relative;
}

/** "the last 24 hours", "the last 15 minutes", or "2026-12-01 10:00 to 2026-12-01 12:00". */
export function describeRange(range: TimeRange): string {
  const match = RELATIVE.exec(range.from);
  if (match && range.to === 'now') {
    const n = Number(match[1]);
    const word = UNIT_WORD[match[2]!]!;
    return n === 1 ? `the last ${word}` : `the last ${n} ${word}s`;
  }
  const to = range.to === 'now' ? 'now' : shortIso(range.to);
  return `${match ? `now − ${range.from}` : shortIso(range.from)} to ${to}`;
}

/** Short label for the picker button: "Last 24 h" or the absolute span. */
export function rangeLabel(range: TimeRange): string {
  const match = RELATIVE.exec(range.from);
  if (match && range.to === 'now') return `Last ${match[1]} ${match[2] === 'm' ? 'min' : match[2]}`;
  return describeRange(range);
}

function shortIso(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

/** Value for an <input type="datetime-local"> from an ISO time, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** ISO 8601 (UTC) from an <input type="datetime-local"> value; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
