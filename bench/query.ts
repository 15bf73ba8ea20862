// npm run bench:query — query latency and storage size on a large store, with the project's own
// query functions on the embedded engine.
//
// Generates 10M spans (1M agent executions over the last 14 days) and inserts them straight into a
// fresh data directory, waits for merges to settle, fills in the executive view's facts (the bulk
// load bypasses the evaluator), then times opening a trace, the first page of trace search, the
// latency series and the business and cost reports, measures what the executive view's views cost
// the evaluator's inserts, and reports the storage used. Options (environment):
//   BENCH_SPANS (10000000)  spans to generate         BENCH_BATCH (50000)  rows per insert
//   BENCH_DATA_DIR          reuse (or create and keep) a loaded directory; skips loading when loaded
//   BENCH_KEEP_DATA=1       keep the fresh directory  BENCH_RUNS (200)     timed runs per case at most
//   BENCH_SEED (1)          generator seed
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../core/clickhouse/client.ts';
import { migrate } from '../core/clickhouse/migrator.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import { countSpans } from '../core/spans/repository.ts';
import { loadCorpus, planOf, readCorpusMeta, waitForMerges, writeCorpusMeta } from './lib/bulk-load.ts';
import { businessCases } from './lib/business-cases.ts';
import { backfillFacts, checkFactsSample } from './lib/business-facts.ts';
import { viewInsertCost } from './lib/business-ingest.ts';
import { explainIndexes, largestColumns, measureReads, recordingClient, tableSizes, type Reads } from './lib/engine-profile.ts';
import { queryCases, type QueryCase } from './lib/query-cases.ts';
import { fmt } from './lib/stats.ts';
import { timeRuns, type Timing } from './lib/timing.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 10_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
const MAX_RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const DAYS = 14;
const PROJECT = 'default';
const FACT_SAMPLE = 200;
const log = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number, digits = 0) => fmt(bytes / 2 ** 20, digits);

const benchRoot = fileURLToPath(new URL('../.vigil-bench/', import.meta.url));
mkdirSync(benchRoot, { recursive: true });
const dataDir = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : mkdtempSync(join(benchRoot, 'query-'));
const keep = process.env.BENCH_DATA_DIR !== undefined || process.env.BENCH_KEEP_DATA === '1';
const loadBefore = loadavg()[0]!;

const store = await openStore({ dataDir });
try {
  await migrate(store.client);
  let meta = readCorpusMeta(dataDir);
  let mergeSeconds = 0;
  if (meta) {
    log(`reusing ${dataDir}: ${fmt(meta.spans)} spans, ${fmt(meta.executions)} executions, loaded in ${fmt(meta.loadSeconds)} s`);
    if (process.env.BENCH_SPANS && meta.targetSpans !== SPANS) log(`  (BENCH_SPANS=${SPANS} ignored: the directory holds ${fmt(meta.targetSpans)})`);
  } else {
    const existing = await countSpans(store.client, 'default');
    if (existing > 0) throw new Error(`${dataDir} holds ${existing} spans but no completed bench load; pass an empty or new BENCH_DATA_DIR`);
    log(`loading ${fmt(SPANS)} spans over ${DAYS} days into ${dataDir} (batches of ${fmt(BATCH)} rows)...`);
    meta = await loadCorpus(store, dataDir, { targetSpans: SPANS, endMs: Date.now(), days: DAYS, seed: SEED, batchRows: BATCH, log });
    log(`loaded in ${fmt(meta.loadSeconds)} s; waiting for merges to settle...`);
    mergeSeconds = await waitForMerges(store.client, 900, log);
  }
  const plan = planOf(meta);

  log('executive view facts (filled once per directory)...');
  const facts = await backfillFacts(store, PROJECT, meta.endMs, meta.facts);
  if (facts.filledNow) {
    meta = { ...meta, facts: facts.backfill };
    writeCorpusMeta(dataDir, meta);
    log(`  filled: ${fmt(facts.backfill.facts)} facts in ${fmt(facts.backfill.factsSeconds, 1)} s, ${fmt(facts.backfill.feedback)} feedback rows in ${fmt(facts.backfill.feedbackSeconds, 1)} s; waiting for merges...`);
    await waitForMerges(store.client, 300, log);
  }
  await checkFactsSample(store.client, PROJECT, FACT_SAMPLE, meta.endMs);
  const cases = [...queryCases(plan, meta.endMs), ...businessCases(plan, meta.endMs)];

  // Every statement pays at least this. chDB runs one statement at a time per connection (two
  // SELECT sleep(0.5) under Promise.all take 1 s), so statements a function runs in parallel add up.
  const floor = await timeRuns(() => queryRows(store.client, 'SELECT 1'), { warmup: 10, runs: 200, minRuns: 200, budgetSeconds: 10 });
  const results: { spec: QueryCase; timing: Timing; total: number; reads: Reads; recorded: ReturnType<ReturnType<typeof recordingClient>['take']> }[] = [];
  const recorder = recordingClient(store.client);
  for (const spec of cases) {
    log(`timing: ${spec.name}...`);
    const timing = await timeRuns((i) => spec.run(store.client, i), { warmup: spec.warmup, runs: Math.min(spec.runs, MAX_RUNS), minRuns: 30, budgetSeconds: 60 });
    recorder.take();
    let total = 0;
    const reads = await measureReads(store.client, async () => (total = (await spec.run(recorder.client, 0)).total));
    results.push({ spec, timing, total, reads, recorded: recorder.take() });
  }

  log('insert rate with and without the executive view\'s views...');
  const insertCosts = await viewInsertCost(store, PROJECT, { rounds: 10, rowsPerInsert: 10_000 });

  const sizes = await tableSizes(store.client, ['spans', 'executions', 'rollup_minute']);
  const businessSizes = await tableSizes(store.client, ['execution_facts', 'business_daily', 'cost_daily', 'feedback', 'feedback_daily']);
  const columns = await largestColumns(store.client, 'spans', 6);
  const [engine] = await queryRows<{ version: string }>(store.client, 'SELECT version() AS version');
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const perMillion = 1e6 / meta.spans;

  const table = results.map(({ spec, timing, total, reads }) => {
    const value = timing[spec.stat];
    const ratio = value / spec.targetMs;
    return (
      `  ${spec.name.padEnd(48)} ${String(timing.runs).padStart(4)}  ${fmt(timing.p50, 1).padStart(7)} ${fmt(timing.p95, 1).padStart(7)} ${fmt(timing.p99, 1).padStart(7)}   ` +
      `${(`${spec.stat} ≤ ${spec.targetMs}`).padEnd(11)} ${fmt(ratio, 2).padStart(5)}× ${ratio <= 1 ? 'ok  ' : 'MISS'}  ` +
      `${fmt(reads.SelectedRows).padStart(11)} ${mb(reads.SelectedBytes).padStart(7)}  ${fmt(total).padStart(9)}`
    );
  });
  console.log(`
Vigil query benchmark — embedded ClickHouse (chDB, ClickHouse ${engine?.version}), project functions, no HTTP
machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${fmt(loadBefore, 1)} before, ${fmt(loadavg()[0]!, 1)} after
corpus: ${fmt(meta.spans)} spans, ${fmt(meta.executions)} executions (${fmt(meta.spans / meta.executions, 1)} spans each), ${DAYS} days to ${new Date(meta.endMs).toISOString()}, seed ${meta.seed}
load: ${fmt(meta.loadSeconds)} s (${fmt(meta.spans / meta.loadSeconds)} spans/s, ${fmt(meta.jsonBytes / meta.spans)} B of JSON per span, batches of ${fmt(meta.batchRows)})${mergeSeconds ? `; merges settled ${fmt(mergeSeconds)} s later` : ' (earlier run)'}
peak RSS of this process (engine included): ${fmt(peakRssMb)} MB

  engine round trip (SELECT 1): p50 ${fmt(floor.p50, 1)} ms, p99 ${fmt(floor.p99, 1)} ms

  latency in ms                                     runs      p50     p95     p99   target     ratio        rows read  MB read    result
${table.join('\n')}

  ("rows read" / "MB read": one run, all statements, from the engine's SelectedRows / SelectedBytes (uncompressed); result: matching
   executions for searches (total), spans for a trace, points for a series, executions in the period for a business report
   (checked against the corpus), day × agent × model rows for cost)

  executive view: facts of ${fmt(meta.facts?.facts ?? 0)} executions filled in ${fmt(meta.facts?.factsSeconds ?? 0, 1)} s by one INSERT … SELECT (${facts.filledNow ? 'this run' : 'earlier run'}), \
${fmt(meta.facts?.feedback ?? 0)} feedback rows in ${fmt(meta.facts?.feedbackSeconds ?? 0, 1)} s; ${FACT_SAMPLE} sampled executions' facts equal the evaluator's factRow
  business reports: a policy with every target and a baseline period (one more read per agent), statements run one after another

  ingest: the executive view's views read execution_facts and feedback (written by the evaluator), none reads spans: span ingest
  is unchanged. What the evaluator's inserts pay (same rows into the table and into a copy without views, interleaved):
  table              views                              rows/insert  inserts   with views      without views   slower
${insertCosts
  .map((c) => `  ${c.table.padEnd(18)} ${c.views.join(', ').padEnd(34)} ${fmt(c.rowsPerInsert).padStart(11)} ${String(c.inserts).padStart(8)}   ${fmt(c.withViews.rowsPerSecond).padStart(8)} rows/s ${fmt(c.withoutViews.rowsPerSecond).padStart(8)} rows/s  ${fmt(c.withoutViews.rowsPerSecond / c.withViews.rowsPerSecond, 2).padStart(5)}×   (median ${fmt(c.withViews.medianMs, 1)} / ${fmt(c.withoutViews.medianMs, 1)} ms per insert)`)
  .join('\n')}

  storage (active parts)     rows      parts   on disk    uncompressed   ratio   per 1M spans: disk / uncompressed
${sizes
  .map((s) => `  ${s.table.padEnd(16)} ${fmt(s.rows).padStart(13)} ${String(s.parts).padStart(6)} ${mb(s.bytesOnDisk).padStart(7)} MB ${mb(s.uncompressedBytes).padStart(9)} MB   ${fmt(s.uncompressedBytes / Math.max(1, s.bytesOnDisk), 1).padStart(5)}×   ${mb(s.bytesOnDisk * perMillion, 1).padStart(7)} MB / ${mb(s.uncompressedBytes * perMillion, 1)} MB`)
  .join('\n')}
  all three                                     ${mb(sizes.reduce((sum, s) => sum + s.bytesOnDisk, 0) * perMillion, 1).padStart(33)} MB per 1M spans on disk
  executive view: ${businessSizes.map((s) => `${s.table} ${fmt(s.rows)} rows ${mb(s.bytesOnDisk, 1)} MB`).join(', ')}
  largest span columns on disk: ${columns.map((c) => `${c.name} ${mb(c.compressed)} MB (${fmt(c.uncompressed / Math.max(1, c.compressed), 1)}×)`).join(', ')}
`);

  const misses = results.filter(({ spec, timing }) => timing[spec.stat] > spec.targetMs);
  for (const { spec, recorded } of misses) {
    console.log(`why "${spec.name}" misses its target — each statement alone:`);
    for (const statement of recorded) {
      let ms = 0;
      const reads = await measureReads(store.client, async () => {
        const t0 = performance.now();
        await queryRows(store.client, statement.query, statement.params);
        ms = performance.now() - t0;
      });
      const firstLine = statement.query.replace(/\s+/g, ' ').slice(0, 150);
      console.log(`  ${fmt(ms, 1)} ms, ${fmt(reads.SelectedRows)} rows, ${mb(reads.SelectedBytes)} MB read, ${fmt(reads.SelectedMarks)}/${fmt(reads.SelectedMarksTotal)} granules: ${firstLine}…`);
      for (const line of await explainIndexes(store.client, statement)) console.log(`      ${line}`);
    }
    console.log('');
  }
} finally {
  await store.close();
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
  else log(`data kept in ${dataDir} (reuse: BENCH_DATA_DIR=${dataDir} npm run bench:query)`);
}
