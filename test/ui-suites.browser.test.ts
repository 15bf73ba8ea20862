// The suites page in a real headless Chromium (Debian's, through playwright-core) against a real
// Vigil holding suite runs uploaded through its API: two good runs of a suite and a regressed one
// whose broken case produced a real trace (sent with the real OpenTelemetry exporter) and whose
// other broken case answered with an XSS payload; and a second suite with a single failing run, so
// no baseline. Screenshots at 1400 and 800 px go to test/artifacts/ (look at them).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { atBothWidths, launchChromium, signIn } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, SuiteRun } from '../core/suites/model.ts';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
const XSS = '<img src=x onerror=alert(1)>';
const SUITE = 'refund answers';
const GOOD_ANSWER = 'Refunds are accepted within 30 days of purchase. Keep your receipt.';
const BAD_ANSWER = 'Refunds are accepted within 14 days of purchase.';

let vigil: TestVigil;
let browser: Browser;
let page: Page;
let traceId = '';

async function api<T>(path: string, init: RequestInit = {}, token = vigil.key): Promise<T> {
  const response = await fetch(`${vigil.api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 250))) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
}

function result(caseId: string, description: string, pass: boolean, output: string, more: Partial<CaseResult> = {}): CaseResult {
  return {
    caseId,
    description,
    pass,
    score: pass ? 1 : 0,
    assertions: [
      { type: 'contains', pass, score: pass ? 1 : 0, reason: pass ? 'found the expected words' : 'expected "30 days" in the answer' },
      { type: 'llm-rubric', pass: true, score: 0.9, reason: 'polite and on topic' },
    ],
    latencyMs: 400,
    costUsd: 0.0012,
    output,
    traceId: '',
    error: '',
    vars: { question: `${description}?` },
    ...more,
  };
}

const commitOf = (id: string) => createHash('sha1').update(id).digest('hex');

function run(id: string, agentVersion: string, hoursAgo: number, cases: CaseResult[], suite = SUITE): SuiteRun {
  return { id, suite, agent: 'support-bot', agentVersion, gitCommit: commitOf(id), startedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), durationMs: 5400, cases };
}

const goodCases = () => [
  result('window', 'refund window', true, GOOD_ANSWER),
  result('greeting', 'greets the customer', true, 'Hello! How can I help you today?'),
  result('receipt', 'asks for the receipt', true, 'Please keep your receipt.'),
  result('escalate', 'hands angry customers to a person', false, 'I cannot help with that.'),
];

/** Runs in the page: how an element's text is decorated (line-through, underline). */
const decorationOf = (e: unknown) => (globalThis as unknown as { getComputedStyle(el: unknown): { textDecorationLine: string } }).getComputedStyle(e).textDecorationLine;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: false });
}

const bothWidths = (name: string) => atBothWidths(page, name);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (uiBuildNeeded()) await buildUi();
  vigil = await startTestVigil();
  const { key: ingestKey } = await api<{ key: string }>('/api/projects/default/keys', { method: 'POST', body: JSON.stringify({ scope: 'ingest' }) }, TEST_ADMIN_TOKEN);
  await sendExecutions(vigil.otlpHttp, vigil.key, [answerExecution({ agent: 'support-bot', question: 'How long do I have to return it?', answer: BAD_ANSWER })]);
  await vigil.flush();
  traceId = await until('the broken case\'s execution listed', async () => (await api<{ executions: { traceId: string }[] }>('/api/traces?from=1h')).executions[0]?.traceId);

  const upload = (r: SuiteRun) => api('/api/suites/runs', { method: 'POST', body: JSON.stringify(r) }, ingestKey);
  // The escalation case fails in every run (still failing); v1 and v2 pass every other case, but only
  // a run passing every case is a "last passing" baseline: so v2 drops the escalation case.
  await upload(run('v1', '1.4.0', 30, goodCases()));
  await upload(run('v2', '1.4.1', 20, goodCases().filter((c) => c.caseId !== 'escalate')));
  await upload(
    run('v3', '1.5.0', 2, [
      result('window', 'refund window', false, BAD_ANSWER, { traceId, score: 0.2, latencyMs: 900 }),
      result('greeting', 'greets the customer', false, XSS, { assertions: [{ type: 'javascript', pass: false, score: 0, reason: `output was ${XSS}` }] }),
      result('receipt', 'asks for the receipt', true, 'Please keep your receipt.'),
      result('escalate', 'hands angry customers to a person', true, 'Let me get a colleague for you.'),
      result('tone', 'stays calm with rude customers', true, 'I understand, let us sort this out.'),
    ]),
  );
  await upload(run('e1', '0.1.0', 1, [result('handoff', 'hands off billing questions', false, 'No.')], 'escalation'));

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, vigil.api, vigil.key, '/suites');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.close();
});

const suiteSection = (name: string) => page.getByRole('region', { name, exact: true });

describe('suites page', () => {
  it('lists each suite with its pass-rate trend and its runs, newest first', async () => {
    await page.goto(`${vigil.api}/suites`);
    const refunds = suiteSection(SUITE);
    await expect.poll(() => refunds.locator('tbody tr').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Suites' }).getAttribute('aria-current')).toBe('page');
    const chart = refunds.locator('figure.chart');
    expect(await chart.locator('h2').textContent()).toBe(`Pass rate of ${SUITE}`);
    expect(await chart.locator('circle').count()).toBe(3);
    expect(await chart.locator('text.point-label').allTextContents()).toEqual(['1.4.0', '1.4.1', '1.5.0']);
    expect(await chart.locator('text.reference-label').textContent()).toBe('every case');
    const rows = await refunds.locator('tbody tr').allTextContents();
    expect(rows[0]).toMatch(new RegExp(`2 h ago.*support-bot.*1\\.5\\.0.*${commitOf('v3').slice(0, 10)}.*3 / 5.*60%.*400 ms.*\\$0\\.006`, 's'));
    expect(rows[1]).toMatch(/20 h ago.*1\.4\.1.*3 \/ 3.*100%/s);
    expect(rows[2]).toMatch(/1 d ago.*1\.4\.0.*3 \/ 4.*75%/s);
    expect(await refunds.locator('.head').textContent()).toMatch(/newest run: 1\.5\.0,\s+✕ 2 of 5 failed\s+·\s+3 runs/);
    expect(await suiteSection('escalation').locator('tbody tr').count()).toBe(1);
    await bothWidths('suites');
    // The numbers behind the chart are a table away.
    await chart.getByRole('button', { name: 'Show table' }).click();
    expect(await chart.locator('.wrap tbody tr').count()).toBe(3);
  });

  it('opens a regressed run: the verdict, what broke first with its output beside the baseline\'s, and its trace', async () => {
    await page.goto(`${vigil.api}/suites`);
    await suiteSection(SUITE).locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL((url) => url.searchParams.get('run') === 'v3');
    const verdict = page.locator('.verdict');
    await expect.poll(() => verdict.locator('.headline').textContent(), { timeout: 15_000 }).toMatch(/Regressed against the baseline/);
    expect(await verdict.textContent()).toMatch(/Baseline: run v2, version 1\.4\.1/);
    expect(await verdict.locator('.reasons').textContent()).toMatch(/2 cases that passed in baseline run v2 fail now, more than the tolerance of 0: "greets the customer", "refund window"\./);
    expect(await verdict.locator('.significance').textContent()).toMatch(/Could it be chance\?.*2 cases broke and 0 were fixed.*McNemar/s);
    expect(await verdict.locator('.deltas').textContent()).toMatch(/Pass rate\s*60%\s*from 100%, −40 pts/);
    expect(await page.locator('section.totals').textContent()).toMatch(/Pass rate\s*60%.*Cases passed\s*3 \/ 5.*Failed\s*✕ 2/s);

    const groups = await page.locator('section.group h3').allTextContents();
    expect(groups.map((g) => g.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^▾ Newly failing \(2\)/),
      expect.stringMatching(/^▾ Added \(2\)/),
      expect.stringMatching(/^▸ Still passing \(1\)/),
    ]);
    const broken = page.locator('[data-group="newlyFailing"] article[data-case="window"]');
    expect(await broken.locator('header').textContent()).toMatch(/✕ newly failing.*refund window/s);
    expect(await broken.locator('.figures').textContent()).toMatch(/Score\s*0\.20\s*\(−0\.80 vs baseline\).*Latency\s*900 ms\s*\(\+500 ms vs baseline\)/s);
    expect(await broken.locator('.assertions').first().textContent()).toMatch(/contains.*score 0\.00, passed in the baseline.*expected "30 days" in the answer/s);
    expect(await broken.locator('pre.baseline del').allTextContents()).toEqual(['30', ' Keep your receipt.']);
    expect(await broken.locator('pre.current ins').allTextContents()).toEqual(['14']);
    expect(await broken.locator('pre.baseline').textContent()).toBe(GOOD_ANSWER);
    expect(await broken.locator('pre.current').textContent()).toBe(BAD_ANSWER);
    expect(await broken.locator('.legend').textContent()).toMatch(/struck through: only in the baseline \(4 words\) · underlined: only in this run \(1 word\)/);
    // Marked without colour alone: struck through and underlined.
    expect(await broken.locator('pre.baseline del').first().evaluate(decorationOf)).toBe('line-through');
    expect(await broken.locator('pre.current ins').first().evaluate(decorationOf)).toBe('underline');
    const trace = broken.getByRole('link', { name: 'Trace of this run' });
    expect(await trace.getAttribute('href')).toBe(`/traces/${traceId}`);
    await bothWidths('suites-run');
    await broken.scrollIntoViewIfNeeded();
    await shot('suites-run-case');

    await trace.click();
    await page.waitForURL((url) => url.pathname === `/traces/${traceId}`);
    await expect.poll(() => page.getByRole('treeitem').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.goBack();
    await expect.poll(() => page.locator('.verdict .headline').textContent(), { timeout: 15_000 }).toMatch(/Regressed/);
  });

  it('shows an output and a reason that look like markup as text', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(`${vigil.api}/suites?run=v3`);
    const xss = page.locator('article[data-case="greeting"]');
    await expect.poll(() => xss.locator('pre.current').textContent(), { timeout: 15_000 }).toBe(XSS);
    expect(await xss.locator('pre.current ins').textContent()).toBe(XSS);
    expect(await xss.locator('.reason').textContent()).toBe(`output was ${XSS}`);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('compares with a baseline chosen in the selector, kept in the URL', async () => {
    await page.goto(`${vigil.api}/suites?run=v3`);
    const picker = page.getByRole('combobox', { name: /^Baseline/ });
    await expect.poll(() => picker.locator('option').count(), { timeout: 15_000 }).toBe(3);
    await picker.selectOption('v1');
    await page.waitForURL((url) => url.searchParams.get('baseline') === 'v1');
    const verdict = page.locator('.verdict');
    await expect.poll(() => verdict.textContent(), { timeout: 15_000 }).toMatch(/Baseline: run v1, version 1\.4\.0/);
    expect(await page.locator('section.group h3').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Newly passing \(1\)/)]));
    expect(await page.locator('[data-group="newlyPassing"] article[data-case="escalate"] .assertions').textContent()).toMatch(/contains.*failed in the baseline/s);
    // Still passing is collapsed until opened.
    const still = page.locator('[data-group="stillPassing"]');
    expect(await still.locator('article').count()).toBe(0);
    await still.getByRole('button', { name: /Still passing/ }).click();
    expect(await still.locator('article').count()).toBe(1);
  });

  it('says when there is no baseline, as an answer rather than a failure, and still lists the cases', async () => {
    await page.goto(`${vigil.api}/suites`);
    await suiteSection('escalation').locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL((url) => url.searchParams.get('run') === 'e1');
    const note = page.locator('.no-baseline');
    await expect.poll(() => note.textContent(), { timeout: 15_000 }).toMatch(/no earlier run of suite "escalation" passed every case: name a baseline run with \?baseline=<run id>/);
    expect(await page.getByText(/Could not load/).count()).toBe(0);
    expect(await page.locator('[data-group="stillFailing"] article[data-case="handoff"]').count()).toBe(1);
    await shot('suites-no-baseline');
  });

  it('explains how runs arrive in a project without any', async () => {
    const created = await fetch(`${vigil.api}/api/projects`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'quiet', name: 'Quiet' }) });
    expect(created.status).toBe(201);
    const { key } = await api<{ key: string }>('/api/projects/quiet/keys', { method: 'POST', body: JSON.stringify({ scope: 'read', label: 'ui test' }) }, TEST_ADMIN_TOKEN);
    const quiet = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await quiet.goto(`${vigil.api}/sign-in?next=%2Fsuites`);
    await quiet.getByLabel(/API key/).fill(key);
    await quiet.getByRole('button', { name: 'Sign in' }).click();
    await quiet.waitForURL((url) => url.pathname === '/suites');
    const empty = quiet.locator('.empty');
    await expect.poll(() => empty.textContent(), { timeout: 15_000 }).toMatch(/No suite runs yet.*vigil suite run suite\.yaml --agent-version.*vigil suite upload <run\.json>.*vigil suite run suite\.yaml --junit junit\.xml --markdown comment\.md/s);
    await quiet.screenshot({ path: `${ARTIFACTS}suites-empty.png`, fullPage: false });
    await quiet.close();
  });
});
