// The embedded engine's merge threads run niced (core/clickhouse/background-priority.ts), so a large
// merge yields the CPU to request handling; every other thread keeps its priority.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';
import { useTempStore } from './helpers/store.ts';

const temp = useTempStore('vigil-nice-');

/** Each thread of this process: its name and nice value (/proc/self/task/<tid>/stat, field 19). */
function threads(): { name: string; nice: number }[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), nice: Number(fields[16]) }];
    } catch {
      return [];
    }
  });
}

it.runIf(process.platform === 'linux')('lowers the merge threads to nice 10 and leaves the others as they were', async () => {
  // Small parts for the background pool to merge.
  await temp.store.client.command({ query: 'CREATE TABLE parts (n UInt64) ENGINE = MergeTree ORDER BY n' });
  for (let i = 0; i < 8; i++) await temp.store.client.command({ query: `INSERT INTO parts SELECT number FROM numbers(${i * 100}, 100)` });
  const merges = await vi.waitFor(
    () => {
      const found = threads().filter((t) => t.name.startsWith('MergeMutate'));
      if (found.length === 0 || found.some((t) => t.nice !== 10)) throw new Error(`merge threads: ${JSON.stringify(found)}`);
      return found;
    },
    { timeout: 15_000, interval: 500 },
  );
  expect(merges.length).toBeGreaterThan(0);
  // The JavaScript thread keeps its priority; so does every other engine thread (one, MemoryWorker,
  // sets its own).
  const others = threads().filter((t) => !t.name.startsWith('MergeMutate'));
  expect(others[0]).toMatchObject({ nice: 0 });
  expect(others.filter((t) => t.nice === 10)).toEqual([]);
}, 30_000);
