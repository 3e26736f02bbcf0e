// The bell's count is kept by the database (migration 018) as notifications are written, read,
// marked unread again and deleted with their conversation; rebuilt by the migration from the
// notifications already stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../engine/platform/database.js';
import * as unreadCounts from '../../../engine/platform/migrations/018_unread_notification_counts.js';
import { markNotificationsRead, unreadCount } from '../../../engine/features/notifications/inbox.js';
import { notifyAssigned, notifyCustomerMessage } from '../../../engine/features/notifications/notify.js';
import { freshDatabase } from '../../support/database.js';
import { seedConversation, seedOrg, type Org } from './seed.js';

describe('unread notification counts', () => {
  let db: Db;
  let org: Org;

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    org = await seedOrg(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** What the count was before it was kept: the user's unread notifications, counted. */
  const counted = async (userId: string) =>
    Number((await db('notifications').where({ user_id: userId }).whereNull('read_at').count({ n: '*' }))[0].n);
  const actor = { type: 'user', name: 'The admin' };

  it('follows what is written, read, made unread again and deleted with its conversation', async () => {
    const bea = org.bea.id;
    const first = await seedConversation(db, org, { text: 'First' });
    const second = await seedConversation(db, org, { text: 'Second' });
    await notifyCustomerMessage(db, { conversationId: first.id, created: true, statusBefore: 'unassigned', assignee: {} });
    await notifyCustomerMessage(db, { conversationId: second.id, created: true, statusBefore: 'unassigned', assignee: {} });
    for (const note of ['a', 'b', 'c']) await notifyAssigned(db, { conversationId: second.id, userId: bea, actor, note });
    expect(await unreadCount(db, bea)).toBe(5);

    const [one] = await db('notifications').where({ user_id: bea, conversation_id: second.id }).pluck('id');
    expect(await markNotificationsRead(db, bea, { ids: [one] })).toEqual({ marked: 1, unreadCount: 4 });
    await db('notifications').where({ id: one }).update({ read_at: null });
    expect(await unreadCount(db, bea)).toBe(5);

    await db('conversations').where({ id: second.id }).del();
    expect(await unreadCount(db, bea)).toBe(1);
    expect(await unreadCount(db, bea)).toBe(await counted(bea));
    expect(await markNotificationsRead(db, bea, { all: true })).toEqual({ marked: 1, unreadCount: 0 });
  });

  it('is rebuilt by its migration from the notifications already stored', async () => {
    const convo = await seedConversation(db, org, { text: 'Stored before' });
    await notifyCustomerMessage(db, { conversationId: convo.id, created: true, statusBefore: 'unassigned', assignee: {} });
    await notifyAssigned(db, { conversationId: convo.id, userId: org.carl.id, actor });
    const before = await Promise.all(org.everyone.map((u) => unreadCount(db, u.id)));
    expect(before.every((n) => n > 0)).toBe(true);

    await unreadCounts.down(db);
    await unreadCounts.up(db);
    expect(await Promise.all(org.everyone.map((u) => unreadCount(db, u.id)))).toEqual(before);
    expect(await Promise.all(org.everyone.map((u) => counted(u.id)))).toEqual(before);
  });
});
