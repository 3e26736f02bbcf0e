// Messages handed over together are still evaluated one by one (documents.md, "Evaluation"): the
// activity evaluates each on its own text, in order, and records each firing with its message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutomationActivities } from '../../engine/features/automation/activities.js';
import { KINDS } from '../../engine/features/automation/documents/kinds.js';
import { DocumentService } from '../../engine/features/automation/documents/service.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { storeChannel, storeConversation } from './stored.js';

describe('automations on messages handed over together', () => {
  let db: Db;

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    const admin = await createUser(db, { email: 'admin@example.com', name: 'Admin', password: 'a long enough password', role: 'admin' });
    const automations = new DocumentService(db, KINDS.find((k) => k.kind === 'automation')!);
    const { id } = await automations.create({
      schema: 'switchboard.automation/1',
      name: 'Refunds',
      enabled: true,
      triggers: ['message.received'],
      when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' }] },
      then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }],
      stop: false,
    });
    await automations.publish(id, admin.id);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('fires on the first message’s words though a later message came with it, once per matching message', async () => {
    const at = new Date('2026-01-05T10:00:00Z');
    const convo = await storeConversation(db, {
      channelId: await storeChannel(db),
      createdAt: at,
      messages: [
        { text: 'I want a refund', at },
        { text: 'order 42', at: new Date(at.getTime() + 1000) },
        { text: 'refund please, again', at: new Date(at.getTime() + 2000) },
      ],
    });
    const { evaluateAutomations } = createAutomationActivities(db);
    const result = await evaluateAutomations({
      conversationId: convo.id,
      triggers: ['message.received', 'conversation.created'],
      messages: convo.messageIds.map((messageId, i) => ({ messageId, triggers: i === 0 ? ['message.received', 'conversation.created'] : ['message.received'] })),
      at: new Date(at.getTime() + 3000).toISOString(),
    });
    expect(result.fired.map((f) => f.messageId)).toEqual([convo.messageIds[0], convo.messageIds[2]]);
    const events = await db('conversation_events').where({ conversation_id: convo.id, type: 'automation.fired' }).orderBy('id');
    expect(events.map((e) => e.detail.messageId)).toEqual([convo.messageIds[0], convo.messageIds[2]]);
    expect(events.every((e) => e.actor.version === 1 && e.detail.version === 1)).toBe(true);
    const tags = await db('conversation_tags as ct').join('tags as t', 't.id', 'ct.tag_id').where('ct.conversation_id', convo.id).pluck('t.name');
    expect(tags).toEqual(['refund']);
  });
});
