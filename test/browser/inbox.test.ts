// Browser test of the agent inbox: the built admin UI (admin-ui/dist) served by a running engine,
// driven through Debian's Chromium with playwright-core, in a window 1280 px wide.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccepted, submitLogIn, UI_TIMEOUT, useHarness } from '../support/browser.js';

const h = useHarness();

async function openPage(): Promise<Page> {
  const page = await h.openPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  return page;
}

describe('agent inbox', () => {
  it('shows the API message and stays on the sign-in page when the password is wrong', async () => {
    const page = await openPage();
    await submitLogIn(page, h.stack.baseUrl, h.stack.adminEmail, `${h.stack.adminPassword}-wrong`);

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

    const channel = await h.stack.createSandboxChannel();
    await h.stack.sendSandboxMessage(channel.id, {
      id: `msg-${run}`,
      from: { id: `customer-${run}`, name: customer },
      text: question,
      kind: 'private',
    });

    const page = await openPage();
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);

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
