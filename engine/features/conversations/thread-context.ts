import type { OutboundMessage } from '../../../connectors/index.js';
import type { Db } from '../../platform/database.js';

/**
 * What a reply needs to sit in its thread at the provider: the customer's latest message it answers
 * (a public reply is threaded under that comment; an e-mail's In-Reply-To), and for e-mail the
 * thread's Message-IDs and subject.
 */
export async function threadContext(db: Db, conversationId: string, channelType: string): Promise<Pick<OutboundMessage, 'inReplyTo' | 'email'>> {
  const latest = await db('messages')
    .where({ conversation_id: conversationId, direction: 'in', removed: false })
    .whereNotNull('provider_message_id')
    .orderBy([{ column: 'at', order: 'desc' }, { column: 'created_at', order: 'desc' }])
    .first('provider_message_id');
  const inReplyTo = latest?.provider_message_id as string | undefined;
  if (channelType !== 'email') return inReplyTo ? { inReplyTo } : {};
  const thread = await db('messages')
    .where({ conversation_id: conversationId })
    .whereNotNull('provider_message_id')
    .orderBy([{ column: 'at' }, { column: 'created_at' }])
    .select('provider_message_id', 'extra');
  const subject = thread.map((m) => m.extra?.subject).find((s): s is string => typeof s === 'string');
  return {
    ...(inReplyTo ? { inReplyTo } : {}),
    email: { references: thread.map((m) => m.provider_message_id as string), ...(subject ? { subject } : {}) },
  };
}
