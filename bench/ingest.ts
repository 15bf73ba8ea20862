// npm run bench:ingest — end-to-end OTLP/HTTP ingest into the embedded engine, against the
// engine's own insert rate for the same rows, measured in the same run.
//
// The collector runs as its own process (`vigil start`); this process generates the load. Both share
// the machine's cores, as they would on a one-box install. Options (environment):
//   BENCH_SECONDS (30)       closed-loop phase length     BENCH_CONNECTIONS (8)  concurrent senders
//   BENCH_HALF_SECONDS (15)  half-load latency phase      BENCH_BATCH (512)      spans per request
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../core/clickhouse/client.ts';
import { migrate } from '../core/clickhouse/migrator.ts';
import { createPricing } from '../core/pricing/index.ts';
import { insertSpanLines } from '../core/spans/repository.ts';
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
const KEY = 'vgl_bench_key_00000000000000000';
const log = (line: string) => process.stderr.write(`${line}\n`);

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

function latency(result: LoadResult): { p50: number; p99: number } {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
try {
  log(`building ${64} payloads of ${BATCH} agent spans...`);
  const payloads = await buildPayloads(64, BATCH);
  log(`  ${fmt(payloads.bytesPerSpan)} bytes per span on the wire (protobuf)`);

  const server = startVigilProcess({ VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: KEY });
  await server.waitFor(/vigil: ready/);
  const url = new URL(server.output().match(/OTLP\/HTTP\s+(http:\S+)/)![1]!);
  const target = { url, key: KEY, bodies: payloads.bodies, spansPerBody: BATCH };

  log(`closed loop: ${CONNECTIONS} connections for ${SECONDS}s...`);
  const max = await closedLoop(target, CONNECTIONS, SECONDS, (r) => log(`  ${fmt(r.seconds)}s  ${fmt(r.ackedSpans)} spans acknowledged (${fmt(r.ackedSpans / r.seconds)}/s)`));
  const maxRate = max.ackedSpans / max.seconds;

  log(`open loop at half of that (${fmt(maxRate / 2)} spans/s) for ${HALF_SECONDS}s...`);
  const half = await openLoop(target, maxRate / 2, HALF_SECONDS);
  const rss = peakRssMb(server.child.pid!);

  log('stopping the collector (SIGTERM) and counting what was stored...');
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  if (exit.code !== 0) throw new Error(`collector exited with ${exit.code}:\n${server.output()}`);

  const store = await openStore({ dataDir });
  const counted = await store.client.query({ query: 'SELECT count() AS n FROM spans', format: 'JSONEachRow' });
  const stored = Number((await counted.json<{ n: string }>())[0]!.n);
  const acked = max.ackedSpans + half.ackedSpans;

  log('engine alone: inserting the same rows through the store, no HTTP, no decoding...');
  await migrate(store.client);
  const pricing = createPricing([]);
  const rows = payloads.bodies.map((b) => prepareRows('default', decodeTraceRequestProtobuf(b), (s) => normalizeSpan(s, pricing)).lines);
  // The collector's group commit gathers about one request per connection into each insert.
  const perInsert = CONNECTIONS;
  let engineRows = 0;
  const engineStart = performance.now();
  for (let i = 0; performance.now() - engineStart < 10_000; i += perInsert) {
    const batch = Array.from({ length: perInsert }, (_, k) => rows[(i + k) % rows.length]!).flat();
    await insertSpanLines(store, batch);
    engineRows += batch.length;
  }
  const engineRate = engineRows / ((performance.now() - engineStart) / 1000);
  await store.close();

  const maxLatency = latency(max);
  const halfLatency = latency(half);
  const e2e = maxRate;
  console.log(`
Vigil ingest benchmark — OTLP/HTTP protobuf, embedded ClickHouse (chDB), ${BATCH} spans per request,
${fmt(payloads.bytesPerSpan)} B/span, ${CONNECTIONS} connections, ${SECONDS}s closed loop + ${HALF_SECONDS}s at half load

  spans/s acknowledged (max load)      ${fmt(e2e).padStart(10)}    target ≥ 100,000   (${fmt(e2e / 100_000, 2)}× target)
  spans/s verified stored              ${fmt((e2e * stored) / acked).padStart(10)}    ${fmt(stored)} stored of ${fmt(acked)} acknowledged${stored === acked ? ' (all)' : ' (MISMATCH)'}
  engine's own insert rate (store)     ${fmt(engineRate).padStart(10)}    ${perInsert * BATCH} rows per insert
  end-to-end / engine                  ${fmt(e2e / engineRate, 2).padStart(10)}    target ≥ 0.60
  ack latency at max load  p50 / p99   ${fmt(maxLatency.p50, 1).padStart(6)} / ${fmt(maxLatency.p99, 1)} ms
  ack latency at half load p50 / p99   ${fmt(halfLatency.p50, 1).padStart(6)} / ${fmt(halfLatency.p99, 1)} ms   target p99 ≤ 250 ms${HALF_SECONDS >= 120 ? `\n  half load, minute by minute (a soak: BENCH_HALF_SECONDS=${HALF_SECONDS}):\n${perMinute(half)}` : ''}
  throttled (429) / failed requests    ${max.throttled + half.throttled} / ${max.failed + half.failed}
  collector peak RSS                   ${fmt(rss).padStart(10)} MB
`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
