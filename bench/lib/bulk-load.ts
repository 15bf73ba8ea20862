// Loads a generated corpus straight into the store (no HTTP, no OTLP decoding), generating the next
// batch while the engine inserts the previous one, and records what was loaded next to the data so
// a later run can reuse the directory.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../../core/clickhouse/client.ts';
import { queryRows } from '../../core/clickhouse/query.ts';
import type { FactsBackfill } from './business-facts.ts';
import { planCorpus, type CorpusPlan } from './corpus-plan.ts';
import { createCorpus } from './corpus.ts';
import { fmt } from './stats.ts';

/** What a loaded directory holds; the plan is rebuilt from it (same seed, same rows). */
export interface CorpusMeta {
  seed: number;
  targetSpans: number;
  days: number;
  endMs: number;
  executions: number;
  spans: number;
  jsonBytes: number;
  loadSeconds: number;
  batchRows: number;
  /** The executive view's facts and feedback filled in for the loaded executions, when done. */
  facts?: FactsBackfill;
}

const META_FILE = 'vigil-bench-corpus.json';

export function readCorpusMeta(dataDir: string): CorpusMeta | undefined {
  const file = join(dataDir, META_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CorpusMeta) : undefined;
}

export function writeCorpusMeta(dataDir: string, meta: CorpusMeta): void {
  writeFileSync(join(dataDir, META_FILE), JSON.stringify(meta, null, 2));
}

export const planOf = (meta: Pick<CorpusMeta, 'targetSpans' | 'endMs' | 'days' | 'seed'>): CorpusPlan => planCorpus(meta.targetSpans, meta.endMs, meta.days, meta.seed);

export async function loadCorpus(
  store: Store,
  dataDir: string,
  options: { targetSpans: number; endMs: number; days: number; seed: number; batchRows: number; log: (line: string) => void },
): Promise<CorpusMeta> {
  const plan = planOf(options);
  const corpus = createCorpus(plan);
  const started = performance.now();
  let lastReport = 0;
  let loaded = 0;
  let jsonBytes = 0;
  let inserting: Promise<void> = Promise.resolve();
  for (let next = 0; next < plan.executions; ) {
    const lines: string[] = [];
    while (lines.length < options.batchRows && next < plan.executions) corpus.execution(next++, lines);
    for (const line of lines) jsonBytes += line.length + 1;
    await inserting;
    inserting = store.insertJsonLines('spans', lines);
    loaded += lines.length;
    const seconds = (performance.now() - started) / 1000;
    if (seconds - lastReport >= 5 || next === plan.executions) {
      lastReport = seconds;
      const rate = loaded / seconds;
      const rssMb = process.memoryUsage.rss() / 2 ** 20;
      options.log(
        `  ${fmt(loaded).padStart(11)} / ${fmt(plan.spans)} spans  ${fmt(rate).padStart(7)} rows/s  ` +
          `${fmt(jsonBytes / 2 ** 20 / seconds, 1).padStart(6)} MB/s JSON  ETA ${fmt((plan.spans - loaded) / rate).padStart(5)} s  RSS ${fmt(rssMb)} MB`,
      );
    }
  }
  await inserting;
  const meta: CorpusMeta = {
    seed: options.seed, targetSpans: options.targetSpans, days: options.days, endMs: options.endMs,
    executions: plan.executions, spans: plan.spans, jsonBytes, loadSeconds: (performance.now() - started) / 1000, batchRows: options.batchRows,
  };
  writeCorpusMeta(dataDir, meta);
  return meta;
}

/** Waits until no merge has run for a few seconds (or `maxSeconds`), as a store at rest would be. */
export async function waitForMerges(client: ClickHouseClient, maxSeconds: number, log: (line: string) => void): Promise<number> {
  const started = performance.now();
  let quietSince = performance.now();
  let lastLog = 0;
  while ((performance.now() - started) / 1000 < maxSeconds) {
    const [row] = await queryRows<{ n: string; parts: string }>(
      client,
      `SELECT (SELECT count() FROM system.merges) AS n,
              (SELECT count() FROM system.parts WHERE active AND database = currentDatabase()) AS parts`,
    );
    const seconds = (performance.now() - started) / 1000;
    if (Number(row?.n) > 0) quietSince = performance.now();
    else if (performance.now() - quietSince > 5000) return seconds;
    if (seconds - lastLog >= 15) {
      lastLog = seconds;
      log(`  merging: ${row?.n} merges running, ${row?.parts} active parts (${fmt(seconds)} s)`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return maxSeconds;
}
