// Stored conversations for the automation tests, written straight into the tables (as the inbound
// path leaves them): a channel, a contact, a conversation and its messages.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../engine/platform/database.js';
import { orgId } from '../../engine/platform/org.js';

export async function storeChannel(db: Db, type = 'messenger'): Promise<string> {
  const [row] = await db('channels').insert({ org_id: await orgId(db), type, name: `${type} channel`, config: {} }).returning('id');
  return row.id;
}

export interface StoredMessage {
  direction?: 'in' | 'out';
  text: string;
  at: Date;
}

export interface StoredConversation {
  id: string;
  contactId: string;
  messageIds: string[];
}

export async function storeConversation(
  db: Db,
  input: {
    channelId: string;
    kind?: 'private' | 'public';
    status?: 'unassigned' | 'assigned' | 'pending' | 'done';
    priority?: string;
    topicId?: string;
    createdAt: Date;
    attributes?: Record<string, unknown>;
    messages: StoredMessage[];
    routingTarget?: unknown;
    teamId?: string;
  },
): Promise<StoredConversation> {
  const thread = randomUUID();
  const [contact] = await db('contacts')
    .insert({ channel_id: input.channelId, provider_id: `p-${thread}`, name: 'Customer', attributes: input.attributes ?? {} })
    .returning('id');
  const last = input.messages.at(-1);
  const [conversation] = await db('conversations')
    .insert({
      channel_id: input.channelId,
      thread_key: thread,
      workflow_id: `conversation-${thread}`,
      kind: input.kind ?? 'private',
      status: input.status ?? 'unassigned',
      contact_id: contact.id,
      priority: input.priority ?? 'normal',
      topic_id: input.topicId ?? null,
      last_message_text: last?.text ?? '',
      last_message_at: last?.at ?? input.createdAt,
      created_at: input.createdAt,
      routing_target: input.routingTarget === undefined ? null : JSON.stringify(input.routingTarget),
      team_id: input.teamId ?? null,
    })
    .returning('id');
  const messageIds: string[] = [];
  for (const [i, m] of input.messages.entries()) {
    const [row] = await db('messages')
      .insert({
        channel_id: input.channelId,
        conversation_id: conversation.id,
        thread_key: thread,
        kind: 'text',
        direction: m.direction ?? 'in',
        provider_message_id: `${thread}-${i}`,
        author: { type: (m.direction ?? 'in') === 'in' ? 'contact' : 'user' },
        contact_provider_id: `p-${thread}`,
        text: m.text,
        at: m.at,
        created_at: m.at,
      })
      .returning('id');
    messageIds.push(row.id);
  }
  return { id: conversation.id, contactId: contact.id, messageIds };
}

export async function tagConversation(db: Db, conversationId: string, names: string[]): Promise<void> {
  const org = await orgId(db);
  for (const name of names) {
    const existing = await db('tags').where({ org_id: org }).whereRaw('lower(name) = lower(?)', [name]).first('id');
    const tagId = existing?.id ?? (await db('tags').insert({ org_id: org, name }).returning('id'))[0].id;
    await db('conversation_tags').insert({ conversation_id: conversationId, tag_id: tagId });
  }
}

export const seconds = (n: number) => n * 1000;
