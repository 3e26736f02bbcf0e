// People, a channel and conversations stored the way the engine stores them, for tests that call
// the notification functions directly against a real database.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../engine/platform/database.js';
import { insertChannel } from '../../../engine/features/channels/repository.js';
import { createTeam } from '../../../engine/features/people/teams-repository.js';
import { createUser, type User } from '../../../engine/features/people/users-repository.js';

export interface Org {
  admin: User;
  bea: User;
  carl: User;
  dana: User;
  /** carl and dana */
  teamId: string;
  teamName: string;
  channelId: string;
  everyone: User[];
}

export async function seedOrg(db: Db): Promise<Org> {
  const user = (name: string, role: 'admin' | 'agent') =>
    createUser(db, { email: `${name}@example.com`, name, password: 'a long enough password', role });
  const admin = await user('ada', 'admin');
  const bea = await user('bea', 'agent');
  const carl = await user('carl', 'agent');
  const dana = await user('dana', 'agent');
  const team = await createTeam(db, { name: 'Returns', memberIds: [carl.id, dana.id] });
  const channel = await insertChannel(db, { type: 'sandbox', name: 'Web chat', config: { secret: 'x' } });
  return { admin, bea, carl, dana, teamId: team.id, teamName: team.name, channelId: channel.id, everyone: [admin, bea, carl, dana] };
}

let n = 0;

/** A conversation with one customer message, in the given state. */
export async function seedConversation(
  db: Db,
  org: Org,
  state: { status?: 'unassigned' | 'assigned' | 'pending' | 'done'; userId?: string; teamId?: string; text?: string; at?: Date } = {},
) {
  const key = `customer-${++n}`;
  const at = state.at ?? new Date();
  const [contact] = await db('contacts').insert({ channel_id: org.channelId, provider_id: key, name: `Customer ${n}` }).returning('id');
  const [convo] = await db('conversations')
    .insert({
      channel_id: org.channelId,
      thread_key: key,
      workflow_id: `test-${randomUUID()}`,
      kind: 'private',
      status: state.status ?? 'unassigned',
      assignee_user_id: state.userId ?? null,
      team_id: state.teamId ?? null,
      contact_id: contact.id,
      last_message_text: state.text ?? 'Where is my parcel?',
      last_message_direction: 'in',
      last_message_at: at,
      last_customer_message_at: at,
    })
    .returning('id');
  return { id: convo.id as string, contactName: `Customer ${n}` };
}

/** A later customer message in the conversation, as linking one updates it. */
export async function customerWritesAgain(db: Db, conversationId: string, text: string, at = new Date()) {
  await db('conversations').where({ id: conversationId }).update({
    last_message_text: text, last_message_direction: 'in', last_message_at: at, last_customer_message_at: at,
  });
}

export async function notificationsOf(db: Db, conversationId: string) {
  return db('notifications').where({ conversation_id: conversationId }).orderBy('created_at').select('user_id', 'kind', 'detail', 'read_at');
}

export async function outboxOf(db: Db, conversationId: string) {
  return db('email_outbox').where({ conversation_id: conversationId }).orderBy('id').select('*');
}
