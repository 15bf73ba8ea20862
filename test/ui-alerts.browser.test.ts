// The alerts page in a real headless Chromium (Debian's, through playwright-core) against a real
// Vigil whose alert engine evaluates a policy's rules over executions sent with the real OpenTelemetry
// exporter, and delivers to real webhook receivers on loopback: one answers 200, one always 500 (its
// notifications fail after the last attempt), and a Slack channel lacks its URL. One agent's name is
// an XSS payload. Screenshots at 1400 and 800 px go to test/artifacts/ (look at them).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { atBothWidths, launchChromium, signIn } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent, Delivery } from '../ui/server/alert-schemas.ts';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { sendExecutions, timedExecution } from './helpers/executions.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
const XSS_AGENT = '<img src=x onerror=alert(1)>';

let vigil: TestVigil;
let ok: Receiver;
let broken: Receiver;
let browser: Browser;
let page: Page;
let firing: Alert;

async function api<T>(path: string, key = vigil.key): Promise<T> {
  const response = await fetch(`${vigil.api}${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 250))) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: false });
}

const bothWidths = (name: string) => atBothWidths(page, name);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (uiBuildNeeded()) await buildUi();
  ok = await startReceiver();
  broken = await startReceiver();
  broken.fallback = { status: 500, body: 'internal error' };
  process.env.VIGIL_UI_ALERTS_SECRET = 'ui-alerts-signing-secret-0123456789';
  delete process.env.VIGIL_UI_ALERTS_SLACK_URL;
  const policyFile = join(mkdtempSync(join(tmpdir(), 'vigil-policy-')), 'policy.yaml');
  writeFileSync(
    policyFile,
    `alerts:
  intervalSeconds: 1
  channels:
    ops-webhook: {format: generic, url: "${ok.url}/hook", secretEnv: VIGIL_UI_ALERTS_SECRET, allowPrivate: true}
    itsm-bridge: {format: alertmanager, url: "${broken.url}/alertmanager", allowPrivate: true, maxAttempts: 2}
    team-slack: {format: slack, urlEnv: VIGIL_UI_ALERTS_SLACK_URL}
  rules:
    - {name: agent errors, metric: error_rate, threshold: 0.2, minSamples: 2, severity: critical, channels: [ops-webhook, itsm-bridge]}
    - {name: error burst, metric: error_rate, threshold: 0.2, windowMinutes: 1, forMinutes: 0.05, minSamples: 1, channels: [ops-webhook]}
    - {name: loops, metric: loops, channels: [team-slack]}
`,
  );
  vigil = await startTestVigil({ VIGIL_POLICY: policyFile }, { evaluatorIntervalMs: 200, alertRetryBaseMs: 100 });
  const now = Date.now();
  // support-bot's errors sit 30 s back: "error burst" (1 min window) goes pending, fires and resolves
  // within the test; "agent errors" (15 min) stays firing.
  await sendExecutions(vigil.otlpHttp, vigil.key, [
    timedExecution('support-bot', now - 32_000, 1200, { error: true }),
    timedExecution('support-bot', now - 31_000, 900, { error: true }),
    timedExecution('support-bot', now - 30_000, 800),
    timedExecution('support-bot', now - 29_000, 1500, { error: true }),
    timedExecution('billing-bot', now - 28_000, 700),
    timedExecution('billing-bot', now - 27_000, 600),
    timedExecution(XSS_AGENT, now - 180_000, 500, { error: true }),
    timedExecution(XSS_AGENT, now - 170_000, 500, { error: true }),
  ]);
  await vigil.flush();
  firing = await until('agent errors firing for support-bot', async () =>
    (await api<{ alerts: Alert[] }>('/api/alerts')).alerts.find((a) => a.rule === 'agent errors' && a.labels.agent === 'support-bot' && a.status === 'firing'),
  );
  // Both alerts of "agent errors" (support-bot and the XSS agent) fail to reach itsm-bridge.
  await until('both itsm-bridge deliveries failing', async () => {
    const { deliveries } = await api<{ deliveries: Delivery[] }>('/api/alerts/deliveries?from=1h');
    return deliveries.filter((d) => d.channel === 'itsm-bridge' && d.state === 'failed').length >= 2 ? true : undefined;
  });
  await until('error burst resolving', async () => (await api<{ events: AlertEvent[] }>('/api/alerts/history?from=1h&rule=error%20burst')).events.find((e) => e.kind === 'resolved'), 90_000);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, vigil.api, vigil.key, '/alerts');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.close();
  await ok?.close();
  await broken?.close();
});

/** The current-alerts row of `rule` for `agent`. */
const currentRow = (rule: string, agent: string) =>
  page.locator('table').first().locator('tbody tr').filter({ has: page.locator('a.rule', { hasText: new RegExp(`^${rule}$`) }) }).filter({ hasText: `agent=${agent}` });

describe('alerts page', () => {
  it('shows what is firing, since when, and that a notification did not arrive', async () => {
    await page.goto(`${vigil.api}/alerts?from=15m`);
    const row = currentRow('agent errors', 'support-bot');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/1 failed/);
    const text = await row.textContent();
    expect(text).toMatch(/firing/);
    expect(text).toMatch(/critical/i);
    expect(text).toContain('75% > 20%');
    expect(await page.locator('.page-head').textContent()).toMatch(/\d+ firing/);
    // Resolved alerts are not "active": error burst is listed only under Resolved.
    expect(await currentRow('error burst', 'support-bot').count()).toBe(0);
    const problems = page.locator('.problems');
    expect(await problems.textContent()).toMatch(/2 notifications failed after the last attempt.*the receiver did not get them/s);
    expect(await problems.textContent()).toMatch(/Channel team-slack cannot send.*VIGIL_UI_ALERTS_SLACK_URL/s);
    const failed = page.locator('#deliveries tbody tr').filter({ hasText: 'itsm-bridge' }).filter({ hasText: 'failed' });
    expect(await failed.first().textContent()).toMatch(/alertmanager.*firing.*2.*failed.*500.*the receiver answered HTTP 500.*none left/s);
    expect(await page.getByRole('region', { name: 'Channels' }).textContent()).toMatch(/team-slack.*not ready/s);
    await bothWidths('alerts');
    await page.locator('#deliveries').scrollIntoViewIfNeeded();
    await shot('alerts-deliveries');
    await page.getByRole('button', { name: 'Resolved', exact: true }).click();
    await page.waitForURL(/status=resolved/);
    await expect.poll(() => currentRow('error burst', 'support-bot').count()).toBe(1);
  });

  it('draws each alert as a lane of pending and firing intervals, and the events beside it', async () => {
    await page.goto(`${vigil.api}/alerts?from=15m`);
    const timeline = page.locator('figure.timeline');
    await expect.poll(() => timeline.locator('.lane-label').allTextContents(), { timeout: 15_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('agent errors'), expect.stringContaining('error burst')]),
    );
    expect(await timeline.locator('rect.firing').count()).toBeGreaterThanOrEqual(2);
    expect(await timeline.locator('rect.pending').count()).toBeGreaterThanOrEqual(1);
    // Readable without colour: the legend names the patterns, the words name the intervals.
    expect(await timeline.locator('figcaption').textContent()).toMatch(/pending.*firing/s);
    expect(await timeline.locator('text.word').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/firing/)]));
    const events = page.locator('section.history tbody tr');
    expect(await events.filter({ hasText: 'error burst' }).allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/resolved/), expect.stringMatching(/firing/), expect.stringMatching(/pending.*not sent/s)]),
    );
    await timeline.locator('.lane-label', { hasText: 'error burst' }).click();
    await page.waitForURL(/alert=[0-9a-f]{16}/);
    await expect.poll(() => page.locator('#alert-title').textContent()).toContain('error burst');
  });

  it('opens an alert in the URL with the executions behind it and its delivery log', async () => {
    await page.goto(`${vigil.api}/alerts?from=15m`);
    await currentRow('agent errors', 'support-bot').locator('a.rule').click();
    await page.waitForURL((url) => url.searchParams.get('alert') === firing.fingerprint);
    const detail = page.locator('#alert-detail');
    await expect.poll(() => detail.locator('p.summary').textContent(), { timeout: 15_000 }).toContain('error rate 75% above 20% for support-bot');
    const links = detail.locator('a[href^="/traces/"]');
    expect(await links.count()).toBe(3);
    expect((await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).sort()).toEqual(firing.executions.map((e) => `/traces/${e.traceId}`).sort());
    expect(await detail.locator('p.failed').textContent()).toMatch(/1 notification of this alert failed/);
    expect(await detail.locator('tbody tr').filter({ hasText: 'itsm-bridge' }).allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/retrying.*500.*retried/s), expect.stringMatching(/failed.*500.*none left/s)]),
    );
    await bothWidths('alerts-detail');
    // A copied link reproduces the view; an execution opens its trace; back returns to the alert.
    await page.goto(`${vigil.api}/alerts?alert=${firing.fingerprint}`);
    await expect.poll(() => detail.locator('#alert-title').textContent(), { timeout: 15_000 }).toContain('agent errors');
    await links.first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}/);
    await expect.poll(() => page.getByRole('treeitem').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.goBack();
    await expect.poll(() => detail.locator('#alert-title').textContent(), { timeout: 15_000 }).toContain('agent errors');
  });

  it('silences an alert for a chosen time with a comment, and lifts the silence', async () => {
    await page.goto(`${vigil.api}/alerts?alert=${firing.fingerprint}`);
    const detail = page.locator('#alert-detail');
    await detail.getByRole('button', { name: /^Silence agent errors/ }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('For').selectOption({ label: '4 hours' });
    await dialog.getByLabel('Comment').fill('rolling back the release, ana');
    await shot('alerts-silence');
    await dialog.getByRole('button', { name: 'Silence', exact: true }).click();
    await expect.poll(() => detail.locator('.silence').textContent(), { timeout: 15_000 }).toMatch(/silenced, (4 h|3 h 59 min) left/);
    const silenced = (await api<{ alerts: Alert[] }>('/api/alerts')).alerts.find((a) => a.fingerprint === firing.fingerprint)!;
    expect(Date.parse(silenced.silencedUntil!) - Date.now()).toBeGreaterThan(3.9 * 3_600_000);
    expect(await page.locator('.page-head').textContent()).toMatch(/1 silenced/);
    await detail.getByRole('button', { name: 'Unsilence agent errors' }).click();
    await expect.poll(() => detail.getByRole('button', { name: /^Silence agent errors/ }).count(), { timeout: 15_000 }).toBe(1);
    expect((await api<{ alerts: Alert[] }>('/api/alerts')).alerts.find((a) => a.fingerprint === firing.fingerprint)!.silencedUntil).toBeNull();
  });

  it('shows an XSS-looking agent name as text', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(`${vigil.api}/alerts?from=15m`);
    await expect.poll(() => currentRow('agent errors', XSS_AGENT).count(), { timeout: 15_000 }).toBe(1);
    await currentRow('agent errors', XSS_AGENT).locator('a.rule').click();
    await expect.poll(() => page.locator('#alert-title').textContent(), { timeout: 15_000 }).toContain(XSS_AGENT);
    expect(await page.locator('#alert-detail p.summary').textContent()).toContain(XSS_AGENT);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('says what failed for an unknown alert, and explains where rules live in a project without alerts', async () => {
    await page.goto(`${vigil.api}/alerts?alert=0123456789abcdef`);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Could not load alert' }).textContent(), { timeout: 15_000 }).toMatch(/HTTP 404.*no alert 0123456789abcdef/s);
    await shot('alerts-unknown');
    await page.getByRole('button', { name: 'Close it and show the alerts' }).click();
    await page.waitForURL((url) => !url.searchParams.has('alert'));

    const created = await fetch(`${vigil.api}/api/projects`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'quiet', name: 'Quiet' }) });
    expect(created.status).toBe(201);
    const keyResponse = await fetch(`${vigil.api}/api/projects/quiet/keys`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ scope: 'read', label: 'ui test' }) });
    const { key } = (await keyResponse.json()) as { key: string };
    const quiet = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await quiet.goto(`${vigil.api}/sign-in?next=%2Falerts`);
    await quiet.getByLabel(/API key/).fill(key);
    await quiet.getByRole('button', { name: 'Sign in' }).click();
    await quiet.waitForURL((url) => url.pathname === '/alerts');
    const empty = quiet.locator('.empty').first();
    await expect.poll(() => empty.textContent(), { timeout: 15_000 }).toMatch(/No alerts yet.*under alerts:.*vigil policy check FILE.*docs\/policy\.md/s);
    await quiet.screenshot({ path: `${ARTIFACTS}alerts-empty.png`, fullPage: false });
    await quiet.close();
  });
});
