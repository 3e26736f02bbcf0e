// Shared pieces of the browser tests: Debian's Chromium driven by playwright-core against a real
// engine (test/support/stack.ts), signing in, and the screenshots the UI's reviewers look at
// (.switchboard/screenshots/). The settings and metrics tests use the harness (startHarness).
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, onTestFailed } from 'vitest';
import { startStack } from './stack.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** A customer message goes webhook → relay → Temporal workflow → read model → live event. */
export const UI_TIMEOUT = 30_000;
export const SHOTS = fileURLToPath(new URL('../../.switchboard/screenshots/', import.meta.url));

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/** A fresh browser profile in the given language (the UI defaults to the browser's); a failing test leaves a screenshot. */
export async function openPage(browser: Browser, contexts: BrowserContext[], locale: 'en-GB' | 'fr-FR' = 'en-GB', label?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  contexts.push(context);
  const page = await context.newPage();
  onTestFailed(async ({ task }) => {
    const file = join(tmpdir(), `switchboard-${(label ?? task.name).replace(/\W+/g, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`Screenshot of the failing page: ${file} (at ${page.url()})`);
  });
  return page;
}

/** Fills and sends the sign-in form (whatever the server answers). */
export async function submitLogIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await submitLogIn(page, baseUrl, email, password);
  await page.getByTestId('current-user').waitFor({ timeout: UI_TIMEOUT });
}

/** Saves a screenshot for the UI's reviewers; `fullPage` for scrolling pages (settings), taken from the top. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // From the top, so the sticky settings sidebar sits where a reader expects it.
  if (options.fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: options.fullPage ?? false });
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

export type Stack = Awaited<ReturnType<typeof startStack>>;

export interface BrowserHarness {
  stack: Stack;
  browser: Browser;
  adminToken: string;
  api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
  /** A fresh browser profile; `name` labels its failure screenshot (else the test's title). */
  openPage(name?: string, locale?: 'en-GB' | 'fr-FR'): Promise<Page>;
  logIn(page: Page, email: string, password: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  closePages(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<BrowserHarness> {
  const browser = await launch();
  const stack = await startStack().catch(async (err: unknown) => {
    await browser.close();
    throw err;
  });
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

  const harness: BrowserHarness = {
    stack,
    browser,
    adminToken: '',
    api,
    openPage: (name, locale = 'en-GB') => openPage(browser, contexts, locale, name),
    logIn: (page, email, password) => logIn(page, stack.baseUrl, email, password),
    shot: (page, name) => screenshot(page, name, { fullPage: true }),
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

/**
 * For a test file: one harness, started before its first test, every page closed after each test,
 * stopped after the last.
 */
export function useHarness(): BrowserHarness {
  let current: BrowserHarness | undefined;
  beforeAll(async () => {
    current = await startHarness();
  }, 180_000);
  afterEach(async () => {
    await current?.closePages();
  });
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as BrowserHarness, {
    get(_, key: keyof BrowserHarness) {
      if (!current) throw new Error('the harness starts in beforeAll: use it inside a test');
      const value = current[key];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}
