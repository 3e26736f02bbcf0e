import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationFacts, ConversationNotFoundError } from '../../engine/features/automation/facts.js';
import type { Db } from '../../engine/platform/database.js';
import { orgId } from '../../engine/platform/org.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import { KINDS } from '../../engine/features/automation/documents/kinds.js';
import { DocumentService } from '../../engine/features/automation/documents/service.js';
import { checkBusinessHours, putBusinessHours } from '../../engine/features/lifecycle-settings/business-hours.js';
import { compileContactGroups, type ContactGroupDocument } from '../../rules/index.js';
import { freshDatabase } from '../support/database.js';
import { seconds, storeChannel, storeConversation, tagConversation } from './stored.js';

const contactGroups = new DocumentService(null as unknown as Db, KINDS.find((k) => k.kind === 'contactgroup')!);

const group = (name: string, key: string, value: string, enabled = true): ContactGroupDocument => ({
  schema: 'switchboard.contactgroup/1',
  name,
  enabled,
  when: { id: 'g1', all: [{ id: 'c1', fact: `contact.attributes.${key}`, operator: 'equal', value }] },
});

describe('conversationFacts', () => {
  let db: Db;
  let userId: string;
  let channelId: string;
  const t0 = new Date('2026-03-02T10:00:00Z'); // a Monday

  const service = (spec = contactGroups.spec) => new DocumentService(db, spec);
  async function publishGroup(doc: ContactGroupDocument): Promise<string> {
    const { id } = await service().create(doc);
    await service().publish(id, userId);
    return id;
  }

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    userId = (await createUser(db, { email: 'admin@example.com', name: 'Admin', password: 'a long enough password', role: 'admin' })).id;
    channelId = await storeChannel(db, 'messenger');
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('builds every fact of the conversation, its contact and its channel', async () => {
    const [topic] = await db('topics').insert({ org_id: await orgId(db), name: 'Billing' }).returning('id');
    const gold = await publishGroup(group('Gold customers', 'plan', 'gold'));
    await publishGroup(group('Silver customers', 'plan', 'silver'));
    await publishGroup(group('Disabled gold', 'plan', 'gold', false));
    const c = await storeConversation(db, {
      channelId,
      kind: 'public',
      status: 'pending',
      priority: 'high',
      topicId: topic.id,
      createdAt: t0,
      attributes: { language: 'fr', plan: 'gold', orders: 3, vip: true, address: { city: 'Lyon' }, 'bad key': 'x', note: null },
      messages: [
        { text: 'Bonjour', at: t0 },
        { text: 'We will look', direction: 'out', at: new Date(t0.getTime() + seconds(30)) },
        { text: 'Je veux un remboursement', at: new Date(t0.getTime() + seconds(60)) },
      ],
    });
    await tagConversation(db, c.id, ['refund', 'VIP']);

    const facts = await conversationFacts(db, c.id, { at: new Date(t0.getTime() + seconds(90)) });
    expect(facts).toEqual({
      'message.text': 'Je veux un remboursement',
      'channel.id': channelId,
      'channel.type': 'messenger',
      'conversation.kind': 'public',
      'conversation.status': 'pending',
      'conversation.ageSeconds': 90,
      'conversation.customerMessageCount': 2,
      'conversation.tags': ['refund', 'VIP'],
      'conversation.topic': topic.id,
      'conversation.priority': 'high',
      'contact.language': 'fr',
      'contact.attributes.language': 'fr',
      'contact.attributes.plan': 'gold',
      'contact.attributes.orders': 3,
      'contact.attributes.vip': true,
      'contact.groups': [gold],
      'businessHours.open': true,
    });
  });

  it('takes the given message, or the latest customer message at the moment asked, and counts the customer messages up to it', async () => {
    const c = await storeConversation(db, {
      channelId,
      createdAt: t0,
      messages: [
        { text: 'first', at: t0 },
        { text: 'second', at: new Date(t0.getTime() + seconds(10)) },
        { text: 'an agent reply', direction: 'out', at: new Date(t0.getTime() + seconds(20)) },
        { text: 'third', at: new Date(t0.getTime() + seconds(30)) },
      ],
    });
    const first = await conversationFacts(db, c.id, { messageId: c.messageIds[0], at: t0 });
    expect(first).toMatchObject({ 'message.text': 'first', 'conversation.customerMessageCount': 1, 'conversation.ageSeconds': 0 });
    expect(first['conversation.tags']).toEqual([]);
    expect(first['conversation.topic']).toBeUndefined();

    const at15 = await conversationFacts(db, c.id, { at: new Date(t0.getTime() + seconds(25)) });
    expect(at15).toMatchObject({ 'message.text': 'second', 'conversation.customerMessageCount': 2, 'conversation.ageSeconds': 25 });

    const latest = await conversationFacts(db, c.id, { at: new Date(t0.getTime() + seconds(3600)) });
    expect(latest).toMatchObject({ 'message.text': 'third', 'conversation.customerMessageCount': 3 });

    const none = await conversationFacts(db, c.id, { at: new Date(t0.getTime() - seconds(5)) });
    expect(none['message.text']).toBeUndefined();
    expect(none['conversation.customerMessageCount']).toBe(0);
  });

  it('answers businessHours.open from the channel’s schedule at the moment asked', async () => {
    const shop = await storeChannel(db, 'whatsapp');
    const checked = checkBusinessHours({
      timeZone: 'Europe/Paris',
      weekly: [{ day: 'mon', open: '09:00', close: '17:00' }],
      holidays: [],
      outsideHours: { routing: 'atOpening' },
    });
    if (!checked.ok) throw new Error(checked.message);
    await putBusinessHours(db, shop, { schedule: checked.schedule, original: {} as never }, userId);
    const c = await storeConversation(db, { channelId: shop, createdAt: t0, messages: [{ text: 'hello', at: t0 }] });
    // 10:00 UTC on a Monday is 11:00 in Paris: open; 17:30 UTC is 18:30: closed
    expect((await conversationFacts(db, c.id, { at: t0 }))['businessHours.open']).toBe(true);
    expect((await conversationFacts(db, c.id, { at: new Date('2026-03-02T17:30:00Z') }))['businessHours.open']).toBe(false);
    expect((await conversationFacts(db, c.id, { at: new Date('2026-03-03T10:00:00Z') }))['businessHours.open']).toBe(false);
  });

  it('matches the contact with the contact groups it is given', async () => {
    const c = await storeConversation(db, { channelId, createdAt: t0, attributes: { plan: 'silver' }, messages: [{ text: 'hi', at: t0 }] });
    const matcher = compileContactGroups(
      [
        { id: 'silver', document: group('Silver', 'plan', 'SILVER') },
        { id: 'gold', document: group('Gold', 'plan', 'gold') },
      ],
      { version: 'test' },
    );
    expect((await conversationFacts(db, c.id, { contactGroups: matcher }))['contact.groups']).toEqual(['silver']);
  });

  it('refuses an unknown conversation, and a message of another conversation', async () => {
    const a = await storeConversation(db, { channelId, createdAt: t0, messages: [{ text: 'a', at: t0 }] });
    const b = await storeConversation(db, { channelId, createdAt: t0, messages: [{ text: 'b', at: t0 }] });
    await expect(conversationFacts(db, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(ConversationNotFoundError);
    await expect(conversationFacts(db, a.id, { messageId: b.messageIds[0] })).rejects.toThrow(/is not a message of conversation/);
  });
});
