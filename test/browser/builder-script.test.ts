// Browser test of the script builder end to end: an admin builds a script on the canvas with the
// mouse and keyboard, tries it in the Test tab on a list of answers, publishes it, and the script
// runs on a sandbox conversation (the built admin UI served by a real engine with PostgreSQL and
// Temporal, driven through Debian's Chromium with playwright-core; a loopback stand-in at the
// channel's replyUrl records what the channel sends). Screenshots go to .switchboard/screenshots/.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, useHarness } from '../support/browser.js';
import { sandboxHeaders } from '../support/signing.js';
import { startStandIn, type StandIn } from '../support/stand-in-server.js';

// generous: the machine running the tests may be busy; every wait is for a condition
const UI_TIMEOUT = 60_000;
const SECRET = 'script-builder-sandbox-secret';

const h = useHarness();
let standIn: StandIn;
let billing: { id: string; name: string };
let channelId = '';

const api = <T = any>(method: string, path: string, body?: unknown): Promise<T> => h.api<T>(method, path, body);
const openPage = () => h.openPage();
const logIn = (page: Page) => h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);

/** Polls `probe` until it returns something truthy (every wait is for a condition). */
async function eventually<T>(probe: () => Promise<T | false | undefined>, what: string, timeout = UI_TIMEOUT): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  standIn = await startStandIn();
  billing = await api('POST', '/api/teams', { name: 'Billing', memberIds: [] });
  channelId = (await api<{ id: string }>('POST', '/api/channels', { type: 'sandbox', name: 'Web chat', config: { secret: SECRET, replyUrl: `${standIn.baseUrl}/replies` } })).id;
}, 180_000);

afterAll(async () => {
  await standIn?.close();
});

const node = (page: Page, id: string): Locator => page.locator(`.vue-flow__node[data-id="${id}"]`);

async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
}

/** The customer writes on the sandbox channel: a signed webhook, as the provider would send it. */
async function customerWrites(from: string, id: string, text: string): Promise<void> {
  const raw = JSON.stringify({ id, from: { id: from, name: `Customer ${from}` }, text, kind: 'private' });
  const res = await fetch(`${h.stack.baseUrl}/webhooks/${channelId}`, { method: 'POST', headers: sandboxHeaders(SECRET, raw), body: raw });
  if (res.status !== 200) throw new Error(`webhook refused: ${res.status} ${await res.text()}`);
}

/** What the channel sent to `to` (the stand-in at replyUrl), in order. */
const sentTo = (to: string) => standIn.requests.map((r) => r.json as { to: string; text: string }).filter((m) => m.to === to).map((m) => m.text);

describe('script builder', () => {
  it('a script built on the canvas (message → email question → handover to Billing) shows its transcript in the Test tab, is published and runs on a sandbox conversation', async () => {
    const page = await openPage();
    await logIn(page);
    await page.getByTestId('nav-scripts').click();
    await page.getByTestId('create-document').click();
    await page.waitForURL('**/scripts/new');
    await node(page, '$selection').waitFor({ timeout: UI_TIMEOUT });

    // Built from the palette and the side panel, steps chaining as they are added.
    await page.getByTestId('palette-step-message').click();
    await typeInto(page, 'step-text', 'Bonjour ! Une question avant de vous passer un conseiller.');
    await page.getByTestId('palette-step-question').click();
    await typeInto(page, 'step-text', 'Votre adresse e-mail ?');
    await page.getByTestId('step-answer').selectOption('email');
    await typeInto(page, 'step-attribute', 'email');
    await page.getByTestId('palette-step-handover').click();
    await page.getByTestId('step-team').selectOption({ label: 'Billing' });
    await typeInto(page, 'step-text', 'Un conseiller de Billing vous répond.');
    await page.getByTestId('builder-name').fill('Welcome to Billing');
    await page.keyboard.press('Tab');

    await page.getByTestId('problem-count').filter({ hasText: 'No problems' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('.vue-flow__node[aria-invalid="true"]').count()).toBe(0);
    await page.waitForURL(/\/scripts\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT });
    const scriptId = page.url().split('/').pop()!;
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('publish').click();
    await page.getByTestId('published-version').filter({ hasText: 'v1' }).waitFor({ timeout: UI_TIMEOUT });

    // The Test tab: a list of answers, the transcript with each answer judged, the attribute it
    // would set, and the step where it stopped highlighted on the canvas.
    await page.getByTestId('tab-test').click();
    await typeInto(page, 'test-answers', 'pas une adresse');
    await page.keyboard.press('Enter');
    await page.keyboard.type('jeanne@example.fr');
    await page.getByTestId('test-run').click();
    await page.getByTestId('test-ending').waitFor({ timeout: UI_TIMEOUT });
    const lines = page.getByTestId('transcript-line');
    const transcript = await lines.evaluateAll((els) => els.map((e) => ({ from: e.getAttribute('data-from'), valid: e.getAttribute('data-valid'), text: e.textContent ?? '' })));
    expect(transcript.map((l) => [l.from, l.valid])).toEqual([
      ['script', null],
      ['script', null],
      ['customer', 'false'],
      ['script', null],
      ['customer', 'true'],
      ['script', null],
    ]);
    expect(transcript[0]!.text).toContain('Bonjour ! Une question');
    expect(transcript[4]!.text).toContain('jeanne@example.fr');
    expect(transcript[5]!.text).toContain('Un conseiller de Billing vous répond.');
    expect(await page.getByTestId('test-attribute').allTextContents()).toEqual(['email = jeanne@example.fr']);
    expect(await page.getByTestId('test-ending').textContent()).toContain('Billing');
    await node(page, 's3').getByTestId('node-stopped').waitFor();
    expect(await page.getByTestId('node-stopped').count()).toBe(1);
    await page.getByTestId('test-result').scrollIntoViewIfNeeded();
    await screenshot(page, 'script-test-panel');

    // Published, it runs on a sandbox conversation: the customer writes, the channel sends the
    // script's messages, the answer fills the contact's attribute, the conversation goes to Billing.
    const run = Date.now().toString(36);
    const customer = `c-${run}`;
    await customerWrites(customer, `m1-${run}`, 'Bonjour, une question sur ma facture');
    await eventually(async () => sentTo(customer).length >= 2, 'the greeting and the question');
    expect(sentTo(customer)).toEqual(['Bonjour ! Une question avant de vous passer un conseiller.', 'Votre adresse e-mail ?']);
    const convo = await eventually(async () => {
      const list = await api<{ items: { id: string; contact: { id: string; name: string } }[] }>('GET', `/api/conversations?channelId=${channelId}&limit=100`);
      return list.items.find((c) => c.contact.name === `Customer ${customer}`);
    }, 'the conversation');
    await eventually(async () => (await api<{ script?: { stepId: string } }>('GET', `/api/conversations/${convo.id}`)).script?.stepId === 's2', 'the script waiting at its question');
    await customerWrites(customer, `m2-${run}`, 'jeanne@example.fr');
    await eventually(async () => sentTo(customer).length >= 3, 'the handover message');
    expect(sentTo(customer)[2]).toBe('Un conseiller de Billing vous répond.');
    const handed = await eventually(async () => {
      const d = await api<{ status: string; team?: { id: string; name: string }; script?: unknown; messages: { direction: string; author?: { type: string; id: string } }[] }>('GET', `/api/conversations/${convo.id}`);
      return d.status === 'assigned' && d;
    }, 'the handover');
    expect(handed.team).toEqual({ id: billing.id, name: 'Billing' });
    expect(handed.script).toBeUndefined();
    expect(handed.messages.filter((m) => m.direction === 'out').map((m) => m.author)).toEqual(Array(3).fill(expect.objectContaining({ type: 'script', id: scriptId })));
    const contact = await api<{ attributes: Record<string, unknown> }>('GET', `/api/contacts/${convo.contact.id}`);
    expect(contact.attributes).toMatchObject({ email: 'jeanne@example.fr' });

    // The admin sees the whole exchange in the conversation.
    await page.goto(`${h.stack.baseUrl}/conversations/${convo.id}`);
    await page.getByTestId('message-text').filter({ hasText: 'Un conseiller de Billing vous répond.' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('message-text').allTextContents()).toEqual([
      'Bonjour, une question sur ma facture',
      'Bonjour ! Une question avant de vous passer un conseiller.',
      'Votre adresse e-mail ?',
      'jeanne@example.fr',
      'Un conseiller de Billing vous répond.',
    ]);
    await screenshot(page, 'script-running-conversation');

    // The dry run lists that conversation (the draft would start the script there, as it did),
    // linking to it.
    await page.goto(`${h.stack.baseUrl}/scripts/${scriptId}`);
    await page.getByTestId('tab-dryRun').click();
    await page.getByTestId('dry-run-run').click();
    await page.getByTestId('dry-run-result').or(page.getByTestId('dry-run-error')).first().waitFor({ timeout: UI_TIMEOUT });
    if (await page.getByTestId('dry-run-error').isVisible()) throw new Error(`the dry run said: ${await page.getByTestId('dry-run-error').textContent()}`);
    expect(await page.getByTestId('dry-run-result').textContent()).toContain('1 would fire');
    const listed = page.getByTestId('dry-run-conversation').filter({ has: page.locator(`a[href="/conversations/${convo.id}"]`) });
    await listed.waitFor({ timeout: UI_TIMEOUT });
    expect(await listed.getAttribute('data-differs')).toBe('false');
    expect(await listed.textContent()).toContain('starts the script');
    await listed.getByRole('link').click();
    await page.waitForURL(`**/conversations/${convo.id}`);

    // The list shows the live version and who published it.
    await page.getByTestId('nav-scripts').click();
    const row = page.getByTestId('document-row').filter({ hasText: 'Welcome to Billing' });
    await row.getByTestId('document-version').filter({ hasText: 'v1' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await row.getByTestId('document-publisher').textContent()).toBe('by Browser Admin');

    // With other changes in the draft, disabling from the list asks first, since it publishes the
    // draft: declined, nothing changes; accepted, the draft goes live disabled.
    const { draft } = await api<{ draft: { steps: { id: string; text?: string }[] } }>('GET', `/api/scripts/${scriptId}`);
    const edited = { ...draft, steps: draft.steps.map((st) => (st.id === 's1' ? { ...st, text: 'Bonjour ! (nouveau texte)' } : st)) };
    await api('PUT', `/api/scripts/${scriptId}/draft`, { document: edited });
    await page.reload();
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await row.getByTestId('document-enabled').click();
    await eventually(async () => dialogs.length === 1, 'the confirmation');
    expect(dialogs[0]).toContain('unpublished changes');
    await eventually(async () => (await row.getByTestId('document-enabled').isChecked()) && !(await row.getByTestId('document-enabled').isDisabled()), 'the switch back on');
    expect((await api<{ published: { version: number } }>('GET', `/api/scripts/${scriptId}`)).published.version).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await row.getByTestId('document-enabled').click();
    await page.getByTestId('list-notice').filter({ hasText: 'published as v2' }).waitFor({ timeout: UI_TIMEOUT });
    const live = await api<{ published: { version: number; document: { enabled: boolean; steps: { id: string; text?: string }[] } } }>('GET', `/api/scripts/${scriptId}`);
    expect(live.published.version).toBe(2);
    expect(live.published.document.enabled).toBe(false);
    expect(live.published.document.steps[0]!.text).toBe('Bonjour ! (nouveau texte)');
  }, 300_000);

  it('refuses to publish a script with a faulty step, marks that step with its message, and saves arrow-key moves to the layout', async () => {
    const page = await openPage();
    await logIn(page);
    await page.getByTestId('nav-scripts').click();
    await page.getByTestId('create-document').click();
    await node(page, '$selection').waitFor({ timeout: UI_TIMEOUT });
    // an empty script: the selection node says there is no step to start with
    expect(await node(page, '$selection').getAttribute('aria-invalid')).toBe('true');
    expect(await node(page, '$selection').getByTestId('node-error').textContent()).toContain('at least one step');

    await page.getByTestId('palette-step-message').click();
    await typeInto(page, 'step-text', 'Bonjour');
    await page.getByTestId('palette-step-question').click();
    await typeInto(page, 'step-text', 'Votre adresse e-mail ?');
    await page.getByTestId('step-answer').selectOption('email');
    await page.getByTestId('palette-step-handover').click();
    await page.getByTestId('builder-name').fill('Faulty question');
    // the question has no attribute for its answer: the only problem, on the question's node
    await page.getByTestId('problem-count').filter({ hasText: '1 problem' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('.vue-flow__node[aria-invalid="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['s2']);
    expect(await node(page, 's2').getByTestId('node-error').textContent()).toContain('"attribute" is an attribute key');

    await node(page, 's3').click();
    await page.getByTestId('publish').click();
    await page.locator('[data-testid="builder-notice"].is-error').filter({ hasText: 'problem' }).waitFor({ timeout: UI_TIMEOUT });
    // the faulty step is selected and its editor open
    expect(await node(page, 's2').getAttribute('class')).toContain('selected');
    await page.getByTestId('step-attribute').waitFor();
    expect(await page.getByTestId('published-version').count()).toBe(0);

    await typeInto(page, 'step-attribute', 'email');
    await page.getByTestId('problem-count').filter({ hasText: 'No problems' }).waitFor({ timeout: UI_TIMEOUT });
    await page.waitForURL(/\/scripts\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT });
    const scriptId = page.url().split('/').pop()!;

    // a node moved with the arrow keys keeps its place in the saved draft
    await node(page, 's1').click();
    const before = await node(page, 's1').boundingBox();
    await node(page, 's1').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: UI_TIMEOUT });
    const draft = await eventually(async () => {
      const d = await api<{ draft: { layout?: Record<string, { x: number; y: number }> } }>('GET', `/api/scripts/${scriptId}`);
      return d.draft.layout?.s1 && d.draft;
    }, 'the layout in the saved draft');
    const after = await node(page, 's1').boundingBox();
    expect(after!.x).toBeGreaterThan(before!.x);
    expect(draft.layout!.s1!.x).toBeGreaterThan(draft.layout!.s2!.x);
    expect(draft.layout!.s1!.y).toBeLessThan(draft.layout!.s2!.y);
  }, 180_000);
});
