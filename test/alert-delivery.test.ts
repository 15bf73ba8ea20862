// Alert delivery against real receivers on loopback: each of the five formats checked against the
// fields its published schema requires (Slack Block Kit, PagerDuty Events API v2, a Teams workflow
// message with an Adaptive Card, Alertmanager webhook version 4, Vigil's signed JSON); retries on
// 500, 429 with Retry-After, a receiver that is down and one slower than the timeout; refusal of a
// cloud metadata address; the delivery log through the API.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Delivery } from '../ui/server/alert-schemas.ts';
import { verifySignature } from '../evaluator/alerts/formats/index.ts';
import { startReceiver, type Received, type Receiver } from './helpers/receiver.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const SECRET = 'whsec_delivery_test_0123456789';
const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';

let vigil: TestVigil;
let formats: Receiver;
let flaky: Receiver;
let policyFile: string;

// Instance-wide rule on the evaluator's lag: always above -1, so it fires on the first evaluation
// (and resolves when the threshold is raised), whatever the traffic.
const policy = (threshold: number, channels: string[]) => `
alerts:
  publicUrl: https://vigil.example.com
  intervalSeconds: 3600
  channels:
    generic: {format: generic, url: ${formats.url}/generic, secretEnv: VIGIL_DELIVERY_SECRET, allowPrivate: true}
    slack: {format: slack, urlEnv: VIGIL_DELIVERY_SLACK_URL, allowPrivate: true}
    pagerduty: {format: pagerduty, url: ${formats.url}/pagerduty, routingKeyEnv: VIGIL_DELIVERY_PD_KEY, allowPrivate: true}
    teams: {format: teams, urlEnv: VIGIL_DELIVERY_TEAMS_URL, allowPrivate: true}
    alertmanager: {format: alertmanager, url: ${formats.url}/alertmanager, allowPrivate: true}
    flaky: {format: generic, url: ${flaky.url}/flaky, secretEnv: VIGIL_DELIVERY_SECRET, allowPrivate: true, maxAttempts: 4, timeoutSeconds: 0.5}
    down: {format: alertmanager, url: http://127.0.0.1:9/nothing-listens-here, allowPrivate: true, maxAttempts: 3}
    metadata: {format: alertmanager, url: http://169.254.169.254/latest/meta-data/, allowPrivate: true}
  rules:
    - name: evaluator falling behind
      metric: evaluator_lag
      threshold: ${threshold}
      severity: critical
      channels: [${channels.join(', ')}]
`;

async function setPolicy(threshold: number, channels: string[]): Promise<void> {
  writeFileSync(policyFile, policy(threshold, channels));
  expect(vigil.vigil.policy.reload()).toBe(true);
}

async function deliveries(): Promise<Delivery[]> {
  const response = await fetch(`${vigil.api}/api/alerts/deliveries?from=1h&limit=1000`, { headers: { authorization: `Bearer ${vigil.key}` } });
  return ((await response.json()) as { deliveries: Delivery[] }).deliveries;
}

beforeAll(async () => {
  formats = await startReceiver();
  flaky = await startReceiver();
  Object.assign(process.env, {
    VIGIL_DELIVERY_SECRET: SECRET,
    VIGIL_DELIVERY_SLACK_URL: `${formats.url}/slack`,
    VIGIL_DELIVERY_TEAMS_URL: `${formats.url}/teams`,
    VIGIL_DELIVERY_PD_KEY: ROUTING_KEY,
  });
  policyFile = join(mkdtempSync(join(tmpdir(), 'vigil-delivery-')), 'policy.yaml');
  writeFileSync(policyFile, policy(1e9, ['generic']));
  vigil = await startTestVigil({ VIGIL_POLICY: policyFile }, { alertRetryBaseMs: 100 });
}, 60_000);

afterAll(async () => {
  await vigil?.close();
  await formats?.close();
  await flaky?.close();
});

// The fields each format's published schema requires, transcribed.
const Text = z.object({ type: z.enum(['mrkdwn', 'plain_text']), text: z.string().min(1).max(3000) });
const SlackSchema = z.object({
  text: z.string().min(1),
  blocks: z
    .array(
      z.union([
        z.object({ type: z.literal('header'), text: z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(150) }) }),
        z.object({ type: z.literal('section'), text: Text.optional(), fields: z.array(Text).max(10).optional() }),
        z.object({ type: z.literal('context'), elements: z.array(Text).min(1).max(10) }),
        z.object({ type: z.literal('divider') }),
        z.object({ type: z.literal('actions'), elements: z.array(z.object({ type: z.literal('button'), text: Text, url: z.url().max(3000) })).min(1).max(25) }),
      ]),
    )
    .min(1)
    .max(50),
});
const PagerDutySchema = z.object({
  routing_key: z.string().length(32),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().min(1).max(255),
  payload: z.object({ summary: z.string().min(1).max(1024), source: z.string().min(1), severity: z.enum(['critical', 'error', 'warning', 'info']) }).optional(),
  links: z.array(z.object({ href: z.url(), text: z.string().optional() })).optional(),
});
const TeamsSchema = z.object({
  type: z.literal('message'),
  attachments: z
    .array(
      z.object({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        content: z.object({ $schema: z.string().optional(), type: z.literal('AdaptiveCard'), version: z.string().regex(/^1\.\d$/), body: z.array(z.object({ type: z.string() })).min(1) }),
      }),
    )
    .min(1),
});
const AlertmanagerSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().min(1),
  groupLabels: z.record(z.string(), z.string()),
  commonLabels: z.record(z.string(), z.string()),
  commonAnnotations: z.record(z.string(), z.string()),
  externalURL: z.string(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: z.record(z.string(), z.string()).refine((l) => typeof l.alertname === 'string', 'labels.alertname is required'),
        annotations: z.record(z.string(), z.string()),
        startsAt: z.iso.datetime({ offset: true }),
        endsAt: z.string(),
        generatorURL: z.string(),
        fingerprint: z.string().min(1),
      }),
    )
    .min(1),
});
const GenericSchema = z.object({
  version: z.literal('vigil.alert.v1'),
  id: z.uuid(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  status: z.enum(['firing', 'resolved']),
  rule: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  summary: z.string(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.iso.datetime(),
  links: z.object({ alert: z.url(), executions: z.array(z.object({ traceId: z.string(), url: z.url() })) }),
  policyHash: z.string(),
});

const byPath = (path: string) => (r: Received) => r.path === path;

describe('the five formats', () => {
  const all = ['generic', 'slack', 'pagerduty', 'teams', 'alertmanager'];

  it('reach their receivers, firing then resolved, each valid against its schema', async () => {
    await setPolicy(-1, all);
    expect((await vigil.vigil.alerts!.evaluate()).map((r) => r.kind)).toEqual(['firing']);
    await formats.waitFor(5);
    await setPolicy(1e9, all);
    expect((await vigil.vigil.alerts!.evaluate()).map((r) => r.kind)).toEqual(['resolved']);
    await formats.waitFor(10);

    const generic = formats.received.filter(byPath('/generic'));
    expect(generic.map((r) => GenericSchema.parse(r.json).status)).toEqual(['firing', 'resolved']);
    for (const r of generic) expect(verifySignature(SECRET, String(r.headers['x-vigil-signature']), r.body, Math.floor(Date.now() / 1000))).toEqual({ ok: true });

    expect(formats.received.filter(byPath('/slack')).map((r) => SlackSchema.parse(r.json).text)).toHaveLength(2);

    const pd = formats.received.filter(byPath('/pagerduty')).map((r) => PagerDutySchema.parse(r.json));
    expect(pd.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(pd[0]!.dedup_key).toBe(pd[1]!.dedup_key);
    expect(pd[0]!.routing_key).toBe(ROUTING_KEY);

    expect(formats.received.filter(byPath('/teams')).map((r) => TeamsSchema.parse(r.json).type)).toEqual(['message', 'message']);

    const am = formats.received.filter(byPath('/alertmanager')).map((r) => AlertmanagerSchema.parse(r.json));
    expect(am.map((p) => p.status)).toEqual(['firing', 'resolved']);
    expect(am[0]!.alerts[0]!.fingerprint).toBe(am[1]!.alerts[0]!.fingerprint);

    // Every request of one notification carries the same idempotency key, in every format.
    const keys = new Set(formats.received.map((r) => r.headers['x-vigil-idempotency-key']));
    expect(keys.size).toBe(2);
    // Secrets never appear in the delivery log.
    expect(JSON.stringify(await deliveries())).not.toMatch(new RegExp(`${SECRET}|${ROUTING_KEY}`));
  }, 60_000);
});

describe('delivery', () => {
  it('retries a 500 and a 429 (waiting its Retry-After), then delivers once', async () => {
    flaky.script.push({ status: 500, body: 'boom' }, { status: 429, headers: { 'retry-after': '1' } }, { status: 200 });
    await setPolicy(-1, ['flaky']);
    await vigil.vigil.alerts!.evaluate();
    const got = await flaky.waitFor(3);
    expect(new Set(got.map((r) => r.json.id)).size).toBe(1);
    expect(got[2]!.atMs - got[1]!.atMs).toBeGreaterThanOrEqual(950);
    await vigil.vigil.notifier!.drain();
    const log = (await deliveries()).filter((d) => d.channel === 'flaky').reverse();
    expect(log.map((d) => [d.attempt, d.state, d.httpStatus])).toEqual([
      [1, 'retrying', 500],
      [2, 'retrying', 429],
      [3, 'delivered', 200],
    ]);
    await setPolicy(1e9, ['flaky']);
    await vigil.vigil.alerts!.evaluate();
    await flaky.waitFor(4);
  }, 60_000);

  it('gives up on a receiver slower than the timeout after the last attempt and marks it failed', async () => {
    flaky.received.length = 0;
    flaky.fallback = { status: 200, delayMs: 2000 };
    await setPolicy(-1, ['flaky']);
    await vigil.vigil.alerts!.evaluate();
    await vigil.vigil.notifier!.drain();
    flaky.fallback = { status: 200 };
    const log = (await deliveries()).filter((d) => d.channel === 'flaky' && d.kind === 'firing').slice(0, 4).reverse();
    expect(log.map((d) => d.state)).toEqual(['retrying', 'retrying', 'retrying', 'failed']);
    expect(log[3]).toMatchObject({ attempt: 4, httpStatus: null, error: 'no answer within 0.5 s' });
    expect(flaky.received).toHaveLength(4);
    await setPolicy(1e9, ['flaky']);
    await vigil.vigil.alerts!.evaluate();
    await vigil.vigil.notifier!.drain();
  }, 60_000);

  it('retries a receiver that is down, then fails visibly; refuses a cloud metadata address without sending', async () => {
    await setPolicy(-1, ['down', 'metadata']);
    await vigil.vigil.alerts!.evaluate();
    await vigil.vigil.notifier!.drain();
    const log = await deliveries();
    const down = log.filter((d) => d.channel === 'down').reverse();
    expect(down.map((d) => d.state)).toEqual(['retrying', 'retrying', 'failed']);
    expect(down[2]!.error).toMatch(/could not reach the receiver \(ECONNREFUSED\)/);
    const metadata = log.filter((d) => d.channel === 'metadata');
    expect(metadata).toHaveLength(1);
    expect(metadata[0]).toMatchObject({ state: 'failed', attempt: 1, httpStatus: null });
    expect(metadata[0]!.error).toContain('a cloud metadata address');
    expect(metadata[0]!.error).not.toContain('meta-data');
  }, 60_000);
});
