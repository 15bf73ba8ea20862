// Executions whose judge call ended `unknown`, waiting to be asked again. The evaluator loop never
// waits for a judge: it records the failure here and, on later passes, retries what is `due`.
// In memory and clock-free (the caller passes the time), bounded so an outage cannot grow it
// without limit; losing it on restart only means those executions keep their `unknown` result.

/** Wait before the 1st, 2nd and 3rd retry; a 4th failure gives up. */
export const JUDGE_RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000];
export const DEFAULT_JUDGE_RETRY_CAPACITY = 10_000;

export interface JudgeRetry<T> {
  readonly key: string;
  readonly item: T;
  /** Judge calls for this key that ended `unknown` so far. */
  readonly failures: number;
  readonly nextAttemptMs: number;
}

export type RetryDecision = { readonly kind: 'scheduled'; readonly nextAttemptMs: number } | { readonly kind: 'gave_up'; readonly failures: number };

export interface JudgeRetryOptions {
  readonly delaysMs?: readonly number[];
  readonly capacity?: number;
}

export class JudgeRetryQueue<T> {
  readonly #entries = new Map<string, JudgeRetry<T>>();
  readonly #delaysMs: readonly number[];
  readonly #capacity: number;
  #dropped = 0;

  constructor(options: JudgeRetryOptions = {}) {
    this.#delaysMs = options.delaysMs ?? JUDGE_RETRY_DELAYS_MS;
    this.#capacity = Math.max(1, options.capacity ?? DEFAULT_JUDGE_RETRY_CAPACITY);
  }

  /** A judge call for `key` ended `unknown` at `nowMs`: schedule the next try, or give up. */
  recordUnknown(key: string, item: T, nowMs: number): RetryDecision {
    const failures = (this.#entries.get(key)?.failures ?? 0) + 1;
    const delay = this.#delaysMs[failures - 1];
    if (delay === undefined) {
      this.#entries.delete(key);
      return { kind: 'gave_up', failures };
    }
    if (!this.#entries.has(key) && this.#entries.size >= this.#capacity) this.#dropOldest();
    const nextAttemptMs = nowMs + delay;
    // Delete first so that Map order stays insertion order of the latest failure.
    this.#entries.delete(key);
    this.#entries.set(key, { key, item, failures, nextAttemptMs });
    return { kind: 'scheduled', nextAttemptMs };
  }

  /** A judge call for `key` gave a verdict: nothing left to retry. */
  recordJudged(key: string): void {
    this.#entries.delete(key);
  }

  /**
   * Retries whose time has come, earliest first. Not removed: after retrying, record the outcome
   * (`recordJudged` or `recordUnknown`), which removes or reschedules each.
   */
  due(nowMs: number, limit = Number.POSITIVE_INFINITY): JudgeRetry<T>[] {
    return [...this.#entries.values()]
      .filter((entry) => entry.nextAttemptMs <= nowMs)
      .sort((a, b) => a.nextAttemptMs - b.nextAttemptMs)
      .slice(0, limit);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Entries pushed out because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  #dropOldest(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) {
      this.#entries.delete(oldest.value);
      this.#dropped += 1;
    }
  }
}
