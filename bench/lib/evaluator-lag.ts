// Part 2 of the evaluator benchmark: judgement lag while ingest runs at half its maximum. One
// Vigil runs in this process as `vigil start` runs it (collector, evaluator, API on one embedded
// store); the load comes from a worker thread. An execution's lag is the time from the
// acknowledgement of the request that carried its spans to the first of its judgements stored
// (`evaluations.evaluated_at`, stamped by the engine on the same clock).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClickHouseClient } from '@clickhouse/client';
import { startVigil } from '../../bin/server.ts';
import { queryRows } from '../../core/clickhouse/query.ts';
import type { EvaluatorStatus } from '../../evaluator/loop.ts';
import type { Templates } from './evaluator-executions.ts';
import { runLoad, type LoadReport } from './evaluator-load.ts';
import { BENCH_KEY, benchConfig } from './evaluator-vigil.ts';
import { traceIdHex } from './evaluator-trace-ids.ts';
import { fmt, percentile } from './stats.ts';

export interface IngestProbe {
  maxSpansPerSecond: number;
  seconds: number;
  /** Acknowledgement latency of the collector alone at half that rate, for comparison. */
  halfLoad: { seconds: number; p50: number; p99: number };
}

/** The collector alone (no evaluator): as fast as it acknowledges, then at half that rate. */
export async function probeIngest(templates: Templates, prefixHex: string, options: { seconds: number; halfSeconds: number }, log: (line: string) => void): Promise<IngestProbe> {
  const { config, remove } = benchConfig('vigil-bench-probe-', '');
  const vigil = await startVigil(config, 'collector');
  const plan = { url: vigil.endpoints.otlpHttp!, key: BENCH_KEY, templates: templates.bodies, prefixHex };
  try {
    log(`probing the maximum ingest rate: collector alone, 8 connections, ${options.seconds} s...`);
    const max = await runLoad({ ...plan, mode: { kind: 'closed', connections: 8, seconds: options.seconds } }, (p) => log(`  ${fmt(p.seconds)} s  ${fmt(p.ackedSpans / p.seconds)} spans/s`));
    const maxSpansPerSecond = max.ackedSpans / max.seconds;
    log(`collector alone at half that (${fmt(maxSpansPerSecond / 2)} spans/s) for ${options.halfSeconds} s...`);
    // Sequence numbers start at 0 again: another prefix keeps these executions new.
    const half = await runLoad({ ...plan, prefixHex: `${prefixHex.slice(0, 14)}ff`, mode: { kind: 'open', spansPerSecond: maxSpansPerSecond / 2, seconds: options.halfSeconds } }, () => {});
    const sorted = half.latenciesMs.sort((x, y) => x - y);
    return { maxSpansPerSecond, seconds: max.seconds, halfLoad: { seconds: half.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) } };
  } finally {
    await vigil.close();
    remove();
  }
}

export interface LagResult {
  settleSeconds: number;
  intervalMs: number;
  load: Omit<LoadReport, 'acks'>;
  executions: number;
  /** Per acknowledged execution, ms; Infinity for one not judged by the end. */
  lagsMs: number[];
  judgedDuringIngest: number;
  atIngestEnd: EvaluatorStatus;
  atEnd: EvaluatorStatus;
  drainSeconds: number;
  /** The main thread's event loop delay (collector, evaluator and API share it), ms. */
  eventLoop: { p50: number; p99: number; max: number };
  selectsPerSecond: number;
}

const INTERVAL_MS = 2000; // startVigil's default, as `vigil start` runs

async function selectCount(client: ClickHouseClient): Promise<number> {
  const [row] = await queryRows<{ value: string }>(client, "SELECT value FROM system.events WHERE event = 'SelectQuery'");
  return Number(row?.value ?? 0);
}

export async function measureLag(
  templates: Templates,
  prefixHex: string,
  options: { spansPerSecond: number; seconds: number; settleSeconds: number; maxDrainSeconds: number },
  log: (line: string) => void,
): Promise<LagResult> {
  const { config, remove } = benchConfig('vigil-bench-lag-', `evaluator: {settleSeconds: ${options.settleSeconds}}\n`);
  const vigil = await startVigil(config, 'all', { evaluatorIntervalMs: INTERVAL_MS });
  const evaluator = vigil.evaluator!;
  try {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const selectsBefore = await selectCount(vigil.store.client);
    const started = performance.now();
    log(`ingest at ${fmt(options.spansPerSecond)} spans/s for ${options.seconds} s with the evaluator on (settle ${options.settleSeconds} s)...`);
    const { acks, ...load } = await runLoad(
      { url: vigil.endpoints.otlpHttp!, key: BENCH_KEY, templates: templates.bodies, prefixHex, mode: { kind: 'open', spansPerSecond: options.spansPerSecond, seconds: options.seconds } },
      (p) => {
        const s = evaluator.status();
        log(`  ${fmt(p.seconds)} s  ${fmt(p.ackedSpans / p.seconds)} spans/s acknowledged; evaluator: ${fmt(s.judged)} judged, ${fmt(s.pending)} waiting, lag gauge ${fmt(s.lagSeconds, 1)} s`);
      },
    );
    const atIngestEnd = evaluator.status();
    const executions = acks.length * templates.executionsPerBody;
    log(`waiting up to ${options.maxDrainSeconds} s for the evaluator to judge all ${fmt(executions)} executions...`);
    const drainStarted = performance.now();
    for (let lastLog = 0; evaluator.status().judged < executions; await new Promise((r) => setTimeout(r, 250))) {
      const seconds = (performance.now() - drainStarted) / 1000;
      if (seconds >= options.maxDrainSeconds) break;
      if (seconds - lastLog >= 5) (lastLog = seconds), log(`  ${fmt(seconds)} s  ${fmt(evaluator.status().judged)} judged`);
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const atEnd = evaluator.status();
    const selectsPerSecond = ((await selectCount(vigil.store.client)) - selectsBefore) / ((performance.now() - started) / 1000);
    delay.disable();

    const judged = await queryRows<{ trace_id: string; ms: string }>(
      vigil.store.client,
      `SELECT trace_id, toString(toUnixTimestamp64Milli(min(evaluated_at))) AS ms FROM evaluations
       WHERE project_id = 'default' AND source = 'guardrail' GROUP BY trace_id`,
    );
    const judgedAt = new Map(judged.map((r) => [r.trace_id, Number(r.ms)]));
    const lagsMs = acks.flatMap(({ seq, ackMs }) =>
      Array.from({ length: templates.executionsPerBody }, (_, slot) => (judgedAt.get(traceIdHex(prefixHex, seq, slot)) ?? Infinity) - ackMs),
    );
    const ms = (ns: number) => ns / 1e6;
    return {
      settleSeconds: options.settleSeconds,
      intervalMs: INTERVAL_MS,
      load,
      executions,
      lagsMs: lagsMs.sort((a, b) => a - b),
      judgedDuringIngest: atIngestEnd.judged,
      atIngestEnd,
      atEnd,
      drainSeconds,
      eventLoop: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      selectsPerSecond,
    };
  } finally {
    await vigil.close();
    remove();
  }
}
