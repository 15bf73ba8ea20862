// A person reviews an execution on its trace page, in a real headless Chromium against a real Vigil:
// decides the outcome, says why and writes the corrected answer; the header shows the decision, the
// API keeps it, and a dataset export carries the corrected answer into the test case. A reader key
// is refused with the server's message. Screenshots at 1400 and 800 px go to test/artifacts/.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { ARTIFACTS, atBothWidths, launchChromium, signIn } from './helpers/browser.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

const KNOWLEDGE = 'Items can be returned within 30 days of delivery.';
const CORRECTED = 'You can return items within 30 days of delivery.';
let vigil: TestVigil;
let browser: Browser;
let page: Page;
let traceId = '';

async function api(path: string, init: RequestInit = {}, token = vigil.key): Promise<Response> {
  return fetch(`${vigil.api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
}

beforeAll(async () => {
  mkdirSync(new URL('./artifacts/', import.meta.url), { recursive: true });
  if (uiBuildNeeded()) await buildUi();
  vigil = await startTestVigil();
  await sendExecutions(vigil.otlpHttp, vigil.key, [
    answerExecution({ agent: 'support-agent', knowledge: [KNOWLEDGE], question: 'How long do I have to return an item?', answer: 'You have 90 days, and shipping is refunded.' }),
  ]);
  await vigil.flush();
  for (let waited = 0; !traceId; waited += 250) {
    if (waited > 30_000) throw new Error('the execution: not stored after 30 s');
    traceId = ((await (await api('/api/traces')).json()) as { executions: { traceId: string }[] }).executions[0]?.traceId ?? '';
    if (!traceId) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, vigil.api, vigil.key, `/traces/${traceId}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.close();
});

describe('reviewing an execution', () => {
  it('records the outcome, the reason and the corrected answer, which a dataset export carries', async () => {
    await page.getByRole('button', { name: 'Review…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review this execution' });
    await expect.poll(() => dialog.getByText(/Outcome now:/).textContent()).toMatch(/Outcome now: unknown/);
    await dialog.getByLabel('Outcome').selectOption('failed');
    await dialog.getByLabel(/^Why/).fill('invented a 90-day return window');
    await dialog.getByLabel(/^Corrected answer/).fill(CORRECTED);
    await atBothWidths(page, 'review-dialog');
    await dialog.getByRole('button', { name: 'Save decision' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => page.locator('dd.outcome').textContent()).toBe('failed');

    const view = (await (await api(`/api/executions/${traceId}/outcome`)).json()) as { outcome: string; history: { reason: string; correctedOutput: string }[] };
    expect(view.outcome).toBe('failed');
    expect(view.history).toEqual([expect.objectContaining({ reason: 'invented a 90-day return window', correctedOutput: CORRECTED })]);
    const added = await api('/api/datasets/returns/items', { method: 'POST', body: JSON.stringify({ traceIds: [traceId] }) });
    expect(added.status).toBe(200);
    const cases = parse(await (await api('/api/datasets/returns/export')).text()) as { vars: Record<string, string> }[];
    expect(cases[0]!.vars.expected).toBe(CORRECTED);

    // The dialog lists the decision when opened again.
    await page.getByRole('button', { name: 'Review…' }).click();
    await expect.poll(() => dialog.locator('.history li').first().textContent()).toMatch(/failed by .*invented a 90-day return window/);
    await expect.poll(() => dialog.locator('blockquote').textContent()).toBe(CORRECTED);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows the server refusing a reader key, and records nothing', async () => {
    const created = await api('/api/projects/default/keys', { method: 'POST', body: JSON.stringify({ scope: 'read' }) }, TEST_ADMIN_TOKEN);
    const reader = ((await created.json()) as { key: string }).key;
    const other = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(other, vigil.api, reader, `/traces/${traceId}`);
    await other.getByRole('button', { name: 'Review…' }).click();
    const dialog = other.getByRole('dialog', { name: 'Review this execution' });
    await dialog.getByRole('button', { name: 'Save decision' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/admin scope/);
    await other.screenshot({ path: `${ARTIFACTS}review-refused.png` });
    const view = (await (await api(`/api/executions/${traceId}/outcome`)).json()) as { history: unknown[] };
    expect(view.history).toHaveLength(1);
    await other.close();
  });
});
