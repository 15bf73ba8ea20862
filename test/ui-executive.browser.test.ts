// The executive page in a real headless Chromium (Debian's, through playwright-core) against a real
// Vigil whose evaluator gives executions sent with the real OpenTelemetry exporter their outcomes:
// today's and yesterday's executions with known outcomes (the agents' `vigil.outcome`), durations
// against an SLA, end-user thumbs on the spans, and a policy with a value model and targets. One
// agent's name is an XSS payload. Screenshots at 1400 and 800 px, in print, and the printed PDF go
// to test/artifacts/ (look at them).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessMetrics } from '../ui/server/business-schemas.ts';
import type { Execution, SpanDescription } from '../demo/spans.ts';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { sendExecutions } from './helpers/executions.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
const XSS_AGENT = '<img src=x onerror=alert(1)>';
const DAY_MS = 86_400_000;
// A few minutes ago, and the whole UTC day around it (periods are whole UTC days): the previous
// period is the day before, where yesterday's executions sit.
const NOW = Date.now() - 5 * 60_000;
const DAY = Math.floor(NOW / DAY_MS) * DAY_MS;
const RANGE = `from=${new Date(DAY).toISOString()}&to=${new Date(DAY + DAY_MS).toISOString()}`;

const POLICY = `
evaluator: {settleSeconds: 1, quietSeconds: 3}
value:
  agents:
    billing-bot:
      valuePerResolved: 10
      costPerEscalation: 2
      fixedMonthlyCost: 30.4375
      slaSeconds: 60
      targets: {resolutionRate: 0.5, slaCompliance: 0.9}
`;

interface Case {
  agent: string;
  outcome: 'resolved' | 'escalated' | 'abandoned';
  durationMs?: number;
  thumbs?: 'up' | 'down';
  daysAgo?: number;
}

// Today: billing-bot resolves 2 of 4 (one over its 60 s SLA), hands 1 to a person, loses 1; two
// other agents resolve 3. Yesterday: billing-bot handed both of its 2 executions to a person.
const CASES: Case[] = [
  { agent: 'billing-bot', outcome: 'resolved', thumbs: 'up' },
  { agent: 'billing-bot', outcome: 'resolved', durationMs: 90_000 },
  { agent: 'billing-bot', outcome: 'escalated', thumbs: 'down' },
  { agent: 'billing-bot', outcome: 'abandoned' },
  { agent: 'search-bot', outcome: 'resolved' },
  { agent: 'search-bot', outcome: 'resolved' },
  { agent: XSS_AGENT, outcome: 'resolved' },
  { agent: 'billing-bot', outcome: 'escalated', daysAgo: 1 },
  { agent: 'billing-bot', outcome: 'escalated', daysAgo: 1 },
];

/** An agent root around one priced LLM call, with the agent's stated outcome and feedback. */
function execution(c: Case, index: number): Execution {
  const start = NOW - (c.daysAgo ?? 0) * DAY_MS - 120_000 + index * 1000;
  const llm: SpanDescription = {
    name: 'chat gpt-4o-mini',
    kind: 'client',
    startMs: start + 1,
    endMs: start + 50,
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100 },
    children: [],
  };
  const attributes: SpanDescription['attributes'] = { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': c.agent, 'vigil.outcome': c.outcome };
  if (c.thumbs) attributes['vigil.feedback.thumbs'] = c.thumbs;
  return { service: 'shop-svc', agent: c.agent, root: { name: `invoke_agent ${c.agent}`, kind: 'internal', startMs: start, endMs: start + (c.durationMs ?? 2000), attributes, children: [llm] } };
}

let vigil: TestVigil;
let browser: Browser;
let page: Page;
let metrics: BusinessMetrics;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${vigil.api}${path}`, { headers: { authorization: `Bearer ${vigil.key}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

const tile = (kpi: string) => page.locator(`article.tile[data-kpi="${kpi}"]`);
const text = async (selector: ReturnType<typeof tile>) => ((await selector.textContent()) ?? '').replace(/\s+/g, ' ');

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (uiBuildNeeded()) await buildUi();
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-policy-')), 'policy.yaml');
  writeFileSync(file, POLICY);
  vigil = await startTestVigil({ VIGIL_POLICY: file }, { evaluatorIntervalMs: 200 });
  await sendExecutions(vigil.otlpHttp, vigil.key, CASES.map(execution));
  await vigil.flush();
  // Outcomes are settled by the evaluator a few seconds after the spans stop arriving.
  for (let waited = 0; ; waited += 250) {
    metrics = await api<BusinessMetrics>(`/api/metrics/business?${RANGE}`);
    if (metrics.totals.executions === 7 && metrics.totals.unknown === 0 && metrics.previousTotals.escalated === 2 && metrics.totals.feedback === 2) break;
    if (waited > 60_000) throw new Error(`the executions' outcomes: not after 60 s (${JSON.stringify(metrics.totals)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page.on('dialog', (dialog) => {
    throw new Error(`a script ran: dialog "${dialog.message()}"`);
  });
  await signIn(page, vigil.api, vigil.key, '/executive');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.close();
});

describe('executive page', () => {
  it('shows each KPI with its change against the previous period, judged by which way is good', async () => {
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    await expect.poll(() => text(tile('executions')), { timeout: 15_000 }).toMatch(/Executions 7 ▲ \+5 \(\+250%\)/);
    // 5 of 7 resolved, against 0 of 2 yesterday: up, and up is better.
    expect(await text(tile('resolutionRate'))).toMatch(/71%.*▲ \+71 pp, better.*5 resolved of 7 with a known outcome/);
    // 1 of 7 handed to a person, against 2 of 2: down, and down is better for handoffs.
    expect(await text(tile('handoffRate'))).toMatch(/14%.*▼ −86 pp, better/);
    expect(await text(tile('abandonmentRate'))).toMatch(/14%.*▲ \+14 pp, worse/);
    expect(await text(tile('satisfactionRate'))).toMatch(/50%.*1 positive, 1 negative/);
    expect(await text(tile('slaCompliance'))).toMatch(/86%.*6 of 7 within the SLA/);
    // Value: billing-bot's 2 resolved × $10; ROI from the API's own totals.
    expect(await text(tile('valueUsd'))).toMatch(/\$20\.00.*escalations cost \$2\.00/);
    expect(await text(tile('roi'))).toContain(`${Math.round(metrics.totals.roi! * 100).toLocaleString('en-US')}%`);
    // The policy's targets: met exactly, and missed with the gap (3 of 4 within the SLA, 90% asked).
    const targets = page.locator('section.targets tbody tr');
    expect(await targets.filter({ hasText: 'Resolution rate' }).textContent()).toMatch(/billing-bot.*≥ 50%.*50%.*met exactly/s);
    expect(await targets.filter({ hasText: 'SLA compliance' }).textContent()).toMatch(/billing-bot.*≥ 90%.*75%.*✕.*missed by 15 pp/s);
    expect(await page.locator('.page-head').textContent()).toMatch(/all agents, \d{4}-\d\d-\d\d \(UTC days\), against the 24 hours before/);
    await shot('executive-1400');
    await page.setViewportSize({ width: 800, height: 900 });
    await shot('executive-800');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('draws the trends, ROI as labelled value and cost lines, and the breakdowns by agent, SLA and model', async () => {
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    const charts = page.locator('figure.chart');
    await expect.poll(() => charts.count(), { timeout: 15_000 }).toBe(8);
    expect(await charts.locator('h2').allTextContents()).toEqual(
      expect.arrayContaining(['ROI: cumulative value against cumulative cost', 'Executions per day by outcome', 'Cost per execution', 'Resolution rate', 'Handoff rate', 'Satisfaction', 'SLA compliance']),
    );
    const roi = charts.filter({ hasText: 'ROI: cumulative value' });
    expect(await roi.locator('text.end-label').allTextContents()).toEqual([expect.stringMatching(/^Value of resolved executions: \$20\.00$/), expect.stringMatching(/^Cost: agent \+ escalations: \$3\.\d\d$/)]);
    // Lines are told apart by dash patterns as well as colour.
    expect(await roi.locator('g[clip-path] path').evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke-dasharray') ?? ''))).toEqual(['', '6 3']);
    const billing = page.locator('section.agents tbody tr').filter({ hasText: 'billing-bot' });
    expect(await billing.textContent()).toMatch(/billing-bot\s*4\s*▲ \+2 \(\+100%\).*50%\s*▲ \+50 pp, better.*25%\s*▼ −75 pp, better/s);
    const sla = page.locator('section.sla tbody tr').filter({ hasText: 'billing-bot' });
    expect(await sla.textContent()).toMatch(/1 m 00 s.*75%.*3 of 4.*▼ −25 pp, worse.*1.*target ≥ 90% missed by 15 pp/s);
    const cost = page.locator('section.cost tbody tr').filter({ hasText: 'gpt-4o-mini' }).filter({ hasText: 'billing-bot' });
    expect(await cost.textContent()).toMatch(/gpt-4o-mini\s*billing-bot\s*4\s*4k\s*400/);
    await page.locator('section.cost').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}executive-breakdown.png` });
  });

  it('opens the executions behind a figure in the explorer', async () => {
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    const handoff = tile('handoffRate').locator('a.value');
    await expect.poll(() => handoff.getAttribute('href'), { timeout: 15_000 }).toContain('outcome=escalated');
    await handoff.click();
    await page.waitForURL((url) => url.pathname === '/traces' && url.searchParams.get('outcome') === 'escalated');
    await expect.poll(() => page.locator('.page-head').textContent(), { timeout: 15_000 }).toMatch(/^\s*Traces\s*1 execution in/);
    await page.goBack();
    // The SLA row opens the billing-bot executions slower than its SLA: the one of 90 s.
    await page.locator('section.sla tbody tr').filter({ hasText: 'billing-bot' }).getByRole('link', { name: '1', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('agent') === 'billing-bot' && url.searchParams.get('minDurationMs') === '60000');
    await expect.poll(() => page.locator('.page-head').textContent(), { timeout: 15_000 }).toMatch(/1 execution in/);
  });

  it('narrows to one agent and to weekly points in the URL', async () => {
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    await page.getByRole('combobox', { name: /^Agent/ }).selectOption('billing-bot');
    await page.waitForURL((url) => url.searchParams.get('agent') === 'billing-bot');
    await expect.poll(() => text(tile('executions')), { timeout: 15_000 }).toMatch(/Executions 4 /);
    expect(await text(tile('resolutionRate'))).toMatch(/50%.*target ≥ 50% met exactly/);
    // With one agent its target is a labelled line on the chart.
    expect(await page.locator('figure.chart', { hasText: 'Resolution rate' }).locator('text.reference-label').textContent()).toBe('target ≥ 50%');
    await page.getByRole('button', { name: 'Weekly' }).click();
    await page.waitForURL((url) => url.searchParams.get('interval') === 'week');
    await expect.poll(() => page.locator('figure.chart h2').allTextContents(), { timeout: 15_000 }).toContain('Executions per week by outcome');
    await page.getByRole('combobox', { name: /^Agent/ }).selectOption('');
    await page.waitForURL((url) => !url.searchParams.has('agent'));
  });

  it('shows an agent name that is markup as text', async () => {
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    const row = page.locator('section.agents tbody tr').filter({ hasText: XSS_AGENT });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('exports both endpoints as CSV', async () => {
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    for (const [link, header] of [['KPIs', /^start,executions,resolved,/], ['cost by model', /^start,agent,model,costUsd,/]] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.exports').getByRole('link', { name: link }).click()]);
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv).toMatch(header);
    }
  });

  it('prints a report: no navigation or controls, a header naming the period, the definitions open', async () => {
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    await expect.poll(() => text(tile('executions')), { timeout: 15_000 }).toMatch(/Executions 7/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav[aria-label="Pages"]').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print / save as PDF' }).isVisible()).toBe(false);
    expect(await page.locator('header.report-head').textContent()).toMatch(/Vigil executive report.*All agents.*\(UTC days\), by day.*compared with.*Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/s);
    await shot('executive-print');
    const pdf = await page.pdf({ path: `${ARTIFACTS}executive.pdf`, format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Printing opens the definitions, so a forwarded report carries them.
    await page.evaluate("dispatchEvent(new Event('beforeprint'))");
    expect(await page.locator('details.definitions').getAttribute('open')).not.toBeNull();
    await page.evaluate("dispatchEvent(new Event('afterprint'))");
    await page.emulateMedia({ media: 'screen' });
  });

  it('says when there is nothing in the period, and when the metrics cannot be loaded', async () => {
    await page.goto(`${vigil.api}/executive?from=2020-01-01T00:00:00Z&to=2020-01-08T00:00:00Z`);
    await expect.poll(() => page.locator('.empty h2').textContent(), { timeout: 15_000 }).toMatch(/No executions of all agents in 2020-01-01/);
    expect(await page.locator('.empty').textContent()).toMatch(/\/v1\/traces/);
    await shot('executive-empty');
    const business = (url: URL) => url.pathname === '/api/metrics/business';
    await page.route(business, (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'storage is unavailable' }) }));
    await page.goto(`${vigil.api}/executive?${RANGE}`);
    await expect.poll(() => page.locator('.error').textContent(), { timeout: 15_000 }).toMatch(/Could not load the business metrics \(HTTP 500\).*storage is unavailable.*Retry/s);
    await page.unroute(business);
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => text(tile('executions')), { timeout: 15_000 }).toMatch(/Executions 7/);
  });
});
