// Shared pieces of the settings and metrics browser tests: Debian's Chromium driven by
// playwright-core against a real engine (test/support/stack.ts), and screenshots kept under
// .switchboard/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { startStack } from './stack.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const UI_TIMEOUT = 30_000;
export const SHOTS = fileURLToPath(new URL('../../.switchboard/screenshots/', import.meta.url));

export type Stack = Awaited<ReturnType<typeof startStack>>;

export interface BrowserHarness {
  stack: Stack;
  browser: Browser;
  adminToken: string;
  api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
  openPage(name: string): Promise<Page>;
  logIn(page: Page, email: string, password: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  closePages(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
  mkdirSync(SHOTS, { recursive: true });
  const stack = await startStack();
  const contexts: BrowserContext[] = [];

  async function api<T = any>(method: string, path: string, body?: unknown, token = harness.adminToken): Promise<T> {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  const harness: BrowserHarness = {
    stack,
    browser,
    adminToken: '',
    api,
    async openPage(name) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
      contexts.push(context);
      const page = await context.newPage();
      onTestFailed(async () => {
        const file = join(tmpdir(), `switchboard-${name.replace(/\W+/g, '-').slice(0, 60)}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`Screenshot of the failing page: ${file} (at ${page.url()})`);
      });
      return page;
    },
    async logIn(page, email, password) {
      await page.goto(`${stack.baseUrl}/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor({ timeout: UI_TIMEOUT });
    },
    async shot(page, name) {
      // From the top, so the sticky settings sidebar sits where a reader expects it.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
    async closePages() {
      for (const c of contexts.splice(0)) await c.close();
    },
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
  harness.adminToken = (await api<{ token: string }>('POST', '/api/auth/login', { email: stack.adminEmail, password: stack.adminPassword }, '')).token;
  return harness;
}
