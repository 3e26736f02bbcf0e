import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../engine/platform/database.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { storeChannel, storeConversation, type StoredConversation } from '../automation/stored.js';

const DAY = 86_400_000;

const automation = (name: string, when: unknown, then: unknown[], extra: Record<string, unknown> = {}) => ({
  schema: 'switchboard.automation/1',
  name,
  enabled: true,
  triggers: ['message.received'],
  when,
  then,
  stop: false,
  ...extra,
});

// Published v1 of the automation under test: "refund" → tag refund.
const refundsV1 = automation('Refunds', { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' }] }, [
  { id: 'a1', type: 'addTags', tags: ['refund'] },
]);
// Its draft: also "remboursement", or a conversation an earlier automation tagged urgent; and a higher priority.
const refundsDraft = automation(
  'Refunds',
  {
    id: 'g1',
    any: [
      { id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' },
      { id: 'c2', fact: 'message.text', operator: 'contains', value: 'remboursement' },
      { id: 'c3', fact: 'conversation.tags', operator: 'includes', value: 'urgent' },
    ],
  },
  [
    { id: 'a1', type: 'addTags', tags: ['refund'] },
    { id: 'a2', type: 'setPriority', priority: 'high' },
  ],
);

describe('dry run API', () => {
  let stack: ApiStack;
  let db: Db;
  let refundsId: string;
  let skillSetId: string;
  const c: Record<string, StoredConversation> = {};
  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);
  const as = (method: string, url: string, payload?: unknown, token = stack.adminToken) => stack.request(method, url, { token, payload });
  const row = (body: any, id: string) => body.conversations.find((x: any) => x.id === id);

  async function publish(kind: string, document: unknown): Promise<string> {
    const created = await as('POST', `/api/${kind}`, { document });
    expect(created.status).toBe(201);
    expect((await as('POST', `/api/${kind}/${created.body.id}/publish`)).status).toBe(200);
    return created.body.id;
  }

  async function fired(conversationId: string, at: Date, actions: unknown[], version = 1) {
    await db('conversation_events').insert({
      conversation_id: conversationId,
      type: 'automation.fired',
      actor: { type: 'automation', id: refundsId, name: 'Refunds' },
      at,
      detail: { version, actions, conditions: {} },
    });
  }

  beforeAll(async () => {
    stack = await startApiStack();
    db = stack.services.db;
    const channelId = await storeChannel(db, 'messenger');
    const one = (text: string, at: Date, attributes: Record<string, unknown> = {}, extra = {}) =>
      storeConversation(db, { channelId, createdAt: at, attributes, messages: [{ text, at }], ...extra });

    // Earlier published automations, in list order before the one under test.
    await publish('automations', automation('Urgent', { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'urgent' }] }, [{ id: 'a1', type: 'addTags', tags: ['urgent'] }]));
    await publish('automations', automation('Spam stops', { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'casino' }] }, [{ id: 'a1', type: 'addTags', tags: ['spam'] }], { stop: true }));
    refundsId = await publish('automations', refundsV1);
    expect((await as('PUT', `/api/automations/${refundsId}/draft`, { document: refundsDraft })).status).toBe(200);

    c.refund = await one('I want a REFUND', ago(2 * DAY));
    await fired(c.refund.id, new Date(ago(2 * DAY).getTime() + 1000), [{ id: 'a1', type: 'addTags', tags: ['refund'] }]);
    c.french = await one('Je veux un remboursement', ago(3 * DAY), { language: 'fr' }, { routingTarget: { teamId: 'team-fr' } });
    c.hello = await one('hello', ago(1 * DAY));
    c.urgent = await one('urgent!!', ago(1 * DAY));
    c.spam = await one('casino refund', ago(1 * DAY));
    // its first message fired nothing; the published version fired at the second one
    c.later = await storeConversation(db, {
      channelId,
      createdAt: ago(4 * DAY),
      messages: [
        { text: 'hello', at: ago(4 * DAY) },
        { text: 'refund please', at: ago(4 * DAY - 60_000) },
      ],
    });
    await fired(c.later.id, ago(4 * DAY - 61_000), [{ id: 'a1', type: 'addTags', tags: ['refund'] }]);
    c.old = await one('refund', ago(10 * DAY));

    skillSetId = await publish('skill-sets', {
      schema: 'switchboard.skillset/1',
      name: 'French',
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.language', operator: 'equal', value: 'fr' }] },
      target: { teamId: 'team-fr' },
      strategy: 'balanced',
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('replays the draft over the last 7 days: fired or not per conversation, with the trace and what the published version did', async () => {
    const res = await as('POST', `/api/automations/${refundsId}/dry-run`, {});
    expect(res.status).toBe(200);
    const ids = res.body.conversations.map((x: any) => x.id).sort();
    expect(ids).toEqual([c.refund.id, c.french.id, c.hello.id, c.urgent.id, c.spam.id, c.later.id].sort());
    expect(new Date(res.body.period.to).getTime() - new Date(res.body.period.from).getTime()).toBe(7 * DAY);
    expect(res.body.version).toBe('draft');

    const draftActions = [
      { id: 'a1', type: 'addTags', tags: ['refund'] },
      { id: 'a2', type: 'setPriority', priority: 'high' },
    ];
    // fired now and then, but with one more action
    expect(row(res.body, c.refund.id)).toMatchObject({
      fired: true,
      actions: draftActions,
      publishedActions: [{ id: 'a1', type: 'addTags', tags: ['refund'] }],
      publishedVersion: 1,
      differs: true,
    });
    expect(row(res.body, c.refund.id).trace.c1).toEqual({ value: 'I want a REFUND', result: true });

    const french = row(res.body, c.french.id);
    expect(french).toMatchObject({ fired: true, actions: draftActions, publishedActions: [], differs: true });
    expect(french.trace.c1).toEqual({ value: 'Je veux un remboursement', result: false });
    expect(french.trace.c2).toEqual({ value: 'Je veux un remboursement', result: true });

    const hello = row(res.body, c.hello.id);
    expect(hello).toMatchObject({ fired: false, actions: [], publishedActions: [], differs: false });
    expect(hello.trace.g1).toEqual({ value: [false, false, false], result: false });
    expect(hello.trace.c3).toEqual({ value: [], result: false });

    // the "Urgent" automation before it tagged the conversation: the draft sees the tag
    const urgent = row(res.body, c.urgent.id);
    expect(urgent).toMatchObject({ fired: true, differs: true });
    expect(urgent.trace.c3).toEqual({ value: ['urgent'], result: true });

    // "Spam stops" fired first and stopped the evaluation
    expect(row(res.body, c.spam.id)).toMatchObject({ fired: false, actions: [], differs: false });

    // the published version fired at its second message, not at the first one replayed
    expect(row(res.body, c.later.id)).toMatchObject({ fired: false, publishedActions: [], differs: false });

    expect(res.body.summary).toEqual({ evaluated: 6, fired: 3, differing: 3 });
  });

  it('replays a published version: the same as the audit trail', async () => {
    const res = await as('POST', `/api/automations/${refundsId}/dry-run`, { version: 1 });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(row(res.body, c.refund.id)).toMatchObject({ fired: true, actions: [{ id: 'a1', type: 'addTags', tags: ['refund'] }], differs: false });
    expect(row(res.body, c.french.id)).toMatchObject({ fired: false, differs: false });
    expect(res.body.summary).toEqual({ evaluated: 6, fired: 1, differing: 0 });
  });

  it('takes the period asked for', async () => {
    const res = await as('POST', `/api/automations/${refundsId}/dry-run`, { from: ago(12 * DAY).toISOString(), to: ago(2.5 * DAY).toISOString() });
    expect(res.status).toBe(200);
    expect(res.body.conversations.map((x: any) => x.id).sort()).toEqual([c.old.id, c.french.id, c.later.id].sort());
    expect(row(res.body, c.old.id)).toMatchObject({ fired: true, publishedActions: [], differs: true });
  });

  it('routes skill sets with the version replayed and compares with the stored routing', async () => {
    const draft = {
      schema: 'switchboard.skillset/1',
      name: 'French',
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.language', operator: 'equal', value: 'FR' }] },
      target: { teamId: 'team-support' },
      strategy: 'roundRobin',
    };
    expect((await as('PUT', `/api/skill-sets/${skillSetId}/draft`, { document: draft })).status).toBe(200);
    const res = await as('POST', `/api/skill-sets/${skillSetId}/dry-run`, { version: 'draft' });
    expect(res.status).toBe(200);
    expect(row(res.body, c.french.id)).toMatchObject({
      fired: true,
      route: { skillSetId, target: { teamId: 'team-support' }, strategy: 'roundRobin' },
      stored: { routingTarget: { teamId: 'team-fr' } },
      differs: true,
    });
    expect(row(res.body, c.french.id).trace.c1).toEqual({ value: 'fr', result: true });
    expect(row(res.body, c.hello.id)).toMatchObject({ fired: false, route: null, differs: false });
    expect(res.body.summary).toMatchObject({ evaluated: 6, fired: 1, differing: 1 });

    const published = await as('POST', `/api/skill-sets/${skillSetId}/dry-run`, { version: 1 });
    expect(row(published.body, c.french.id)).toMatchObject({ fired: true, route: { target: { teamId: 'team-fr' } }, differs: false });
  });

  it('changes nothing', async () => {
    const tables = ['documents', 'document_versions', 'rule_generations', 'conversations', 'conversation_tags', 'conversation_events', 'messages', 'contacts', 'tags'];
    const snapshot = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, JSON.stringify(await db(t).select('*').orderByRaw('1'))])));
    const before = await snapshot();
    expect((await as('POST', `/api/automations/${refundsId}/dry-run`, {})).status).toBe(200);
    expect((await as('POST', `/api/automations/${refundsId}/dry-run`, { version: 1 })).status).toBe(200);
    expect((await as('POST', `/api/skill-sets/${skillSetId}/dry-run`)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a bad period, an unknown version or document, an invalid draft, and agents', async () => {
    const url = `/api/automations/${refundsId}/dry-run`;
    const backwards = await as('POST', url, { from: ago(DAY).toISOString(), to: ago(2 * DAY).toISOString() });
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toMatch(/"from" .* must be before "to"/);

    const long = await as('POST', url, { from: ago(40 * DAY).toISOString(), to: ago(0).toISOString() });
    expect(long.status).toBe(400);
    expect(long.body.message).toMatch(/at most 31 days/);

    const notADate = await as('POST', url, { from: 'yesterday' });
    expect(notADate.status).toBe(400);
    expect(notADate.body.message).toMatch(/from/);

    const unknownVersion = await as('POST', url, { version: 9 });
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.message).toMatch(/no version 9; its versions are 1/);

    expect((await as('POST', '/api/automations/00000000-0000-4000-8000-000000000000/dry-run', {})).status).toBe(404);

    const broken = await as('POST', '/api/automations', { document: refundsV1 });
    await as('PUT', `/api/automations/${broken.body.id}/draft`, {
      document: { ...refundsV1, when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'greaterThan', value: 3 }] } },
    });
    const invalid = await as('POST', `/api/automations/${broken.body.id}/dry-run`, {});
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ elementId: 'c1' });
    await as('DELETE', `/api/automations/${broken.body.id}`);

    const agent = await stack.userToken('agent');
    expect((await as('POST', url, {}, agent.token)).status).toBe(403);
  });

  it('refuses a period holding more conversations than a dry run evaluates', async () => {
    const channelId = await storeChannel(db, 'whatsapp');
    const start = ago(20 * DAY);
    // 5001 one-message conversations in one hour, written in three statements
    await db.raw(
      `WITH contacts_ AS (
         INSERT INTO contacts (channel_id, provider_id) SELECT ?, 'bulk-' || n FROM generate_series(1, 5001) n RETURNING id, provider_id)
       INSERT INTO conversations (channel_id, thread_key, workflow_id, kind, status, contact_id, last_message_at, created_at)
       SELECT ?, provider_id, 'wf-' || provider_id, 'private', 'unassigned', id, ?, ? FROM contacts_`,
      [channelId, channelId, start.toISOString(), start.toISOString()],
    );
    await db.raw(
      `INSERT INTO messages (channel_id, conversation_id, thread_key, kind, direction, author, contact_provider_id, text, at)
       SELECT channel_id, id, thread_key, 'text', 'in', '{}', thread_key, 'bulk', created_at FROM conversations WHERE channel_id = ?`,
      [channelId],
    );
    const res = await as('POST', `/api/automations/${refundsId}/dry-run`, { from: ago(21 * DAY).toISOString(), to: ago(19 * DAY).toISOString() });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/at most 5000 conversations/);
  });

  it('replays a contact group: who would belong, against the published version', async () => {
    const channelId = await storeChannel(db, 'instagram');
    const silver = await storeConversation(db, { channelId, createdAt: ago(DAY), attributes: { plan: 'Silver' }, messages: [{ text: 'hi', at: ago(DAY) }] });
    const gold = await storeConversation(db, { channelId, createdAt: ago(DAY), attributes: { plan: 'gold' }, messages: [{ text: 'hi', at: ago(DAY) }] });
    const group = (plans: string[]) => ({
      schema: 'switchboard.contactgroup/1',
      name: 'Paying',
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.attributes.plan', operator: 'in', value: plans }] },
    });
    const id = await publish('contact-groups', group(['gold']));
    await as('PUT', `/api/contact-groups/${id}/draft`, { document: group(['gold', 'silver']) });
    const res = await as('POST', `/api/contact-groups/${id}/dry-run`, {});
    expect(res.status).toBe(200);
    expect(row(res.body, silver.id)).toMatchObject({ fired: true, publishedFired: false, differs: true, trace: { c1: { value: 'Silver', result: true } } });
    expect(row(res.body, gold.id)).toMatchObject({ fired: true, publishedFired: true, differs: false });
    expect(row(res.body, c.hello.id)).toMatchObject({ fired: false, publishedFired: false, differs: false });
    expect(res.body.summary).toEqual({ evaluated: 8, fired: 2, differing: 1 });
  });
});
