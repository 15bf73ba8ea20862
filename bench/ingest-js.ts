// npm run bench:ingest-js — the collector's JavaScript cost per span on the ingest path, stage by
// stage, in this one process (no HTTP, no engine): protobuf decode, normalization, the rest of
// prepareRows (validation, row-size check) and the Native encoding of a request's rows.
//
// Each stage runs alone over the bench payloads (512 agent spans per request) for a fixed time per
// round; rounds alternate the stages so machine noise hits them alike, and the best round counts.
// Reported per span: CPU of the main thread, CPU of the whole process (adds V8's GC helper
// threads), and bytes allocated on the JavaScript heap (from V8's GC statistics).
// Options (environment): BENCH_ROUNDS (5), BENCH_STAGE_MS (600).
import { loadavg } from 'node:os';
import { GCProfiler } from 'node:v8';
import { acceptedWindow, prepareRows } from '../collector/ingest.ts';
import { decodeTraceRequestProtobuf } from '../collector/otlp/decode-protobuf.ts';
import type { OtlpSpan } from '../collector/otlp/model.ts';
import { normalizeSpan } from '../collector/semconv/normalize.ts';
import { createPricing } from '../core/pricing/index.ts';
import { encodeSpanBlock } from '../core/spans/native.ts';
import type { SpanRow } from '../core/spans/row.ts';
import { buildPayloads } from './lib/payloads.ts';
import { fmt } from './lib/stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STAGE_MS = Number(process.env.BENCH_STAGE_MS ?? 600);
const REQUESTS = 32;
const BATCH = 512;

const pricing = createPricing([]);
const normalize = (span: OtlpSpan) => normalizeSpan(span, pricing);
/** As the collector checks start times (retention 0: all kept, but every span still compared). */
const window = acceptedWindow(Date.now(), 0);
const payloads = await buildPayloads(REQUESTS, BATCH);
const decoded = payloads.bodies.map((body) => decodeTraceRequestProtobuf(body));
const prepared = decoded.map((spans) => prepareRows('default', spans, normalize, window).rows);

/** A stage handles request `i` (of REQUESTS) and returns something, so that nothing is optimized away. */
interface Stage {
  name: string;
  run(i: number): unknown;
}

const stages: Stage[] = [
  { name: 'decode (protobuf → spans)', run: (i) => decodeTraceRequestProtobuf(payloads.bodies[i]!) },
  { name: 'normalize (normalizeSpan)', run: (i) => decoded[i]!.map(normalize) },
  { name: 'prepareRows (normalize, validate, fit)', run: (i) => prepareRows('default', decoded[i]!, normalize, window) },
  { name: 'encode (Native block)', run: (i) => encodeSpanBlock(prepared[i]!) },
  {
    name: 'all three in sequence',
    run: (i) => encodeSpanBlock(prepareRows('default', decodeTraceRequestProtobuf(payloads.bodies[i]!), normalize, window).rows),
  },
];

interface Measure {
  threadUs: number;
  processUs: number;
  allocatedBytes: number;
  gcPauseUs: number;
}

/** Heap bytes allocated during a profile: growth between collections plus what each collection found. */
function allocated(profile: NonNullable<ReturnType<GCProfiler['stop']>>, startUsed: number, endUsed: number): number {
  let bytes = 0;
  let used = startUsed;
  for (const gc of profile.statistics) {
    bytes += gc.beforeGC.heapStatistics.usedHeapSize - used;
    used = gc.afterGC.heapStatistics.usedHeapSize;
  }
  return bytes + endUsed - used;
}

const usedHeap = () => process.memoryUsage().heapUsed;

function measure(stage: Stage, ms: number): Measure & { spans: number } {
  const profiler = new GCProfiler();
  const startUsed = usedHeap();
  profiler.start();
  const thread = process.threadCpuUsage();
  const proc = process.cpuUsage();
  const start = performance.now();
  let requests = 0;
  let sink = 0;
  while (performance.now() - start < ms) {
    sink += stage.run(requests % REQUESTS) ? 1 : 0;
    requests++;
  }
  const threadUsed = process.threadCpuUsage(thread);
  const procUsed = process.cpuUsage(proc);
  const endUsed = usedHeap();
  const profile = profiler.stop()!;
  if (sink !== requests) throw new Error('a stage returned nothing');
  return {
    spans: requests * BATCH,
    threadUs: threadUsed.user + threadUsed.system,
    processUs: procUsed.user + procUsed.system,
    allocatedBytes: allocated(profile, startUsed, endUsed),
    gcPauseUs: profile.statistics.reduce((sum, gc) => sum + gc.cost, 0),
  };
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const loadAtStart = load();
for (const stage of stages) measure(stage, 300); // warm-up: optimized code, grown scratch buffers

const best = new Map<Stage, Measure>();
for (let round = 0; round < ROUNDS; round++) {
  for (const stage of stages) {
    const m = measure(stage, STAGE_MS);
    const perSpan: Measure = {
      threadUs: m.threadUs / m.spans,
      processUs: m.processUs / m.spans,
      allocatedBytes: m.allocatedBytes / m.spans,
      gcPauseUs: m.gcPauseUs / m.spans,
    };
    const previous = best.get(stage);
    if (!previous || perSpan.threadUs < previous.threadUs) best.set(stage, perSpan);
  }
}

const row = (name: string, m: Measure) =>
  `  ${name.padEnd(40)} ${fmt(m.threadUs, 2).padStart(8)} ${fmt(m.processUs, 2).padStart(10)} ${fmt(m.gcPauseUs, 2).padStart(9)} ${fmt(m.allocatedBytes).padStart(12)}`;
const [decode, normalizeOnly, prepare, encode, all] = stages.map((stage) => best.get(stage)!);
const minus = (a: Measure, b: Measure): Measure => ({
  threadUs: a.threadUs - b.threadUs,
  processUs: a.processUs - b.processUs,
  allocatedBytes: a.allocatedBytes - b.allocatedBytes,
  gcPauseUs: a.gcPauseUs - b.gcPauseUs,
});
const sum = (...ms: Measure[]): Measure => ms.reduce((a, b) => ({
  threadUs: a.threadUs + b.threadUs,
  processUs: a.processUs + b.processUs,
  allocatedBytes: a.allocatedBytes + b.allocatedBytes,
  gcPauseUs: a.gcPauseUs + b.gcPauseUs,
}));

console.log(`
Vigil ingest path, JavaScript only — ${BATCH} agent spans per request, ${fmt(payloads.bytesPerSpan)} B/span (protobuf),
best of ${ROUNDS} rounds of ${STAGE_MS} ms per stage; load average at start ${loadAtStart}, at end ${load()}

  per span                                 main µs  process µs  GC pause  heap bytes
${row('decode', decode!)}
${row('normalize', normalizeOnly!)}
${row('prepareRows other (validate, fit)', minus(prepare!, normalizeOnly!))}
${row('encode', encode!)}
${row('sum of the stages', sum(decode!, prepare!, encode!))}
${row('measured in sequence', all!)}
  (process µs adds V8's GC helper threads; GC pause is the main thread's share of collections)
`);
