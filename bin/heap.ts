// The main thread's heap under ingest load. The main thread keeps a small heap (~30 MB) and
// allocates quickly (requests, answers), and V8 sizes its next full collection from the heap it
// keeps: the margin it leaves is smaller than the young generation, so V8 starts a full collection
// about three times a second (`--trace-incremental-marking`: "Start (task)"), marking on the GC
// threads as well. Measured with `npm run bench:ingest` (20 s at max load, alternated twice): 56–84
// full collections of the main heap without a floor, 22–26 with this one (those left came from the
// request buffers, "external memory pressure", which collector/ingest-lanes.ts then cut to 14), and
// the GC threads' CPU fell from 10.5–11.3 to 5.5–7.7 µs a span. A 64 MB floor left 29–40.
//
// V8 takes that size only as a command-line flag, so `vigil start` restarts itself with it (execve:
// same process id, so signals and supervisors see no difference). The flag is then reset, so the
// worker threads started later (collector/ingest-pool.ts) keep V8's defaults: their heaps would
// otherwise keep up to that much garbage each.
import { setFlagsFromString } from 'node:v8';

const FLAG = '--initial-old-space-size';
/** MB of old generation before the main thread's first full collection (and the least it gets after). */
const MAIN_OLD_SPACE_MB = 128;

/** Restarts the process with the flag (unless it was given, or execve is unavailable), then resets it for workers. */
export function configureMainHeap(): void {
  const given = process.execArgv.some((arg) => arg.startsWith(FLAG));
  if (!given) {
    // Windows has no execve: the process goes on with V8's defaults.
    if (typeof process.execve !== 'function') return;
    process.execve(process.execPath, [process.execPath, `${FLAG}=${MAIN_OLD_SPACE_MB}`, ...process.execArgv, ...process.argv.slice(1)]);
  }
  setFlagsFromString(`${FLAG}=0`);
}
