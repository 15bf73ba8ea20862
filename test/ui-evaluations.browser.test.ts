// The evaluations page and the trace page's flags in a real headless Chromium (Debian's, through
// playwright-core) against a real Vigil whose evaluator judges executions sent with the real
// OpenTelemetry exporter: an unsupported answer, an answer carrying personal data, and one whose
// text is an XSS payload; a scripted chat-completions server on loopback plays the LLM judge.
// Screenshots at 1400 and 800 px go to test/artifacts/ (look at them).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation, EvaluationPage } from '../ui/server/evaluation-schemas.ts';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startFakeLlm, type FakeLlm } from './helpers/fake-llm.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
const KNOWLEDGE = 'Orders can be returned within 30 days of delivery. Refunds go to the original payment method within 5 business days.';
const UNSUPPORTED = 'Your order ships with free express delivery and arrives tomorrow morning before 10 am.';
const XSS = '<img src=x onerror=alert(1)>';
const EMAIL = 'jane.doe@example.com';

let vigil: TestVigil;
let judgeLlm: FakeLlm;
let browser: Browser;
let page: Page;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${vigil.api}${path}`, { headers: { authorization: `Bearer ${vigil.key}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The judgement of `check` on `agent`'s execution by `source`, once the evaluator has made it. */
async function judgement(agent: string, check: string, source = 'guardrail'): Promise<Evaluation> {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const { evaluations } = await api<EvaluationPage>(`/api/evaluations?agent=${agent}&check=${check}&source=${source}&from=1h`);
    if (evaluations[0]) return evaluations[0];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${source} ${check} judgement of ${agent} after 30 s`);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: false });
}

let unsupported: Evaluation;
let xss: Evaluation;
let pii: Evaluation;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (uiBuildNeeded()) await buildUi();
  judgeLlm = await startFakeLlm(({ body }) => {
    const unsupported = (body?.messages?.at(-1)?.content ?? '').includes('tomorrow morning');
    return {
      content: JSON.stringify({ verdict: unsupported ? 'unsupported' : 'grounded', unsupported_claims: unsupported ? [{ claim: 'arrives tomorrow morning', reason: 'no delivery date in the context' }] : [], confidence: 0.9 }),
      usage: { prompt_tokens: 300, completion_tokens: 40 },
    };
  });
  const policyFile = join(mkdtempSync(join(tmpdir(), 'vigil-policy-')), 'policy.yaml');
  writeFileSync(
    policyFile,
    `evaluator:\n  settleSeconds: 1\n  quietSeconds: 3\njudge:\n  baseUrl: ${judgeLlm.url}/v1\n  model: judge-model\n  band: {low: 0, high: 1}\n  price: {inputPerMillion: 1, outputPerMillion: 2}\n`,
  );
  vigil = await startTestVigil({ VIGIL_POLICY: policyFile }, { evaluatorIntervalMs: 200 });
  await sendExecutions(vigil.otlpHttp, vigil.key, [
    answerExecution({ agent: 'grounded-bot', knowledge: [KNOWLEDGE], question: 'Can I return my order?', answer: 'Yes, orders can be returned within 30 days of delivery.' }),
    answerExecution({ agent: 'unsupported-bot', knowledge: [KNOWLEDGE], question: 'When does it arrive?', answer: UNSUPPORTED }),
    answerExecution({ agent: 'pii-bot', knowledge: [KNOWLEDGE], answer: `Orders can be returned within 30 days. I have sent the label to ${EMAIL}.` }),
    answerExecution({ agent: 'xss-bot', knowledge: [KNOWLEDGE], answer: `${XSS} Your parcel was handed to the neighbour at 7 pm yesterday.` }),
  ]);
  await vigil.flush();
  [unsupported, xss, pii] = await Promise.all([judgement('unsupported-bot', 'hallucination'), judgement('xss-bot', 'hallucination'), judgement('pii-bot', 'pii')]);
  await judgement('unsupported-bot', 'hallucination', 'judge');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, vigil.api, vigil.key, '/evaluations');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.close();
  await judgeLlm?.close();
});

/** The list's row of the guardrail's (or another source's) judgement of `agent`. */
const rowOf = (agent: string, source = 'guardrail') =>
  page.locator('tbody tr').filter({ has: page.locator('.sub', { hasText: new RegExp(`^${agent}${source === 'guardrail' ? '' : ` · ${source}`}$`) }) });

describe('evaluations page', () => {
  it('lists the flags, with the evaluator status and the counts per check and agent', async () => {
    expect(unsupported).toMatchObject({ label: 'unsupported', passed: false });
    await page.goto(`${vigil.api}/evaluations`);
    await expect.poll(() => rowOf('unsupported-bot').count(), { timeout: 15_000 }).toBe(1);
    const row = rowOf('unsupported-bot');
    expect(await row.textContent()).toMatch(/hallucination.*unsupported/);
    expect(await row.textContent()).toContain('tomorrow morning');
    // The judge's verdict is listed too; flagged only by default: the grounded answer's pass is not.
    expect(await rowOf('unsupported-bot', 'judge').count()).toBe(1);
    expect(await rowOf('grounded-bot').count()).toBe(0);
    const status = await page.getByRole('region', { name: 'Evaluator status' }).textContent();
    expect(status).toMatch(/Evaluator.*(caught up|behind)/);
    expect(status).toMatch(/LLM judge\s*judge-model:\s*\d+ sent/);
    expect(await page.locator('.counts tbody').textContent()).toContain('unsupported-bot');
    await shot('evaluations-1400');
    await page.setViewportSize({ width: 800, height: 900 });
    await shot('evaluations-800');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('filters the list from a cell of the counts table, in the URL', async () => {
    await page.locator('.counts tbody th button', { hasText: 'pii' }).first().click();
    await page.waitForURL(/check=pii/);
    await expect.poll(async () => new Set(await page.locator('tbody a.check').allTextContents()), { timeout: 15_000 }).toEqual(new Set(['pii']));
    expect(await rowOf('pii-bot').count()).toBe(1);
    await page.getByLabel('Flagged only').uncheck();
    await page.waitForURL(/flagged=all/);
    await expect.poll(() => rowOf('grounded-bot').count(), { timeout: 15_000 }).toBe(1);
  });

  it('shows the policy and explains when judgements appear when there are none', async () => {
    await page.goto(`${vigil.api}/evaluations`);
    await page.getByRole('button', { name: 'view', exact: true }).click();
    await expect.poll(() => page.locator('dialog[open] pre').textContent()).toContain('settleSeconds: 1');
    await page.keyboard.press('Escape');
    await page.goto(`${vigil.api}/evaluations?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z`);
    await expect.poll(() => page.locator('.empty').textContent(), { timeout: 15_000 }).toContain('vigil evaluate --since 24h');
  });

  it('opens the flag in its trace with the flagged span selected and the unsupported claim marked', async () => {
    await page.goto(`${vigil.api}/evaluations?agent=unsupported-bot`);
    await rowOf('unsupported-bot').locator('a.check').click();
    await page.waitForURL((url) => url.pathname === `/traces/${unsupported.traceId}` && url.searchParams.get('span') === unsupported.spanId);
    await expect.poll(() => page.locator('[role=treeitem][aria-selected=true]').getAttribute('data-span-id'), { timeout: 15_000 }).toBe(unsupported.spanId);
    await expect.poll(() => page.locator('[role=treeitem][aria-selected=true] [aria-label^="flagged"]').count()).toBe(1);
    const panel = page.locator('aside.panel');
    await expect.poll(() => panel.locator('mark.claim').first().textContent()).toContain('tomorrow morning');
    expect(await page.locator('.flags').textContent()).toContain('hallucination: unsupported');
    // The judge's second opinion sits beside the guardrail's verdict.
    await expect.poll(() => panel.locator('.judge').textContent()).toMatch(/LLM judge \(judge-model\).*unsupported.*no delivery date in the context/s);
    await shot('evaluations-trace-1400');
    await page.setViewportSize({ width: 800, height: 900 });
    await expect.poll(() => panel.locator('mark.claim').first().isVisible()).toBe(true);
    await shot('evaluations-trace-800');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('shows personal data only masked in the evaluations of a span', async () => {
    expect(pii).toMatchObject({ label: 'email', passed: false });
    await page.goto(`${vigil.api}/traces/${pii.traceId}?span=${pii.spanId}`);
    const section = page.getByRole('region', { name: 'Evaluations of this span' });
    await expect.poll(() => section.locator('mark.pii').first().textContent(), { timeout: 15_000 }).toMatch(/^j\*+@e\*+\.com$/);
    expect(await section.textContent()).not.toContain(EMAIL);
    await shot('evaluations-pii');
  });

  it('shows an XSS-looking answer as text in the list and in the trace', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    expect(xss.passed).toBe(false);
    await page.goto(`${vigil.api}/evaluations?agent=xss-bot`);
    await expect.poll(() => rowOf('xss-bot').textContent(), { timeout: 15_000 }).toContain(XSS);
    await rowOf('xss-bot').locator('a.check').click();
    await page.waitForURL(/span=/);
    const panel = page.locator('aside.panel');
    await expect.poll(() => panel.locator('.answer-text').first().textContent(), { timeout: 15_000 }).toContain(XSS);
    await shot('evaluations-xss');
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
