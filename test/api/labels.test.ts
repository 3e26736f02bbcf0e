import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeTags, setPriority } from '../../engine/features/conversations/labels.js';
import { setContactAttributes } from '../../engine/features/conversations/contact-attributes.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';

const SECRET = 'sandbox-secret-for-labels';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('tags, topic, priority and contact attributes', () => {
  let stack: ApiStack;
  let channelId: string;
  let agent: { token: string; id: string };
  let n = 0;

  beforeAll(async () => {
    stack = await startApiStack();
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Labels chat', config: { secret: SECRET } },
    });
    expect(res.status).toBe(201);
    channelId = res.body.id;
    agent = await stack.userToken('agent');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** A new conversation from a customer's first message, as the list shows it. */
  async function conversationFrom(from: string, text = 'hello') {
    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind: 'private' });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
    return stack.eventually(async () => {
      const list = await stack.request('GET', `/api/conversations?channelId=${channelId}&limit=100`, { token: stack.adminToken });
      return (list.body.items as any[]).find((c) => c.contact.name === `Customer ${from}`);
    });
  }

  const tags = (id: string, payload: unknown, token: string | null = agent.token) =>
    stack.request('POST', `/api/conversations/${id}/tags`, { token, payload });
  const patch = (id: string, payload: unknown, token: string | null = agent.token) =>
    stack.request('PATCH', `/api/conversations/${id}`, { token, payload });
  const patchContact = (id: string, payload: unknown, token: string | null = agent.token) =>
    stack.request('PATCH', `/api/contacts/${id}`, { token, payload });

  async function eventsOf(id: string, type: string) {
    const detail = await stack.request('GET', `/api/conversations/${id}`, { token: stack.adminToken });
    expect(detail.status).toBe(200);
    return (detail.body.events as any[]).filter((e) => e.type === type);
  }

  async function tagList() {
    const res = await stack.request('GET', '/api/tags', { token: agent.token });
    return (res.body as { name: string }[]).map((t) => t.name);
  }

  it('adds and removes tags ignoring case, joins new names to the tag list once, and audits only changes', async () => {
    const convo = await conversationFrom('tagged');
    const billing = await stack.request('POST', '/api/tags', { token: stack.adminToken, payload: { name: 'Billing' } });
    expect(billing.status).toBe(201);

    const first = await tags(convo.id, { add: ['refund', 'billing', 'Refund'] });
    expect(first.status).toBe(200);
    // The list's spelling for a name already listed; each tag once; sorted by name.
    expect(first.body.tags.map((t: any) => t.name)).toEqual(['Billing', 'refund']);
    expect(first.body.tags[0].id).toBe(billing.body.id);
    expect(first.body).toMatchObject({ id: convo.id, status: 'unassigned', priority: 'normal' });
    expect((await tagList()).filter((t) => t.toLowerCase() === 'refund')).toEqual(['refund']);
    expect((await tagList()).filter((t) => t.toLowerCase() === 'billing')).toEqual(['Billing']);

    // Already there (any case), and removing a tag the conversation lacks: nothing changes.
    const again = await tags(convo.id, { add: ['REFUND'], remove: ['never-had-it'] });
    expect(again.status).toBe(200);
    expect(again.body.tags.map((t: any) => t.name)).toEqual(['Billing', 'refund']);
    expect(await tagList()).not.toContain('never-had-it');

    const removed = await tags(convo.id, { remove: ['BILLING'] });
    expect(removed.body.tags.map((t: any) => t.name)).toEqual(['refund']);
    // Removing from a conversation leaves the tag list alone.
    expect(await tagList()).toContain('Billing');

    const events = await eventsOf(convo.id, 'conversation.tags_changed');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actor: { type: 'user', id: agent.id }, detail: { added: ['Billing', 'refund'], removed: [] } });
    expect(events[1]).toMatchObject({ detail: { added: [], removed: ['Billing'] } });

    const detail = await stack.request('GET', `/api/conversations/${convo.id}`, { token: agent.token });
    expect(detail.body.tags.map((t: any) => t.name)).toEqual(['refund']);
  });

  it('refuses bad tag input with a 400 naming the field, changing nothing', async () => {
    const convo = await conversationFrom('bad-tags');
    const empty = await tags(convo.id, {});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/add|remove/);
    const blank = await tags(convo.id, { add: ['ok-tag', '   '] });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toMatch(/add/);
    expect(await tagList()).not.toContain('ok-tag');
    const tooLong = await tags(convo.id, { add: ['x'.repeat(201)] });
    expect(tooLong.status).toBe(400);
    expect(await eventsOf(convo.id, 'conversation.tags_changed')).toHaveLength(0);
    expect((await tags(NO_SUCH_ID, { add: ['ghost'] })).status).toBe(404);
    expect(await tagList()).not.toContain('ghost');
  });

  it('sets and clears the topic, and refuses an unknown topic naming it with nothing changed', async () => {
    const convo = await conversationFrom('topical');
    const topic = await stack.request('POST', '/api/topics', { token: stack.adminToken, payload: { name: 'Delivery' } });
    expect(topic.status).toBe(201);

    const set = await patch(convo.id, { topicId: topic.body.id });
    expect(set.status).toBe(200);
    expect(set.body.topic).toEqual({ id: topic.body.id, name: 'Delivery' });
    expect((await patch(convo.id, { topicId: topic.body.id })).status).toBe(200);

    const unknown = await patch(convo.id, { topicId: NO_SUCH_ID, priority: 'urgent' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain(NO_SUCH_ID);
    const notAnId = await patch(convo.id, { topicId: 'delivery' });
    expect(notAnId.status).toBe(400);
    expect(notAnId.body.message).toMatch(/topicId/);
    const after = await stack.request('GET', `/api/conversations/${convo.id}`, { token: agent.token });
    expect(after.body).toMatchObject({ topic: { id: topic.body.id }, priority: 'normal' });

    const cleared = await patch(convo.id, { topicId: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.topic).toBeUndefined();

    const events = await eventsOf(convo.id, 'conversation.topic_changed');
    expect(events.map((e) => e.detail)).toEqual([
      { from: null, to: { id: topic.body.id, name: 'Delivery' } },
      { from: { id: topic.body.id, name: 'Delivery' }, to: null },
    ]);
    expect(await eventsOf(convo.id, 'conversation.priority_changed')).toHaveLength(0);
  });

  it('sets the priority, refuses an unknown one naming the field, and audits only changes', async () => {
    const convo = await conversationFrom('urgent-one');
    const high = await patch(convo.id, { priority: 'high' });
    expect(high.status).toBe(200);
    expect(high.body.priority).toBe('high');
    expect((await patch(convo.id, { priority: 'high' })).status).toBe(200);

    const bad = await patch(convo.id, { priority: 'extreme' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/priority/);
    const nothing = await patch(convo.id, {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.message).toMatch(/priority|topicId/);
    expect((await patch(NO_SUCH_ID, { priority: 'low' })).status).toBe(404);

    const events = await eventsOf(convo.id, 'conversation.priority_changed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: { type: 'user', id: agent.id }, detail: { from: 'normal', to: 'high' } });
    expect((await stack.request('GET', `/api/conversations/${convo.id}`, { token: agent.token })).body.priority).toBe('high');
  });

  it('shows tags, topic and priority in the list and filters it by tag, ignoring case', async () => {
    const a = await conversationFrom('listed-a');
    const b = await conversationFrom('listed-b');
    const topic = await stack.request('POST', '/api/topics', { token: stack.adminToken, payload: { name: 'Returns' } });
    await tags(a.id, { add: ['vip', 'Apple'] });
    await patch(a.id, { topicId: topic.body.id, priority: 'urgent' });
    await tags(b.id, { add: ['other'] });

    const filtered = await stack.request('GET', `/api/conversations?channelId=${channelId}&tag=VIP`, { token: agent.token });
    expect(filtered.status).toBe(200);
    expect(filtered.body.items).toHaveLength(1);
    expect(filtered.body.items[0]).toMatchObject({
      id: a.id,
      tags: [{ name: 'Apple' }, { name: 'vip' }],
      topic: { id: topic.body.id, name: 'Returns' },
      priority: 'urgent',
    });
    const none = await stack.request('GET', `/api/conversations?channelId=${channelId}&tag=no-such-tag`, { token: agent.token });
    expect(none.body.items).toEqual([]);

    const all = await stack.request('GET', `/api/conversations?channelId=${channelId}&limit=100`, { token: agent.token });
    const listedB = all.body.items.find((c: any) => c.id === b.id);
    expect(listedB.tags.map((t: any) => t.name)).toEqual(['other']);
    expect(listedB.topic).toBeUndefined();
    expect(listedB.priority).toBe('normal');
  });

  it('merges contact attributes, removes keys with null, and refuses a bad key with nothing changed', async () => {
    const convo = await conversationFrom('attributed');
    const contactId = convo.contact.id;
    const card = await stack.request('GET', `/api/contacts/${contactId}`, { token: agent.token });
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ id: contactId, channelId, name: 'Customer attributed', attributes: {} });
    expect(card.body.conversations.map((c: any) => c.id)).toEqual([convo.id]);
    expect(card.body.conversations[0]).toMatchObject({ status: 'unassigned', lastMessage: { at: convo.lastMessage.at } });

    const first = await patchContact(contactId, { attributes: { plan: 'gold', orders: 3, vip: true } });
    expect(first.status).toBe(200);
    expect(first.body.attributes).toEqual({ plan: 'gold', orders: 3, vip: true });
    const second = await patchContact(contactId, { attributes: { plan: null, language: 'fr', orders: 3 } });
    expect(second.body.attributes).toEqual({ orders: 3, vip: true, language: 'fr' });

    const badKey = await patchContact(contactId, { attributes: { language: 'de', 'bad key': 'x' } });
    expect(badKey.status).toBe(400);
    expect(badKey.body.message).toContain('bad key');
    const tooLong = await patchContact(contactId, { attributes: { note: 'x'.repeat(501) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/note/);
    const nested = await patchContact(contactId, { attributes: { address: { city: 'Lyon' } } });
    expect(nested.status).toBe(400);
    expect(nested.body.message).toMatch(/address/);
    const foreign = await patchContact(contactId, { attributes: { language: 'de' }, conversationId: (await conversationFrom('someone-else')).id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/conversationId/);
    expect((await stack.request('GET', `/api/contacts/${contactId}`, { token: agent.token })).body.attributes)
      .toEqual({ orders: 3, vip: true, language: 'fr' });

    // Setting what is already there is no change.
    expect((await patchContact(contactId, { attributes: { vip: true, gone: null } })).status).toBe(200);
    const events = await eventsOf(convo.id, 'contact.attribute_changed');
    expect(events.map((e) => e.detail)).toEqual([
      { contactId, set: { plan: 'gold', orders: 3, vip: true }, removed: [], previous: {} },
      { contactId, set: { language: 'fr' }, removed: ['plan'], previous: { plan: 'gold' } },
    ]);
    expect(events[0].actor).toMatchObject({ type: 'user', id: agent.id });

    expect((await stack.request('GET', `/api/contacts/${NO_SUCH_ID}`, { token: agent.token })).status).toBe(404);
    expect((await patchContact(NO_SUCH_ID, { attributes: { a: 1 } })).status).toBe(404);
    expect((await patchContact(contactId, {})).status).toBe(400);
  });

  it('allows agents and admins alike, like the other conversation actions, and nobody without a token', async () => {
    const convo = await conversationFrom('anyone');
    expect((await tags(convo.id, { add: ['from-admin'] }, stack.adminToken)).status).toBe(200);
    expect((await patch(convo.id, { priority: 'low' }, stack.adminToken)).status).toBe(200);
    expect((await patchContact(convo.contact.id, { attributes: { who: 'admin' } }, stack.adminToken)).status).toBe(200);
    expect((await tags(convo.id, { add: ['from-agent'] })).status).toBe(200);
    expect((await patch(convo.id, { priority: 'high' })).status).toBe(200);
    expect((await patchContact(convo.contact.id, { attributes: { who: 'agent' } })).status).toBe(200);

    expect((await tags(convo.id, { add: ['anonymous'] }, null)).status).toBe(401);
    expect((await patch(convo.id, { priority: 'urgent' }, null)).status).toBe(401);
    expect((await patchContact(convo.contact.id, { attributes: { who: 'nobody' } }, null)).status).toBe(401);
    expect((await stack.request('GET', `/api/contacts/${convo.contact.id}`)).status).toBe(401);
    const after = await stack.request('GET', `/api/conversations/${convo.id}`, { token: agent.token });
    expect(after.body).toMatchObject({ priority: 'high' });
    expect(after.body.tags.map((t: any) => t.name)).toEqual(['from-admin', 'from-agent']);
  });

  it('records an automation as the actor when the workflow applies its actions', async () => {
    const convo = await conversationFrom('automated');
    const actor = { type: 'automation' as const, id: 'a0a0a0a0-0000-4000-8000-000000000001', name: 'Refunds', version: 3 };
    const { db } = stack.services;
    expect((await changeTags(db, { conversationId: convo.id, add: ['auto-refund'], actor })).changed).toBe(true);
    expect((await changeTags(db, { conversationId: convo.id, add: ['Auto-Refund'], actor })).changed).toBe(false);
    expect((await setPriority(db, { conversationId: convo.id, priority: 'urgent', actor })).changed).toBe(true);
    await setContactAttributes(db, { contactId: convo.contact.id, attributes: { orderNumber: 'A-1' }, actor, conversationId: convo.id });

    const detail = await stack.request('GET', `/api/conversations/${convo.id}`, { token: agent.token });
    const byAutomation = (detail.body.events as any[]).filter((e) => e.actor.type === 'automation');
    expect(byAutomation.map((e) => e.type)).toEqual(['conversation.tags_changed', 'conversation.priority_changed', 'contact.attribute_changed']);
    expect(byAutomation[0].actor).toEqual(actor);
    await expect(setPriority(db, { conversationId: convo.id, priority: 'whenever' as never, actor })).rejects.toThrow(/priority/);
  });

  it('documents the routes in /openapi.json with their request schemas', async () => {
    const res = await stack.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    expect(paths['/api/conversations/{id}'].patch.requestBody).toBeDefined();
    expect(paths['/api/conversations/{id}/tags'].post.requestBody).toBeDefined();
    expect(paths['/api/conversations/{id}/pending'].post).toBeDefined();
    expect(paths['/api/contacts/{id}'].get.responses['200']).toBeDefined();
    expect(paths['/api/contacts/{id}'].patch.requestBody).toBeDefined();
    expect(paths['/api/conversations'].get.parameters.map((p: any) => p.name)).toContain('tag');
  });

  it('marks a conversation as waiting on the customer, and refuses it for a Done one with 409', async () => {
    const convo = await conversationFrom('waiting');
    // The usual way there: the agent takes it, answers with a question, and waits.
    expect((await stack.request('POST', `/api/conversations/${convo.id}/assign`, { token: agent.token, payload: { userId: 'me' } })).status).toBe(200);
    expect((await stack.request('POST', `/api/conversations/${convo.id}/reply`, { token: agent.token, payload: { text: 'Which order number?' } })).status).toBe(200);
    const res = await stack.request('POST', `/api/conversations/${convo.id}/pending`, { token: agent.token, payload: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: convo.id, status: 'pending', queue: 'pending' });
    const pendingQueue = await stack.request('GET', `/api/conversations?queue=pending&channelId=${channelId}`, { token: agent.token });
    expect(pendingQueue.body.items.map((c: any) => c.id)).toContain(convo.id);

    expect((await stack.request('POST', `/api/conversations/${convo.id}/dismiss`, { token: agent.token, payload: {} })).status).toBe(200);
    const refused = await stack.request('POST', `/api/conversations/${convo.id}/pending`, { token: agent.token, payload: {} });
    expect(refused.status).toBe(409);
    expect((await stack.request('GET', `/api/conversations/${convo.id}`, { token: agent.token })).body.status).toBe('done');
    expect((await stack.request('POST', `/api/conversations/${NO_SUCH_ID}/pending`, { token: agent.token, payload: {} })).status).toBe(404);
  });
});
