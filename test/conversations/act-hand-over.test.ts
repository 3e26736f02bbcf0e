// An agent's action on a conversation the relay already shows meets its workflow's hand-over at
// any moment: before it (the action waits for it), or just as it ends — the workflow did not exist
// when the update went out, and the relay's rows are gone by the time the action looks: the update
// is tried once more rather than answered "not running any more". On a real PostgreSQL; the client
// stands for Temporal.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act } from '../../engine/features/conversations/actions.js';
import { createUser, type User } from '../../engine/features/people/users-repository.js';
import type { Db } from '../../engine/platform/database.js';
import { assignUpdate } from '../../workflows/shared.js';
import { freshDatabase } from '../support/database.js';

describe('an action during the hand-over', () => {
  let db: Db;
  let user: User;
  let conversationId: string;

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    const [channel] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Chat', config: { secret: 's' } }).returning('id');
    const [contact] = await db('contacts').insert({ channel_id: channel.id, provider_id: 'omar', name: 'Omar' }).returning('id');
    [{ id: conversationId }] = await db('conversations')
      .insert({ channel_id: channel.id, thread_key: 'omar', workflow_id: 'conversation:omar', kind: 'private', status: 'unassigned', contact_id: contact.id, last_message_text: 'Wrong size', last_message_at: new Date() })
      .returning('id');
    user = (await createUser(db, { email: 'admin@example.com', name: 'Admin', password: 'a long enough password', role: 'admin' })) as User;
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const temporal = (answers: ('missing' | 'ok')[]) => {
    const calls: string[] = [];
    const client = {
      workflow: {
        getHandle: (workflowId: string) => ({
          executeUpdate: async () => {
            calls.push(workflowId);
            if (answers.shift() === 'missing') throw new WorkflowNotFoundError('not found', workflowId, undefined);
          },
        }),
      },
    } as unknown as Client;
    return { client, calls };
  };

  it('tries the update once more when the hand-over ended meanwhile', async () => {
    const { client, calls } = temporal(['missing', 'ok']);
    const item = await act({ db, temporal: client }, user, conversationId, assignUpdate, { actor: { type: 'user', id: user.id, name: 'Admin' }, userId: user.id });
    expect(item.id).toBe(conversationId);
    expect(calls).toEqual(['conversation:omar', 'conversation:omar']);
  });

  it('answers that the conversation is not running when its workflow is still missing after that', async () => {
    const { client, calls } = temporal(['missing', 'missing', 'ok']);
    await expect(act({ db, temporal: client }, user, conversationId, assignUpdate, { actor: { type: 'user', id: user.id, name: 'Admin' }, userId: user.id }))
      .rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(calls).toHaveLength(2);
  });
});
