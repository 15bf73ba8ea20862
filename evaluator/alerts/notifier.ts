// Delivers notifications to channels and records every attempt. Notifications of one alert reach a
// channel in order (a resolve never overtakes its firing), each retried with backoff and jitter as
// retry.ts says, honouring Retry-After. Every request carries the notification id as its idempotency
// key, so an attempt repeated after a crash is recognisable by the receiver. After the last attempt
// the delivery is recorded as failed: visible in the API and the UI, never dropped silently.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../core/clickhouse/client.ts';
import { insertDeliveries, readUnfinishedDeliveries, type AlertRecord, type DeliveryRecord } from '../../core/alerts/repository.ts';
import type { ChannelPolicy } from '../../core/policy/alerts.ts';
import type { PolicyStore } from '../../core/policy/index.ts';
import { alertDeliveries, alertDeliverySeconds } from '../../core/metrics.ts';
import type { Delivering } from './engine.ts';
import { buildPayload, type AlertNotification } from './formats/index.ts';
import { IDEMPOTENCY_HEADER } from './formats/generic.ts';
import { classify, nextAttempt } from './retry.ts';
import { channelTarget, postWebhook, type SendResult } from './send.ts';
import type { Resolve } from './destination.ts';

export interface TestResult {
  channel: string;
  delivered: boolean;
  httpStatus: number | null;
  latencyMs: number;
  response: string;
  error: string;
}

export interface Notifier extends Delivering {
  /** Queues the deliveries a previous run left unfinished. Returns how many. */
  recover(): Promise<number>;
  /** Sends one test notification to a channel now, without retries, and records the attempt. */
  sendTest(projectId: string, channel: string): Promise<TestResult | undefined>;
  /** Waits until nothing is queued or in flight and every attempt is recorded (tests, benchmarks). */
  drain(): Promise<void>;
  stats(): { queued: number; inFlight: number; delivered: number; failed: number; retried: number };
  close(): Promise<void>;
}

export interface NotifierOptions {
  store: Store;
  policy: PolicyStore;
  env?: Record<string, string | undefined>;
  now?: () => number;
  jitter?: () => number;
  resolve?: Resolve;
  log?: (message: string) => void;
  /** Deliveries in flight at once, across channels. Default 8. */
  concurrency?: number;
  /** Cap of the first retry's delay. Default 1000 ms. */
  retryBaseMs?: number;
  /** Base of the UI links in test notifications. */
  publicUrl?: () => string;
}

/** Notifications older than this are not resumed after a restart. */
const RECOVER_MS = 7 * 86_400_000;
const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_ATTEMPTS = 8;
const FLUSH_MS = 100;

interface Item {
  record: AlertRecord;
  channel: string;
  attempts: number;
  dueMs: number;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { store, policy } = options;
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const jitter = options.jitter ?? Math.random;
  const log = options.log ?? ((message: string) => console.error(message));
  const concurrency = options.concurrency ?? 8;
  // One lane per alert and channel: only the head of a lane is ever being delivered.
  const lanes = new Map<string, Item[]>();
  const busy = new Set<string>();
  const counts = { delivered: 0, failed: 0, retried: 0 };
  let pendingRows: DeliveryRecord[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let flushTimer: NodeJS.Timeout | undefined;
  let waiters: (() => void)[] = [];
  let closed = false;

  const laneKey = (item: Pick<Item, 'record' | 'channel'>) => `${item.record.projectId}\u0000${item.record.fingerprint}\u0000${item.channel}`;
  const queuedCount = () => [...lanes.values()].reduce((n, lane) => n + lane.length, 0);

  function record(row: DeliveryRecord): void {
    pendingRows.push(row);
    flushTimer ??= setTimeout(() => void flush(), FLUSH_MS);
  }

  function flush(): Promise<void> {
    if (flushTimer) (clearTimeout(flushTimer), (flushTimer = undefined));
    const rows = pendingRows;
    pendingRows = [];
    flushing = flushing.then(async () => {
      if (rows.length === 0) return;
      try {
        await insertDeliveries(store, rows);
      } catch (error) {
        // The attempts happened; only their log is short. A restart resends what looks unfinished, under the same key.
        log(`alerts: could not record ${rows.length} delivery attempt(s) (${(error as Error).message})`);
      }
    });
    return flushing;
  }

  function settleWaiters(): void {
    if (queuedCount() > 0 || busy.size > 0) return;
    void flush().then(() => {
      const ready = waiters;
      waiters = [];
      ready.forEach((resolve) => resolve());
    });
  }

  async function attempt(channelName: string, channel: ChannelPolicy | undefined, notification: AlertNotification): Promise<SendResult> {
    if (!channel) return { status: 'refused', latencyMs: 0, response: '', error: `the channel "${channelName}" is no longer in the policy` };
    const target = channelTarget(channel, env);
    if (!target.ok) return { status: 'refused', latencyMs: 0, response: '', error: target.problem };
    const payload = buildPayload(channel.format, notification, { secret: target.secret, routingKey: target.routingKey, nowSeconds: now() / 1000 });
    // Every format carries the key (the generic one also signs it): receivers that dedupe can.
    payload.headers[IDEMPOTENCY_HEADER] = notification.id;
    return postWebhook(target.url, payload, {
      timeoutMs: (channel.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      destination: { allowPrivate: channel.allowPrivate, allowHosts: channel.allowHosts },
      resolve: options.resolve,
    });
  }

  async function deliver(key: string, item: Item): Promise<void> {
    const channel = policy.current().document.alerts?.channels[item.channel];
    const notification = JSON.parse(item.record.notification) as AlertNotification;
    const number = item.attempts + 1;
    const result = await attempt(item.channel, channel, notification);
    const atMs = now();
    const outcome = result.status === 'refused' ? 'fail' : classify(result.status);
    let state: DeliveryRecord['state'] = outcome === 'success' ? 'delivered' : 'failed';
    let nextAttemptMs = 0;
    if (outcome === 'retry') {
      const next = nextAttempt(number, { maxAttempts: channel?.maxAttempts ?? DEFAULT_ATTEMPTS, baseMs: options.retryBaseMs, jitter }, result.retryAfter, atMs);
      if ('retryAtMs' in next) (state = 'retrying'), (nextAttemptMs = next.retryAtMs);
    }
    record({
      projectId: item.record.projectId,
      notificationId: item.record.id,
      fingerprint: item.record.fingerprint,
      channel: item.channel,
      format: channel?.format ?? '',
      kind: item.record.kind === 'resolved' || item.record.kind === 'inactive' ? 'resolved' : item.record.kind === 'renotify' ? 'renotify' : 'firing',
      attempt: number,
      atMs,
      state,
      httpStatus: typeof result.status === 'number' ? result.status : -1,
      latencyMs: result.latencyMs,
      error: result.error,
      nextAttemptMs,
    });
    alertDeliveries.inc({ format: channel?.format ?? 'unknown', state });
    alertDeliverySeconds.observe(result.latencyMs / 1000);
    if (state === 'retrying') {
      counts.retried++;
      item.attempts = number;
      item.dueMs = nextAttemptMs;
      return;
    }
    if (state === 'delivered') counts.delivered++;
    else {
      counts.failed++;
      log(`alerts: delivery of "${item.record.rule}" to ${item.channel} failed after ${number} attempt(s): ${result.error}`);
    }
    const lane = lanes.get(key);
    lane?.shift();
    if (lane?.length === 0) lanes.delete(key);
  }

  function pump(): void {
    if (closed) return;
    const atMs = now();
    for (const [key, lane] of lanes) {
      if (busy.size >= concurrency) break;
      const head = lane[0];
      if (!head || busy.has(key) || head.dueMs > atMs) continue;
      busy.add(key);
      deliver(key, head)
        .catch((error: unknown) => log(`alerts: delivery to ${head.channel} broke (${(error as Error).message})`))
        .finally(() => {
          busy.delete(key);
          pump();
          settleWaiters();
        });
    }
  }

  const ticker = setInterval(pump, 100);
  ticker.unref();

  function enqueue(record: AlertRecord, channel: string, attempts = 0, dueMs = 0): void {
    const item: Item = { record, channel, attempts, dueMs };
    const key = laneKey(item);
    const lane = lanes.get(key);
    if (lane) lane.push(item);
    else lanes.set(key, [item]);
    pump();
  }

  return {
    enqueue: (record, channel) => enqueue(record, channel),
    async recover() {
      const unfinished = await readUnfinishedDeliveries(store.client, now() - RECOVER_MS);
      for (const u of unfinished) enqueue(u.record, u.channel, u.attempts, u.dueMs);
      return unfinished.length;
    },
    async sendTest(projectId, channelName) {
      const channel = policy.current().document.alerts?.channels[channelName];
      if (!channel) return undefined;
      const id = randomUUID();
      const atMs = now();
      const notification: AlertNotification = {
        id,
        fingerprint: 'test',
        status: 'firing',
        rule: 'vigil test',
        severity: 'info',
        summary: `Test notification from Vigil to the channel "${channelName}": if you read this, alerts reach you.`,
        labels: { project: projectId, channel: channelName },
        startsAt: new Date(atMs).toISOString(),
        links: { alert: `${options.publicUrl?.() ?? ''}/alerts`, executions: [] },
        policyHash: policy.current().hash,
      };
      const result = await attempt(channelName, channel, notification);
      const delivered = typeof result.status === 'number' && classify(result.status) === 'success';
      record({
        projectId,
        notificationId: id,
        fingerprint: 'test',
        channel: channelName,
        format: channel.format,
        kind: 'test',
        attempt: 1,
        atMs,
        state: delivered ? 'delivered' : 'failed',
        httpStatus: typeof result.status === 'number' ? result.status : -1,
        latencyMs: result.latencyMs,
        error: result.error,
        nextAttemptMs: 0,
      });
      await flush();
      return { channel: channelName, delivered, httpStatus: typeof result.status === 'number' ? result.status : null, latencyMs: result.latencyMs, response: result.response, error: result.error };
    },
    drain() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleWaiters();
      });
    },
    stats: () => ({ queued: queuedCount(), inFlight: busy.size, ...counts }),
    async close() {
      closed = true;
      clearInterval(ticker);
      await flush();
    },
  };
}
