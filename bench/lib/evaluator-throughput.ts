// Part 1 of the evaluator benchmark: executions judged per second end to end from the store. The
// executions are sent through the collector first with no evaluator running; then one evaluator
// (createEvaluator, settleSeconds 1) catches up on all of them in one pass, as it would after a
// restart or behind a burst: scan the span stream, read the traces, run the offline checks, store
// the judgements.
import { startVigil } from '../../bin/server.ts';
import { queryRows } from '../../core/clickhouse/query.ts';
import { countSpans } from '../../core/spans/repository.ts';
import { createEvaluator, type Evaluator } from '../../evaluator/loop.ts';
import type { Templates } from './evaluator-executions.ts';
import { runLoad } from './evaluator-load.ts';
import { SCAN, timedStore, type StatementTime } from './evaluator-store-timing.ts';
import { BENCH_KEY, benchConfig } from './evaluator-vigil.ts';
import { fmt } from './stats.ts';

const SETTLE_SECONDS = 1;
const WATCH_MS = 5000;

export interface Verdicts {
  check: string;
  label: string;
  passed: boolean;
  n: number;
}

export interface ThroughputResult {
  executions: number;
  spans: number;
  loadSeconds: number;
  judgeSeconds: number;
  /** CPU time of this process (node and the embedded engine's threads) while judging. */
  cpuSeconds: number;
  judged: number;
  statements: StatementTime[];
  /** The evaluator's pass after the last judgement was stored: whether it ended, what it scanned. */
  passAfterJudged: { seconds: number; ended: boolean; scanStatements: number };
  verdicts: Verdicts[];
}

/**
 * Runs passes back to back (as the loop's timer would, without the pause) and polls the judged
 * count often, so that the time returned is the last judgement's. The pass in progress goes on;
 * `passes` settles when it ends.
 */
async function judgeAll(evaluator: Evaluator, count: number, progress: (judged: number, seconds: number) => void): Promise<{ seconds: number; passes: Promise<void> }> {
  const started = performance.now();
  let judged = false;
  let gaveUp = false;
  const passes = (async () => {
    for (let pass = 0; pass < 5 && !judged; pass++) await evaluator.runOnce();
    gaveUp = !judged;
  })();
  for (let lastLog = 0; evaluator.status().judged < count; await new Promise((r) => setTimeout(r, 10))) {
    const seconds = (performance.now() - started) / 1000;
    if (gaveUp) throw new Error(`five passes judged ${evaluator.status().judged} of ${count} executions`);
    if (seconds - lastLog >= 5) (lastLog = seconds), progress(evaluator.status().judged, seconds);
  }
  judged = true;
  return { seconds: (performance.now() - started) / 1000, passes };
}

export async function measureThroughput(templates: Templates, executions: number, prefixHex: string, log: (line: string) => void): Promise<ThroughputResult> {
  const { config, remove } = benchConfig('vigil-bench-evaluator-', `evaluator: {settleSeconds: ${SETTLE_SECONDS}}\n`);
  const vigil = await startVigil(config, 'collector');
  try {
    const bodies = Math.ceil(executions / templates.executionsPerBody);
    log(`loading ${fmt(bodies * templates.executionsPerBody)} executions through the collector (no evaluator running)...`);
    const load = await runLoad(
      { url: vigil.endpoints.otlpHttp!, key: BENCH_KEY, templates: templates.bodies, prefixHex, mode: { kind: 'count', connections: 4, bodies } },
      (p) => log(`  ${fmt(p.seconds)} s  ${fmt(p.ackedSpans)} spans acknowledged`),
    );
    const spans = await countSpans(vigil.store.client, 'default');
    if (spans !== load.ackedSpans) throw new Error(`${fmt(load.ackedSpans)} spans acknowledged but ${fmt(spans)} stored`);
    log(`  ${fmt(spans)} spans in ${fmt(load.seconds, 1)} s; waiting ${2 * SETTLE_SECONDS} s so that all are past the settle time...`);
    // Past both waits the loop applies (visibility, then quiet): the timing below is judging alone.
    await new Promise((r) => setTimeout(r, 2 * SETTLE_SECONDS * 1000 + 500));

    const timed = timedStore(vigil.store);
    const evaluator = await createEvaluator({ store: timed.store, policy: vigil.policy, log });
    const loaded = load.acks.length * templates.executionsPerBody;
    log(`judging ${fmt(loaded)} executions from the store...`);
    const cpu = process.cpuUsage();
    const judging = await judgeAll(evaluator, loaded, (judged, seconds) => log(`  ${fmt(seconds)} s  ${fmt(judged)} judged (${fmt(judged / seconds)}/s)`));
    const used = process.cpuUsage(cpu);
    const statements = timed.times().map((t) => ({ ...t }));
    const scansBefore = statements.find((t) => t.kind === SCAN)?.calls ?? 0;
    // A caught-up pass should end at once; watch what it does for a few seconds, then stop it.
    const watchStarted = performance.now();
    const ended = await Promise.race([judging.passes.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), WATCH_MS))]);
    const afterwards = { seconds: (performance.now() - watchStarted) / 1000, ended, scanStatements: (timed.times().find((t) => t.kind === SCAN)?.calls ?? 0) - scansBefore };
    await evaluator.stop();
    await judging.passes;

    const [stored] = await queryRows<{ n: string }>(vigil.store.client, "SELECT uniqExact(trace_id) AS n FROM evaluations WHERE source = 'guardrail'");
    const verdicts = await queryRows<{ check: string; label: string; passed: boolean; n: string }>(
      vigil.store.client,
      `SELECT check, label, passed, count() AS n FROM evaluations WHERE source = 'guardrail' GROUP BY check, label, passed ORDER BY check, n DESC`,
    );
    return {
      executions: loaded,
      spans,
      loadSeconds: load.seconds,
      judgeSeconds: judging.seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      judged: Number(stored?.n ?? 0),
      statements,
      passAfterJudged: afterwards,
      verdicts: verdicts.map((v) => ({ ...v, n: Number(v.n) })),
    };
  } finally {
    await vigil.close();
    remove();
  }
}
