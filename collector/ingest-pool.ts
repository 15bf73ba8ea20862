// The ingest workers: threads that do each export request's CPU work (ingest-work.ts), so the main
// thread only reads requests, journals the encoded rows and answers. With the work on the main
// thread, ingest stopped where that one thread was saturated while the second core had time to
// spare (bench:ingest, 2 cores). With no workers (VIGIL_INGEST_WORKERS=0) the work runs inline.
//
// A worker that dies (out of memory, a crash in a dependency) fails only the requests it held, which
// are told to retry, and is replaced. Bodies and encoded rows pass through shared memory where they
// fit (ingest-lanes.ts).
import { Worker } from 'node:worker_threads';
import { IngestLanes, LANE_COUNT, type LaneMemory } from './ingest-lanes.ts';
import { logFailure } from './log.ts';
import { ingestContext, processRequest, type IngestContext, type IngestJob, type IngestResult, type IngestSettings } from './ingest-work.ts';

/**
 * A request's work failed inside Vigil: a bug (the same request would fail again: a 500) or a worker
 * that died while holding it (`retryable`: a 503).
 */
export class IngestWorkError extends Error {
  override readonly name = 'IngestWorkError';
  readonly retryable: boolean;
  constructor(message: string, retryable = false) {
    super(message);
    this.retryable = retryable;
  }
}

/**
 * A copy of `bytes` that owns its whole buffer, so it can be transferred to another thread without
 * detaching memory shared with other views (Node's small Buffers share one pooled allocation).
 */
export function transferable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}

/** Logs what went wrong inside Vigil and gives the sender's error (a 500: not worth a retry). */
function internalError(detail: string): IngestWorkError {
  logFailure('request not processed', detail);
  return new IngestWorkError('spans not stored: an internal error (logged on the server)');
}

/** What a worker is given at start. */
export interface IngestWorkerData {
  settings: IngestSettings;
  lanes: LaneMemory;
}

/** A request as received: its body in the chunks it arrived in. */
export type IngestRequest = Omit<IngestJob, 'body'> & { body: readonly Uint8Array[] };

/** The chunks as one buffer (the chunk itself when there is one). */
function whole(chunks: readonly Uint8Array[], size: number): Uint8Array {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

interface Pending {
  resolve(result: IngestResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Whether the worker ever answered: one that dies before cannot start (threads, memory). */
  answered: boolean;
}

/** Workers in a row that die before answering anything, after which the work runs inline. */
const MAX_FAILED_STARTS = 3;

const WORKER_URL = new URL('./ingest-worker.ts', import.meta.url);

export class IngestPool {
  readonly #settings: IngestSettings;
  readonly #workerUrl: URL;
  readonly #slots: Slot[] = [];
  #inline: IngestContext | undefined;
  #failedStarts = 0;
  #nextId = 0;
  #closed = false;
  readonly #lanes: IngestLanes;

  /** `workerUrl`: another worker script (tests). */
  constructor(settings: IngestSettings, workers: number, workerUrl = WORKER_URL) {
    this.#settings = settings;
    this.#workerUrl = workerUrl;
    this.#inline = workers === 0 ? ingestContext(settings) : undefined;
    this.#lanes = new IngestLanes(workers === 0 ? 0 : LANE_COUNT);
    for (let i = 0; i < workers; i++) this.#slots.push(this.#spawn());
  }

  get workers(): number {
    return this.#slots.length;
  }

  /** Lanes not held by a request (all of them when idle). */
  get freeLanes(): number {
    return this.#lanes.free;
  }

  #spawn(): Slot {
    const workerData: IngestWorkerData = { settings: this.#settings, lanes: { memory: this.#lanes.memory, laneBytes: this.#lanes.laneBytes } };
    const worker = new Worker(this.#workerUrl, { workerData });
    const slot: Slot = { worker, pending: new Map(), answered: false };
    worker.on('message', ({ id, result, error }: { id: number; result?: IngestResult; error?: string }) => {
      slot.answered = true;
      this.#failedStarts = 0;
      const pending = slot.pending.get(id);
      if (!pending) return;
      slot.pending.delete(id);
      if (result) pending.resolve(result);
      else pending.reject(internalError(error ?? 'unknown error'));
    });
    // Fatal to the worker (an uncaught error, out of memory): fail what it held, then replace it.
    const replace = (why: string) => {
      if (!this.#slots.includes(slot)) return;
      const held = [...slot.pending.values()];
      slot.pending.clear();
      if (!this.#closed) {
        if (!slot.answered) this.#failedStarts++;
        if (this.#failedStarts < MAX_FAILED_STARTS) {
          logFailure('ingest worker stopped', `${why}; ${held.length} requests in it were told to retry; starting a new worker`);
          this.#slots[this.#slots.indexOf(slot)] = this.#spawn();
        } else {
          // Rather than start threads in a loop: this slot goes, and with the last one the work runs inline.
          this.#slots.splice(this.#slots.indexOf(slot), 1);
          if (this.#slots.length === 0) this.#inline = ingestContext(this.#settings);
          const now = this.#inline ? 'requests are now processed on the main thread' : `${this.#slots.length} workers left`;
          console.error(`vigil: ERROR ingest workers: ${MAX_FAILED_STARTS} in a row stopped before answering (last: ${why}); ${now}`);
        }
      }
      for (const pending of held) pending.reject(new IngestWorkError('spans not stored: the collector restarted a worker; retry', true));
    };
    worker.on('error', (error) => replace(error.stack ?? error.message));
    worker.on('exit', (code) => replace(`exited with code ${code}`));
    worker.unref();
    return slot;
  }

  /**
   * Processes one request on the least busy worker and passes the result to `use`. The result's
   * encoded rows may live in a lane (ingest-lanes.ts): they are valid until `use` settles. The body's
   * chunks are copied or handed over (do not reuse them).
   */
  async run<T>(request: IngestRequest, use: (result: IngestResult) => T | Promise<T>): Promise<T> {
    const size = request.body.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    if (this.#inline) {
      let result: IngestResult;
      try {
        result = processRequest({ ...request, body: whole(request.body, size) }, this.#inline);
      } catch (error) {
        throw internalError(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
      return use(result);
    }
    let slot = this.#slots[0]!;
    for (const candidate of this.#slots) if (candidate.pending.size < slot.pending.size) slot = candidate;
    const id = this.#nextId++;
    const lanes = this.#lanes;
    const copied = lanes.copyIn(request.body, size);
    let inLane = copied?.lane;
    // JSON lines for a server wait in the batcher until inserted: they leave the lanes.
    const outLane = this.#settings.format === 'native' ? lanes.take() : undefined;
    try {
      const result = await new Promise<IngestResult>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        if (copied) return slot.worker.postMessage({ id, job: { ...request, body: copied.view }, outLane });
        const body = transferable(whole(request.body, size));
        slot.worker.postMessage({ id, job: { ...request, body }, outLane }, [body.buffer as ArrayBuffer]);
      });
      // The worker answered (or died): it reads the body no more.
      lanes.give(inLane);
      inLane = undefined;
      return await use(result);
    } finally {
      lanes.give(inLane);
      lanes.give(outLane);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }
}
