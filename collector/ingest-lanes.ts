// Shared memory between the main thread and the ingest workers, for requests' bodies and their
// encoded rows. Handed over by transfer instead, each allocates a new buffer on the main thread (the
// body put together from its chunks, then the block received back, ~1 MB a request of 512 spans),
// and V8 counts such buffers as external memory: at the bench's load they started a full collection
// of the main thread's heap every ~0.8 s (`--trace-incremental-marking`: "external memory pressure").
// Lanes are allocated once: the main thread copies a body's chunks into one, a worker writes the
// encoded rows into another, and the main thread journals them from there. A body or block larger
// than a lane, or a request that finds every lane taken, goes by transfer as before.

/** Bytes in a lane: a 512-span request of ~1 KB spans, or its encoded rows, fits. */
export const LANE_BYTES = 1 << 20;
/** Lanes per pool: two per request in progress, for eight senders at once. */
export const LANE_COUNT = 16;

/** The lanes' memory and size, as a worker receives them. */
export interface LaneMemory {
  memory: SharedArrayBuffer;
  laneBytes: number;
}

/** `length` bytes at the start of lane `lane`. */
export function laneView({ memory, laneBytes }: LaneMemory, lane: number, length: number): Uint8Array {
  return new Uint8Array(memory, lane * laneBytes, length);
}

/** The lanes and which are free; only the main thread takes and gives them. */
export class IngestLanes implements LaneMemory {
  readonly memory: SharedArrayBuffer;
  readonly laneBytes: number;
  readonly #free: number[] = [];

  constructor(count = LANE_COUNT, laneBytes = LANE_BYTES) {
    // Pages are the system's once written: a lane nobody used costs no memory.
    this.memory = new SharedArrayBuffer(count * laneBytes);
    this.laneBytes = laneBytes;
    for (let lane = count - 1; lane >= 0; lane--) this.#free.push(lane);
  }

  /** A free lane, or undefined when all are taken. */
  take(): number | undefined {
    return this.#free.pop();
  }

  give(lane: number | undefined): void {
    if (lane !== undefined) this.#free.push(lane);
  }

  get free(): number {
    return this.#free.length;
  }

  /** `chunks` copied into a lane, or undefined when they do not fit or no lane is free. */
  copyIn(chunks: readonly Uint8Array[], size: number): { lane: number; view: Uint8Array } | undefined {
    if (size > this.laneBytes) return undefined;
    const lane = this.take();
    if (lane === undefined) return undefined;
    const view = laneView(this, lane, size);
    let at = 0;
    for (const chunk of chunks) {
      view.set(chunk, at);
      at += chunk.byteLength;
    }
    return { lane, view };
  }
}
