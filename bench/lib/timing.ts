// Latency of one operation: warm-up runs first (caches, JIT), then timed runs one after another
// until the run count or the time budget is reached, whichever comes first.
import { percentile } from './stats.ts';

export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export async function timeRuns(
  run: (i: number) => Promise<unknown>,
  options: { warmup: number; runs: number; minRuns: number; budgetSeconds: number },
): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await run(-1 - i);
  const samples: number[] = [];
  const deadline = performance.now() + options.budgetSeconds * 1000;
  for (let i = 0; i < options.runs && (i < options.minRuns || performance.now() < deadline); i++) {
    const t0 = performance.now();
    await run(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { runs: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: samples.at(-1)! };
}
