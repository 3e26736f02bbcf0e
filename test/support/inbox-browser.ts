// Shared pieces of the browser tests: Debian's Chromium through playwright-core, signing in, and
// the screenshots the UI's reviewers look at (.switchboard/screenshots/).
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** A customer message goes webhook → relay → Temporal workflow → read model → live event. */
export const UI_TIMEOUT = 30_000;
const SCREENSHOTS = fileURLToPath(new URL('../../.switchboard/screenshots/', import.meta.url));

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/** A fresh browser profile in the given language (the UI defaults to the browser's). */
export async function openPage(browser: Browser, contexts: BrowserContext[], locale: 'en-GB' | 'fr-FR' = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale });
  contexts.push(context);
  const page = await context.newPage();
  onTestFailed(async ({ task }) => {
    const file = join(tmpdir(), `switchboard-${task.name.replace(/\W+/g, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`Screenshot of the failing page: ${file} (at ${page.url()})`);
  });
  return page;
}

export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor({ timeout: UI_TIMEOUT });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Waits for the action's confirmation; if the API refused it instead, fails with its message. */
export async function expectAccepted(page: Page, notice: string): Promise<void> {
  const accepted = page.getByTestId('action-notice').filter({ hasText: notice });
  const refused = page.getByTestId('action-error').or(page.getByTestId('reply-error'));
  await accepted.or(refused).first().waitFor({ timeout: UI_TIMEOUT });
  if (await refused.first().isVisible()) {
    const reason = await refused.first().locator('span').first().textContent();
    throw new Error(`The API refused the action: ${reason?.trim()}`);
  }
}

/** A marker on the window: if it survives, the page was never reloaded. */
export async function markPage(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  return () => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}

export function uniqueRun(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
