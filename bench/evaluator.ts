// npm run bench:evaluator — the online evaluator on the embedded engine, with the offline checks
// the default policy runs (groundedness, PII, loops, cost anomaly):
//   1. throughput: executions judged per second end to end from the store, target ≥ 1,000/s;
//   2. lag: from a request's acknowledgement to its executions' judgements, while ingest runs at
//      half of its measured maximum with the evaluator in the same process.
// Options (environment):
//   BENCH_EXECUTIONS (20000)    executions judged in part 1    BENCH_SECONDS (60)        ingest in part 2
//   BENCH_INGEST_MAX            maximum ingest in spans/s (skips the probe)   BENCH_PROBE_SECONDS (20)
//   BENCH_HALF_SECONDS (15)     the probe's collector-alone phase at half load, for its ack latency
//   BENCH_SETTLE_SECONDS (10)   settleSeconds in part 2 (the shipped default)  BENCH_DRAIN_SECONDS (90)
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { entailers } from '../evaluator/hallucination/wordnet.ts';
import { buildTemplates } from './lib/evaluator-executions.ts';
import { measureLag, probeIngest } from './lib/evaluator-lag.ts';
import { describeLag, describeThroughput } from './lib/evaluator-report.ts';
import { measureThroughput } from './lib/evaluator-throughput.ts';
import { fmt } from './lib/stats.ts';

const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PROBE_SECONDS = Number(process.env.BENCH_PROBE_SECONDS ?? 20);
const HALF_SECONDS = Number(process.env.BENCH_HALF_SECONDS ?? 15);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 10);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 90);
const log = (line: string) => process.stderr.write(`${line}\n`);
const runPrefix = () => randomBytes(8).toString('hex');

const loadAtStart = loadavg();
const started = performance.now();
log('building the executions (OpenTelemetry SDK, OTLP protobuf)...');
const templates = await buildTemplates(16, 100);
const wordnetStarted = performance.now();
entailers();
const wordnetMs = performance.now() - wordnetStarted;

const throughput = await measureThroughput(templates, EXECUTIONS, runPrefix(), log);
const probe = process.env.BENCH_INGEST_MAX ? undefined : await probeIngest(templates, runPrefix(), { seconds: PROBE_SECONDS, halfSeconds: HALF_SECONDS }, log);
const ingestMax = probe?.maxSpansPerSecond ?? Number(process.env.BENCH_INGEST_MAX);
const lag = await measureLag(templates, runPrefix(), { spansPerSecond: ingestMax / 2, seconds: SECONDS, settleSeconds: SETTLE_SECONDS, maxDrainSeconds: DRAIN_SECONDS }, log);
const loadAtEnd = loadavg();

const load = (l: number[]) => l.map((v) => fmt(v, 1)).join(' / ');
console.log(`
Vigil evaluator benchmark — embedded ClickHouse (chDB), offline checks of the default policy (hallucination in facts mode, PII, loop, cost anomaly)
machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}
load average (1 / 5 / 15 min): ${load(loadAtStart)} at start, ${load(loadAtEnd)} at the end; run took ${fmt((performance.now() - started) / 1000)} s
executions: the ${templates.rows} BEGIN sample rows (knowledge passage + answer; ${fmt(100 * templates.unsupportedShare)}% labelled not attributable) as a retrieval of
  3 passages (the row's and two others) + 2 tool calls + the answering LLM call under an agent span: ${fmt(templates.spansPerExecution, 1)} spans,
  ${fmt(templates.bytesPerSpan)} B per span on the wire; sent through the collector (OTLP/HTTP protobuf), ${templates.executionsPerBody} executions per request
WordNet table for the groundedness check loaded in ${fmt(wordnetMs)} ms before timing (once per process; not in the figures)

${describeThroughput(throughput)}

${describeLag(lag, ingestMax, probe)}
`);
