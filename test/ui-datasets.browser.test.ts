// Adding production executions to a named dataset from /traces, in a real headless Chromium against
// a real Vigil: tick rows, name a new dataset in the dialog, and the API holds them; the dataset
// downloads as a promptfoo tests file. A screenshot at 1400 px goes to test/artifacts/ (look at it).
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi, uiBuildNeeded } from '../ui/server/build.ts';
import { launchChromium, signIn } from './helpers/browser.ts';
import { answerExecution, sendExecutions } from './helpers/executions.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;

let vigil: TestVigil;
let browser: Browser;
let page: Page;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${vigil.api}${path}`, { headers: { authorization: `Bearer ${vigil.key}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (uiBuildNeeded()) await buildUi();
  vigil = await startTestVigil();
  await sendExecutions(vigil.otlpHttp, vigil.key, [
    // Distinct start times: the list (newest first) has one order, whatever the machine's speed.
    answerExecution({ agent: 'refund-bot', question: 'Can I get a refund?', answer: 'Yes, within 30 days.', startMs: Date.now() - 90_000 }),
    answerExecution({ agent: 'refund-bot', question: 'Where is my refund?', answer: 'It is on its way.', startMs: Date.now() - 80_000 }),
    answerExecution({ agent: 'search-bot', question: 'Find my order', answer: 'Order 42 shipped.', startMs: Date.now() - 70_000 }),
  ]);
  await vigil.flush();
  for (let waited = 0; (await api<{ total: number }>('/api/traces')).total < 3; waited += 250) {
    if (waited > 30_000) throw new Error('the three executions: not stored after 30 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await signIn(page, vigil.api, vigil.key, '/traces');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.close();
});

describe('datasets from /traces', () => {
  it('adds two selected executions to a new dataset and downloads it', async () => {
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const add = page.getByRole('button', { name: 'Add to dataset…' });
    expect(await add.isDisabled()).toBe(true);

    await rows.nth(0).getByRole('checkbox').check();
    // The keyboard: k/j move the row highlight even from a checkbox, and x ticks the highlighted row.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect.poll(() => page.getByText('2 executions selected').count()).toBe(1);
    const all = page.getByRole('checkbox', { name: 'Select all on this page' });
    expect(await all.evaluate((box) => (box as unknown as { indeterminate: boolean }).indeterminate)).toBe(true);

    await add.click();
    const dialog = page.getByRole('dialog');
    const name = dialog.getByRole('combobox', { name: 'Dataset' });
    await name.fill('my refunds');
    await name.blur();
    await expect.poll(() => dialog.textContent()).toContain('no spaces');
    await name.fill('refunds');
    await expect.poll(() => dialog.textContent()).toContain('Creates a new dataset refunds.');
    await dialog.getByRole('textbox', { name: 'Note' }).fill('customers asking for money back');
    await page.screenshot({ path: `${ARTIFACTS}datasets-dialog-1400.png` });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();

    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/Added 2\. 2 executions in refunds\./);
    const { datasets } = await api<{ datasets: { name: string; items: number }[] }>('/api/datasets');
    expect(datasets).toEqual([expect.objectContaining({ name: 'refunds', items: 2 })]);
    await page.screenshot({ path: `${ARTIFACTS}datasets-1400.png` });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download refunds.yaml' }).click()]);
    expect(download.suggestedFilename()).toBe('refunds.yaml');
    const yaml = readFileSync((await download.path())!, 'utf8');
    // The newest row (search-bot) was ticked with the mouse.
    expect(yaml).toContain('Find my order');
  });
});
