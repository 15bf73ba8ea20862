// The answer to the newest request of a page: a load started for newer parameters (a filter, the
// time range) wins over one still in flight, so a quick change never shows the older answer.

export class Latest<T> {
  data = $state.raw<T | null>(null);
  error = $state<unknown>(null);
  loading = $state(true);
  /** When the data arrived (epoch ms), for "3 min ago" and axes against a fixed now. */
  loadedAt = $state(Date.now());
  #generation = 0;

  async load(fetch: () => Promise<T>): Promise<void> {
    const mine = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const data = await fetch();
      if (mine !== this.#generation) return;
      this.data = data;
      this.loadedAt = Date.now();
    } catch (e) {
      if (mine === this.#generation) this.error = e;
    } finally {
      if (mine === this.#generation) this.loading = false;
    }
  }

  /** Counts loads: a follow-up request (the next page) applies only if no load started since. */
  get generation(): number {
    return this.#generation;
  }
}
