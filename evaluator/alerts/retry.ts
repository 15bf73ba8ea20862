// When to try a failed webhook delivery again. Exponential backoff with "full jitter" (a uniformly
// random delay up to the exponential cap) spreads retries from many alerts so a receiver that comes
// back is not hit by all of them at once. A receiver's Retry-After (RFC 9110 §10.2.3) wins over the
// backoff, capped at maxMs so a bad header cannot park a delivery for days.

export interface RetryOptions {
  /** Cap of the first retry's delay. Default 1 s. */
  readonly baseMs?: number;
  /** Longest delay between attempts, Retry-After included. Default 5 min. */
  readonly maxMs?: number;
  /** Attempts in all, the first delivery included. Default 8. */
  readonly maxAttempts?: number;
  /** Uniform in [0, 1); Math.random in production, fixed in tests. */
  readonly jitter: () => number;
}

export type NextAttempt = { readonly retryAtMs: number } | { readonly giveUp: true };

export type Outcome = 'success' | 'retry' | 'fail';

/**
 * After delivery attempt number `attempt` (1 for the first) failed with a retryable outcome, when to
 * try again, or that there are no attempts left.
 */
export function nextAttempt(
  attempt: number,
  options: RetryOptions,
  retryAfter: string | null | undefined,
  nowMs: number,
): NextAttempt {
  const { baseMs = 1000, maxMs = 300_000, maxAttempts = 8, jitter } = options;
  if (attempt >= maxAttempts) return { giveUp: true };
  const asked = retryAfterMs(retryAfter, nowMs);
  if (asked !== undefined) return { retryAtMs: nowMs + Math.min(asked, maxMs) };
  const cap = Math.min(maxMs, baseMs * 2 ** (Math.max(attempt, 1) - 1));
  const fraction = Math.min(Math.max(jitter(), 0), 1);
  return { retryAtMs: nowMs + Math.round(fraction * cap) };
}

/** Delay a Retry-After value asks for: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only a date with a weekday, e.g. "Wed, 21 Oct 2015 07:28:00 GMT", so "1.5" or "-3" is not read as one.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** What a delivery's result calls for: a timeout or network error may pass, a 4xx other than these will not. */
export function classify(status: number | 'timeout' | 'network'): Outcome {
  if (status === 'timeout' || status === 'network') return 'retry';
  if (status >= 200 && status <= 299) return 'success';
  // 408 Request Timeout, 425 Too Early, 429 Too Many Requests: the request itself was fine.
  if (status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599)) return 'retry';
  return 'fail';
}
