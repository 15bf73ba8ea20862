// npm run bench:alerts — alert delivery on the embedded engine, receivers on loopback:
//   1. latency: from the end of the offending executions (their export acknowledged) to the
//      webhook's arrival, for a hallucination-rate rule, with the evaluator's settle time and the
//      alert evaluation interval printed beside it (they bound it from below);
//   2. throughput: deliveries per second the notifier sustains to a receiver answering at once;
//   3. kill -9 mid-delivery: a Vigil process killed while receivers hold requests, restarted on the
//      same data: requests seen by the receivers, distinct idempotency keys, notifications delivered
//      twice under different keys (must be 0) and requests without a key (must be 0).
// Options (environment): BENCH_TRIALS (12) alerts raised in part 1, BENCH_SPREAD_SECONDS (60) over
// which they start; BENCH_INTERVAL_SECONDS (30, the default) alerts.intervalSeconds;
// BENCH_SETTLE_SECONDS (10, the default) evaluator.settleSeconds; BENCH_DELIVERIES (5000) part 2;
// BENCH_RULES (10) × BENCH_CHANNELS (20) notifications in part 3.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startVigil } from '../bin/server.ts';
import type { Store } from '../core/clickhouse/client.ts';
import { insertAlertRecords, type AlertRecord } from '../core/alerts/repository.ts';
import type { PolicyStore } from '../core/policy/index.ts';
import { createNotifier } from '../evaluator/alerts/notifier.ts';
import { answerExecution, sendExecutions } from '../test/helpers/executions.ts';
import { startVigilProcess } from '../test/helpers/process.ts';
import { startReceiver, type Receiver } from '../test/helpers/receiver.ts';
import { BENCH_KEY, benchConfig } from './lib/evaluator-vigil.ts';
import { fmt, percentile } from './lib/stats.ts';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 12);
const SPREAD_SECONDS = Number(process.env.BENCH_SPREAD_SECONDS ?? 60);
const INTERVAL_SECONDS = Number(process.env.BENCH_INTERVAL_SECONDS ?? 30);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 10);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 5000);
const RULES = Number(process.env.BENCH_RULES ?? 10);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 20);
const SECRET = 'whsec_bench_alerts_0123456789';
process.env.BENCH_ALERT_SECRET = SECRET;
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const KNOWLEDGE = 'Orders can be returned within 30 days of delivery. Refunds go to the original payment method within 5 business days.';

/** Parts 1 and 2 share one Vigil: the embedded engine opens one data directory per process. */
async function latencyAndThroughput(): Promise<{ delays: number[]; rate: { perSecond: number; seconds: number } }> {
  const receiver = await startReceiver();
  const policy = `evaluator: {settleSeconds: ${SETTLE_SECONDS}}
alerts:
  intervalSeconds: ${INTERVAL_SECONDS}
  channels:
    ops: {format: generic, url: ${receiver.url}/hook, secretEnv: BENCH_ALERT_SECRET, allowPrivate: true}
  rules:
    - {name: hallucinations, metric: hallucination_rate, threshold: 0.5, minSamples: 3, windowMinutes: 60, channels: [ops]}
`;
  const { config, remove } = benchConfig('vigil-bench-alerts-', policy);
  const vigil = await startVigil(config);
  const otlp = vigil.endpoints.otlpHttp!;
  const endedAt = new Map<string, number>();
  log(`part 1: ${TRIALS} alerts, each from 4 unsupported answers of its own agent, started over ${SPREAD_SECONDS} s`);
  try {
    await Promise.all(
      Array.from({ length: TRIALS }, async (_, i) => {
        await sleep(Math.random() * SPREAD_SECONDS * 1000);
        const agent = `bench-agent-${i}`;
        await sendExecutions(otlp, BENCH_KEY, Array.from({ length: 4 }, (_, j) =>
          answerExecution({ agent, knowledge: [KNOWLEDGE], question: `When does order ${j} arrive?`, answer: 'Your order ships with free express delivery and arrives tomorrow morning before 10 am.', startMs: Date.now() - 2000 }),
        ));
        endedAt.set(agent, Date.now());
      }),
    );
    const hooks = await receiver.waitFor(TRIALS, (r) => r.json.status === 'firing', (SETTLE_SECONDS + INTERVAL_SECONDS) * 1000 * 4 + 60_000);
    const delays = hooks.map((h) => h.atMs - endedAt.get((h.json.labels as { agent: string }).agent)!).sort((a, b) => a - b);
    return { delays, rate: await throughput(vigil.store, vigil.policy, receiver) };
  } finally {
    await vigil.close();
    await receiver.close();
    remove();
  }
}

function record(i: number, channels: string[]): AlertRecord {
  const id = randomUUID();
  const notification = {
    id,
    fingerprint: `${i}`.padStart(16, '0'),
    status: 'firing',
    rule: `bench ${i}`,
    severity: 'warning',
    summary: 'bench',
    labels: { agent: 'bench' },
    startsAt: new Date().toISOString(),
    links: { alert: 'http://vigil.test/alerts', executions: [] },
    policyHash: 'bench',
  };
  const now = Date.now();
  return {
    projectId: 'default', id, fingerprint: notification.fingerprint, rule: notification.rule, metric: 'loops', severity: 'warning', labels: notification.labels,
    kind: 'firing', status: 'firing', atMs: now, sinceMs: now, firingSinceMs: now, lastNotifiedMs: now, value: 1, threshold: 0, op: 'above', samples: 1,
    summary: 'bench', traceIds: [], channels, notification: JSON.stringify(notification), policyHash: 'bench',
  };
}

async function throughput(store: Store, policy: PolicyStore, receiver: Receiver): Promise<{ perSecond: number; seconds: number }> {
  const before = receiver.received.length;
  const notifier = createNotifier({ store, policy, log: () => {} });
  const records = Array.from({ length: DELIVERIES }, (_, i) => record(i, ['ops']));
  await insertAlertRecords(store, records);
  log(`part 2: ${DELIVERIES} notifications through the notifier (8 in flight) to a receiver answering at once`);
  const started = performance.now();
  for (const r of records) notifier.enqueue(r, 'ops');
  await notifier.drain();
  const seconds = (performance.now() - started) / 1000;
  await notifier.close();
  const got = receiver.received.length - before;
  if (got !== DELIVERIES) throw new Error(`the receiver got ${got} of ${DELIVERIES}`);
  return { perSecond: DELIVERIES / seconds, seconds };
}

async function killMidDelivery(): Promise<{ requests: number; keys: number; expected: number; twiceDifferentKeys: number; withoutKey: number }> {
  const receiver = await startReceiver();
  // Receivers that take their time: many requests are in flight when the process dies.
  receiver.fallback = { status: 200, delayMs: 300 };
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-kill-'));
  const channels = Array.from({ length: CHANNELS }, (_, c) => `    c${c}: {format: generic, url: ${receiver.url}/c${c}, secretEnv: BENCH_ALERT_SECRET, allowPrivate: true, timeoutSeconds: 30}`);
  const rules = Array.from({ length: RULES }, (_, r) => `    - {name: rule ${r}, metric: evaluator_lag, threshold: ${-1 - r}, channels: [${channels.map((_, c) => `c${c}`).join(', ')}]}`);
  writeFileSync(join(dir, 'policy.yaml'), `alerts:\n  intervalSeconds: 1\n  channels:\n${channels.join('\n')}\n  rules:\n${rules.join('\n')}\n`);
  const env = { VIGIL_DATA_DIR: join(dir, 'data'), VIGIL_API_KEY: BENCH_KEY, VIGIL_POLICY: join(dir, 'policy.yaml') };
  const expected = RULES * CHANNELS;
  try {
    const first = startVigilProcess(env);
    await first.waitFor(/vigil: ready/);
    await receiver.waitFor(Math.floor(expected / 3), undefined, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    log(`part 3: killed with ${receiver.received.length} of ${expected} notifications received; restarting`);
    const second = startVigilProcess(env);
    await second.waitFor(/vigil: ready/);
    const keyOf = (r: { headers: Record<string, unknown> }) => String(r.headers['x-vigil-idempotency-key'] ?? '');
    // A notification goes to every channel of its rule under one key: a delivery is a (channel, key) pair.
    const deliveries = () => new Set(receiver.received.map((r) => `${r.path} ${keyOf(r)}`)).size;
    for (let waited = 0; waited < 120_000 && deliveries() < expected; waited += 250) await sleep(250);
    await sleep(3000);
    second.child.kill('SIGTERM');
    await second.exited;
    // One notification = one rule's firing on one channel (path): several keys for one is a duplicate.
    const keysByNotification = new Map<string, Set<string>>();
    for (const r of receiver.received) {
      const name = `${r.path} ${String(r.json.rule)} ${String(r.json.status)}`;
      keysByNotification.set(name, (keysByNotification.get(name) ?? new Set()).add(keyOf(r)));
    }
    return {
      requests: receiver.received.length,
      keys: deliveries(),
      expected,
      twiceDifferentKeys: [...keysByNotification.values()].filter((keys) => keys.size > 1).length,
      withoutKey: receiver.received.filter((r) => keyOf(r) === '').length,
    };
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadAtStart = loadavg();
const started = performance.now();
const { delays, rate } = await latencyAndThroughput();
const kill = await killMidDelivery();
const load = (l: number[]) => l.map((v) => fmt(v, 1)).join(' / ');
const s = (ms: number) => `${fmt(ms / 1000, 1)} s`;
console.log(`
Vigil alerts benchmark — embedded ClickHouse (chDB), receivers on loopback
machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}
load average (1 / 5 / 15 min): ${load(loadAtStart)} at start, ${load(loadavg())} at the end; run took ${fmt((performance.now() - started) / 1000)} s

1. end of the offending executions → webhook at the receiver (${delays.length} alerts, hallucination_rate rule, generic signed webhook)
   p50 ${s(percentile(delays, 50))}   p99 ${s(percentile(delays, 99))}   min ${s(delays[0]!)}   max ${s(delays.at(-1)!)}
   made of: evaluator.settleSeconds = ${SETTLE_SECONDS} s (an execution is judged once quiet this long) + the evaluator's 3 s read
   margin and 2 s pass interval + up to alerts.intervalSeconds = ${INTERVAL_SECONDS} s between rule evaluations
   (≈ ${SETTLE_SECONDS + 3 + 1 + INTERVAL_SECONDS / 2} s expected on average); settleSeconds and intervalSeconds are policy settings

2. notifier throughput: ${fmt(rate.perSecond)} deliveries/s (${fmt(DELIVERIES)} in ${fmt(rate.seconds, 1)} s, 8 in flight, each attempt recorded)

3. kill -9 mid-delivery (${RULES} rules × ${CHANNELS} channels = ${kill.expected} notifications, receivers answering after 300 ms)
   requests received ${kill.requests}, distinct (channel, idempotency key) pairs ${kill.keys} of ${kill.expected} expected
   re-sent after the restart under the same key: ${kill.requests - kill.keys}
   notifications delivered under two different keys: ${kill.twiceDifferentKeys} (must be 0)   requests without a key: ${kill.withoutKey} (must be 0)
`);
if (kill.twiceDifferentKeys > 0 || kill.withoutKey > 0 || kill.keys !== kill.expected) process.exitCode = 1;
