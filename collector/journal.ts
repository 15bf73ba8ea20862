// The embedded engine's ingest journal. A request is acknowledged once its spans, encoded as a
// Native block, are in a journal file beside the data, not once an insert holding them has run.
// Inserts then take everything journaled in the last interval (a second by default) in one
// `INSERT … SELECT … FROM file('<batch>/*.bin', Native)`: large inserts whatever the number of
// senders, so few parts to merge and few runs of the materialized views, while a sender waits only
// for a file write. Measured on two cores (bench:ingest, 8 senders): inserts of 30k–47k rows cost the
// engine 16–24 µs a span with their views and merges; those of 2k–3k rows, what waiting for the
// insert allowed, cost 51–79 µs.
//
// Layout: `<dir>/batch-<ms>-<n>/<k>.bin`. One batch is open for writing at a time; a write is a
// group of requests' blocks, written to `<k>.tmp` and renamed, so a file is either whole or absent
// and a crash mid-write leaves only a `.tmp` (never acknowledged, removed at the next start). A
// batch is removed once inserted. At start, batches left by a crash are inserted first, skipping
// rows an interrupted insert had already stored, so a crash neither loses nor doubles a span.
//
// Durability is the engine's own: files are written, not fsynced, as ClickHouse writes its parts.
// A stopped or killed process loses nothing; a power cut may lose the last seconds on both.
import { readdirSync, rmSync, mkdirSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BufferFullError, InsertFailedError, ShuttingDownError, TooManyRowsError } from './batcher.ts';

/** Told to the sender when the journal could not write its spans (disk full, permissions). */
const NOT_JOURNALED = 'spans not stored: the collector could not write them to its journal (the cause is in the Vigil server log); retry later';

export interface JournalOptions {
  /** The journal's directory, owned by this process (it lives in the locked data directory). */
  dir: string;
  /** Inserts every row of the Native files matching `glob`. */
  insert: (glob: string) => Promise<void>;
  /**
   * Inserts the rows of the files matching `glob` that are not stored yet, looking at spans ingested
   * since `sinceMs`: for a batch whose earlier insert failed or was cut short by a crash.
   */
  insertMissing: (glob: string, sinceMs: number) => Promise<void>;
  /** Most rows journaled and not yet inserted; beyond it senders are told to retry later. */
  maxPending: number;
  /** A batch is inserted once it holds this many rows, without waiting for the interval. */
  maxBatch: number;
  /** Least time between the starts of two inserts. */
  intervalMs: number;
  /** Attempts to insert a batch, then each of its files, before a file is set aside (default 3). */
  attempts?: number;
  /** First wait between attempts, doubled each time (default 500 ms). */
  retryMs?: number;
  log: (line: string) => void;
  /** Told of each insert that stored a batch. */
  inserted?: (rows: number, seconds: number) => void;
}

interface Batch {
  name: string;
  dir: string;
  createdMs: number;
  /** Rows in the batch's finished files. */
  rows: number;
  files: number;
  /** Group writes to the batch still running. */
  writers: number;
  drained?: () => void;
  /** The first request (by order of arrival) in the batch's files. */
  firstSeq: number;
}

interface Waiting {
  seq: number;
  block: Uint8Array;
  rows: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const BATCH_NAME = /^batch-(\d+)-(\d+)$/;

export class SpanJournal {
  private readonly options: JournalOptions;
  private current: Batch;
  private next = 0;
  private queue: Waiting[] = [];
  private writing = false;
  private inserting = false;
  private timer: NodeJS.Timeout | undefined;
  private lastInsert = -Infinity;
  private pending = 0;
  private closed = false;
  private idle: (() => void)[] = [];
  /** Requests numbered in order of arrival: the last one appended, and the last one written (or refused). */
  private appended = 0;
  private written = 0;
  private inFlight: Batch | undefined;
  private flushes: { upTo: number; resolve: () => void }[] = [];

  private constructor(options: JournalOptions) {
    this.options = options;
    this.current = this.newBatch();
  }

  /**
   * Opens the journal at `options.dir`, first inserting what an earlier process journaled and did not
   * insert (after a crash or a failed insert at stop). Returns the journal and the rows recovered.
   */
  static async open(options: JournalOptions): Promise<{ journal: SpanJournal; recovered: { batches: number; files: number; setAside: number } }> {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const left = readdirSync(options.dir)
      .map((name) => ({ name, match: BATCH_NAME.exec(name) }))
      .filter((entry) => entry.match !== null)
      .sort((a, b) => Number(a.match![1]) - Number(b.match![1]) || Number(a.match![2]) - Number(b.match![2]));
    const journal = new SpanJournal(options);
    const recovered = { batches: 0, files: 0, setAside: 0 };
    for (const { name, match } of left) {
      const dir = join(options.dir, name);
      const files = readdirSync(dir);
      // A .tmp file is a write the crash cut short: never acknowledged.
      for (const file of files) if (!file.endsWith('.bin')) rmSync(join(dir, file), { force: true });
      const whole = files.filter((file) => file.endsWith('.bin'));
      if (whole.length === 0) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const batch: Batch = { ...journal.newBatch(), name, dir, createdMs: Number(match![1]), files: whole.length };
      recovered.batches++;
      recovered.files += whole.length;
      recovered.setAside += await journal.store(batch, true);
    }
    return { journal, recovered };
  }

  /** Rows journaled (or being written) and not yet inserted. */
  get pendingRows(): number {
    return this.pending;
  }

  /** Journals one request's block of `rows` spans; resolves once it is in a journal file. */
  append(block: Uint8Array, rows: number): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError('the collector is shutting down'));
    if (rows === 0) return Promise.resolve();
    const { maxPending } = this.options;
    if (rows > maxPending) {
      return Promise.reject(new TooManyRowsError(`${rows} spans in one request; at most ${maxPending} are accepted at once (VIGIL_BUFFER_MAX_SPANS): send smaller batches`));
    }
    if (this.pending + rows > maxPending) {
      return Promise.reject(new BufferFullError(`ingest buffer full (${this.pending} of ${maxPending} spans waiting)`));
    }
    this.pending += rows;
    const seq = ++this.appended;
    const done = new Promise<void>((resolve, reject) => this.queue.push({ seq, block, rows, resolve, reject }));
    void this.writeLoop();
    return done;
  }

  /** Resolves once every span appended before the call is inserted (tests; the demo's backfill). */
  flush(): Promise<void> {
    const upTo = this.appended;
    if (this.flushed(upTo)) return Promise.resolve();
    // While a flush waits, batches are inserted without waiting for the interval.
    const done = new Promise<void>((resolve) => this.flushes.push({ upTo, resolve }));
    this.schedule();
    return done;
  }

  /** Whether every request up to `upTo` is written and no batch holding one waits for its insert. */
  private flushed(upTo: number): boolean {
    const holds = (batch: Batch | undefined) => batch !== undefined && batch.rows > 0 && batch.firstSeq <= upTo;
    return this.written >= upTo && !holds(this.current) && !holds(this.inFlight);
  }

  private settleFlushes(): void {
    const done = this.flushes.filter((flush) => this.flushed(flush.upTo));
    if (done.length === 0) return;
    this.flushes = this.flushes.filter((flush) => !done.includes(flush));
    done.forEach((flush) => flush.resolve());
  }

  /** Stops accepting, inserts everything journaled, and resolves when done (or left for the next start). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
    if (this.pending === 0 && !this.inserting) return this.removeEmpty();
    await new Promise<void>((resolve) => this.idle.push(resolve));
    this.removeEmpty();
  }

  private removeEmpty(): void {
    if (this.current.rows === 0 && this.current.writers === 0) rmSync(this.current.dir, { recursive: true, force: true });
  }

  private newBatch(): Batch {
    const createdMs = Date.now();
    const name = `batch-${createdMs}-${this.next++}`;
    return { name, dir: join(this.options.dir, name), createdMs, rows: 0, files: 0, writers: 0, firstSeq: 0 };
  }

  /** Writes waiting requests, all those queued at once in one file, one file at a time. */
  private async writeLoop(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0);
      const rows = group.reduce((sum, w) => sum + w.rows, 0);
      const batch = this.current;
      batch.writers++;
      try {
        await writeGroup(batch, group.map((w) => w.block));
        if (batch.rows === 0) batch.firstSeq = group[0]!.seq;
        batch.rows += rows;
        batch.files++;
        group.forEach((w) => w.resolve());
      } catch (error) {
        this.pending -= rows;
        this.options.log(`vigil: journal: ${rows} spans not journaled, their senders were told to retry: ${(error as Error).message}`);
        group.forEach((w) => w.reject(new InsertFailedError(NOT_JOURNALED)));
        this.settle();
      } finally {
        if (--batch.writers === 0) batch.drained?.();
        this.written = group.at(-1)!.seq;
      }
      this.settleFlushes();
      this.schedule();
    }
    this.writing = false;
    this.schedule();
  }

  /** Starts an insert when the open batch is due: full, or the interval since the last insert passed. */
  private schedule(): void {
    if (this.inserting) return;
    const batch = this.current;
    if (batch.rows === 0) {
      // Writes still running call again when they finish.
      this.settle();
      return;
    }
    const wait = this.lastInsert + this.options.intervalMs - performance.now();
    if (batch.rows < this.options.maxBatch && wait > 0 && !this.closed && this.flushes.length === 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current = this.newBatch();
    this.inserting = true;
    this.inFlight = batch;
    this.lastInsert = performance.now();
    void this.insertBatch(batch);
  }

  private async insertBatch(batch: Batch): Promise<void> {
    try {
      if (batch.writers > 0) await new Promise<void>((resolve) => (batch.drained = resolve));
      await this.store(batch, false);
    } catch (error) {
      // A file operation failed (not the insert, which store() retries): the batch stays on disk.
      this.options.log(`vigil: journal: ${batch.name} left for the next start: ${(error as Error).message}`);
    } finally {
      this.pending -= batch.rows;
      this.inserting = false;
      this.inFlight = undefined;
      this.settleFlushes();
      this.schedule();
    }
  }

  /**
   * Inserts a batch, retrying with `insertMissing` after any failure (a failed insert may have stored
   * some of its blocks). A batch that keeps failing is tried file by file, and a file that still
   * fails is moved to `<dir>/set-aside/` with an error in the log, so that one unreadable file cannot
   * stop ingestion. When stopping, a failed batch stays on disk for the next start instead.
   * Returns the number of files set aside.
   */
  private async store(batch: Batch, recovering: boolean): Promise<number> {
    const attempts = this.options.attempts ?? 3;
    const glob = join(batch.dir, '*.bin');
    let failed = recovering;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const started = performance.now();
      try {
        await (failed ? this.options.insertMissing(glob, batch.createdMs) : this.options.insert(glob));
        this.options.inserted?.(batch.rows, (performance.now() - started) / 1000);
        await rm(batch.dir, { recursive: true, force: true });
        return 0;
      } catch (error) {
        failed = true;
        this.options.log(`vigil: journal: inserting ${batch.name} (${batch.files} files) failed, attempt ${attempt} of ${attempts}: ${(error as Error).message}`);
        if (this.closed && !recovering) return 0;
        await this.pause(attempt);
      }
    }
    let setAside = 0;
    for (const file of readdirSync(batch.dir).filter((name) => name.endsWith('.bin'))) {
      const path = join(batch.dir, file);
      let stored = false;
      for (let attempt = 1; attempt <= attempts && !stored; attempt++) {
        try {
          await this.options.insertMissing(path, batch.createdMs);
          stored = true;
        } catch (error) {
          if (attempt === attempts) {
            const aside = join(this.options.dir, 'set-aside');
            await mkdir(aside, { recursive: true, mode: 0o700 });
            const target = join(aside, `${batch.name}-${file}`);
            await rename(path, target);
            setAside++;
            this.options.log(
              `vigil: journal: ERROR acknowledged spans could not be stored and were set aside in ${target}: ${(error as Error).message}. ` +
                'Ingestion goes on; the file is a ClickHouse Native block of span rows, to be inserted by hand once the cause is fixed.',
            );
          } else await this.pause(attempt);
        }
      }
    }
    await rm(batch.dir, { recursive: true, force: true });
    return setAside;
  }

  private pause(attempt: number): Promise<void> {
    const ms = Math.min(30_000, (this.options.retryMs ?? 500) * 2 ** (attempt - 1));
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  private settle(): void {
    if (this.pending === 0 && !this.inserting && !this.writing) this.idle.splice(0).forEach((resolve) => resolve());
  }
}

/** Writes one group's blocks to a new file of the batch, whole or not at all. */
async function writeGroup(batch: Batch, blocks: Uint8Array[]): Promise<void> {
  if (batch.files === 0) await mkdir(batch.dir, { recursive: true, mode: 0o700 });
  // One writer at a time per journal, so the count of finished files names the next one.
  const base = join(batch.dir, String(batch.files).padStart(6, '0'));
  const bytes = blocks.reduce((sum, block) => sum + block.byteLength, 0);
  const file = await open(`${base}.tmp`, 'w', 0o600);
  let whole = false;
  try {
    const { bytesWritten } = await file.writev(blocks);
    if (bytesWritten !== bytes) throw new Error(`short write to ${base}.tmp: ${bytesWritten} of ${bytes} bytes`);
    whole = true;
  } finally {
    await file.close();
    if (!whole) await rm(`${base}.tmp`, { force: true });
  }
  await rename(`${base}.tmp`, `${base}.bin`);
}
