import type { ConversationKind } from '../../../rules/facts.js';
import type { Db } from '../../platform/database.js';
import { iso } from '../../platform/org.js';

/** How far back a contact's card lists conversations (product.md, "interaction" tab). */
const HISTORY = '6 months';

/** A contact with its attributes and its conversations of the last six months, newest first. */
export async function getContactCard(db: Db, id: string) {
  const contact = await db('contacts').where({ id }).first('id', 'channel_id', 'name', 'provider_id', 'attributes');
  if (!contact) return undefined;
  const conversations = await db('conversations')
    .where({ contact_id: id })
    .andWhereRaw(`last_message_at >= now() - interval '${HISTORY}'`)
    .orderBy([{ column: 'last_message_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .select('id', 'kind', 'status', 'last_message_text', 'last_message_at', 'last_message_direction');
  return {
    id: contact.id as string,
    channelId: contact.channel_id as string,
    name: (contact.name ?? contact.provider_id) as string,
    attributes: (contact.attributes ?? {}) as Record<string, string | number | boolean>,
    conversations: conversations.map((c) => ({
      id: c.id as string,
      kind: c.kind as ConversationKind,
      status: c.status as string,
      lastMessage: { text: c.last_message_text as string, at: iso(c.last_message_at)!, direction: c.last_message_direction as 'in' | 'out' },
    })),
  };
}
