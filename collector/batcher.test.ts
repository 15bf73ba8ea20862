import { describe, expect, it } from 'vitest';
import { Batcher, BufferFullError, ShuttingDownError, TooManyRowsError } from './batcher.ts';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Batcher', () => {
  it('acknowledges a request only after the insert holding its rows succeeds', async () => {
    const inserts: number[][] = [];
    const gate = deferred();
    const batcher = new Batcher<number>({ insert: async (rows) => (inserts.push(rows), gate.promise), maxPending: 100, maxBatch: 100, concurrency: 1 });
    let acked = false;
    const done = batcher.submit([1, 2]).then(() => (acked = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(inserts).toEqual([[1, 2]]);
    expect(acked).toBe(false);
    gate.resolve();
    await done;
    expect(acked).toBe(true);
  });

  it('groups requests that arrive while an insert runs into the next batch', async () => {
    const inserts: number[][] = [];
    const gates = [deferred(), deferred()];
    const batcher = new Batcher<number>({ insert: (rows) => (inserts.push(rows), gates[inserts.length - 1]!.promise), maxPending: 100, maxBatch: 100, concurrency: 1 });
    const first = batcher.submit([1]);
    await new Promise((r) => setImmediate(r));
    const rest = [batcher.submit([2]), batcher.submit([3, 4])];
    gates[0]!.resolve();
    await first;
    gates[1]!.resolve();
    await Promise.all(rest);
    expect(inserts).toEqual([[1], [2, 3, 4]]);
  });

  it('refuses rows beyond the bound instead of dropping accepted ones, and fails requests whose insert failed', async () => {
    const gate = deferred();
    const batcher = new Batcher<number>({ insert: () => gate.promise, maxPending: 3, maxBatch: 10, concurrency: 1 });
    const accepted = batcher.submit([1, 2]);
    await expect(batcher.submit([3, 4])).rejects.toBeInstanceOf(BufferFullError);
    await expect(batcher.submit([5, 6, 7, 8])).rejects.toBeInstanceOf(TooManyRowsError);
    expect(batcher.pendingRows).toBe(2);
    await new Promise((r) => setImmediate(r));
    gate.reject(new Error('disk full'));
    await expect(accepted).rejects.toThrow('disk full');
    expect(batcher.pendingRows).toBe(0);
  });

  it('starts inserts at most once per interval, gathering what arrives meanwhile, unless a batch is full', async () => {
    const inserts: number[][] = [];
    const batcher = new Batcher<number>({ insert: async (rows) => void inserts.push(rows), maxPending: 100, maxBatch: 3, concurrency: 1, minIntervalMs: 60 });
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const first = batcher.submit([1]);
    await tick();
    const gathered = [batcher.submit([2]), tick().then(() => batcher.submit([3]))];
    await first;
    expect(inserts).toEqual([[1]]);
    await Promise.all(gathered);
    expect(inserts).toEqual([[1], [2, 3]]);
    await batcher.submit([4, 5, 6]);
    expect(inserts).toEqual([[1], [2, 3], [4, 5, 6]]);
  });

  it('retries a failed batch request by request, so only the request the engine refuses fails', async () => {
    const stored: string[] = [];
    const insert = async (rows: string[]) => {
      if (rows.includes('poison')) throw new Error('cannot parse input');
      stored.push(...rows);
    };
    const batcher = new Batcher<string>({ insert, maxPending: 100, maxBatch: 100, concurrency: 1 });
    const results = await Promise.allSettled([batcher.submit(['a', 'b']), batcher.submit(['poison', 'c']), batcher.submit(['d'])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(stored).toEqual(['a', 'b', 'd']);
    await new Promise((r) => setImmediate(r));
    expect(batcher.pendingRows).toBe(0);
  });

  it('counts the rows an item holds, when items are requests encoded together, for every bound', async () => {
    const inserts: string[][] = [];
    const gate = deferred();
    const batcher = new Batcher<string>({
      insert: async (parts) => (inserts.push(parts), inserts.length === 1 ? gate.promise : undefined),
      rowsOf: (part) => Number(part.split(':')[1]),
      maxPending: 10,
      maxBatch: 6,
      concurrency: 1,
    });
    const first = batcher.submit(['a:4']);
    await new Promise((r) => setImmediate(r));
    expect(batcher.pendingRows).toBe(4);
    await expect(batcher.submit(['b:7'])).rejects.toBeInstanceOf(BufferFullError);
    await expect(batcher.submit(['c:11'])).rejects.toBeInstanceOf(TooManyRowsError);
    const rest = [batcher.submit(['d:3', 'e:1']), batcher.submit(['f:2'])];
    expect(batcher.pendingRows).toBe(10);
    gate.resolve();
    await Promise.all([first, ...rest]);
    // 3 + 1 + 2 rows fit one batch of 6; the items of a request stay together.
    expect(inserts).toEqual([['a:4'], ['d:3', 'e:1', 'f:2']]);
    expect(batcher.pendingRows).toBe(0);
  });

  it('close() inserts everything accepted and refuses new rows', async () => {
    const stored: number[] = [];
    const batcher = new Batcher<number>({ insert: async (rows) => void stored.push(...rows), maxPending: 100, maxBatch: 2, concurrency: 1 });
    const requests = [batcher.submit([1, 2]), batcher.submit([3]), batcher.submit([4])];
    await batcher.close();
    await Promise.all(requests);
    expect(stored).toEqual([1, 2, 3, 4]);
    await expect(batcher.submit([5])).rejects.toBeInstanceOf(ShuttingDownError);
  });
});
