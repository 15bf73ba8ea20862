// Group commit with a bounded buffer. Each request's rows wait in the buffer and the request is
// answered only once the insert holding them has succeeded, so an acknowledged span is stored.
// Inserts run back to back: while one is in flight, newly arriving rows gather into the next
// batch, which makes batches grow with load and keeps latency low when idle. Inserts also start at
// most once per `minIntervalMs`: ClickHouse makes a part per insert and merges them later, and at
// dozens of small inserts a second the merges alone saturate a small machine (measured: 1.8 of 2
// cores busy and disk stalls at half of peak load). A full batch never waits. When the rows
// waiting (buffered + in flight) would exceed the bound, `submit` refuses at once instead of
// queueing or dropping anything, and the caller answers "retry later".

export class BufferFullError extends Error {
  override readonly name = 'BufferFullError';
}

/** A request larger than the whole buffer: retrying cannot help, the sender must split it. */
export class TooManyRowsError extends Error {
  override readonly name = 'TooManyRowsError';
}

export class ShuttingDownError extends Error {
  override readonly name = 'ShuttingDownError';
}

/** The store failed an insert. Its exception is logged on the server; the sender only hears "retry". */
export class InsertFailedError extends Error {
  override readonly name = 'InsertFailedError';
  constructor(message = 'spans not stored: the store failed to insert them (the cause is in the Vigil server log); retry later') {
    super(message);
  }
}

interface Waiter {
  /** Items the request submitted, and the rows they hold. */
  items: number;
  count: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions<Row> {
  insert: (rows: Row[]) => Promise<void>;
  /**
   * Rows one item holds (1 by default): an item may be a request's rows already encoded together,
   * and the bounds below count rows, not items.
   */
  rowsOf?: (item: Row) => number;
  /** Most rows waiting at once, buffered and in flight. */
  maxPending: number;
  /** Most rows in one insert. */
  maxBatch: number;
  /** Inserts allowed to run at the same time. */
  concurrency: number;
  /** Least time between the starts of two inserts, unless a full batch is waiting. */
  minIntervalMs?: number;
}

export class Batcher<Row> {
  private buffer: Row[] = [];
  /** Rows held by `buffer`. */
  private buffered = 0;
  private waiters: Waiter[] = [];
  private pending = 0;
  private inFlight = 0;
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private lastStart = -Infinity;
  private closed = false;
  private idle: (() => void)[] = [];
  private readonly options: BatcherOptions<Row>;

  constructor(options: BatcherOptions<Row>) {
    this.options = options;
  }

  /** Rows buffered or being inserted. */
  get pendingRows(): number {
    return this.pending;
  }

  submit(rows: Row[]): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError('the collector is shutting down'));
    const rowsOf = this.options.rowsOf;
    const count = rowsOf ? rows.reduce((sum, item) => sum + rowsOf(item), 0) : rows.length;
    if (count === 0) return Promise.resolve();
    if (count > this.options.maxPending) {
      return Promise.reject(new TooManyRowsError(`${count} spans in one request; at most ${this.options.maxPending} are accepted at once (VIGIL_BUFFER_MAX_SPANS): send smaller batches`));
    }
    if (this.pending + count > this.options.maxPending) {
      return Promise.reject(new BufferFullError(`ingest buffer full (${this.pending} of ${this.options.maxPending} spans waiting)`));
    }
    this.pending += count;
    this.buffered += count;
    for (const row of rows) this.buffer.push(row);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ items: rows.length, count, resolve, reject }));
    this.schedule();
    return done;
  }

  /** Stops accepting rows, inserts everything accepted so far, and resolves when done. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
    if (this.pending === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Let the requests of this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.buffer.length > 0 && this.inFlight < this.options.concurrency) {
      const wait = this.lastStart + (this.options.minIntervalMs ?? 0) - performance.now();
      const full = this.buffered >= this.options.maxBatch;
      if (wait > 0 && !full && !this.closed) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      this.flushOne();
    }
  }

  private flushOne(): void {
    // Take whole requests only, so each request is answered by exactly one insert.
    let take = 0;
    let items = 0;
    let requests = 0;
    for (const waiter of this.waiters) {
      if (take > 0 && take + waiter.count > this.options.maxBatch) break;
      take += waiter.count;
      items += waiter.items;
      requests++;
    }
    const rows = this.buffer.splice(0, items);
    const waiters = this.waiters.splice(0, requests);
    this.buffered -= take;
    this.inFlight++;
    this.lastStart = performance.now();
    this.options
      .insert(rows)
      .then(
        () => waiters.forEach((w) => w.resolve()),
        (error: unknown) => (waiters.length === 1 ? waiters[0]!.reject(error) : this.insertEach(rows, waiters)),
      )
      .finally(() => {
        this.inFlight--;
        this.pending -= take;
        if (this.buffer.length > 0) this.drain();
        else if (this.pending === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
  }

  /**
   * A failed batch is retried request by request, so a request the engine refuses (a row nothing
   * upstream caught) fails alone instead of failing, again and again, everyone it was batched with.
   */
  private async insertEach(rows: Row[], waiters: Waiter[]): Promise<void> {
    let offset = 0;
    for (const waiter of waiters) {
      const own = rows.slice(offset, (offset += waiter.items));
      await this.options.insert(own).then(waiter.resolve, waiter.reject);
    }
  }
}
