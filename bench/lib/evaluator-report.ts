// The evaluator benchmark's printed figures, from the measurements of its two parts.
import type { IngestProbe, LagResult } from './evaluator-lag.ts';
import type { ThroughputResult } from './evaluator-throughput.ts';
import { fmt, percentile } from './stats.ts';

const TARGET_PER_SECOND = 1000;
const row = (label: string, value: string, note = '') => `  ${label.padEnd(46)} ${value.padStart(12)}    ${note}`.trimEnd();

export function describeThroughput(r: ThroughputResult): string {
  const perSecond = r.judged / r.judgeSeconds;
  const cores = r.cpuSeconds / r.judgeSeconds;
  const inStore = r.statements.reduce((sum, s) => sum + s.ms, 0) / 1000;
  const share = (seconds: number) => `${fmt((100 * seconds) / r.judgeSeconds).padStart(3)}%`;
  const statements = [...r.statements]
    .sort((a, b) => b.ms - a.ms)
    .map((s) => `    ${s.kind.padEnd(56)} ${fmt(s.ms / 1000, 2).padStart(6)} s ${share(s.ms / 1000)}  ${String(s.calls).padStart(5)} calls  ${fmt(s.rows).padStart(9)} rows`);
  const verdicts = new Map<string, string[]>();
  for (const v of r.verdicts) verdicts.set(v.check, [...(verdicts.get(v.check) ?? []), `${v.label} ${fmt(v.n)}`]);
  const after = r.passAfterJudged;
  return `1. Throughput from the store: ${fmt(r.executions)} executions (${fmt(r.spans)} spans) sent with no evaluator running (${fmt(r.loadSeconds, 1)} s),
   then one evaluator (createEvaluator, settleSeconds 1, started once all were past the settle time) judges them all
${row('executions judged/s end to end (wall)', fmt(perSecond), `target ≥ ${fmt(TARGET_PER_SECOND)}/s   (${fmt(perSecond / TARGET_PER_SECOND, 2)}× target)`)}
${row('executions judged per CPU-second', fmt(r.judged / r.cpuSeconds), `≈ per core: node + engine in one process used ${fmt(cores, 2)} cores (${fmt(r.cpuSeconds, 1)} CPU-s in ${fmt(r.judgeSeconds, 1)} s)`)}
${row('spans/s judged', fmt(r.spans / r.judgeSeconds))}
${row('executions judged / loaded', `${fmt(r.judged)} / ${fmt(r.executions)}`, r.judged === r.executions ? '(all)' : '(MISSING)')}
   where the wall time goes (statements timed from call to parsed rows; the rest is the evaluator's JavaScript):
${statements.join('\n')}
    ${'extracting facts, running the checks, building rows (the rest)'.padEnd(56)} ${fmt(r.judgeSeconds - inStore, 2).padStart(6)} s ${share(r.judgeSeconds - inStore)}
   verdicts stored: ${[...verdicts].map(([check, labels]) => `${check}: ${labels.join(', ')}`).join('; ')}
   after the last judgement the pass ${after.ended ? `ended within ${fmt(after.seconds, 1)} s` : `had not ended ${fmt(after.seconds)} s later`}: ${fmt(after.scanStatements)} more scan statements (${fmt(after.scanStatements / after.seconds)}/s)`;
}

export function describeLag(r: LagResult, ingestMax: number, probe: IngestProbe | undefined): string {
  const seconds = r.load.seconds;
  const ack = [...r.load.latenciesMs].sort((a, b) => a - b);
  const unjudged = r.lagsMs.filter((lag) => lag === Infinity).length;
  const lag = (p: number) => {
    const ms = percentile(r.lagsMs, p);
    return ms === Infinity ? 'not judged' : `${fmt(ms / 1000, 1)} s`;
  };
  const arriving = r.executions / seconds;
  const floor = r.settleSeconds + 3;
  const lines = [
    `2. Judgement lag while ingesting at half the maximum: Vigil in this process (collector + evaluator + API, evaluator pass every ${r.intervalMs / 1000} s),`,
    `   load from a worker thread for ${fmt(seconds)} s, then ${fmt(r.drainSeconds)} s more until all were judged (or the wait ran out)`,
    row('maximum ingest (spans/s)', fmt(ingestMax), probe ? `collector alone, closed loop, 8 connections, ${fmt(probe.seconds)} s, this workload` : 'from BENCH_INGEST_MAX'),
    row('offered / acknowledged (spans/s)', `${fmt(ingestMax / 2)} / ${fmt(r.load.ackedSpans / seconds)}`, `${fmt(arriving)} executions/s arriving`),
    row('ack latency p50 / p99 (ms), evaluator on', `${fmt(percentile(ack, 50))} / ${fmt(percentile(ack, 99))}`, `throttled (429) / failed requests: ${r.load.throttled} / ${r.load.failed}`),
    ...(probe ? [row('ack latency p50 / p99 (ms), collector alone', `${fmt(probe.halfLoad.p50)} / ${fmt(probe.halfLoad.p99)}`, `same rate, ${fmt(probe.halfLoad.seconds)} s, in the probe`)] : []),
    row('judged during ingest (executions/s)', fmt(r.judgedDuringIngest / seconds), `${fmt(r.judgedDuringIngest)} of ${fmt(r.executions)} by the end of ingest (none can be in its first ${floor} s)`),
    row('judgement lag p50 / p95 / p99', `${lag(50)} / ${lag(95)} / ${lag(99)}`, `over ${fmt(r.lagsMs.length)} executions; ack → first judgement stored`),
    row('not judged by the end', fmt(unjudged), `(${fmt((100 * unjudged) / r.lagsMs.length, 1)}%) after ${fmt(r.drainSeconds)} s more`),
    `   the lag includes the settle time by design: settleSeconds is ${r.settleSeconds} s, the loop reads the span stream ~3 s behind now and`,
    `   wants an execution quiet for settleSeconds, so no execution is judged sooner than ~${floor} s after its last span arrived`,
    row('evaluator lag gauge at end of ingest / end', `${fmt(r.atIngestEnd.lagSeconds, 1)} / ${fmt(r.atEnd.lagSeconds, 1)} s`, `waiting: ${fmt(r.atIngestEnd.pending)} / ${fmt(r.atEnd.pending)} executions`),
    row('main event loop delay p50 / p99 / max (ms)', `${fmt(r.eventLoop.p50)} / ${fmt(r.eventLoop.p99)} / ${fmt(r.eventLoop.max)}`, 'collector, evaluator and API share it'),
    row('SELECT statements/s (all of Vigil)', fmt(r.selectsPerSecond)),
  ];
  return lines.join('\n');
}
