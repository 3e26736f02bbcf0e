// The agent's inbox in Chromium against a real engine (issue 14): live updates without a reload,
// filters and bulk dismiss, assigning to a colleague with a note, saved replies, notes, and routing
// to the agent whose inbox is open. Screenshots of each screen in English and French.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccepted, markPage, screenshot, UI_TIMEOUT, uniqueRun, useHarness } from '../support/browser.js';

const AGENT_PASSWORD = 'a long enough password';

const h = useHarness();

async function admin<T = any>(method: string, url: string, payload?: unknown) {
  const res = await h.stack.api.request<T>(method, url, { token: h.stack.api.adminToken, payload });
  if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status}: ${res.text}`);
  return res.body;
}

async function sandboxChannel(name: string): Promise<string> {
  const created = await admin('POST', '/api/channels', { type: 'sandbox', name, config: { secret: h.stack.sandboxSecret } });
  return created.id as string;
}

async function customerWrites(channelId: string, from: string, text: string, extra: Record<string, unknown> = {}) {
  await h.stack.sendSandboxMessage(channelId, { id: `m-${uniqueRun()}`, from: { id: from.toLowerCase().replace(/\W+/g, '-'), name: from }, text, kind: 'private', ...extra });
}

/** An agent allowed to read and answer the channel's conversations. */
async function agentOf(channelIds: string[], run: string) {
  const email = `agent-${run}@example.com`;
  const agent = await h.stack.api.userToken('agent', email);
  for (const id of channelIds) {
    // Channel permissions (api.md) may not be served yet; until they are, agents see every channel.
    const res = await h.stack.api.request('PUT', `/api/channels/${id}/permissions`, {
      token: h.stack.api.adminToken,
      payload: { grants: [{ userId: agent.id, permissions: ['viewPrivate', 'reply', 'commentAndReply'] }] },
    });
    if (res.status !== 200 && res.status !== 404) throw new Error(`could not grant the channel: ${res.text}`);
  }
  const me = await h.stack.api.request('GET', '/api/me', { token: agent.token });
  return { ...agent, email, name: me.body.name as string };
}

async function conversationIdOf(contactName: string): Promise<string> {
  return h.stack.api.eventually(async () => {
    const page = await admin('GET', '/api/conversations?limit=100');
    return page.items.find((c: any) => c.contact.name === contactName)?.id as string | undefined;
  }, 30_000);
}

function row(page: Page, text: string) {
  return page.getByTestId('conversation-row').filter({ hasText: text });
}

async function openConversation(page: Page, contactName: string): Promise<void> {
  await row(page, contactName).getByRole('link').click();
  await page.getByTestId('conversation-contact').filter({ hasText: contactName }).waitFor({ timeout: UI_TIMEOUT });
}

describe('the agent inbox', () => {
  it('shows a new conversation, a new message in the open thread and the unread dot without reloading', async () => {
    const run = uniqueRun();
    const channelId = await sandboxChannel(`Live ${run}`);
    const agent = await agentOf([channelId], run);
    const first = `Live Ada ${run}`;
    const second = `Live Bob ${run}`;
    await customerWrites(channelId, first, `My order is late (${run})`);
    await conversationIdOf(first);

    const page = await h.openPage();
    await h.logIn(page, agent.email, AGENT_PASSWORD);
    await row(page, first).waitFor({ timeout: UI_TIMEOUT });
    await page.locator('[data-testid="live-status"][data-live="up"]').waitFor({ timeout: UI_TIMEOUT });
    const notReloaded = await markPage(page);

    // A new thread joins the open queue, with its unread dot on the tab.
    await customerWrites(channelId, second, `Hello, anyone? (${run})`);
    await row(page, second).waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('queue-unread-unassigned').waitFor({ timeout: UI_TIMEOUT });

    // The open thread receives the customer's next message.
    await openConversation(page, first);
    const followUp = `Any news on it? (${run})`;
    await customerWrites(channelId, first, followUp);
    await page.getByTestId('message-list').getByText(followUp).waitFor({ timeout: UI_TIMEOUT });
    // The list row is updated by its own event (conversation updated), which may arrive a moment later.
    await row(page, first).getByTestId('row-last-message').filter({ hasText: followUp }).waitFor({ timeout: UI_TIMEOUT });
    expect(await notReloaded()).toBe(true);
    await screenshot(page, 'inbox-live-thread-en');
  }, 180_000);

  it('combines filters kept in the URL, clears them, and dismisses a selection with a result per conversation', async () => {
    const run = uniqueRun();
    const shop = await sandboxChannel(`Shop ${run}`);
    const support = await sandboxChannel(`Support ${run}`);
    const dm = `Filter DM ${run}`;
    const comment = `Filter Comment ${run}`;
    const other = `Filter Other ${run}`;
    await customerWrites(shop, dm, `A private question (${run})`);
    await customerWrites(shop, comment, `A public comment (${run})`, { kind: 'public', postId: `post-${run}` });
    await customerWrites(support, other, `Something else (${run})`);
    for (const name of [dm, comment, other]) await conversationIdOf(name);

    const page = await h.openPage();
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await row(page, other).waitFor({ timeout: UI_TIMEOUT });

    await page.getByTestId('filter-channel').selectOption(shop);
    await row(page, dm).waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(() => row(page, other).count(), { timeout: UI_TIMEOUT }).toBe(0);
    expect(new URL(page.url()).searchParams.get('channelId')).toBe(shop);

    await page.getByTestId('filter-kind').selectOption('public');
    await expect.poll(() => row(page, dm).count(), { timeout: UI_TIMEOUT }).toBe(0);
    await row(page, comment).waitFor({ timeout: UI_TIMEOUT });
    const url = new URL(page.url());
    expect([url.searchParams.get('channelId'), url.searchParams.get('kind')]).toEqual([shop, 'public']);

    // The filtered address, opened anew, shows the same selection.
    await page.goto(page.url());
    await row(page, comment).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('filter-kind').inputValue()).toBe('public');
    expect(await row(page, dm).count()).toBe(0);

    await page.getByTestId('filter-clear').click();
    await row(page, other).waitFor({ timeout: UI_TIMEOUT });
    await row(page, dm).waitFor({ timeout: UI_TIMEOUT });
    expect(new URL(page.url()).searchParams.get('channelId')).toBeNull();

    // Bulk: both conversations of the shop channel are dismissed.
    await page.getByTestId('filter-channel').selectOption(shop);
    await expect.poll(() => row(page, other).count(), { timeout: UI_TIMEOUT }).toBe(0);
    await row(page, dm).getByTestId('row-select').check();
    await row(page, comment).getByTestId('row-select').check();
    await screenshot(page, 'inbox-bulk-select-en');
    await page.getByTestId('bulk-dismiss').click();
    await page.getByTestId('bulk-results').filter({ hasText: '2 of 2 dismissed.' }).waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(() => row(page, dm).count(), { timeout: UI_TIMEOUT }).toBe(0);
    expect(await row(page, comment).count()).toBe(0);
    const after = await admin('GET', `/api/conversations?channelId=${shop}`);
    expect(after.items.map((c: any) => c.status)).toEqual(['done', 'done']);
  }, 180_000);

  it('assigns to a team member with a note, sends a saved reply, writes then edits a note, and edits a chosen attribute of the contact', async () => {
    const run = uniqueRun();
    const channelId = await sandboxChannel(`Care ${run}`);
    const agent = await agentOf([channelId], run);
    await admin('POST', '/api/teams', { name: `Care team ${run}`, memberIds: [agent.id] });
    const savedText = `We ship within two working days. (${run})`;
    await admin('POST', '/api/saved-replies', { title: `Shipping times ${run}`, text: savedText, shared: true });
    const customer = `Care Carla ${run}`;
    await customerWrites(channelId, customer, `When will it ship? (${run})`);
    const conversationId = await conversationIdOf(customer);

    const page = await h.openPage();
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await openConversation(page, customer);

    // A saved reply, found by searching, fills the box and is sent.
    await page.getByTestId('action-assign-me').click();
    await expectAccepted(page, 'Assigned to you.');
    await page.getByTestId('saved-reply-open').click();
    await page.getByTestId('saved-reply-search').fill(`Shipping times ${run}`);
    await page.getByTestId('saved-reply').filter({ hasText: `Shipping times ${run}` }).click();
    expect(await page.getByTestId('reply-box').inputValue()).toBe(savedText);
    await page.getByTestId('reply-send').click();
    await expectAccepted(page, 'Reply sent.');
    await page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: savedText }).waitFor({ timeout: UI_TIMEOUT });

    // Hand it to a colleague of the team with a note.
    const note = `Customer is a VIP, be quick (${run})`;
    await page.getByTestId('action-assign-open').click();
    await page.getByTestId('assign-target').selectOption(`user:${agent.id}`);
    await page.getByTestId('assign-note').fill(note);
    await page.getByTestId('assign-submit').click();
    await expectAccepted(page, 'Assigned.');
    await page.getByTestId('conversation-assignee').filter({ hasText: agent.name }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('event-list').getByText(note).waitFor({ timeout: UI_TIMEOUT });
    const detail = await admin('GET', `/api/conversations/${conversationId}`);
    expect(detail.assignee.id).toBe(agent.id);

    // A note on the contact: counted, written, then edited by its author.
    const notes = page.getByTestId('notes');
    await notes.getByTestId('note-input').fill('Prefers e-mail');
    expect((await notes.getByTestId('note-counter').textContent())?.replace(/\s+/g, ' ').trim()).toBe('14 / 2,000');
    await notes.getByTestId('note-add').click();
    await notes.getByTestId('note-text').filter({ hasText: 'Prefers e-mail' }).waitFor({ timeout: UI_TIMEOUT });
    await notes.getByTestId('note-edit').click();
    await notes.getByTestId('note-edit-input').fill('Prefers e-mail, never calls');
    await notes.getByTestId('note-save').click();
    await notes.getByTestId('note-text').filter({ hasText: 'Prefers e-mail, never calls' }).waitFor({ timeout: UI_TIMEOUT });
    await notes.getByTestId('note-edited').waitFor({ timeout: UI_TIMEOUT });
    const stored = await admin('GET', `/api/contacts/${detail.contact.id}/notes`);
    expect(stored.map((n: any) => n.text)).toEqual(['Prefers e-mail, never calls']);

    // The attributes the admin chose, in their order, edited in place.
    await admin('PUT', '/api/settings/contact-attributes', [
      { key: `plan${run}`, label: 'Plan', shown: true, position: 1 },
      { key: `city${run}`, label: 'City', shown: true, position: 0 },
      { key: `secret${run}`, label: 'Internal score', shown: false, position: 2 },
    ]);
    await admin('PATCH', `/api/contacts/${detail.contact.id}`, { attributes: { [`plan${run}`]: 'gold', [`secret${run}`]: '42' } });
    await page.reload();
    const attributes = page.getByTestId('contact-attribute');
    await attributes.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await attributes.locator('dt').allTextContents()).toEqual(['City', 'Plan']);
    const plan = attributes.filter({ hasText: 'Plan' });
    expect(await plan.getByTestId('attribute-edit').textContent()).toContain('gold');
    await plan.getByTestId('attribute-edit').click();
    await plan.getByTestId('attribute-input').fill('platinum');
    await plan.getByTestId('attribute-save').click();
    await plan.getByTestId('attribute-edit').filter({ hasText: 'platinum' }).waitFor({ timeout: UI_TIMEOUT });
    expect((await admin('GET', `/api/contacts/${detail.contact.id}`)).attributes[`plan${run}`]).toBe('platinum');
    await screenshot(page, 'inbox-thread-context-en');

    await page.getByTestId('action-assign-open').click();
    await screenshot(page, 'inbox-assign-panel-en');
    await page.keyboard.press('Escape');
    await page.getByTestId('reply-box').click();
    await page.getByTestId('saved-reply-open').click();
    await page.getByTestId('saved-replies').waitFor();
    await screenshot(page, 'inbox-saved-replies-en');
  }, 180_000);

  it('routes a new conversation by skill set to the agent whose inbox is open', async () => {
    const run = uniqueRun();
    const channelId = await sandboxChannel(`Routing ${run}`);
    const agent = await agentOf([channelId], run);
    const team = await admin('POST', '/api/teams', { name: `Dutch ${run}`, memberIds: [agent.id] });
    const document = {
      schema: 'switchboard.skillset/1',
      name: `Dutch ${run}`,
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: `hallo-${run}` }] },
      target: { teamId: team.id },
      strategy: 'balanced',
    };
    const created = await admin('POST', '/api/skill-sets', { document });
    await admin('POST', `/api/skill-sets/${created.id}/publish`);

    // Only the open app says the agent is here.
    const page = await h.openPage();
    await h.logIn(page, agent.email, AGENT_PASSWORD);
    await h.stack.api.eventually(async () => {
      const presence = await admin('GET', '/api/presence');
      return presence.find((p: any) => p.userId === agent.id || p.id === agent.id)?.effectiveStatus === 'online';
    }, 30_000);
    await page.getByTestId('queue-tab-mine').click();
    await page.getByTestId('inbox-empty').or(page.getByTestId('conversation-list')).first().waitFor({ timeout: UI_TIMEOUT });

    const customer = `Routed Henk ${run}`;
    await customerWrites(channelId, customer, `Hallo-${run}, waar is mijn pakket?`);
    await row(page, customer).waitFor({ timeout: UI_TIMEOUT });
    expect(await row(page, customer).getByTestId('row-assignee').textContent()).toContain(agent.name);
    expect(await page.getByTestId('queue-count-mine').textContent()).toContain('1');
    await screenshot(page, 'inbox-mine-en');
  }, 180_000);

  it('speaks French to a French browser: labels, dates and the page language', async () => {
    const run = uniqueRun();
    const channelId = await sandboxChannel(`Boutique ${run}`);
    const customer = `Claire Dupont ${run}`;
    await customerWrites(channelId, customer, `Bonjour, où en est ma commande ? (${run})`);
    await conversationIdOf(customer);

    const page = await h.openPage(undefined, 'fr-FR');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await row(page, customer).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect((await page.getByTestId('queue-tab-unassigned').textContent())?.trim()).toMatch(/^Non assignées/);
    expect(await row(page, customer).getByTestId('row-kind').textContent()).toContain('privée');
    await screenshot(page, 'inbox-list-fr');
    await openConversation(page, customer);
    expect(await page.getByTestId('action-resolve').textContent()).toContain('Résoudre');
    await page.getByTestId('notes').getByTestId('note-input').fill('Préfère le téléphone');
    expect((await page.getByTestId('note-counter').textContent())?.replace(/\s+/g, ' ').trim()).toBe('20 / 2 000');
    await screenshot(page, 'inbox-thread-context-fr');
    await page.getByTestId('action-assign-open').click();
    await screenshot(page, 'inbox-assign-panel-fr');
    await page.getByTestId('saved-reply-open').click();
    await page.getByTestId('saved-replies').waitFor();
    await screenshot(page, 'inbox-saved-replies-fr');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Escape');
    await page.getByTestId('thread').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await screenshot(page, 'inbox-shortcuts-fr');
  }, 180_000);

  it('suggests a tag for a conversation that reads like tagged ones, says why, and applies it when accepted', async () => {
    const run = uniqueRun();
    const channelId = await sandboxChannel(`Suggest ${run}`);
    const tagName = `delivery-${run}`;
    const tag = await admin('POST', '/api/tags', { name: tagName });
    // The history suggestions learn from: ten resolved conversations tagged by agents.
    const db = h.stack.api.services.db;
    const texts = [
      'Where is my parcel? The delivery is late',
      'Delivery tracking shows no movement for my parcel',
      'My parcel was delivered to the wrong address',
      'The courier lost my parcel during delivery',
      'Late delivery again, parcel still missing',
      'Parcel delivery delayed by a week',
      'The delivery of my parcel never happened',
      'Tracking says parcel delivered but nothing came',
      'Delivery driver could not find my address, parcel returned',
      'Parcel stuck in delivery depot for days',
    ];
    for (const [i, text] of texts.entries()) {
      const key = `history-${run}-${i}`;
      const [contact] = await db('contacts').insert({ channel_id: channelId, provider_id: key, name: key }).returning('id');
      const [convo] = await db('conversations').insert({
        channel_id: channelId, thread_key: key, workflow_id: `wf-${key}`, kind: 'private', status: 'done', contact_id: contact.id, last_message_at: db.fn.now(),
      }).returning('id');
      await db('messages').insert({
        channel_id: channelId, conversation_id: convo.id, thread_key: key, kind: 'private', direction: 'in', provider_message_id: key,
        author: { type: 'customer', id: key }, contact_provider_id: key, text, at: db.fn.now(),
      });
      await db('conversation_tags').insert({ conversation_id: convo.id, tag_id: tag.id });
    }
    const customer = `Suggest Sam ${run}`;
    await customerWrites(channelId, customer, 'My parcel delivery is late, where is it?');
    const conversationId = await conversationIdOf(customer);

    const page = await h.openPage();
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await openConversation(page, customer);
    const suggestion = page.getByTestId('tag-suggestion').filter({ hasText: tagName });
    await suggestion.waitFor({ timeout: UI_TIMEOUT });
    expect(await suggestion.textContent()).toMatch(/parcel|delivery/);
    await screenshot(page, 'inbox-tag-suggestion-en');
    await suggestion.getByTestId('accept-suggestion').click();
    await page.getByTestId('tag').filter({ hasText: tagName }).waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(() => page.getByTestId('tag-suggestion').filter({ hasText: tagName }).count(), { timeout: UI_TIMEOUT }).toBe(0);
    const detail = await admin('GET', `/api/conversations/${conversationId}`);
    expect(detail.tags.map((t: any) => t.name)).toContain(tagName);
  }, 180_000);

  // Last: its resolution reason makes a reason mandatory for every sandbox private conversation.
  it('shows why an automation acted, edits tags, topic and priority, and resolves with the reason the API requires', async () => {
    const run = uniqueRun();
    const channelId = await sandboxChannel(`Labels ${run}`);
    const parent = await admin('POST', '/api/topics', { name: `Delivery ${run}` });
    const child = await admin('POST', '/api/topics', { name: `Late parcel ${run}`, parentId: parent.id });
    const automation = await admin('POST', '/api/automations', {
      document: {
        schema: 'switchboard.automation/1',
        name: `Parcels ${run}`,
        enabled: true,
        triggers: ['conversation.created'],
        when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: `parcel-${run}` }] },
        then: [{ id: 'a1', type: 'addTags', tags: [`auto-${run}`] }],
        stop: false,
      },
    });
    const published = await admin('POST', `/api/automations/${automation.id}/publish`);
    const customer = `Labels Lea ${run}`;
    await customerWrites(channelId, customer, `Where is parcel-${run}?`);
    const conversationId = await conversationIdOf(customer);
    await h.stack.api.eventually(async () => (await admin('GET', `/api/conversations/${conversationId}`)).tags.length > 0, 30_000);

    const page = await h.openPage();
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await openConversation(page, customer);

    // The automation's rule, version and condition results, from the audit trail.
    const fired = page.locator('[data-testid="event"][data-type="automation.fired"]');
    await fired.waitFor({ timeout: UI_TIMEOUT });
    expect(await fired.textContent()).toContain(`Parcels ${run}`);
    expect(await fired.getByTestId('automation-version').textContent()).toBe(`version ${published.version}`);
    await fired.getByTestId('automation-conditions').locator('summary').click();
    const c1 = fired.getByTestId('automation-conditions').locator('li').filter({ hasText: 'c1' });
    expect(await c1.getAttribute('class')).toBe('cond-true');
    expect(await c1.textContent()).toContain(`Where is parcel-${run}?`);
    await screenshot(page, 'inbox-automation-en');

    // Tags, topic (from the tree) and priority.
    await page.getByTestId('tag').filter({ hasText: `auto-${run}` }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('tag-input').fill(`manual-${run}`);
    await page.getByTestId('tag-input').press('Enter');
    await page.getByTestId('tag').filter({ hasText: `manual-${run}` }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('topic-select').selectOption(child.id);
    await page.getByTestId('priority-select').selectOption('urgent');
    await expect
      .poll(async () => {
        const c = await admin('GET', `/api/conversations/${conversationId}`);
        return [c.topic?.id, c.priority, c.tags.map((t: any) => t.name).sort()];
      }, { timeout: UI_TIMEOUT })
      .toEqual([child.id, 'urgent', [`auto-${run}`, `manual-${run}`].sort()]);

    // A reply, then resolve: refused without a reason, accepted with the one picked.
    await page.getByTestId('action-assign-me').click();
    await expectAccepted(page, 'Assigned to you.');
    await page.getByTestId('reply-box').fill(`It left this morning (${run})`);
    await page.getByTestId('reply-send').click();
    await expectAccepted(page, 'Reply sent.');
    const reason = await admin('POST', '/api/resolution-reasons', { name: `Answered ${run}`, channelTypes: ['sandbox'], kinds: ['private'] });
    await page.getByTestId('action-resolve').click();
    await page.getByTestId('action-error').filter({ hasText: 'Choose a resolution reason' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('resolve-reason').locator('option').allTextContents()).toContain(`Answered ${run}`);
    await page.getByTestId('resolve-reason').selectOption(reason.id);
    await screenshot(page, 'inbox-resolve-reason-en');
    await page.getByTestId('action-resolve').click();
    await expectAccepted(page, 'Resolved.');
    await page.getByTestId('conversation-queue').filter({ hasText: 'Done' }).waitFor({ timeout: UI_TIMEOUT });
  }, 180_000);

  it('shows the list in English with its empty thread pane, the shortcut help, and moves with j/k and r', async () => {
    const run = uniqueRun();
    const channelId = await sandboxChannel(`Keys ${run}`);
    for (const name of [`Keys Kim ${run}`, `Keys Kai ${run}`]) {
      await customerWrites(channelId, name, `Hello from ${name}`);
      await conversationIdOf(name);
    }
    const page = await h.openPage();
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.getByTestId('conversation-list').or(page.getByTestId('inbox-empty')).first().waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('no-thread').waitFor();
    await screenshot(page, 'inbox-list-en');
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await screenshot(page, 'inbox-shortcuts-en');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcut-help').count()).toBe(0);

    // j opens the first conversation of the list, j the next, k back; r goes to the reply box.
    const ids = await page.getByTestId('conversation-row').evaluateAll((rows) => rows.slice(0, 2).map((r) => r.getAttribute('data-conversation-id')));
    await page.keyboard.press('j');
    await page.waitForURL(`**/conversations/${ids[0]}?**`, { timeout: UI_TIMEOUT });
    await page.getByTestId('thread').waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.press('j');
    await page.waitForURL(`**/conversations/${ids[1]}?**`, { timeout: UI_TIMEOUT });
    await page.keyboard.press('k');
    await page.waitForURL(`**/conversations/${ids[0]}?**`, { timeout: UI_TIMEOUT });
    await page.getByTestId('reply-box').waitFor({ timeout: UI_TIMEOUT });
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-box');

    await page.getByTestId('back-to-inbox').click();
    await page.getByTestId('queue-tab-mine').click();
    await page.getByTestId('inbox-empty').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'inbox-empty-mine-en');
  }, 120_000);
});
