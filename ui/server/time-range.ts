// Parses the API's time parameters: ISO 8601 instants or durations relative to now ("15m", "24h",
// "7d"). Pure; the caller passes the clock.

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;

/** Milliseconds since the epoch, or undefined when the text is neither an instant nor a duration. */
export function parseInstant(text: string, nowMs: number): number | undefined {
  const relative = RELATIVE.exec(text.trim());
  if (relative) return nowMs - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  if (text.trim() === 'now') return nowMs;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export const DEFAULT_FROM = '24h';

/** A range from optional `from`/`to` texts, or the name and reason of the first bad one. */
export function parseTimeRange(from: string | undefined, to: string | undefined, nowMs: number): TimeRange | { error: string } {
  const fromMs = parseInstant(from ?? DEFAULT_FROM, nowMs);
  if (fromMs === undefined) return { error: `from: ${JSON.stringify(from)} is not an ISO 8601 time or a relative duration such as 15m, 24h or 7d` };
  const toMs = to === undefined ? nowMs : parseInstant(to, nowMs);
  if (toMs === undefined) return { error: `to: ${JSON.stringify(to)} is not an ISO 8601 time, "now" or a relative duration such as 1h` };
  if (toMs <= fromMs) return { error: `from must be before to (from ${new Date(fromMs).toISOString()}, to ${new Date(toMs).toISOString()})` };
  return { fromMs, toMs };
}
