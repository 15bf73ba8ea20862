// The web UI in a real headless Chromium (Debian's, through playwright-core) against a real Vigil
// on the embedded engine, filled by the demo traffic generator and one execution whose LLM output
// is an XSS payload. Screenshots go to test/artifacts/ (look at them).
import { mkdirSync } from 'node:fs';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../demo/run.ts';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

let vigil: TestVigil;
let browser: Browser;
let page: Page;
let xssTrace: string;

/** One support execution whose answer is an XSS payload, sent with the real SDK and exporter. */
async function sendXssTrace(): Promise<string> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'xss-agent' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: vigil.otlpHttp, headers: { authorization: `Bearer ${vigil.key}` } }) })],
  });
  const tracer = provider.getTracer('xss');
  const root = tracer.startSpan('invoke_agent xss-bot', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'xss-bot' } });
  const llm = tracer.startSpan(
    'chat gpt-4o',
    {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 10,
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: XSS }] }]),
      },
    },
    trace.setSpan(context.active(), root),
  );
  llm.end();
  root.end();
  await provider.shutdown();
  return root.spanContext().traceId;
}

/** One trace of `count` sibling spans under a root, sent with the real SDK. */
async function sendWideTrace(count: number): Promise<string> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'wide-agent' }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: vigil.otlpHttp, headers: { authorization: `Bearer ${vigil.key}` } }), maxQueueSize: count + 10, maxExportBatchSize: 1000 })],
  });
  const tracer = provider.getTracer('wide');
  const start = Date.now() - 60_000;
  const root = tracer.startSpan('invoke_agent wide-bot', { startTime: start, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'wide-bot' } });
  const parent = trace.setSpan(context.active(), root);
  for (let i = 0; i < count - 1; i++) {
    const child = tracer.startSpan(`step ${String(i).padStart(4, '0')}`, { startTime: start + i * 10, attributes: { 'step.index': i } }, parent);
    child.end(start + i * 10 + 8);
  }
  root.end(start + count * 10);
  await provider.shutdown();
  await vigil.flush();
  return root.spanContext().traceId;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: false });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (uiBuildNeeded()) await buildUi();
  vigil = await startTestVigil();
  await runDemo({ otlpUrl: vigil.otlpHttp, key: vigil.key, days: 1, perDay: 60, live: false, ratePerMinute: 0, seed: 7, log: () => {}, stored: () => vigil.flush() });
  xssTrace = await sendXssTrace();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.close();
});

describe('web UI', () => {
  it('sends unauthenticated visitors to sign-in and signs in with a key into an HttpOnly cookie', async () => {
    await page.goto(`${vigil.api}/traces`);
    await page.waitForURL(/\/sign-in/);
    await shot('sign-in');
    await page.getByLabel(/API key/).fill('vgl_wrong_wrong_wrong_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not valid/);
    await page.getByLabel(/API key/).fill(vigil.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/traces');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'vigil_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })');
    expect(stored).not.toContain(vigil.key);
    expect(page.url()).not.toContain(vigil.key);
  });

  it('lists executions and filters them, with the filter in the URL', async () => {
    await page.goto(`${vigil.api}/traces`);
    await expect.poll(() => page.locator('a.name').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    await shot('traces');
    await page.getByLabel('Agent').selectOption('incident-triage');
    await page.waitForURL(/agent=incident-triage/);
    await expect.poll(async () => new Set(await page.locator('a.name').allTextContents()), { timeout: 15_000 }).toEqual(new Set(['invoke_agent incident-triage']));
    await shot('traces-filtered');
    // The link reproduces the view.
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    await expect.poll(async () => new Set(await page.locator('a.name').allTextContents()), { timeout: 15_000 }).toEqual(new Set(['invoke_agent incident-triage']));
  });

  it('opens a trace: the waterfall shows its spans and the span panel the messages; a deep link selects the span', async () => {
    await page.locator('a.name').first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}/);
    const traceId = /\/traces\/([0-9a-f]{32})/.exec(page.url())![1]!;
    const expected = (await (await fetch(`${vigil.api}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${vigil.key}` } })).json()) as {
      spans: { spanId: string; name: string; type: string; outputMessages: { content: string }[] }[];
    };
    await expect.poll(() => page.getByRole('treeitem').count(), { timeout: 15_000 }).toBe(expected.spans.length);
    const llm = expected.spans.find((s) => s.type === 'llm' && s.outputMessages.length > 0)!;
    await page.getByRole('treeitem').filter({ hasText: llm.name }).first().click();
    await page.waitForURL(/span=/);
    const panel = page.locator('aside.panel');
    await expect.poll(() => panel.textContent()).toContain('Output messages');
    await shot('trace');
    const spanId = new URL(page.url()).searchParams.get('span')!;
    const selected = expected.spans.find((s) => s.spanId === spanId)!;
    await page.goto('about:blank');
    await page.goto(`${vigil.api}/traces/${traceId}?span=${spanId}`);
    await expect.poll(() => page.locator('aside.panel h2').textContent(), { timeout: 15_000 }).toBe(selected.name);
    await expect.poll(() => page.locator('[role=treeitem][aria-selected=true]').count()).toBe(1);
  });

  it('shows an XSS payload from an LLM output as inert text', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(`${vigil.api}/traces/${xssTrace}`);
    await expect.poll(() => page.getByRole('treeitem').count(), { timeout: 15_000 }).toBe(2);
    await page.getByRole('treeitem').filter({ hasText: 'chat gpt-4o' }).click();
    await expect.poll(() => page.locator('aside.panel').textContent()).toContain(XSS);
    await shot('xss-inert');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('aside.panel img, aside.panel script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('opens a 3,000-span trace with only the rows in view in the page, and loads a span\'s content on selection', async () => {
    const traceId = await sendWideTrace(3000);
    await page.goto(`${vigil.api}/traces/${traceId}`);
    await expect.poll(() => page.getByRole('treeitem').count(), { timeout: 20_000 }).toBeGreaterThan(10);
    expect(await page.getByRole('treeitem').count()).toBeLessThan(200);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.getByRole('treeitem').filter({ hasText: 'step 0002' }).click();
    await expect.poll(() => page.locator('aside.panel').textContent()).toContain('step.index');
    expect(requests.some((p) => /\/api\/traces\/[0-9a-f]{32}\/spans\/[0-9a-f]{16}$/.test(p))).toBe(true);
    await shot('wide-trace');
  });

  it('draws the SRE charts', async () => {
    await page.goto(`${vigil.api}/sre`);
    await expect.poll(() => page.locator('svg path').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await shot('sre');
  });
});
