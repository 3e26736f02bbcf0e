// What a client receives for each live event: the event's facts plus the current state of what it
// concerns (the conversation in the list-item shape, the message, the notification), read once per
// batch for every client of this process.
import { notificationDetail, unreadCounts } from '../notifications/inbox.js';
import type { AuditEvent, LiveEvent, LiveNotification } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { iso } from '../../platform/org.js';
import { getConversationRows, MESSAGE_COLUMNS, toListItem, toMessage } from '../conversations/repository.js';
import type { User } from '../people/users-repository.js';
import { encodePosition, positionOf, type LiveRow } from './repository.js';

export type LiveKind = 'conversation.created' | 'conversation.updated' | 'message.created' | 'message.updated' | 'notification' | 'contact.updated';

/** The data of one event for one viewer (undefined: nothing left to show, e.g. deleted since). */
export type Describer = ((row: LiveRow, viewer: User) => LiveEvent | undefined) & {
  /** Whether the event is about something public (a public conversation, a contact with one): for visibleTo. */
  isPublic(row: LiveRow): boolean;
};

export async function describeBatch(db: Db, rows: LiveRow[]): Promise<Describer> {
  const ids = (kinds: string[], key: 'conversation_id') => [...new Set(rows.filter((r) => kinds.includes(r.kind) && r[key]).map((r) => r[key]!))];
  const conversationIds = ids(['conversation.created', 'conversation.updated', 'message.created', 'message.updated'], 'conversation_id');
  const messageIds = [...new Set(rows.filter((r) => r.kind.startsWith('message.')).map((r) => String(r.payload.messageId)))];
  const notificationIds = [...new Set(rows.filter((r) => r.kind === 'notification').map((r) => String(r.payload.notificationId)))];
  const userIds = [...new Set(rows.filter((r) => r.kind === 'notification' && r.user_id).map((r) => r.user_id!))];

  const contactIds = [...new Set(rows.filter((r) => r.kind === 'contact.updated' && r.contact_id).map((r) => r.contact_id!))];

  const [conversations, messages, notifications, unread, publicContacts] = await Promise.all([
    getConversationRows(db, conversationIds),
    messageIds.length ? db('messages').whereIn('id', messageIds).select(MESSAGE_COLUMNS) : [],
    notificationIds.length ? db('notifications').whereIn('id', notificationIds).select('id', 'kind', 'conversation_id', 'created_at', 'read_at', 'detail') : [],
    unreadCounts(db, userIds),
    contactIds.length
      ? db('conversations').whereIn('contact_id', contactIds).andWhere('kind', 'public').distinct('contact_id').then((r) => new Set(r.map((x) => x.contact_id as string)))
      : new Set<string>(),
  ]);
  const messageById = new Map(messages.map((m: Record<string, any>) => [m.id as string, m]));
  const notificationById = new Map(notifications.map((n: Record<string, any>) => [n.id as string, n]));

  const describe = (row: LiveRow, viewer: User): LiveEvent | undefined => {
    const base = { id: encodePosition(positionOf(row)), at: iso(row.created_at)! };
    const conversationRow = row.conversation_id ? conversations.get(row.conversation_id) : undefined;
    const conversation = conversationRow ? toListItem(conversationRow, viewer) : undefined;
    switch (row.kind) {
      case 'conversation.created':
      case 'conversation.updated': {
        if (!conversation) return undefined;
        const { type, actor, detail, at } = row.payload as { type: string; actor: AuditEvent['actor']; detail: unknown; at: string };
        return { ...base, kind: row.kind, conversationId: row.conversation_id!, change: { type, actor, detail, at: iso(at)! }, conversation };
      }
      case 'message.created':
      case 'message.updated': {
        const message = messageById.get(String(row.payload.messageId));
        if (!message || !conversation) return undefined;
        return { ...base, kind: row.kind, conversationId: row.conversation_id!, message: toMessage(message), conversation };
      }
      case 'notification': {
        const n = notificationById.get(String(row.payload.notificationId));
        if (!n) return undefined;
        const notification: LiveNotification = {
          id: n.id, kind: n.kind, conversationId: n.conversation_id, createdAt: iso(n.created_at)!, readAt: iso(n.read_at) ?? null, detail: notificationDetail(n.detail),
        };
        return { ...base, kind: 'notification', conversationId: row.conversation_id!, notification, unreadCount: unread.get(row.user_id!) ?? 0 };
      }
      case 'contact.updated':
        return {
          ...base,
          kind: 'contact.updated',
          contactId: row.contact_id!,
          change: row.payload.change as 'contact' | 'note.created' | 'note.updated' | 'note.deleted',
          ...(row.payload.noteId ? { noteId: String(row.payload.noteId) } : {}),
        };
      default:
        return undefined;
    }
  };
  return Object.assign(describe, {
    isPublic: (row: LiveRow) =>
      row.kind === 'contact.updated' ? publicContacts.has(row.contact_id!) : conversations.get(row.conversation_id ?? '')?.kind === 'public',
  });
}
