// A user's notifications: the list behind the bell, marking them read, and their preferences.
import type { Db } from '../../platform/database.js';
import { Invalid } from '../../platform/errors.js';
import { afterCursor, pageOf } from '../../platform/keyset.js';
import { iso } from '../../platform/org.js';
import { conversationVisibleSql } from '../permissions/sql.js';
import { DEFAULT_PREFERENCES, NOTIFICATION_KINDS, type KindPreference, type NotificationKind } from './kinds.js';

/** A private message's text is stored whole (sealed, notify.ts cannot cut it): cut here as for others. */
export function notificationDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const text = detail.text;
  if (typeof text !== 'string' || text.length <= 280) return detail;
  const chars = [...text];
  return chars.length <= 280 ? detail : { ...detail, text: chars.slice(0, 280).join('') };
}

/** The bell's count: the user's unread notifications about conversations they may see, kept by
 * the database as notifications come and are read (migration 018), summed over channels. */
export function unreadCount(db: Db, userId: string): Promise<number> {
  return unreadCounts(db, [userId]).then((counts) => counts.get(userId) ?? 0);
}

/** unreadCount for several users in one statement. */
export async function unreadCounts(db: Db, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows: { user_id: string; n: number }[] = await db('notification_unread_counts as u')
    .whereIn('u.user_id', userIds)
    .whereRaw(conversationVisibleSql('u.user_id', 'u'))
    .groupBy('u.user_id')
    .select('u.user_id', db.raw('sum(u.n)::int AS n'));
  return new Map(rows.map((r) => [r.user_id, Math.max(0, Number(r.n))]));
}

/** The user's notifications, newest first, each with a summary of its conversation as it is now. */
export async function listNotifications(db: Db, userId: string, f: { unread?: boolean; limit: number; cursor?: string }) {
  const q = db('notifications as n')
    .join('conversations as c', 'c.id', 'n.conversation_id')
    .join('channels as ch', 'ch.id', 'c.channel_id')
    .join('contacts as ct', 'ct.id', 'c.contact_id')
    .where('n.user_id', userId)
    // A grant taken away since hides what it showed.
    .whereRaw(conversationVisibleSql('n.user_id'))
    .select(
      'n.id', 'n.kind', 'n.conversation_id', 'n.created_at', 'n.read_at', 'n.detail',
      'c.status', 'c.kind as conversation_kind', 'c.channel_id', 'ch.type as channel_type', 'ch.name as channel_name',
      'c.contact_id', db.raw('coalesce(ct.name, ct.provider_id) as contact_name'),
      'c.last_message_text', 'c.last_message_at', 'c.last_message_direction',
    );
  if (f.unread) q.whereNull('n.read_at');
  const [rows, unread] = await Promise.all([
    afterCursor(q, { at: 'n.created_at', id: 'n.id', order: 'desc', limit: f.limit, cursor: f.cursor }),
    unreadCount(db, userId),
  ]);
  const { page, nextCursor } = pageOf(rows, f.limit, (r) => ({ at: iso(r.created_at)!, id: r.id }));
  return {
    items: page.map((r) => ({
      id: r.id as string,
      kind: r.kind as NotificationKind,
      conversationId: r.conversation_id as string,
      createdAt: iso(r.created_at)!,
      readAt: iso(r.read_at) ?? null,
      detail: notificationDetail(r.detail as Record<string, unknown>),
      conversation: {
        id: r.conversation_id as string,
        status: r.status as string,
        kind: r.conversation_kind as string,
        channel: { id: r.channel_id as string, type: r.channel_type as string, name: r.channel_name as string },
        contact: { id: r.contact_id as string, name: r.contact_name as string },
        lastMessage: { text: r.last_message_text as string, at: iso(r.last_message_at)!, direction: r.last_message_direction as string },
      },
    })),
    unreadCount: unread,
    ...(nextCursor ? { nextCursor } : {}),
  };
}

export class UnknownNotificationsError extends Invalid {
  constructor(readonly ids: string[]) {
    super(`no notification of yours has the id${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`);
  }
}

/**
 * Marks the given notifications (or all) of the user read. Ids that are not the user's own refuse
 * the whole request, so a typo never half-applies. Already read ones keep their first read time.
 */
export async function markNotificationsRead(db: Db, userId: string, which: { ids?: string[]; all?: boolean }) {
  return db.transaction(async (trx) => {
    if (which.ids?.length) {
      const mine = await trx('notifications').where({ user_id: userId }).whereIn('id', which.ids).pluck('id');
      const unknown = which.ids.filter((id) => !mine.includes(id));
      if (unknown.length) throw new UnknownNotificationsError(unknown);
    }
    const q = trx('notifications').where({ user_id: userId }).whereNull('read_at');
    if (!which.all) q.whereIn('id', which.ids ?? []);
    const marked = await q.update({ read_at: trx.fn.now() });
    return { marked, unreadCount: await unreadCount(trx, userId) };
  });
}

export type Preferences = { kinds: Record<NotificationKind, KindPreference> };

export async function getPreferences(db: Db, userId: string): Promise<Preferences> {
  const rows = await db('notification_preferences').where({ user_id: userId }).select('kind', 'in_app', 'email');
  const stored = new Map(rows.map((r) => [r.kind as string, { inApp: r.in_app as boolean, email: r.email as boolean }]));
  return {
    kinds: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, stored.get(k) ?? { ...DEFAULT_PREFERENCES[k] }])) as Preferences['kinds'],
  };
}

/** Changes the given kinds (a missing field keeps its current value) and answers all of them. */
export async function putPreferences(db: Db, userId: string, changes: Partial<Record<NotificationKind, Partial<KindPreference>>>): Promise<Preferences> {
  return db.transaction(async (trx) => {
    const current = await getPreferences(trx, userId);
    const rows = Object.entries(changes).map(([kind, change]) => {
      const merged = { ...current.kinds[kind as NotificationKind], ...change };
      return { user_id: userId, kind, in_app: merged.inApp, email: merged.email, updated_at: trx.fn.now() };
    });
    if (rows.length) {
      await trx('notification_preferences').insert(rows).onConflict(['user_id', 'kind']).merge(['in_app', 'email', 'updated_at']);
    }
    return getPreferences(trx, userId);
  });
}
