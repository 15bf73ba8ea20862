// The one input every alert format is built from, and the helpers the builders share.
// Builders are pure: data in, JSON-able payload out. Sending is the caller's job.

export type AlertStatus = 'firing' | 'resolved';
export type AlertSeverity = 'critical' | 'warning' | 'info';

export interface AlertNotification {
  /** Notification id, used as the idempotency key (e.g. a uuid). */
  id: string;
  /** Stable per rule + label set; repeats across firing and resolved notifications of one alert. */
  fingerprint: string;
  status: AlertStatus;
  /** Rule name. */
  rule: string;
  severity: AlertSeverity;
  /** One line, e.g. "hallucination rate 12% > 5% for support-bot over 15 min". */
  summary: string;
  description?: string;
  /** e.g. {agent: 'support-bot', check: 'hallucination', project: 'demo'} */
  labels: Record<string, string>;
  value?: number;
  threshold?: number;
  /** ISO 8601. */
  startsAt: string;
  /** ISO 8601; set on resolved notifications. */
  endsAt?: string;
  /** Absolute URLs into the Vigil UI. */
  links: { alert: string; evaluations?: string; executions: { traceId: string; url: string }[] };
  policyHash: string;
}

/** An HTTP request body and the headers that must go with it. */
export interface PayloadRequest {
  body: string;
  headers: Record<string, string>;
}

/** Chat formats link to at most this many executions so a card stays readable. */
export const MAX_EXECUTION_LINKS = 3;

export function toRequest(payload: unknown): PayloadRequest {
  return { body: JSON.stringify(payload), headers: { 'Content-Type': 'application/json' } };
}

/**
 * Escapes `text` character by character and cuts it so the escaped result is at most `max`
 * characters, ending in "…" when cut. Escaping before measuring keeps limits that apply to the
 * text as sent (Slack, PagerDuty) and never splits an escape sequence or a surrogate pair.
 */
export function fit(text: string, max: number, escape: (char: string) => string = (char) => char): string {
  const pieces = Array.from(text, escape);
  const full = pieces.join('');
  if (full.length <= max) return full;
  let out = '';
  for (const piece of pieces) {
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** Value and threshold as people read them: six significant digits, no float noise (0.1 + 0.2 → 0.3). */
export function formatNumber(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(Number(value.toPrecision(6)));
}

export const statusWord = (status: AlertStatus) => (status === 'firing' ? 'FIRING' : 'RESOLVED');
