// Alerts end to end: hallucinating executions sent with the real OpenTelemetry exporter are judged by
// the evaluator inside a real Vigil, a hallucination-rate rule fires, the signed generic webhook
// reaches a real receiver on loopback with links to the executions; when good executions follow,
// the resolve arrives. Also: the API (state, history, deliveries, silences, channels, test sends)
// and its errors.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetail, TestSend } from '../ui/server/alert-schemas.ts';
import { verifySignature } from '../evaluator/alerts/formats/index.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

const KNOWLEDGE = 'Orders can be returned within 30 days of delivery. Refunds go to the original payment method within 5 business days.';
const SECRET = 'whsec_alerts_test_0123456789';

let vigil: TestVigil;
let receiver: Receiver;

const policy = (url: string) => `
evaluator: {settleSeconds: 1, quietSeconds: 3}
alerts:
  publicUrl: https://vigil.example.com
  intervalSeconds: 3600
  channels:
    ops:
      format: generic
      url: ${url}/hook
      secretEnv: VIGIL_TEST_ALERT_SECRET
      allowPrivate: true
    missing-secret:
      format: slack
      urlEnv: VIGIL_TEST_UNSET_SLACK_URL
  rules:
    - name: support hallucinations
      metric: hallucination_rate
      threshold: 0.4
      windowMinutes: 60
      minSamples: 3
      severity: critical
      channels: [ops]
`;

async function api<T>(path: string, init: RequestInit = {}, token = vigil.key): Promise<{ status: number; body: T }> {
  const response = await fetch(`${vigil.api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

const unsupported = (i: number) =>
  answerExecution({ agent: 'support-bot', knowledge: [KNOWLEDGE], question: `When does order ${i} arrive?`, answer: 'Your order ships with free express delivery and arrives tomorrow morning before 10 am.' });
const grounded = (i: number) =>
  answerExecution({ agent: 'support-bot', knowledge: [KNOWLEDGE], question: `Can I return order ${i}?`, answer: 'Yes, orders can be returned within 30 days of delivery.' });

/** Waits until the evaluator has judged `count` hallucination checks of support-bot. */
async function judged(count: number): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const { body } = await api<{ evaluations: unknown[] }>('/api/evaluations?agent=support-bot&check=hallucination&from=1h&limit=500');
    if (body.evaluations.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`fewer than ${count} hallucination judgements after 30 s`);
}

beforeAll(async () => {
  process.env.VIGIL_TEST_ALERT_SECRET = SECRET;
  receiver = await startReceiver();
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-alerts-')), 'policy.yaml');
  writeFileSync(file, policy(receiver.url));
  vigil = await startTestVigil({ VIGIL_POLICY: file }, { evaluatorIntervalMs: 200, alertRetryBaseMs: 50 });
}, 60_000);

afterAll(async () => {
  await vigil?.close();
  await receiver?.close();
});

describe('a hallucination-rate rule', () => {
  let fingerprint = '';

  it('fires once the rate crosses the threshold and sends one signed webhook with links to the executions', async () => {
    await sendExecutions(vigil.otlpHttp, vigil.key, [unsupported(1), unsupported(2), unsupported(3), grounded(4)]);
    await vigil.flush();
    await judged(4);
    const written = await vigil.vigil.alerts!.evaluate();
    expect(written.map((r) => r.kind)).toEqual(['firing']);

    const [hook] = await receiver.waitFor(1);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(SECRET, String(hook!.headers['x-vigil-signature']), hook!.body, now)).toEqual({ ok: true });
    expect(hook!.headers['x-vigil-idempotency-key']).toBe(hook!.json.id);
    expect(hook!.json).toMatchObject({ version: 'vigil.alert.v1', status: 'firing', rule: 'support hallucinations', severity: 'critical', labels: { agent: 'support-bot', project: 'default' }, value: 0.75, threshold: 0.4 });
    const links = hook!.json.links as { alert: string; evaluations: string; executions: { traceId: string; url: string }[] };
    expect(links.executions).toHaveLength(3);
    expect(links.executions[0]!.url).toBe(`https://vigil.example.com/traces/${links.executions[0]!.traceId}`);
    expect(links.evaluations).toBe('https://vigil.example.com/evaluations?check=hallucination&agent=support-bot');
    fingerprint = String(hook!.json.fingerprint);
    expect(links.alert).toBe(`https://vigil.example.com/alerts?alert=${fingerprint}`);

    const metrics = await (await fetch(`${vigil.api}/metrics`, { headers: { authorization: `Bearer ${vigil.key}` } })).text();
    expect(metrics).toContain('vigil_alerts{status="firing",severity="critical"} 1');
    expect(metrics).toMatch(/vigil_alert_deliveries_total\{format="generic",state="delivered"\} [1-9]/);

    // Evaluated again while still firing: no second notification (renotify is hours away).
    expect((await vigil.vigil.alerts!.evaluate()).map((r) => r.kind)).toEqual(['observe']);
    await vigil.vigil.notifier!.drain();
    expect(receiver.received).toHaveLength(1);
  }, 60_000);

  it('shows the alert, its events and its delivery through the API', async () => {
    const list = await api<{ alerts: { fingerprint: string; status: string; executions: unknown[]; summary: string }[] }>('/api/alerts');
    expect(list.body.alerts).toHaveLength(1);
    expect(list.body.alerts[0]).toMatchObject({ fingerprint, status: 'firing' });
    expect(list.body.alerts[0]!.summary).toBe('hallucination rate 75% above 40% for support-bot over 60 min (4 executions)');
    const detail = await api<AlertDetail>(`/api/alerts/${fingerprint}`);
    expect(detail.body.events.map((e) => e.kind)).toEqual(['firing']);
    expect(detail.body.deliveries).toMatchObject([{ channel: 'ops', format: 'generic', state: 'delivered', httpStatus: 200, attempt: 1 }]);
  });

  it('resolves when good executions bring the rate down, and the receiver hears it', async () => {
    await sendExecutions(vigil.otlpHttp, vigil.key, [5, 6, 7, 8, 9, 10].map(grounded));
    await vigil.flush();
    await judged(10);
    expect((await vigil.vigil.alerts!.evaluate()).map((r) => r.kind)).toEqual(['resolved']);
    const hooks = await receiver.waitFor(2);
    expect(hooks[1]!.json).toMatchObject({ status: 'resolved', fingerprint });
    expect(hooks[1]!.json.id).not.toBe(hooks[0]!.json.id);
    const history = await api<{ events: { kind: string }[] }>('/api/alerts/history?from=1h');
    expect(history.body.events.map((e) => e.kind)).toEqual(['resolved', 'firing']);
  }, 60_000);

  it('refuses silences from unknown keys, for unknown alerts or without a duration, and takes one from an admin', async () => {
    const read = await api<{ error: string }>(`/api/alerts/${fingerprint}/silence`, { method: 'POST', body: JSON.stringify({ minutes: 60 }) }, 'nope');
    expect(read.status).toBe(401);
    const unknown = await api<{ error: string }>('/api/alerts/0123456789abcdef/silence', { method: 'POST', body: JSON.stringify({ minutes: 60 }) }, TEST_ADMIN_TOKEN);
    expect(unknown.status).toBe(404);
    const noDuration = await api<{ error: string }>(`/api/alerts/${fingerprint}/silence`, { method: 'POST', body: JSON.stringify({}) }, TEST_ADMIN_TOKEN);
    expect(noDuration).toMatchObject({ status: 400, body: { error: expect.stringContaining('minutes') } });
    const ok = await api<{ until: string }>(`/api/alerts/${fingerprint}/silence`, { method: 'POST', body: JSON.stringify({ until: '2h', comment: 'deploying a fix' }) }, TEST_ADMIN_TOKEN);
    expect(ok.status).toBe(200);
    expect(Date.parse(ok.body.until) - Date.now()).toBeGreaterThan(7_100_000);
    const silenced = await api<{ alerts: { silencedUntil: string | null }[] }>('/api/alerts?status=all');
    expect(silenced.body.alerts[0]!.silencedUntil).toBe(ok.body.until);
    expect((await api(`/api/alerts/${fingerprint}/silence`, { method: 'DELETE' }, TEST_ADMIN_TOKEN)).status).toBe(204);
    const lifted = await api<{ alerts: { silencedUntil: string | null }[] }>('/api/alerts?status=all');
    expect(lifted.body.alerts[0]!.silencedUntil).toBeNull();
  });
});

describe('channels', () => {
  it('lists channels without their secrets and says which are not ready', async () => {
    const { body } = await api<{ channels: { name: string; destination: string; ready: boolean; problem?: string }[] }>('/api/alerts/channels');
    expect(body.channels).toEqual([
      { name: 'ops', format: 'generic', destination: `${receiver.url}/…`, ready: true },
      expect.objectContaining({ name: 'missing-secret', ready: false, problem: expect.stringContaining('VIGIL_TEST_UNSET_SLACK_URL is not set') }),
    ]);
    expect(JSON.stringify(body)).not.toContain('/hook');
    const policyView = await api<{ text: string }>('/api/policy');
    expect(policyView.body.text).not.toContain(SECRET);
  });

  it('sends a test notification and returns the receiver\'s answer; admin only', async () => {
    receiver.script.push({ status: 202, body: 'accepted by the test receiver' });
    const sent = await api<TestSend>('/api/alerts/channels/ops/test', { method: 'POST' }, TEST_ADMIN_TOKEN);
    expect(sent.body).toMatchObject({ channel: 'ops', delivered: true, httpStatus: 202, response: 'accepted by the test receiver', error: '' });
    const last = receiver.received.at(-1)!;
    expect(last.json).toMatchObject({ rule: 'vigil test', severity: 'info' });
    expect(verifySignature(SECRET, String(last.headers['x-vigil-signature']), last.body, Math.floor(Date.now() / 1000)).ok).toBe(true);

    const notReady = await api<TestSend>('/api/alerts/channels/missing-secret/test', { method: 'POST' }, TEST_ADMIN_TOKEN);
    expect(notReady.body).toMatchObject({ delivered: false, httpStatus: null, error: expect.stringContaining('VIGIL_TEST_UNSET_SLACK_URL') });
    const unknown = await api<{ error: string }>('/api/alerts/channels/nope/test', { method: 'POST' }, TEST_ADMIN_TOKEN);
    expect(unknown).toMatchObject({ status: 404, body: { error: expect.stringContaining('there are: ops, missing-secret') } });
    const log = await api<{ deliveries: { kind: string; state: string }[] }>('/api/alerts/deliveries?from=1h');
    expect(log.body.deliveries.filter((d) => d.kind === 'test').map((d) => d.state).sort()).toEqual(['delivered', 'failed']);
  });

  it('`vigil alerts test` sends through the running Vigil and prints the answer; a failed send exits 1', async () => {
    const cli = async (args: string[]) => {
      try {
        const { stdout } = await promisify(execFile)(process.execPath, ['bin/vigil.ts', 'alerts', ...args], { env: { ...process.env, VIGIL_URL: vigil.api, VIGIL_ADMIN_TOKEN: TEST_ADMIN_TOKEN } });
        return { stdout, code: 0 };
      } catch (error) {
        const e = error as { stdout: string; stderr: string; code: number };
        return { stdout: e.stdout + e.stderr, code: e.code };
      }
    };
    receiver.script.push({ status: 200, body: 'thanks' });
    expect(await cli(['test', 'ops'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ops: delivered \(HTTP 200, \d+ ms\)\n  receiver said: thanks/) });
    const failed = await cli(['test', 'missing-secret']);
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringContaining('missing-secret: NOT delivered (no HTTP answer') });
    expect((await cli(['list', '--status', 'all'])).stdout).toMatch(/^RESOLVED critical [0-9a-f]{16}  support hallucinations: /);
  }, 30_000);
});
