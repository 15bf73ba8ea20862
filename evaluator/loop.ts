// The online evaluator: follows the span stream by ingest time, waits until each execution is
// complete (root span arrived and quiet for `settleSeconds`, or quiet for `quietSeconds` without
// one), judges it once, and keeps a watermark so a restart resumes without skipping or repeating.
//
// Watermarks: `scan` is how far the span stream has been read (in memory). The stored watermark
// is held back to just before the first span of the oldest execution still waiting, so after a
// crash the rescan finds every waiting execution again. Executions judged between the stored
// watermark and the crash are found again too; the judged-version lookup skips them, so no
// judgement is stored twice (and the table's ReplacingMergeTree key would fold any that were).
import type { Store } from '../core/clickhouse/client.ts';
import { evaluatorTiming, type PolicyStore } from '../core/policy/index.ts';
import { CostBaselines, judgeBatch, type JudgedExecution } from './judge-batch.ts';
import { readNextIngest, readTouchedTraces, readTraces, readWatermark, writeWatermark, type Shard, type TouchedTrace } from './store.ts';
import { readDecisionsAfter } from '../core/business/repository.ts';
import { extractFacts } from './extract.ts';
import { recordFacts } from './outcomes/record.ts';

const BATCH = 500;
/**
 * Spans become visible a moment after their ingest time is stamped (an insert's duration): the
 * stream is read no closer to now than this (or the settle time, when shorter).
 */
const VISIBILITY_MARGIN_MS = 3_000;
const WATERMARK_EVERY_MS = 2_000;
const MIN_STEP_MS = 1_000;
const MAX_STEP_MS = 3_600_000;
/** A scan window touching more executions than this is halved next time (bounded memory). */
const MAX_TOUCHED = 50_000;
/** Outcome decisions applied per pass. */
const MAX_DECISIONS = 10_000;

export interface EvaluatorOptions {
  store: Store;
  policy: PolicyStore;
  shard?: Shard;
  now?: () => number;
  log?: (message: string) => void;
  /** Called with every judged execution (the judge cascade, alerting). */
  onJudged?: (executions: readonly JudgedExecution[]) => void;
}

export interface EvaluatorStatus {
  /** Stored watermark (ms): every span ingested up to here is covered by a judgement or waiting. */
  watermarkMs: number;
  scanMs: number;
  /** Age of the oldest span no judgement covers yet (it includes the settle time executions wait). */
  lagSeconds: number;
  pending: number;
  judged: number;
}

export interface CycleReport {
  touched: number;
  judged: number;
  skipped: number;
  flagged: number;
}

export interface Evaluator {
  runOnce(): Promise<CycleReport>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  status(): EvaluatorStatus;
}

const keyOf = (t: { projectId: string; traceId: string }) => `${t.projectId}\u0000${t.traceId}`;

export async function createEvaluator(options: EvaluatorOptions): Promise<Evaluator> {
  const { store, policy } = options;
  const shard = options.shard ?? { index: 0, count: 1 };
  const id = shard.count === 1 ? 'main' : `shard-${shard.index}-of-${shard.count}`;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  const baselines = new CostBaselines(store, now);
  const pending = new Map<string, TouchedTrace>();
  let watermark = (await readWatermark(store.client, id)) ?? 0;
  let scan = watermark;
  let step = 60_000;
  let judgedTotal = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  function remember(trace: TouchedTrace): void {
    const seen = pending.get(keyOf(trace));
    if (!seen) return void pending.set(keyOf(trace), { ...trace });
    seen.firstMs = Math.min(seen.firstMs, trace.firstMs);
    seen.lastMs = Math.max(seen.lastMs, trace.lastMs);
    seen.hasRoot ||= trace.hasRoot;
  }

  /** The newest ingest time a pass may read up to: fixed at its start, so a caught-up pass ends. */
  function readLimit(): number {
    const { settleSeconds } = evaluatorTiming(policy.current().document);
    return now() - Math.min(settleSeconds * 1000, VISIBILITY_MARGIN_MS);
  }

  async function scanForward(limit: number): Promise<number> {
    const end = Math.min(limit, scan + step);
    if (end <= scan) return 0;
    const touched = await readTouchedTraces(store.client, scan, end, shard);
    if (touched.length === 0) {
      // Nothing in this window: skip the quiet stretch up to the next span, or up to the limit
      // when nothing was ingested after it at all (an empty store starts at the epoch).
      const next = await readNextIngest(store.client, end, shard);
      scan = next === undefined ? limit : Math.max(end, Math.min(next - 1, limit));
      return 0;
    }
    touched.forEach(remember);
    scan = end;
    if (touched.length > MAX_TOUCHED) step = Math.max(MIN_STEP_MS, step / 2);
    else if (touched.length < MAX_TOUCHED / 10) step = Math.min(MAX_STEP_MS, step * 2);
    return touched.length;
  }

  /** Complete executions: quiet for the settle time after their root arrived, or for the quiet time without one. */
  function readyTraces(): TouchedTrace[] {
    const { settleSeconds, quietSeconds } = evaluatorTiming(policy.current().document);
    return [...pending.values()].filter((t) => (t.hasRoot && t.lastMs <= scan - settleSeconds * 1000) || t.lastMs <= scan - quietSeconds * 1000);
  }

  async function judgeReady(report: CycleReport): Promise<void> {
    for (const [projectId, traces] of Map.groupBy(readyTraces(), (t) => t.projectId)) {
      for (let i = 0; i < traces.length && !stopped; i += BATCH) {
        const chunk = traces.slice(i, i + BATCH);
        const batch = await judgeBatch(store, baselines, policy.current(), projectId, chunk.map((t) => ({ traceId: t.traceId, version: t.lastMs })), { skipJudged: true });
        report.skipped += batch.skipped;
        report.judged += batch.judged.length;
        report.flagged += batch.flagged;
        judgedTotal += batch.judged.length;
        options.onJudged?.(batch.judged);
        for (const trace of chunk) pending.delete(keyOf(trace));
      }
    }
  }

  // Written at most every few seconds: a crash costs a rescan of that stretch, nothing more.
  let savedAt = 0;
  async function saveWatermark(): Promise<void> {
    let safe = scan;
    for (const trace of pending.values()) safe = Math.min(safe, trace.firstMs - 1);
    if (safe > watermark && now() - savedAt >= WATERMARK_EVERY_MS) {
      await writeWatermark(store, id, safe);
      watermark = safe;
      savedAt = now();
    }
  }

  // People's outcome decisions (POST /api/executions/{id}/outcome), followed by the time they were
  // made: each rewrites its execution's facts. Reprocessing after a crash changes nothing.
  const decisionsId = `${id}:outcome-decisions`;
  let decisionsMark = (await readWatermark(store.client, decisionsId)) ?? 0;
  async function followDecisions(): Promise<void> {
    const found = await readDecisionsAfter(store.client, decisionsMark, now() - VISIBILITY_MARGIN_MS, shard, MAX_DECISIONS);
    if (found.length === 0) return;
    for (const [projectId, decided] of Map.groupBy(found, (d) => d.projectId)) {
      const ids = [...new Set(decided.map((d) => d.traceId))];
      const traces = await readTraces(store.client, projectId, ids);
      const inputs = ids.flatMap((traceId) => {
        const spans = traces.get(traceId) ?? [];
        const facts = extractFacts(spans);
        return facts ? [{ facts, spans, version: 0 }] : [];
      });
      await recordFacts(store, policy.current(), projectId, inputs);
    }
    decisionsMark = found.at(-1)!.decidedAtMs;
    await writeWatermark(store, decisionsId, decisionsMark);
  }

  async function runOnce(): Promise<CycleReport> {
    const report: CycleReport = { touched: 0, judged: 0, skipped: 0, flagged: 0 };
    const limit = readLimit();
    // Catch up in steps, judging as we go, so a long backlog does not pile up in memory.
    for (let rounds = 0; rounds < 1000 && !stopped; rounds++) {
      report.touched += await scanForward(limit);
      await judgeReady(report);
      await saveWatermark();
      if (scan >= limit) break;
    }
    await followDecisions();
    return report;
  }

  // The same failure (storage down) is logged once a minute, not at every pass.
  let lastError = { message: '', atMs: 0 };
  function report(error: unknown, intervalMs: number): void {
    const message = (error as Error).message;
    if (message === lastError.message && now() - lastError.atMs < 60_000) return;
    lastError = { message, atMs: now() };
    log(`evaluator: ${message} (retrying every ${intervalMs / 1000} s)`);
  }

  function schedule(intervalMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => report(error, intervalMs))
        .finally(() => schedule(intervalMs));
    }, intervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start: (intervalMs = 2000) => schedule(intervalMs),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    status() {
      // How old the oldest span is that no judgement covers yet: the first span of the oldest
      // execution still waiting, or the unread stretch of the stream beyond the visibility margin.
      let oldest = scan;
      for (const trace of pending.values()) oldest = Math.min(oldest, trace.firstMs);
      const behindMs = pending.size > 0 ? now() - oldest : now() - scan - VISIBILITY_MARGIN_MS;
      return { watermarkMs: watermark, scanMs: scan, lagSeconds: scan === 0 ? 0 : Math.max(0, behindMs / 1000), pending: pending.size, judged: judgedTotal };
    },
  };
}
