// Alerts: their current state, history, delivery log, silences, the channels of the policy and test
// sends (`vigil alerts test`). Silencing and test sends change what reaches people: admin scope.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import {
  listAlertEvents,
  listDeliveries,
  putSilence,
  readActiveSilences,
  readCurrentAlerts,
  type AlertRecord,
  type AlertStatus,
  type DeliveryRecord,
} from '../../../core/alerts/repository.ts';
import type { AlertMetric } from '../../../core/policy/alerts.ts';
import { alertLinks } from '../../../evaluator/alerts/describe.ts';
import { channelTarget, originOf } from '../../../evaluator/alerts/send.ts';
import type { Principal } from '../auth.ts';
import {
  AlertDetailSchema,
  AlertEventPageSchema,
  AlertListSchema,
  ChannelListSchema,
  DeliveryListSchema,
  SilenceSchema,
  TestSendSchema,
  type Alert,
  type AlertEvent,
  type Delivery,
} from '../alert-schemas.ts';
import { ErrorSchema } from '../schemas.ts';
import { parseInstant } from '../time-range.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { encodeCursor, errors, json, RangeQuery, readCursor, requireRange, secured } from './openapi.ts';

const Fingerprint = z.object({ fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'an alert fingerprint is 16 hexadecimal characters') });

const listAlerts = createRoute({
  method: 'get',
  path: '/api/alerts',
  summary: 'Alerts and their current state: firing and pending first',
  description: "This project's alerts and the instance-wide ones (the judge, the evaluator's lag).",
  ...secured,
  request: {
    query: z.object({
      status: z.enum(['active', 'firing', 'pending', 'resolved', 'all']).default('active').openapi({ description: 'active: pending and firing' }),
    }),
  },
  responses: { 200: json(AlertListSchema, 'The alerts'), ...errors },
});

const history = createRoute({
  method: 'get',
  path: '/api/alerts/history',
  summary: 'Alert events (pending, firing, renotify, resolved, inactive), newest first',
  ...secured,
  request: {
    query: z.object({
      ...RangeQuery,
      rule: z.string().min(1).max(200).optional(),
      fingerprint: z.string().regex(/^[0-9a-f]{16}$/).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.string().max(500).optional().openapi({ description: 'nextCursor of the previous page (same filters)' }),
    }),
  },
  responses: { 200: json(AlertEventPageSchema, 'A page of events'), ...errors },
});

const detail = createRoute({
  method: 'get',
  path: '/api/alerts/{fingerprint}',
  summary: 'One alert with its events and delivery attempts',
  ...secured,
  request: { params: Fingerprint },
  responses: { 200: json(AlertDetailSchema, 'The alert'), 404: json(ErrorSchema, 'No such alert in this project'), ...errors },
});

const alertDeliveries = createRoute({
  method: 'get',
  path: '/api/alerts/{fingerprint}/deliveries',
  summary: "Every delivery attempt of one alert's notifications, newest first",
  ...secured,
  request: { params: Fingerprint, query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
  responses: { 200: json(DeliveryListSchema, 'The attempts'), ...errors },
});

const recentDeliveries = createRoute({
  method: 'get',
  path: '/api/alerts/deliveries',
  summary: 'The delivery log across alerts, newest first (test sends included)',
  ...secured,
  request: { query: z.object({ ...RangeQuery, limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
  responses: { 200: json(DeliveryListSchema, 'The attempts'), ...errors },
});

const silence = createRoute({
  method: 'post',
  path: '/api/alerts/{fingerprint}/silence',
  summary: 'Hold back the notifications of an alert for a while (admin key or admin token)',
  description: 'The alert keeps being evaluated and its state recorded; nothing is sent until the silence ends. A firing alert nobody was told about is told when the silence ends.',
  ...secured,
  request: {
    params: Fingerprint,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            minutes: z.number().int().min(1).max(90 * 24 * 60).optional().openapi({ description: 'How long; or give until' }),
            until: z.string().min(1).optional().openapi({ description: 'ISO 8601 or a duration ahead, e.g. 2h' }),
            comment: z.string().max(1000).default(''),
          }),
        },
      },
    },
  },
  responses: { 200: json(SilenceSchema, 'The silence'), 404: json(ErrorSchema, 'No such alert in this project'), ...errors },
});

const unsilence = createRoute({
  method: 'delete',
  path: '/api/alerts/{fingerprint}/silence',
  summary: 'Lift the silence of an alert (admin key or admin token)',
  ...secured,
  request: { params: Fingerprint },
  responses: { 204: { description: 'Lifted (or there was none)' }, 404: json(ErrorSchema, 'No such alert in this project'), ...errors },
});

const channels = createRoute({
  method: 'get',
  path: '/api/alerts/channels',
  summary: "The policy's alert channels: format, destination host, whether their secrets are set",
  ...secured,
  responses: { 200: json(ChannelListSchema, 'The channels'), ...errors },
});

const testSend = createRoute({
  method: 'post',
  path: '/api/alerts/channels/{name}/test',
  summary: "Send a test notification to a channel now and return the receiver's answer (admin key or admin token)",
  ...secured,
  request: { params: z.object({ name: z.string().min(1).max(200) }) },
  responses: { 200: json(TestSendSchema, 'What happened (delivered or not)'), 404: json(ErrorSchema, 'No such channel in the policy'), 503: json(ErrorSchema, 'This process does not send alerts'), ...errors },
});

const iso = (ms: number): string | null => (ms > 0 ? new Date(ms).toISOString() : null);

function requireAdmin(principal: Principal, what: string): void {
  if (principal.scope !== 'admin') throw new HTTPException(403, { message: `${what}: use a key with admin scope or the admin token` });
}

export function registerAlertRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  const publicUrl = () => (deps.evaluation.policy.current().document.alerts?.publicUrl ?? deps.alerting.publicUrl()).replace(/\/+$/, '');

  function toAlert(r: AlertRecord, silencedUntil: number | undefined): Alert {
    const links = alertLinks(publicUrl(), r.metric as AlertMetric, r.fingerprint, r.labels, r.traceIds);
    return {
      fingerprint: r.fingerprint,
      rule: r.rule,
      metric: r.metric as AlertMetric,
      severity: r.severity,
      labels: r.labels,
      status: r.status,
      summary: r.summary,
      value: r.value,
      threshold: r.threshold,
      op: r.op,
      samples: r.samples,
      since: new Date(r.sinceMs).toISOString(),
      firingSince: iso(r.firingSinceMs),
      // A rule without channels tells no one: nothing was sent, whatever the lifecycle says.
      lastNotifiedAt: r.channels.length > 0 ? iso(r.lastNotifiedMs) : null,
      evaluatedAt: new Date(r.atMs).toISOString(),
      silencedUntil: silencedUntil === undefined ? null : new Date(silencedUntil).toISOString(),
      executions: links.executions,
      links: { alert: links.alert, ...(links.evaluations ? { evaluations: links.evaluations } : {}) },
      policyHash: r.policyHash,
    };
  }

  function toEvent(r: AlertRecord): AlertEvent {
    return {
      id: r.id,
      fingerprint: r.fingerprint,
      rule: r.rule,
      severity: r.severity,
      labels: r.labels,
      kind: r.kind === 'observe' ? 'firing' : r.kind,
      at: new Date(r.atMs).toISOString(),
      value: r.value,
      threshold: r.threshold,
      summary: r.summary,
      notified: r.notification !== '',
      channels: r.channels,
      executions: alertLinks(publicUrl(), r.metric as AlertMetric, r.fingerprint, r.labels, r.traceIds).executions,
      policyHash: r.policyHash,
    };
  }

  const toDelivery = (d: DeliveryRecord): Delivery => ({
    notificationId: d.notificationId,
    fingerprint: d.fingerprint,
    channel: d.channel,
    format: d.format,
    kind: d.kind,
    attempt: d.attempt,
    at: new Date(d.atMs).toISOString(),
    state: d.state,
    httpStatus: d.httpStatus < 0 ? null : d.httpStatus,
    latencyMs: d.latencyMs,
    error: d.error,
    nextAttemptAt: iso(d.nextAttemptMs),
  });

  async function silences(projectId: string): Promise<Map<string, number>> {
    return new Map((await readActiveSilences(deps.client, Date.now(), projectId)).map((s) => [s.fingerprint, s.untilMs]));
  }

  async function findAlert(projectId: string, fingerprint: string): Promise<AlertRecord> {
    const [found] = await readCurrentAlerts(deps.client, { projectId, fingerprint });
    if (!found) throw new HTTPException(404, { message: `no alert ${fingerprint} in this project; GET /api/alerts?status=all lists them` });
    return found;
  }

  app.openapi(listAlerts, async (c) => {
    const { status } = c.req.valid('query');
    const statuses: AlertStatus[] | undefined = status === 'active' ? ['pending', 'firing'] : status === 'all' ? undefined : [status];
    const projectId = c.get('principal').projectId;
    const [records, silenced] = await Promise.all([readCurrentAlerts(deps.client, { projectId, statuses }), silences(projectId)]);
    return c.json({ alerts: records.map((r) => toAlert(r, silenced.get(r.fingerprint))) }, 200);
  });

  app.openapi(history, async (c) => {
    const q = c.req.valid('query');
    const range = requireRange(q.from, q.to);
    let before: { atMs: number; id: string } | undefined;
    if (q.cursor !== undefined) {
      const v = readCursor(q.cursor);
      if (!v || typeof v.atMs !== 'number' || typeof v.id !== 'string') throw new HTTPException(400, { message: 'cursor: not a cursor of this listing; pass nextCursor from the previous page' });
      before = { atMs: v.atMs, id: v.id };
    }
    const page = await listAlertEvents(deps.client, { projectId: c.get('principal').projectId, ...range, rule: q.rule, fingerprint: q.fingerprint, limit: q.limit, before });
    const last = page.events.at(-1);
    return c.json({ events: page.events.map(toEvent), nextCursor: page.more && last ? encodeCursor({ atMs: last.atMs, id: last.id }) : null }, 200);
  });

  app.openapi(recentDeliveries, async (c) => {
    const q = c.req.valid('query');
    const range = requireRange(q.from, q.to);
    const rows = await listDeliveries(deps.client, { projectId: c.get('principal').projectId, ...range, limit: q.limit });
    return c.json({ deliveries: rows.map(toDelivery) }, 200);
  });

  app.openapi(channels, (c) => {
    const configured = deps.evaluation.policy.current().document.alerts?.channels ?? {};
    const list = Object.entries(configured).map(([name, channel]) => {
      const target = channelTarget(channel, deps.alerting.env);
      return target.ok
        ? { name, format: channel.format, destination: originOf(target.url), ready: true }
        : { name, format: channel.format, destination: channel.url ? originOf(channel.url) : '(not set)', ready: false, problem: target.problem };
    });
    return c.json({ channels: list, publicUrl: publicUrl() }, 200);
  });

  app.openapi(testSend, async (c) => {
    const principal = c.get('principal');
    requireAdmin(principal, 'test sends reach real receivers');
    const { name } = c.req.valid('param');
    const notifier = deps.alerting.notifier;
    if (!notifier) throw new HTTPException(503, { message: 'this Vigil process does not send alerts (role collector)' });
    const result = await notifier.sendTest(principal.projectId, name);
    if (!result) {
      const known = Object.keys(deps.evaluation.policy.current().document.alerts?.channels ?? {});
      throw new HTTPException(404, { message: `no channel "${name}" in the policy's alerts.channels${known.length ? ` (there are: ${known.join(', ')})` : ' (it has none)'}` });
    }
    return c.json(result, 200);
  });

  app.openapi(detail, async (c) => {
    const projectId = c.get('principal').projectId;
    const { fingerprint } = c.req.valid('param');
    const alert = await findAlert(projectId, fingerprint);
    const [events, deliveries, silenced] = await Promise.all([
      listAlertEvents(deps.client, { projectId, fingerprint, fromMs: 0, toMs: Date.now() + 60_000, limit: 200 }),
      listDeliveries(deps.client, { projectId, fingerprint, limit: 200 }),
      silences(projectId),
    ]);
    return c.json({ alert: toAlert(alert, silenced.get(fingerprint)), events: events.events.map(toEvent), deliveries: deliveries.map(toDelivery) }, 200);
  });

  app.openapi(alertDeliveries, async (c) => {
    const projectId = c.get('principal').projectId;
    const { fingerprint } = c.req.valid('param');
    await findAlert(projectId, fingerprint);
    const rows = await listDeliveries(deps.client, { projectId, fingerprint, limit: c.req.valid('query').limit });
    return c.json({ deliveries: rows.map(toDelivery) }, 200);
  });

  app.openapi(silence, async (c) => {
    const principal = c.get('principal');
    requireAdmin(principal, 'silencing holds back notifications');
    const { fingerprint } = c.req.valid('param');
    const alert = await findAlert(principal.projectId, fingerprint);
    const body = c.req.valid('json');
    const nowMs = Date.now();
    let untilMs: number | undefined;
    if (body.minutes !== undefined) untilMs = nowMs + body.minutes * 60_000;
    else if (body.until !== undefined) {
      // A duration here counts forward: "2h" is two hours from now.
      const parsed = parseInstant(body.until, nowMs);
      untilMs = parsed !== undefined && /^\d+[a-z]+$/i.test(body.until.trim()) ? nowMs + (nowMs - parsed) : parsed;
      if (untilMs === undefined) throw new HTTPException(400, { message: `until: ${JSON.stringify(body.until)} is not an ISO 8601 time or a duration such as 2h` });
    } else throw new HTTPException(400, { message: 'say how long: minutes (e.g. 60) or until (ISO 8601 or a duration such as 2h)' });
    if (untilMs <= nowMs) throw new HTTPException(400, { message: 'until must be in the future' });
    const created = { projectId: alert.projectId, fingerprint, untilMs, comment: body.comment, createdMs: nowMs };
    await putSilence(deps.writer, created);
    return c.json({ fingerprint, until: new Date(untilMs).toISOString(), comment: body.comment, createdAt: new Date(nowMs).toISOString() }, 200);
  });

  app.openapi(unsilence, async (c) => {
    const principal = c.get('principal');
    requireAdmin(principal, 'lifting a silence sends held-back notifications');
    const { fingerprint } = c.req.valid('param');
    const alert = await findAlert(principal.projectId, fingerprint);
    await putSilence(deps.writer, { projectId: alert.projectId, fingerprint, untilMs: 0, comment: '', createdMs: Date.now() });
    return c.body(null, 204);
  });
}
