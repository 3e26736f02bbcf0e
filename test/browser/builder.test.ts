// Browser tests of the visual builders: the built admin UI (admin-ui/dist) served by a real engine
// (PostgreSQL + Temporal), driven through Debian's Chromium with playwright-core. Screenshots of
// each builder are kept under .switchboard/screenshots/.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, useHarness } from '../support/browser.js';

// generous: the machine running the tests may be busy; every wait is for a condition
const UI_TIMEOUT = 60_000;

const h = useHarness();
let agent: { email: string; password: string; id: string };
let billing: { id: string; name: string };
let channel: { id: string };

const api = <T = any>(method: string, path: string, body?: unknown): Promise<T> => h.api<T>(method, path, body);
const openPage = () => h.openPage();
const logIn = (page: Page, email: string, password: string) => h.logIn(page, email, password);
const shot = (page: Page, name: string) => screenshot(page, name);

beforeAll(async () => {
  agent = { email: 'billing-agent@example.com', password: 'billing agent password', id: '' };
  agent.id = (await api<{ id: string }>('POST', '/api/users', { email: agent.email, name: 'Bea Billing', password: agent.password, role: 'agent' })).id;
  billing = await api('POST', '/api/teams', { name: 'Billing', memberIds: [agent.id] });
  await api('POST', '/api/teams', { name: 'Sales', memberIds: [] });
  channel = await h.stack.createSandboxChannel();
}, 180_000);

const node = (page: Page, id: string): Locator => page.locator(`.vue-flow__node[data-id="${id}"]`);

/** Opens an empty builder of `kind` from the header link and the list's "New" button. */
async function newBuilder(page: Page, kind: string): Promise<void> {
  await page.getByTestId(`nav-${kind}`).click();
  await page.getByTestId('create-document').click();
  await page.waitForURL(`**/${kind}/new`);
  await page.getByTestId('canvas').waitFor();
}

/** Waits for the builder's notice saying `text`; an error notice instead fails with its message. */
async function expectNotice(page: Page, text: string): Promise<void> {
  const wanted = page.getByTestId('builder-notice').filter({ hasText: text });
  const error = page.locator('[data-testid="builder-notice"].is-error');
  await wanted.or(error).first().waitFor({ timeout: UI_TIMEOUT });
  if (!(await wanted.isVisible())) throw new Error(`the builder said: ${await error.textContent()}`);
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: UI_TIMEOUT });
}

describe('automation builder', () => {
  it('an admin builds "message contains remboursement → tag refund, assign team Billing" from an empty canvas, publishes it, and the agent finds the next message tagged in Billing', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.getByTestId('nav-automations').click();
    await page.getByTestId('list-empty').waitFor();
    await shot(page, 'automations-list-empty');
    await newBuilder(page, 'automations');

    // An empty canvas: the trigger and an empty "all" group, marked as a problem.
    await node(page, 'trigger:message.received').waitFor();
    expect(await node(page, 'g1').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('canvas-hint').textContent()).toContain('add a Condition');
    await shot(page, 'automation-builder-empty');

    await page.getByTestId('palette-condition').click();
    await node(page, 'c1').waitFor();
    await page.getByTestId('condition-fact').selectOption('message.text');
    await page.getByTestId('condition-operator').selectOption('contains');
    await page.getByTestId('condition-value').click();
    await page.keyboard.type('remboursement');

    await page.getByTestId('palette-action-addTags').click();
    await page.getByTestId('action-tags-input').click();
    await page.keyboard.type('refund');
    await page.keyboard.press('Enter');

    await page.getByTestId('palette-action-assignTeam').click();
    await page.getByTestId('action-team').selectOption({ label: 'Billing' });
    expect(await page.getByTestId('canvas-hint').count()).toBe(0);

    await page.getByTestId('builder-name').fill('Refunds to Billing');

    // Everything is valid: no node is marked, the draft is created and saved as we go.
    await page.getByTestId('problem-count').filter({ hasText: 'No problems' }).waitFor();
    expect(await page.locator('.vue-flow__node[aria-invalid="true"]').count()).toBe(0);
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT });
    await waitSaved(page);
    expect(await node(page, 'c1').getByTestId('node-summary').textContent()).toContain('remboursement');
    expect(await node(page, 'a1').getByTestId('node-summary').textContent()).toContain('refund');
    expect(await node(page, 'a2').getByTestId('node-summary').textContent()).toContain('Billing');

    await page.getByTestId('publish').click();
    await expectNotice(page, 'Published as version 1');
    await page.getByTestId('published-version').filter({ hasText: 'v1' }).waitFor();
    await shot(page, 'automation-builder');

    // The test panel colours each condition with its result.
    await page.getByTestId('tab-test').click();
    await page.getByTestId('test-message').fill('Bonjour, je veux un REMBOURSEMENT');
    await page.getByTestId('test-run').click();
    await page.getByTestId('test-action').first().waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('test-result').textContent()).toContain('It would fire');
    expect(await node(page, 'c1').getByTestId('node-result').getAttribute('data-result')).toBe('true');
    await shot(page, 'automation-test-panel');

    // The list shows it published and enabled.
    await page.getByTestId('nav-automations').click();
    const row = page.getByTestId('document-row').filter({ hasText: 'Refunds to Billing' });
    await row.getByTestId('document-version').filter({ hasText: 'v1' }).waitFor();
    expect(await row.getByTestId('document-enabled').isChecked()).toBe(true);
    await shot(page, 'automations-list');

    // A customer writes; the agent of Billing finds the conversation tagged and in Billing.
    const run = Date.now().toString(36);
    const customer = `Rémi Remboursement ${run}`;
    await h.stack.sendSandboxMessage(channel.id, { id: `m-${run}`, from: { id: `c-${run}`, name: customer }, text: 'Bonjour, je voudrais un remboursement de ma commande', kind: 'private' });

    const agentPage = await openPage();
    await logIn(agentPage, agent.email, agent.password);
    await agentPage.getByTestId('queue-tab-assigned').click();
    const agentRow = agentPage.getByTestId('conversation-row').filter({ hasText: customer });
    await agentRow.waitFor({ timeout: 60_000 });
    await agentRow.getByRole('link').click();
    await agentPage.getByTestId('conversation-assignee').filter({ hasText: 'Billing' }).waitFor({ timeout: UI_TIMEOUT });
    await agentPage.locator('.tag').filter({ hasText: 'refund' }).waitFor({ timeout: UI_TIMEOUT });
  }, 240_000);

  it('refuses to publish an invalid graph, marks the faulty node with its message and brings it into view', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'automations');
    await page.getByTestId('palette-condition').click();
    await page.getByTestId('condition-operator').selectOption('matches');
    await page.getByTestId('condition-value').fill('(a+)+');
    await page.getByTestId('palette-action-addTags').click();
    await page.getByTestId('action-tags-input').fill('x');
    await page.keyboard.press('Enter');
    // drag the faulty node far away, so that showing it means moving the view
    await node(page, 'c1').hover();
    await page.mouse.down();
    await page.mouse.move(2400, 2200, { steps: 8 });
    await page.mouse.up();
    await page.getByTestId('tab-edit').click();
    await page.getByTestId('publish').click();

    await page.getByTestId('builder-notice').filter({ hasText: 'Cannot publish' }).waitFor();
    const faulty = node(page, 'c1');
    expect(await faulty.getAttribute('aria-invalid')).toBe('true');
    expect(await faulty.getByTestId('node-error').textContent()).toContain('nested quantifiers');
    expect(await page.getByTestId('panel-errors').textContent()).toContain('nested quantifiers');
    // brought into view: the node lies inside the canvas
    await expect
      .poll(async () => {
        const box = await faulty.boundingBox();
        const canvas = await page.getByTestId('canvas').boundingBox();
        return !!box && !!canvas && box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width && box.y + box.height <= canvas.y + canvas.height;
      }, { timeout: 5_000 })
      .toBe(true);
    // nothing was created: an invalid automation is never stored
    expect(new URL(page.url()).pathname).toBe('/automations/new');
    await shot(page, 'automation-invalid');
  }, 120_000);

  it('undo restores a deleted node, redo deletes it again', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'automations');
    await page.getByTestId('palette-condition').click();
    await page.getByTestId('condition-value').fill('bonjour');
    await node(page, 'c1').click();
    await page.keyboard.press('Delete');
    await node(page, 'c1').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await node(page, 'c1').waitFor();
    expect(await node(page, 'c1').getByTestId('node-summary').textContent()).toContain('bonjour');
    await page.keyboard.press('Control+Shift+z');
    await node(page, 'c1').waitFor({ state: 'detached' });
  }, 120_000);

  it('wraps a condition in an "any" group with a second condition, and unwraps it again', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'automations');
    await page.getByTestId('palette-condition').click();
    await page.getByTestId('condition-value').fill('remboursement');
    await page.getByTestId('wrap-any').click();
    await node(page, 'g2').waitFor();
    await page.getByTestId('group-op').getByText('Any of these').waitFor();
    // with the new group selected, the palette adds inside it
    await page.getByTestId('palette-condition').click();
    await page.getByTestId('condition-value').fill('refund');
    await page.locator('.vue-flow__edge[data-id="member:g2->c2#1"]').waitFor({ state: 'attached' });
    expect(await page.locator('.vue-flow__edge[data-id="member:g2->c1#0"]').count()).toBe(1);
    await node(page, 'g2').click();
    await shot(page, 'automation-nested-group');
    await page.getByTestId('group-unwrap').click();
    await node(page, 'g2').waitFor({ state: 'detached' });
    await page.locator('.vue-flow__edge[data-id="member:g1->c2#1"]').waitFor({ state: 'attached' });
  }, 120_000);

  it('copies and pastes a condition with a new id', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'automations');
    await page.getByTestId('palette-condition').click();
    await page.getByTestId('condition-value').fill('facture');
    await node(page, 'c1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node(page, 'c2').waitFor();
    expect(await node(page, 'c2').getByTestId('node-summary').textContent()).toContain('facture');
  }, 120_000);
});

/** Creates and publishes an automation through the API; answers its id. */
async function publishedAutomation(name: string, word: string, tag: string): Promise<string> {
  const document = {
    schema: 'switchboard.automation/1', name, enabled: true, triggers: ['message.received'], stop: false,
    when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: word }] },
    then: [{ id: 'a1', type: 'addTags', tags: [tag] }],
  };
  const { id } = await api<{ id: string }>('POST', '/api/automations', { document });
  await api('POST', `/api/automations/${id}/publish`, {});
  return id;
}

describe('document lifecycle', () => {
  it('lists the versions with who published them, rolls back, and the dry run links the conversations where the draft differs', async () => {
    const run = Date.now().toString(36);
    const word = `facture${run}`;
    const id = await publishedAutomation(`Invoices ${run}`, word, 'invoice');
    const customer = `Inès Invoice ${run}`;
    await h.stack.sendSandboxMessage(channel.id, { id: `inv-${run}`, from: { id: `ci-${run}`, name: customer }, text: `Ma ${word} est fausse`, kind: 'private' });
    // the published version tagged the conversation
    let conversationId = '';
    await expect
      .poll(async () => {
        const page = await api<{ items: { id: string; contact: { name: string }; tags: { name: string }[] }[] }>('GET', '/api/conversations?queue=unassigned');
        const found = page.items.find((c) => c.contact.name === customer && c.tags.some((t) => t.name === 'invoice'));
        conversationId = found?.id ?? '';
        return conversationId !== '';
      }, { timeout: 60_000, interval: 500 })
      .toBe(true);

    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/automations/${id}`);
    // the draft now tags differently
    await node(page, 'a1').click();
    await page.getByTestId('action-tags').getByRole('button').click();
    await page.getByTestId('action-tags-input').fill('billing-question');
    await page.keyboard.press('Enter');
    await waitSaved(page);

    await page.getByTestId('tab-dryRun').click();
    await page.getByTestId('dry-run-days').fill('1');
    await page.getByTestId('dry-run-run').click();
    const differing = page.getByTestId('dry-run-conversation').filter({ has: page.locator(`a[href="/conversations/${conversationId}"]`) });
    await differing.waitFor({ timeout: UI_TIMEOUT });
    expect(await differing.textContent()).toContain('billing-question');
    expect(await differing.textContent()).toContain('invoice');
    await shot(page, 'automation-dry-run');

    // publish v2, then roll back to v1: v3 republishes it and the canvas shows it again
    await page.getByTestId('publish').click();
    await expectNotice(page, 'Published as version 2');
    await page.getByTestId('tab-versions').click();
    await page.getByTestId('version').first().filter({ hasText: 'v2' }).waitFor();
    expect(await page.getByTestId('version').first().textContent()).toContain('by Browser Admin');
    await page.getByTestId('rollback-1').click();
    await page.getByTestId('version').first().filter({ hasText: 'rollback of v1' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('version').first().textContent()).toContain('v3');
    await page.getByTestId('published-version').filter({ hasText: 'v3' }).waitFor();
    await expect.poll(() => node(page, 'a1').getByTestId('node-summary').textContent()).toContain('invoice');
    await shot(page, 'automation-versions');

    // the dry run link opens the conversation
    await page.getByTestId('tab-dryRun').click();
    await page.getByTestId('dry-run-run').click();
    await page.getByTestId('dry-run-result').waitFor({ timeout: UI_TIMEOUT });
  }, 180_000);

  it('exports the document as a JSON file and imports one (undoable)', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'automations');
    await page.getByTestId('builder-name').fill('To export');
    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported).toMatchObject({ schema: 'switchboard.automation/1', name: 'To export', when: { id: 'g1', all: [] } });

    const imported = {
      schema: 'switchboard.automation/1', name: 'Imported VIP', enabled: true, triggers: ['conversation.created'], stop: true,
      when: { id: 'g7', any: [{ id: 'c8', fact: 'contact.groups', operator: 'includes', value: 'vip' }] },
      then: [{ id: 'a9', type: 'setPriority', priority: 'urgent' }],
    };
    await page.getByTestId('import-file').setInputFiles({ name: 'vip.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
    await node(page, 'c8').waitFor();
    await node(page, 'trigger:conversation.created').waitFor();
    expect(await page.getByTestId('builder-name').inputValue()).toBe('Imported VIP');
    await page.locator('body').click({ position: { x: 5, y: 200 } });
    await page.keyboard.press('Control+z');
    await node(page, 'c8').waitFor({ state: 'detached' });
    expect(await page.getByTestId('builder-name').inputValue()).toBe('To export');

    await page.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"schema":"switchboard.skillset/1"}') });
    await page.getByTestId('builder-notice').filter({ hasText: 'not a automation document' }).waitFor();
  }, 120_000);

  it('orders the list by drag and drop, and disables an automation from the list', async () => {
    const first = await publishedAutomation(`First ${Date.now()}`, 'alpha', 'a');
    const second = await publishedAutomation(`Second ${Date.now()}`, 'beta', 'b');
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.getByTestId('nav-automations').click();
    const rowOf = (id: string) => page.locator(`[data-testid="document-row"][data-id="${id}"]`);
    await rowOf(second).waitFor();
    await rowOf(second).dragTo(rowOf(first));
    await page.getByTestId('list-notice').filter({ hasText: 'Order saved' }).waitFor({ timeout: UI_TIMEOUT });
    const ids = (await api<{ id: string }[]>('GET', '/api/automations')).map((d) => d.id);
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));

    // disabling a published automation whose draft is unchanged publishes the change at once
    await rowOf(first).getByTestId('document-enabled').uncheck();
    await page.getByTestId('list-notice').filter({ hasText: 'now disabled (published as v2)' }).waitFor({ timeout: UI_TIMEOUT });
    const stored = await api<{ published: { version: number; document: { enabled: boolean } } }>('GET', `/api/automations/${first}`);
    expect(stored.published).toMatchObject({ version: 2, document: { enabled: false } });
  }, 120_000);
});

describe('other builders', () => {
  it('a script is built as a flow of steps', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'scripts');
    await node(page, '$selection').waitFor();
    await page.getByTestId('palette-step-message').click();
    await page.getByTestId('step-text').fill('Bonjour ! Deux questions avant de vous passer un conseiller.');
    await page.getByTestId('palette-step-question').click();
    await page.getByTestId('step-text').fill('Votre adresse e-mail ?');
    await page.getByTestId('step-answer').selectOption('email');
    await page.getByTestId('step-attribute').fill('email');
    await page.getByTestId('palette-step-handover').click();
    await page.getByTestId('step-team').selectOption({ label: 'Billing' });
    await page.getByTestId('builder-name').fill('Welcome');
    // steps chain as they are added: start → s1 → s2 → s3
    await page.locator('.vue-flow__edge').first().waitFor();
    expect(await page.locator('.vue-flow__edge').count()).toBeGreaterThanOrEqual(3);
    await page.waitForURL(/\/scripts\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT });
    await waitSaved(page);
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await shot(page, 'script-builder');

    // documents.md's example script, imported: questions, a branch with its conditions, handover
    const example = {
      schema: 'switchboard.script/1', name: 'Order help', enabled: true, channels: [channel.id], hours: 'any', start: 's1',
      steps: [
        { id: 's1', type: 'message', text: 'Bonjour ! Je vais vous poser deux questions.', next: 's2' },
        { id: 's2', type: 'question', text: 'Votre adresse e-mail ?', answer: 'email', attribute: 'email', retryText: "Ce n'est pas une adresse e-mail valide.", maxAttempts: 2, timeoutSeconds: 900, next: 's3', onInvalid: 's9', onTimeout: 's9' },
        { id: 's3', type: 'question', text: 'Commande ou livraison ?', answer: 'choice', choices: [{ id: 'k1', label: 'Commande', value: 'order' }, { id: 'k2', label: 'Livraison', value: 'delivery' }], attribute: 'reason', next: 's4' },
        { id: 's4', type: 'branch', branches: [{ id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'equal', value: 'order' }] }, next: 's5' }], otherwise: 's9' },
        { id: 's5', type: 'setAttribute', key: 'segment', value: 'orders', next: 's9' },
        { id: 's9', type: 'handover', teamId: billing.id, text: 'Un conseiller vous répond.' },
      ],
    };
    await page.getByTestId('import-file').setInputFiles({ name: 'order-help.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(example)) });
    for (const id of ['s1', 's2', 's3', 's4', 'b1', 'g2', 'c1', 's5', 's9']) await node(page, id).waitFor();
    await node(page, 's4').click();
    await waitSaved(page);
    await shot(page, 'script-builder-branches');
  }, 120_000);

  it('a skill set routes a filter to a team with a strategy', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'skill-sets');
    await page.getByTestId('palette-condition').click();
    await page.getByTestId('condition-fact').selectOption('conversation.tags');
    await page.getByTestId('condition-operator').selectOption('includes');
    await page.getByTestId('condition-value').fill('refund');
    await node(page, '$target').click();
    await page.getByTestId('target-team').selectOption({ label: 'Billing' });
    await page.getByTestId('target-strategy').selectOption('roundRobin');
    await page.getByTestId('builder-name').fill('Refunds to Billing');
    await page.getByTestId('problem-count').filter({ hasText: 'No problems' }).waitFor();
    await page.getByTestId('publish').click();
    await expectNotice(page, 'Published as version 1');
    expect(await node(page, '$target').getByTestId('node-summary').textContent()).toContain('Billing');
    await shot(page, 'skill-set-builder');
  }, 120_000);

  it('a contact group filters on contact facts only', async () => {
    const page = await openPage();
    await logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await newBuilder(page, 'contact-groups');
    await page.getByTestId('palette-condition').click();
    const facts = await page.getByTestId('condition-fact').locator('option').allTextContents();
    expect(facts).toContain('Contact language');
    expect(facts).not.toContain('Message text');
    await page.getByTestId('condition-operator').selectOption('equal');
    await page.getByTestId('condition-value').fill('fr');
    await page.getByTestId('builder-name').fill('French speakers');
    await page.getByTestId('problem-count').filter({ hasText: 'No problems' }).waitFor();
    await page.waitForURL(/\/contact-groups\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT });
    await shot(page, 'contact-group-builder');
  }, 120_000);

  it('an agent who opens a builder gets an "admins only" page', async () => {
    const page = await openPage();
    await logIn(page, agent.email, agent.password);
    expect(await page.getByTestId('nav-automations').count()).toBe(0);
    await page.goto(`${h.stack.baseUrl}/automations/new`);
    await page.getByTestId('admins-only').waitFor();
    expect(await page.getByTestId('admins-only').textContent()).toContain('Admins only');
    await shot(page, 'admins-only');
  }, 60_000);
});
