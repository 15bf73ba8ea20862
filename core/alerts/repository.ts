// Alerts in and out of ClickHouse: the event log (which is also the notification outbox), the
// current state per alert, delivery attempts and silences. See sql/0008_alerts.sql.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../clickhouse/client.ts';
import { queryRows } from '../clickhouse/query.ts';
import { dateTime64FromMillis } from '../time.ts';

export type AlertStatus = 'inactive' | 'pending' | 'firing' | 'resolved';
export type AlertEventKind = 'pending' | 'firing' | 'renotify' | 'resolved' | 'inactive' | 'observe';
export type Severity = 'critical' | 'warning' | 'info';

/** One row of `alert_events`: a transition or an observation, with the alert's state after it. */
export interface AlertRecord {
  projectId: string;
  /** Event id; the notification's idempotency key when the event notified. */
  id: string;
  fingerprint: string;
  rule: string;
  metric: string;
  severity: Severity;
  labels: Record<string, string>;
  kind: AlertEventKind;
  status: AlertStatus;
  atMs: number;
  sinceMs: number;
  /** 0 when it never fired. */
  firingSinceMs: number;
  /** 0 when nothing was sent in this episode. */
  lastNotifiedMs: number;
  value: number;
  threshold: number;
  op: 'above' | 'below';
  samples: number;
  summary: string;
  traceIds: string[];
  /** Channels the notification goes to; empty when the event did not notify. */
  channels: string[];
  /** The notification (JSON) when the event notified, else ''. */
  notification: string;
  policyHash: string;
}

interface StoredRecord {
  project_id: string;
  id: string;
  fingerprint: string;
  rule: string;
  metric: string;
  severity: string;
  labels: Record<string, string>;
  kind: string;
  status: string;
  at_ms: string;
  since_ms: string;
  firing_since_ms: string;
  last_notified_ms: string;
  value: number;
  threshold: number;
  op: string;
  samples: string;
  summary: string;
  trace_ids: string[];
  channels: string[];
  notification: string;
  policy_hash: string;
}

const RECORD_COLUMNS = `project_id, id, fingerprint, rule, metric, severity, labels, kind, status,
  toUnixTimestamp64Milli(at) AS at_ms, toUnixTimestamp64Milli(since) AS since_ms, toUnixTimestamp64Milli(firing_since) AS firing_since_ms,
  toUnixTimestamp64Milli(last_notified) AS last_notified_ms, value, threshold, op, samples, summary, trace_ids, channels, notification, policy_hash`;

function parseRecord(r: StoredRecord): AlertRecord {
  return {
    projectId: r.project_id,
    id: r.id,
    fingerprint: r.fingerprint,
    rule: r.rule,
    metric: r.metric,
    severity: r.severity as Severity,
    labels: r.labels,
    kind: r.kind as AlertEventKind,
    status: r.status as AlertStatus,
    atMs: Number(r.at_ms),
    sinceMs: Number(r.since_ms),
    firingSinceMs: Number(r.firing_since_ms),
    lastNotifiedMs: Number(r.last_notified_ms),
    value: Number(r.value),
    threshold: Number(r.threshold),
    op: r.op === 'below' ? 'below' : 'above',
    samples: Number(r.samples),
    summary: r.summary,
    traceIds: r.trace_ids,
    channels: r.channels,
    notification: r.notification,
    policyHash: r.policy_hash,
  };
}

export async function insertAlertRecords(store: Pick<Store, 'insertJsonLines'>, records: readonly AlertRecord[]): Promise<void> {
  await store.insertJsonLines(
    'alert_events',
    records.map((r) =>
      JSON.stringify({
        project_id: r.projectId,
        id: r.id,
        fingerprint: r.fingerprint,
        rule: r.rule,
        metric: r.metric,
        severity: r.severity,
        labels: r.labels,
        kind: r.kind,
        status: r.status,
        at: dateTime64FromMillis(r.atMs),
        since: dateTime64FromMillis(r.sinceMs),
        firing_since: dateTime64FromMillis(r.firingSinceMs),
        last_notified: dateTime64FromMillis(r.lastNotifiedMs),
        value: Number.isFinite(r.value) ? r.value : 0,
        threshold: r.threshold,
        op: r.op,
        samples: r.samples,
        summary: r.summary,
        trace_ids: r.traceIds,
        channels: r.channels,
        notification: r.notification,
        policy_hash: r.policyHash,
      }),
    ),
  );
}

export interface CurrentFilter {
  /** The project's alerts and the instance-wide ones (project ''); every project's when absent. */
  projectId?: string;
  statuses?: readonly AlertStatus[];
  fingerprint?: string;
}

/** The latest state of every alert (one row per fingerprint). */
export async function readCurrentAlerts(client: ClickHouseClient, filter: CurrentFilter = {}): Promise<AlertRecord[]> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.projectId !== undefined) (where.push(`project_id IN ({project: String}, '')`), (params.project = filter.projectId));
  if (filter.statuses) (where.push('status IN {statuses: Array(String)}'), (params.statuses = filter.statuses));
  if (filter.fingerprint !== undefined) (where.push('fingerprint = {fingerprint: String}'), (params.fingerprint = filter.fingerprint));
  const rows = await queryRows<StoredRecord>(
    client,
    `SELECT ${RECORD_COLUMNS} FROM alerts_current FINAL ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY multiIf(status = 'firing', 0, status = 'pending', 1, 2), multiIf(severity = 'critical', 0, severity = 'warning', 1, 2), at DESC`,
    params,
  );
  return rows.map(parseRecord);
}

export interface EventQuery {
  projectId: string;
  fromMs: number;
  toMs: number;
  fingerprint?: string;
  rule?: string;
  limit: number;
  /** Continue after this event (time and id of the last one on the previous page). */
  before?: { atMs: number; id: string };
}

/** Transitions (not observations), newest first. */
export async function listAlertEvents(client: ClickHouseClient, q: EventQuery): Promise<{ events: AlertRecord[]; more: boolean }> {
  const where = [`project_id IN ({project: String}, '')`, `kind != 'observe'`, 'at >= {from: DateTime64(3)}', 'at < {to: DateTime64(3)}'];
  const params: Record<string, unknown> = { project: q.projectId, from: dateTime64FromMillis(q.fromMs), to: dateTime64FromMillis(q.toMs), limit: q.limit + 1 };
  if (q.fingerprint !== undefined) (where.push('fingerprint = {fingerprint: String}'), (params.fingerprint = q.fingerprint));
  if (q.rule !== undefined) (where.push('rule = {rule: String}'), (params.rule = q.rule));
  if (q.before) {
    where.push('(at, id) < ({bAt: DateTime64(3)}, {bId: String})');
    Object.assign(params, { bAt: dateTime64FromMillis(q.before.atMs), bId: q.before.id });
  }
  const rows = await queryRows<StoredRecord>(client, `SELECT ${RECORD_COLUMNS} FROM alert_events WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT {limit: UInt32}`, params);
  return { events: rows.slice(0, q.limit).map(parseRecord), more: rows.length > q.limit };
}

export type DeliveryState = 'delivered' | 'retrying' | 'failed';

export interface DeliveryRecord {
  projectId: string;
  notificationId: string;
  fingerprint: string;
  channel: string;
  format: string;
  kind: 'firing' | 'renotify' | 'resolved' | 'test';
  attempt: number;
  atMs: number;
  state: DeliveryState;
  /** -1 when no HTTP answer came (timeout, refused, network). */
  httpStatus: number;
  latencyMs: number;
  error: string;
  /** 0 unless state is 'retrying'. */
  nextAttemptMs: number;
}

interface StoredDelivery {
  project_id: string;
  notification_id: string;
  fingerprint: string;
  channel: string;
  format: string;
  kind: string;
  attempt: number;
  at_ms: string;
  state: string;
  http_status: number;
  latency_ms: number;
  error: string;
  next_attempt_at_ms: string;
}

const DELIVERY_COLUMNS = `project_id, notification_id, fingerprint, channel, format, kind, attempt, toUnixTimestamp64Milli(at) AS at_ms, state,
  http_status, latency_ms, error, toUnixTimestamp64Milli(next_attempt_at) AS next_attempt_at_ms`;

function parseDelivery(r: StoredDelivery): DeliveryRecord {
  return {
    projectId: r.project_id,
    notificationId: r.notification_id,
    fingerprint: r.fingerprint,
    channel: r.channel,
    format: r.format,
    kind: r.kind as DeliveryRecord['kind'],
    attempt: Number(r.attempt),
    atMs: Number(r.at_ms),
    state: r.state as DeliveryState,
    httpStatus: Number(r.http_status),
    latencyMs: Number(r.latency_ms),
    error: r.error,
    nextAttemptMs: Number(r.next_attempt_at_ms),
  };
}

export async function insertDeliveries(store: Pick<Store, 'insertJsonLines'>, records: readonly DeliveryRecord[]): Promise<void> {
  await store.insertJsonLines(
    'alert_deliveries',
    records.map((d) =>
      JSON.stringify({
        project_id: d.projectId,
        notification_id: d.notificationId,
        fingerprint: d.fingerprint,
        channel: d.channel,
        format: d.format,
        kind: d.kind,
        attempt: d.attempt,
        at: dateTime64FromMillis(d.atMs),
        state: d.state,
        http_status: d.httpStatus,
        latency_ms: d.latencyMs,
        error: d.error,
        next_attempt_at: dateTime64FromMillis(d.nextAttemptMs),
      }),
    ),
  );
}

export interface DeliveryQuery {
  projectId: string;
  fingerprint?: string;
  fromMs?: number;
  toMs?: number;
  limit: number;
}

/** Delivery attempts, newest first. */
export async function listDeliveries(client: ClickHouseClient, q: DeliveryQuery): Promise<DeliveryRecord[]> {
  const where = [`project_id IN ({project: String}, '')`];
  const params: Record<string, unknown> = { project: q.projectId, limit: q.limit };
  if (q.fingerprint !== undefined) (where.push('fingerprint = {fingerprint: String}'), (params.fingerprint = q.fingerprint));
  if (q.fromMs !== undefined) (where.push('at >= {from: DateTime64(3)}'), (params.from = dateTime64FromMillis(q.fromMs)));
  if (q.toMs !== undefined) (where.push('at < {to: DateTime64(3)}'), (params.to = dateTime64FromMillis(q.toMs)));
  const rows = await queryRows<StoredDelivery>(client, `SELECT ${DELIVERY_COLUMNS} FROM alert_deliveries WHERE ${where.join(' AND ')} ORDER BY at DESC, attempt DESC LIMIT {limit: UInt32}`, params);
  return rows.map(parseDelivery);
}

export interface UnfinishedDelivery {
  record: AlertRecord;
  channel: string;
  /** Attempts already made (0: none recorded). */
  attempts: number;
  /** When the next attempt was due (0: at once). */
  dueMs: number;
}

/**
 * Notifications of the last `sinceMs` whose delivery to a channel has not ended (no attempt recorded,
 * or the latest one says retrying): what a restart must resume. An attempt made just before a crash
 * but not recorded is made again, with the same idempotency key.
 */
export async function readUnfinishedDeliveries(client: ClickHouseClient, sinceMs: number): Promise<UnfinishedDelivery[]> {
  const rows = await queryRows<StoredRecord & { channel: string; attempts: string; last_state: string; due: string }>(
    client,
    `SELECT ${RECORD_COLUMNS.replace('channels,', 'channels, channel,')}, d.attempts AS attempts, d.last_state AS last_state, d.due AS due
     FROM (SELECT *, channel FROM alert_events ARRAY JOIN channels AS channel WHERE notification != '' AND at >= {since: DateTime64(3)}) AS e
     LEFT JOIN (
       SELECT notification_id, channel, max(attempt) AS attempts, argMax(state, (attempt, at)) AS last_state,
              toUnixTimestamp64Milli(argMax(next_attempt_at, (attempt, at))) AS due
       FROM alert_deliveries WHERE at >= {since: DateTime64(3)} GROUP BY notification_id, channel
     ) AS d ON d.notification_id = e.id AND d.channel = e.channel
     WHERE d.attempts = 0 OR d.last_state = 'retrying'
     ORDER BY at_ms`,
    { since: dateTime64FromMillis(sinceMs) },
  );
  return rows.map((r) => ({ record: parseRecord(r), channel: r.channel, attempts: Number(r.attempts), dueMs: Number(r.due) }));
}

export interface Silence {
  projectId: string;
  fingerprint: string;
  untilMs: number;
  comment: string;
  createdMs: number;
}

export async function putSilence(store: Pick<Store, 'insertJsonLines'>, silence: Silence): Promise<void> {
  await store.insertJsonLines('alert_silences', [
    JSON.stringify({
      project_id: silence.projectId,
      fingerprint: silence.fingerprint,
      until: dateTime64FromMillis(silence.untilMs),
      comment: silence.comment,
      created_at: dateTime64FromMillis(silence.createdMs),
      updated_at: dateTime64FromMillis(Date.now()),
    }),
  ]);
}

/** Silences still holding at `nowMs`, by project and fingerprint. */
export async function readActiveSilences(client: ClickHouseClient, nowMs: number, projectId?: string): Promise<Silence[]> {
  const rows = await queryRows<{ project_id: string; fingerprint: string; until_ms: string; comment: string; created_at_ms: string }>(
    client,
    `SELECT project_id, fingerprint, toUnixTimestamp64Milli(until) AS until_ms, comment, toUnixTimestamp64Milli(created_at) AS created_at_ms
     FROM alert_silences FINAL WHERE until > {now: DateTime64(3)} ${projectId === undefined ? '' : `AND project_id IN ({project: String}, '')`}`,
    { now: dateTime64FromMillis(nowMs), project: projectId ?? '' },
  );
  return rows.map((r) => ({ projectId: r.project_id, fingerprint: r.fingerprint, untilMs: Number(r.until_ms), comment: r.comment, createdMs: Number(r.created_at_ms) }));
}
