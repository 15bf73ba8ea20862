// The browser tests' Chromium (Debian's, through playwright-core): headless, and unable to reach
// anything but loopback, so a page that tried to load from the internet would show it.
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
}

/** Signs in with `key` on the sign-in page and waits until the app shows `path`. */
export async function signIn(page: Page, api: string, key: string, path: string): Promise<void> {
  await page.goto(`${api}/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel(/API key/).fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** Where browser tests leave their screenshots (look at them). */
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

/** A screenshot of the page as it is, at 1400 and then at 800 px wide (and back to 1400). */
export async function atBothWidths(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}-1400.png`, fullPage: false });
  await page.setViewportSize({ width: 800, height: 900 });
  await page.screenshot({ path: `${ARTIFACTS}${name}-800.png`, fullPage: false });
  await page.setViewportSize({ width: 1400, height: 900 });
}
