// The first run (issue 14): an admin who signs in to a product with no channel is led to connect
// one; the sandbox's ready-to-copy signed curl, run as is, brings the first conversation, which the
// screen shows as it arrives.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { screenshot, UI_TIMEOUT, useHarness } from '../support/browser.js';

const run = promisify(execFile);

const h = useHarness();

describe('first run', () => {
  it('shows a French admin of an empty product how to connect a channel', async () => {
    const page = await h.openPage(undefined, 'fr-FR');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.getByTestId('first-run').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('first-run').locator('h1').textContent()).toBe('Connectez votre premier canal');
    await screenshot(page, 'inbox-first-run-fr');
    await page.getByTestId('first-run-provider').click();
    await page.getByTestId('provider-form').waitFor();
    await screenshot(page, 'inbox-first-run-provider-fr');
    const channels = await h.stack.api.request('GET', '/api/channels', { token: h.stack.api.adminToken });
    expect(channels.body).toEqual([]);
  }, 120_000);

  it('connects a sandbox whose signed curl, run as shown, brings the first conversation on screen', async () => {
    const page = await h.openPage();
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.getByTestId('first-run').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'inbox-first-run-en');

    await page.getByTestId('first-run-sandbox').click();
    await page.getByTestId('sandbox-secret').fill('a secret the admin just chose');
    await screenshot(page, 'inbox-first-run-sandbox-en');
    await page.getByTestId('channel-create').click();
    const command = (await page.getByTestId('first-run-curl').textContent({ timeout: UI_TIMEOUT }))!;
    expect(command).toContain(`${h.stack.baseUrl}/webhooks/`);
    await page.getByTestId('first-run-status').waitFor();
    await screenshot(page, 'inbox-first-run-curl-en');

    // The command as the admin would paste it into a terminal.
    const { stdout } = await run('sh', ['-c', command]);
    expect(stdout).not.toMatch(/"statusCode":4/);

    const link = page.getByTestId('first-conversation-link');
    await link.waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('first-run-status').textContent()).toContain('First Customer');
    await screenshot(page, 'inbox-first-run-arrived-en');
    await link.click();
    await page.getByTestId('message-list').getByText('Hello! Is anyone there?').waitFor({ timeout: UI_TIMEOUT });
  }, 180_000);
});
