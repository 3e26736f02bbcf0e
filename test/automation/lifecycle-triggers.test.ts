// Automations on an agent's actions (documents.md, "Automation"): the evaluation after an assign
// fires what listens to "conversation.assigned", on the conversation as it is; an evaluation with
// triggers no published automation listens to fires and records nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutomationActivities } from '../../engine/features/automation/activities.js';
import { KINDS } from '../../engine/features/automation/documents/kinds.js';
import { DocumentService } from '../../engine/features/automation/documents/service.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { storeChannel, storeConversation } from './stored.js';

describe('automations on lifecycle triggers', () => {
  let db: Db;

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    const admin = await createUser(db, { email: 'admin@example.com', name: 'Admin', password: 'a long enough password', role: 'admin' });
    const automations = new DocumentService(db, KINDS.find((k) => k.kind === 'automation')!);
    const publish = async (name: string, trigger: string, tag: string) => {
      const { id } = await automations.create({
        schema: 'switchboard.automation/1',
        name,
        enabled: true,
        triggers: [trigger],
        when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'order' }] },
        then: [{ id: 'a1', type: 'addTags', tags: [tag] }],
        stop: false,
      });
      await automations.publish(id, admin.id);
    };
    await publish('On assignment', 'conversation.assigned', 'assigned');
    await publish('On every message', 'message.received', 'message');
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const tagsOf = async (conversationId: string) =>
    db('conversation_tags as ct').join('tags as t', 't.id', 'ct.tag_id').where('ct.conversation_id', conversationId).orderBy('t.name').pluck('t.name');

  it('fire on the trigger they listen to and only there; an evaluation nothing listens to records nothing', async () => {
    const at = new Date('2026-01-05T10:00:00Z');
    const convo = await storeConversation(db, { channelId: await storeChannel(db), createdAt: at, messages: [{ text: 'where is my order', at }] });
    const { evaluateAutomations } = createAutomationActivities(db);
    const later = new Date(at.getTime() + 60_000).toISOString();

    const resolved = await evaluateAutomations({ conversationId: convo.id, triggers: ['conversation.resolved'], at: later });
    expect(resolved.fired).toEqual([]);
    expect(await db('conversation_events').where({ conversation_id: convo.id, type: 'automation.fired' })).toEqual([]);

    const assigned = await evaluateAutomations({ conversationId: convo.id, triggers: ['conversation.assigned'], at: later });
    expect(assigned.fired.map((f) => f.name)).toEqual(['On assignment']);
    expect(await tagsOf(convo.id)).toEqual(['assigned']);
    expect(await db('conversation_events').where({ conversation_id: convo.id, type: 'automation.fired' }).count({ n: '*' }).then((r) => Number(r[0].n))).toBe(1);
  });
});
