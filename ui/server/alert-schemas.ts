// Response shapes of the alert routes (current alerts, their history, deliveries, silences, channels
// and test sends), shared with the UI as types.
import { z } from '@hono/zod-openapi';
import { ALERT_FORMATS, ALERT_METRICS } from '../../core/policy/alerts.ts';

export { ALERT_METRICS };


export const ALERT_STATUSES = ['pending', 'firing', 'resolved', 'inactive'] as const;
export const ALERT_EVENT_KINDS = ['pending', 'firing', 'renotify', 'resolved', 'inactive'] as const;

const ExecutionLink = z.object({ traceId: z.string(), url: z.string() });

export const AlertSchema = z
  .object({
    fingerprint: z.string().openapi({ description: 'Stable identity of the alert: its rule and label set', example: '3f2a9c0d1e4b5a67' }),
    rule: z.string(),
    metric: z.enum(ALERT_METRICS),
    severity: z.enum(['critical', 'warning', 'info']),
    labels: z.record(z.string(), z.string()).openapi({ description: 'The rule\'s grouping labels, e.g. {agent: "support-bot"}; instance-wide alerts (judge, lag) have none' }),
    status: z.enum(ALERT_STATUSES),
    summary: z.string().openapi({ example: 'hallucination rate 12% above 5% for support-bot over 15 min (48 executions)' }),
    value: z.number(),
    threshold: z.number(),
    op: z.enum(['above', 'below']),
    samples: z.number().openapi({ description: 'Executions (or judgements) behind the value' }),
    since: z.string().openapi({ description: 'When the alert entered its status (ISO 8601)' }),
    firingSince: z.string().nullable(),
    lastNotifiedAt: z.string().nullable(),
    evaluatedAt: z.string().openapi({ description: 'Last time the rule was evaluated for this label set' }),
    silencedUntil: z.string().nullable().openapi({ description: 'Set while a silence holds notifications back' }),
    executions: z.array(ExecutionLink).openapi({ description: 'Executions that caused it (at most 10), with deep links' }),
    links: z.object({ alert: z.string(), evaluations: z.string().optional() }),
    policyHash: z.string(),
  })
  .openapi('Alert');

export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) }).openapi('AlertList');

export const AlertEventSchema = z
  .object({
    id: z.string().openapi({ description: 'Event id; for events that notified, also the notification\'s idempotency key' }),
    fingerprint: z.string(),
    rule: z.string(),
    severity: z.enum(['critical', 'warning', 'info']),
    labels: z.record(z.string(), z.string()),
    kind: z.enum(ALERT_EVENT_KINDS),
    at: z.string(),
    value: z.number(),
    threshold: z.number(),
    summary: z.string(),
    notified: z.boolean().openapi({ description: 'Whether this event was sent to the rule\'s channels' }),
    channels: z.array(z.string()),
    executions: z.array(ExecutionLink),
    policyHash: z.string(),
  })
  .openapi('AlertEvent');

export const AlertEventPageSchema = z.object({ events: z.array(AlertEventSchema), nextCursor: z.string().nullable() }).openapi('AlertEventPage');

export const DeliverySchema = z
  .object({
    notificationId: z.string(),
    fingerprint: z.string(),
    channel: z.string(),
    format: z.string(),
    kind: z.enum(['firing', 'renotify', 'resolved', 'test']),
    attempt: z.number(),
    at: z.string(),
    state: z.enum(['delivered', 'retrying', 'failed']).openapi({ description: 'retrying: another attempt is scheduled at nextAttemptAt; failed: no attempt is left' }),
    httpStatus: z.number().nullable(),
    latencyMs: z.number(),
    error: z.string(),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi('Delivery');

export const DeliveryListSchema = z.object({ deliveries: z.array(DeliverySchema) }).openapi('DeliveryList');

export const AlertDetailSchema = z
  .object({ alert: AlertSchema, events: z.array(AlertEventSchema), deliveries: z.array(DeliverySchema) })
  .openapi('AlertDetail');

export const SilenceSchema = z
  .object({ fingerprint: z.string(), until: z.string(), comment: z.string(), createdAt: z.string() })
  .openapi('Silence');

export const ChannelSchema = z
  .object({
    name: z.string(),
    format: z.enum(ALERT_FORMATS),
    destination: z.string().openapi({ description: 'Scheme and host only: webhook paths often carry secrets', example: 'https://hooks.slack.com/…' }),
    ready: z.boolean().openapi({ description: 'Whether its URL and secrets are set (environment variables named in the policy)' }),
    problem: z.string().optional().openapi({ description: 'Why it is not ready' }),
  })
  .openapi('Channel');

export const ChannelListSchema = z.object({ channels: z.array(ChannelSchema), publicUrl: z.string() }).openapi('ChannelList');

export const TestSendSchema = z
  .object({
    channel: z.string(),
    delivered: z.boolean(),
    httpStatus: z.number().nullable(),
    latencyMs: z.number(),
    response: z.string().openapi({ description: 'The start of the receiver\'s answer (at most 2,000 characters)' }),
    error: z.string(),
  })
  .openapi('TestSend');

export type Alert = z.infer<typeof AlertSchema>;
export type AlertEvent = z.infer<typeof AlertEventSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
export type AlertDetail = z.infer<typeof AlertDetailSchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type TestSend = z.infer<typeof TestSendSchema>;
