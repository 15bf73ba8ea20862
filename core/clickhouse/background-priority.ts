// The embedded engine's background merges run at a lower CPU priority than the rest of the process.
// On a small machine they compete with the collector's JavaScript for the same cores, and the
// acknowledgements wait behind them. Measured on two cores at half load (bench:ingest, 4-minute
// runs): per-minute ack p99 of 184–334 ms without, 83–138 ms with, outside one stall a run that
// this does not remove. Niced, merges still take every idle cycle; they only yield to request
// handling. Linux only (a thread's nice value is set through its id); elsewhere, or where it is not
// allowed, nothing changes.
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value for merge threads: about a tenth of a normal thread's share when both want the CPU. */
const MERGE_NICE = 10;
const EVERY_MS = 5000;
/** Thread names of the engine's merge and mutation pool (as /proc shows them, cut to 15 characters). */
const MERGE_THREAD = /^MergeMutate/;

/** Starts lowering the priority of the engine's merge threads as they appear; returns a stop function. */
export function lowerMergePriority(): () => void {
  if (process.platform !== 'linux') return () => {};
  const done = new Set<string>();
  const sweep = () => {
    let tids: string[];
    try {
      tids = readdirSync('/proc/self/task');
    } catch {
      return;
    }
    for (const tid of tids) {
      if (done.has(tid)) continue;
      try {
        if (!MERGE_THREAD.test(readFileSync(`/proc/self/task/${tid}/comm`, 'utf8'))) continue;
        setPriority(Number(tid), MERGE_NICE);
        done.add(tid);
      } catch {
        // The thread ended, or the system refuses: leave it.
      }
    }
  };
  sweep();
  const timer = setInterval(sweep, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
