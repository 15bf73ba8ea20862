import { describe, expect, it } from 'vitest';
import { classify, nextAttempt, retryAfterMs } from './retry.ts';

const now = Date.UTC(2026, 11, 2, 12, 0, 0);
const top = { jitter: () => 0.999_999 };
const half = { jitter: () => 0.5 };

function delay(result: ReturnType<typeof nextAttempt>): number {
  if ('giveUp' in result) throw new Error('gave up');
  return result.retryAtMs - now;
}

describe('nextAttempt', () => {
  it('doubles the backoff cap from baseMs with each attempt, up to maxMs', () => {
    const caps = [1, 2, 3, 4, 5, 6, 7].map((attempt) => delay(nextAttempt(attempt, top, null, now)));
    expect(caps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000]);
    expect(delay(nextAttempt(12, { ...top, maxAttempts: 20 }, null, now))).toBe(300_000);
    expect(delay(nextAttempt(3, { ...top, baseMs: 250, maxMs: 600 }, null, now))).toBe(600);
  });

  it('waits a uniformly random part of the cap (full jitter)', () => {
    expect(delay(nextAttempt(4, half, null, now))).toBe(4000);
    expect(delay(nextAttempt(4, { jitter: () => 0 }, null, now))).toBe(0);
    expect(delay(nextAttempt(4, { jitter: () => 0.25 }, undefined, now))).toBe(2000);
  });

  it('gives up once maxAttempts attempts have been made', () => {
    expect(nextAttempt(7, half, null, now)).toHaveProperty('retryAtMs');
    expect(nextAttempt(8, half, null, now)).toEqual({ giveUp: true });
    expect(nextAttempt(2, { ...half, maxAttempts: 2 }, '5', now)).toEqual({ giveUp: true });
    expect(nextAttempt(1, { ...half, maxAttempts: 1 }, null, now)).toEqual({ giveUp: true });
  });

  it('waits the seconds Retry-After asks for instead of the backoff', () => {
    expect(nextAttempt(1, half, '120', now)).toEqual({ retryAtMs: now + 120_000 });
    expect(nextAttempt(1, half, ' 0 ', now)).toEqual({ retryAtMs: now });
  });

  it('waits until the HTTP date Retry-After names', () => {
    expect(nextAttempt(1, half, 'Wed, 02 Dec 2026 12:00:30 GMT', now)).toEqual({ retryAtMs: now + 30_000 });
    // The obsolete RFC 850 and asctime forms are still HTTP-dates (RFC 9110 §5.6.7).
    expect(nextAttempt(1, half, 'Wednesday, 02-Dec-26 12:01:00 GMT', now)).toEqual({ retryAtMs: now + 60_000 });
    expect(nextAttempt(1, half, 'Wed Dec  2 12:00:10 2026', now)).toEqual({ retryAtMs: now + 10_000 });
  });

  it('retries at once when the Retry-After date has passed', () => {
    expect(nextAttempt(3, half, 'Wed, 02 Dec 2026 11:00:00 GMT', now)).toEqual({ retryAtMs: now });
  });

  it('caps Retry-After at maxMs, as seconds or as a date', () => {
    expect(nextAttempt(1, half, '86400', now)).toEqual({ retryAtMs: now + 300_000 });
    expect(nextAttempt(1, half, 'Thu, 03 Dec 2026 12:00:00 GMT', now)).toEqual({ retryAtMs: now + 300_000 });
    expect(nextAttempt(1, { ...half, maxMs: 10_000 }, '60', now)).toEqual({ retryAtMs: now + 10_000 });
  });

  it('falls back to the backoff when Retry-After cannot be read', () => {
    for (const header of ['', 'soon', '1.5', '-3', '10s', 'Wed, 99 Foo 2026']) {
      expect(delay(nextAttempt(2, half, header, now)), header).toBe(1000);
    }
  });
});

describe('retryAfterMs', () => {
  it('is undefined without a header', () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('classify', () => {
  it('counts every 2xx as delivered', () => {
    expect([200, 201, 202, 204, 299].map(classify)).toEqual(Array(5).fill('success'));
  });

  it('retries timeouts, network errors, 5xx and the 4xx that mean "not now"', () => {
    expect(['timeout', 'network', 408, 425, 429, 500, 502, 503, 504, 599].map((s) => classify(s as never))).toEqual(Array(10).fill('retry'));
  });

  it('gives up on other 4xx, redirects and anything else', () => {
    expect([400, 401, 403, 404, 410, 413, 422, 301, 302, 100, 600].map(classify)).toEqual(Array(11).fill('fail'));
  });
});
