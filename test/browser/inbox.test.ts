// Browser test of the agent inbox: the built admin UI (admin-ui/dist) served by a running engine,
// driven through Debian's Chromium with playwright-core.
//
// Needs `test/support/stack.ts` (provided by the lead), assumed to export
//   startStack(): Promise<{
//     baseUrl: string;                 // e.g. http://127.0.0.1:3456, serving the UI at / and the API at /api
//     adminEmail: string; adminPassword: string;
//     createSandboxChannel(): Promise<{ id: string }>;
//     sendSandboxMessage(channelId: string, body: SandboxBody): Promise<unknown>; // signs and POSTs /webhooks/{channelId}
//     stop(): Promise<void>;
//   }>
// where SandboxBody is the sandbox webhook body of api.md: { id, from: { id, name }, text, kind, postId?, timestamp? }.
// The UI must have been built (`npm run build:ui`) before the stack starts.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startStack } from '../support/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
// A customer message goes webhook → relay → Temporal workflow → read model, and the inbox polls
// every 5 s: allow for a few rounds.
const UI_TIMEOUT = 30_000;

type Stack = Awaited<ReturnType<typeof startStack>>;

let stack: Stack;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
  }
  stack = await startStack();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}, 180_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openPage(): Promise<Page> {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  onTestFailed(async ({ task }) => {
    const file = join(tmpdir(), `switchboard-${task.name.replace(/\W+/g, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`Screenshot of the failing page: ${file} (at ${page.url()})`);
  });
  return page;
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Waits for the action's confirmation; if the API refused it instead, fails with its message. */
async function expectAccepted(page: Page, notice: string): Promise<void> {
  const accepted = page.getByTestId('action-notice').filter({ hasText: notice });
  const refused = page.getByTestId('action-error').or(page.getByTestId('reply-error'));
  await accepted.or(refused).first().waitFor({ timeout: UI_TIMEOUT });
  if (await refused.first().isVisible()) {
    const reason = await refused.first().locator('span').first().textContent();
    throw new Error(`The API refused the action: ${reason?.trim()}`);
  }
}

describe('agent inbox', () => {
  it('shows the API message and stays on the sign-in page when the password is wrong', async () => {
    const page = await openPage();
    await logIn(page, stack.adminEmail, `${stack.adminPassword}-wrong`);

    const error = page.getByTestId('login-error');
    await error.waitFor({ timeout: UI_TIMEOUT });
    expect((await error.textContent())?.trim()).not.toBe('');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('lets an agent take a new sandbox conversation from Unassigned, reply, resolve it and find it in Done', async () => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const customer = `Ada Customer ${run}`;
    const question = `Where is my parcel? (${run})`;
    const answer = `It ships tomorrow morning. (${run})`;

    const channel = await stack.createSandboxChannel();
    await stack.sendSandboxMessage(channel.id, {
      id: `msg-${run}`,
      from: { id: `customer-${run}`, name: customer },
      text: question,
      kind: 'private',
    });

    const page = await openPage();
    await logIn(page, stack.adminEmail, stack.adminPassword);

    // Lands on the Unassigned queue, where the new thread shows up.
    const unassignedTab = page.getByTestId('queue-tab-unassigned');
    await unassignedTab.waitFor({ timeout: UI_TIMEOUT });
    expect(await unassignedTab.getAttribute('aria-current')).toBe('page');
    const row = page.getByTestId('conversation-row').filter({ hasText: customer });
    await row.waitFor({ timeout: UI_TIMEOUT });
    expect(await row.getByTestId('row-channel').textContent()).toContain('Sandbox');
    expect(await row.getByTestId('row-kind').textContent()).toContain('private');
    expect(await row.getByTestId('row-last-message').textContent()).toContain(question);

    // Open it: the customer's message is there.
    await row.getByRole('link').click();
    const messages = page.getByTestId('message-list');
    await messages.getByText(question).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('conversation-contact').textContent()).toContain(customer);

    // Take it.
    await page.getByTestId('action-assign-me').click();
    await expectAccepted(page, 'Assigned to you.');
    const me = (await page.getByTestId('current-user').textContent())?.trim() ?? '';
    await page.getByTestId('conversation-assignee').filter({ hasText: me }).waitFor({ timeout: UI_TIMEOUT });

    // Reply: the box empties and the outbound message joins the thread.
    await page.getByTestId('reply-box').fill(answer);
    await page.getByTestId('reply-send').click();
    await expectAccepted(page, 'Reply sent.');
    expect(await page.getByTestId('reply-box').inputValue()).toBe('');
    await page
      .locator('[data-testid="message"][data-direction="out"]')
      .filter({ hasText: answer })
      .waitFor({ timeout: UI_TIMEOUT });

    // Resolve: the conversation moves to Done.
    await page.getByTestId('action-resolve').click();
    await expectAccepted(page, 'Resolved.');
    await page.getByTestId('conversation-queue').filter({ hasText: 'Done' }).waitFor({ timeout: UI_TIMEOUT });

    // Back in the inbox it has left Unassigned and is listed under Done.
    await page.getByTestId('back-to-inbox').click();
    await page.getByTestId('conversation-list').or(page.getByTestId('inbox-empty')).first().waitFor();
    await expect
      .poll(() => page.getByTestId('conversation-row').filter({ hasText: customer }).count(), {
        timeout: UI_TIMEOUT,
        interval: 500,
      })
      .toBe(0);
    await page.getByTestId('queue-tab-done').click();
    const doneRow = page.getByTestId('conversation-row').filter({ hasText: customer });
    await doneRow.waitFor({ timeout: UI_TIMEOUT });

    // Logging out returns to the sign-in form.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor();
  }, 180_000);
});
