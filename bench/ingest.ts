// npm run bench:ingest — end-to-end OTLP/HTTP ingest into the embedded engine, against the
// engine's own insert rate for the same rows, measured in the same run: Native blocks read from a
// file (the journal's format) and JSONEachRow inline (the format a server gets), alternated so that
// both see the same machine.
//
// The collector runs as its own process (`vigil start`); this process generates the load. Both share
// the machine's cores, as they would on a one-box install. Options (environment):
//   BENCH_SECONDS (30)       closed-loop phase length     BENCH_CONNECTIONS (8)  concurrent senders
//   BENCH_HALF_SECONDS (15)  half-load latency phase      BENCH_BATCH (512)      spans per request
//   BENCH_ROLE (all)         `vigil start --role`: all (collector, evaluator and UI in one process,
//                            as `npm start` runs) or collector (the collector alone)
//   BENCH_NODE_ARGS          flags for the collector's Node (`--cpu-prof --cpu-prof-dir=/tmp/prof`)
//   BENCH_SERVER_LOG         a file to write everything the collector printed to (`--trace-gc`)
// Requests are answered once journaled (collector/journal.ts), so inserts gather a second of them
// whatever the number of senders; the "rows per insert" line shows how large they grew.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../core/clickhouse/client.ts';
import { migrate } from '../core/clickhouse/migrator.ts';
import { createPricing } from '../core/pricing/index.ts';
import { jsonSpans, nativeSpans, type SpanEncoding } from '../core/spans/insert.ts';
import { decodeTraceRequestProtobuf } from '../collector/otlp/decode-protobuf.ts';
import { prepareRows } from '../collector/ingest.ts';
import { normalizeSpan } from '../collector/semconv/normalize.ts';
import { startVigilProcess } from '../test/helpers/process.ts';
import { buildPayloads } from './lib/payloads.ts';
import { closedLoop, openLoop, type LoadResult } from './lib/load.ts';
import { fmt, percentile } from './lib/stats.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const HALF_SECONDS = Number(process.env.BENCH_HALF_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 512);
const ROLE = process.env.BENCH_ROLE ?? 'all';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const KEY = 'vgl_bench_key_00000000000000000';
/** The issue's target (#13): spans acknowledged per second, end to end, on two cores. */
const TARGET = 60_000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

/** The collector's own count of rows per insert (its /metrics), to show how large batches grew. */
async function rowsPerInsert(api: string): Promise<number> {
  try {
    const text = await (await fetch(`${api}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text();
    const sum = Number(/^vigil_insert_rows_sum (\S+)/m.exec(text)?.[1]);
    const count = Number(/^vigil_insert_rows_count (\S+)/m.exec(text)?.[1]);
    return sum / count;
  } catch {
    return NaN;
  }
}

/**
 * The engine's insert rate for the same rows, encoded up front: `requests` requests' parts per
 * insert, each encoding in turn for `seconds` per round, so machine noise hits them alike.
 */
async function engineRates(
  store: Awaited<ReturnType<typeof openStore>>,
  encoded: Map<SpanEncoding, Uint8Array[]>,
  requests: number,
  rounds: number,
  seconds: number,
): Promise<Map<SpanEncoding, number>> {
  const totals = new Map<SpanEncoding, { rows: number; ms: number }>();
  for (let round = 0; round < rounds; round++) {
    for (const [encoding, parts] of encoded) {
      const total = totals.get(encoding) ?? { rows: 0, ms: 0 };
      const start = performance.now();
      for (let i = 0; performance.now() - start < seconds * 1000; i += requests) {
        await encoding.insert(store, Array.from({ length: requests }, (_, k) => parts[(i + k) % parts.length]!));
        total.rows += requests * BATCH;
      }
      total.ms += performance.now() - start;
      totals.set(encoding, total);
    }
  }
  return new Map([...totals].map(([encoding, t]) => [encoding, t.rows / (t.ms / 1000)]));
}

/**
 * CPU seconds each kind of thread of a process has used (user + system): the JavaScript main
 * thread, the ingest workers, V8's GC helpers, the engine's background merges, and the rest (the
 * engine's inserts, the views, libuv's file writes).
 */
function cpuSeconds(pid: number): Record<'javascript' | 'workers' | 'gc' | 'merges' | 'engine', number> {
  const used = { javascript: 0, workers: 0, gc: 0, merges: 0, engine: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    const kind = tid === String(pid) ? 'javascript'
      : name === 'WorkerThread' ? 'workers' // the ingest workers (collector/ingest-pool.ts)
      : name.startsWith('V8') ? 'gc' : name.startsWith('MergeMutate') ? 'merges' : 'engine';
    used[kind] += seconds;
  }
  return used;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Ack latency per minute of an open-loop phase: does it drift as the store grows (merges, parts)? */
function perMinute(result: LoadResult): string {
  const minutes = new Map<number, number[]>();
  result.dueSeconds.forEach((at, i) => {
    const minute = Math.floor(at / 60);
    minutes.set(minute, [...(minutes.get(minute) ?? []), result.latenciesMs[i]!]);
  });
  return [...minutes]
    .map(([minute, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return `    minute ${String(minute + 1).padStart(2)}: p50 ${fmt(percentile(sorted, 50), 1).padStart(6)} ms   p99 ${fmt(percentile(sorted, 99), 1).padStart(7)} ms   (${fmt(values.length)} requests)`;
    })
    .join('\n');
}

/** " (ECONNRESET 2, 503 1)": why requests failed, when any did. */
function failureReasons(...results: LoadResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) for (const [why, n] of Object.entries(result.failures)) counts.set(why, (counts.get(why) ?? 0) + n);
  return counts.size === 0 ? '' : ` (${[...counts].map(([why, n]) => `${why} ${n}`).join(', ')})`;
}

function latency(result: LoadResult): { p50: number; p99: number } {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const loadAtStart = load();
try {
  log(`building ${64} payloads of ${BATCH} agent spans...`);
  const payloads = await buildPayloads(64, BATCH);
  log(`  ${fmt(payloads.bytesPerSpan)} bytes per span on the wire (protobuf)`);

  const server = startVigilProcess({ VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: KEY }, ['--role', ROLE], NODE_ARGS);
  await server.waitFor(/vigil: ready/);
  const url = new URL(server.output().match(/OTLP\/HTTP\s+(http:\S+)/)![1]!);
  const api = server.output().match(/web UI\s+(http:\S+?)\/?\s/)?.[1] ?? '';
  const target = { url, key: KEY, bodies: payloads.bodies, spansPerBody: BATCH };

  log(`closed loop: ${CONNECTIONS} connections for ${SECONDS}s...`);
  const cpuBefore = cpuSeconds(server.child.pid!);
  const senderBefore = process.cpuUsage();
  const max = await closedLoop(target, CONNECTIONS, SECONDS, (r) => log(`  ${fmt(r.seconds)}s  ${fmt(r.ackedSpans)} spans acknowledged (${fmt(r.ackedSpans / r.seconds)}/s)`));
  const maxRate = max.ackedSpans / max.seconds;
  const cpuAfter = cpuSeconds(server.child.pid!);
  const sender = process.cpuUsage(senderBefore);
  // The load generator runs on the same two cores: its share is CPU the collector did not get.
  const senderPerSpan = (sender.user + sender.system) / max.ackedSpans;
  // CPU per span depends less on what else the machine runs than spans per second do.
  const perSpan = (kind: keyof typeof cpuAfter) => ((cpuAfter[kind] - cpuBefore[kind]) * 1e6) / max.ackedSpans;
  const cpuPerSpan = { javascript: perSpan('javascript'), workers: perSpan('workers'), gc: perSpan('gc'), merges: perSpan('merges'), engine: perSpan('engine') };
  const batchAtMax = await rowsPerInsert(api);

  log(`open loop at half of that (${fmt(maxRate / 2)} spans/s) for ${HALF_SECONDS}s...`);
  const half = await openLoop(target, maxRate / 2, HALF_SECONDS);
  const rss = peakRssMb(server.child.pid!);

  log('stopping the collector (SIGTERM) and counting what was stored...');
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  if (process.env.BENCH_SERVER_LOG) writeFileSync(process.env.BENCH_SERVER_LOG, server.output());
  if (exit.code !== 0) throw new Error(`collector exited with ${exit.code ?? exit.signal}:\n${server.output()}`);

  // What the collector logged besides its start-up lines (a failed insert, a journal retry…).
  const logged = server.output().split('\n').filter((line) => /journal|fail|error|warn/i.test(line));
  if (logged.length > 0) log(`the collector logged ${logged.length} lines of note:\n  ${logged.slice(0, 10).join('\n  ')}`);

  const store = await openStore({ dataDir });
  const counted = await store.client.query({ query: 'SELECT count() AS n FROM spans', format: 'JSONEachRow' });
  const stored = Number((await counted.json<{ n: string }>())[0]!.n);
  const acked = max.ackedSpans + half.ackedSpans;

  log('engine alone: inserting the same rows through the store, no HTTP, no decoding (Native and JSON alternated)...');
  await migrate(store.client);
  const pricing = createPricing([]);
  const rows = payloads.bodies.map((b) => prepareRows('default', decodeTraceRequestProtobuf(b), (s) => normalizeSpan(s, pricing)).rows);
  const encoded = new Map([nativeSpans, jsonSpans].map((encoding) => [encoding, rows.map((r) => encoding.encode(r))]));
  // Inserts as large as the collector's at max load, and 32k rows (the issue's measurement).
  const collectorRequests = Math.max(1, Math.round((Number.isFinite(batchAtMax) ? batchAtMax : CONNECTIONS * BATCH) / BATCH));
  const bigRequests = Math.max(1, Math.round(32_768 / BATCH));
  const atCollector = await engineRates(store, encoded, collectorRequests, 3, 2);
  const atBig = await engineRates(store, encoded, bigRequests, 3, 2);
  const engineRate = atCollector.get(nativeSpans)!;
  await store.close();
  const loadAtEnd = load();

  const maxLatency = latency(max);
  const halfLatency = latency(half);
  const e2e = maxRate;
  const rate = (encoding: SpanEncoding, rates: Map<SpanEncoding, number>) => fmt(rates.get(encoding)!).padStart(10);
  console.log(`
Vigil ingest benchmark — OTLP/HTTP protobuf, embedded ClickHouse (chDB), ${BATCH} spans per request,
${fmt(payloads.bytesPerSpan)} B/span, ${CONNECTIONS} connections, ${SECONDS}s closed loop + ${HALF_SECONDS}s at half load, vigil start --role ${ROLE}
load average (1/5/15 min) at start ${loadAtStart}, at end ${loadAtEnd}

  spans/s acknowledged (max load)      ${fmt(e2e).padStart(10)}    target ≥ ${fmt(TARGET)}   (${fmt(e2e / TARGET, 2)}× target)
  spans/s verified stored              ${fmt((e2e * stored) / acked).padStart(10)}    ${fmt(stored)} stored of ${fmt(acked)} acknowledged${stored === acked ? ' (all)' : ' (MISMATCH)'}
  rows per insert in the collector     ${fmt(batchAtMax).padStart(10)}    (average over the closed loop)
  collector CPU per span (max load)    ${fmt(Object.values(cpuPerSpan).reduce((a, b) => a + b), 1).padStart(10)} µs   JavaScript: main thread ${fmt(cpuPerSpan.javascript, 1)}, ingest workers ${fmt(cpuPerSpan.workers, 1)}; GC threads ${fmt(cpuPerSpan.gc, 1)}, engine inserts and views ${fmt(cpuPerSpan.engine, 1)}, merges ${fmt(cpuPerSpan.merges, 1)}
  load generator CPU per span          ${fmt(senderPerSpan, 1).padStart(10)} µs   (this process, on the same cores)
  engine's own insert rate, same rows:
    Native from a file (in use)        ${rate(nativeSpans, atCollector)}    ${fmt(collectorRequests * BATCH)} rows per insert   ${rate(nativeSpans, atBig)} at ${fmt(bigRequests * BATCH)}
    JSONEachRow inline (server path)   ${rate(jsonSpans, atCollector)}    ${fmt(collectorRequests * BATCH)} rows per insert   ${rate(jsonSpans, atBig)} at ${fmt(bigRequests * BATCH)}
    Native / JSON                      ${fmt(atCollector.get(nativeSpans)! / atCollector.get(jsonSpans)!, 2).padStart(10)}${' '.repeat(36)}${fmt(atBig.get(nativeSpans)! / atBig.get(jsonSpans)!, 2).padStart(10)}
  end-to-end / engine (Native)         ${fmt(e2e / engineRate, 2).padStart(10)}
  ack latency at max load  p50 / p99   ${fmt(maxLatency.p50, 1).padStart(6)} / ${fmt(maxLatency.p99, 1)} ms
  ack latency at half load p50 / p99   ${fmt(halfLatency.p50, 1).padStart(6)} / ${fmt(halfLatency.p99, 1)} ms   target p99 ≤ 250 ms${HALF_SECONDS >= 120 ? `\n  half load, minute by minute (a soak: BENCH_HALF_SECONDS=${HALF_SECONDS}):\n${perMinute(half)}` : ''}
  throttled (429) / failed requests    ${max.throttled + half.throttled} / ${max.failed + half.failed}${failureReasons(max, half)}
  collector peak RSS                   ${fmt(rss).padStart(10)} MB   target ≤ 1,536 MB
`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
