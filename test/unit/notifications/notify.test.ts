import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../engine/platform/database.js';
import { putPreferences } from '../../../engine/features/notifications/inbox.js';
import { MAIL_CHANNEL } from '../../../engine/features/notifications/mail-channel.js';
import { notifyAssigned, notifyCustomerMessage } from '../../../engine/features/notifications/notify.js';
import { freshDatabase } from '../../support/database.js';
import { notificationsOf, outboxOf, seedConversation, seedOrg, type Org } from './seed.js';

describe('who is notified of what', () => {
  let db: Db;
  let url: string;
  let org: Org;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    org = await seedOrg(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const recipients = async (conversationId: string, kind: string) =>
    (await notificationsOf(db, conversationId)).filter((n) => n.kind === kind).map((n) => n.user_id).sort();
  const ids = (...users: { id: string }[]) => users.map((u) => u.id).sort();

  it('tells every user of the channel about a new thread, once each, with who wrote and what', async () => {
    const convo = await seedConversation(db, org, { text: 'My parcel never arrived' });
    await notifyCustomerMessage(db, { conversationId: convo.id, created: true, statusBefore: 'unassigned', assignee: {} });

    const rows = await notificationsOf(db, convo.id);
    expect(rows.map((r) => r.user_id).sort()).toEqual(ids(...org.everyone));
    expect(rows.every((r) => r.kind === 'conversation.new' && r.read_at === null)).toBe(true);
    expect(rows[0].detail).toMatchObject({ contactName: convo.contactName, channelName: 'Web chat', text: 'My parcel never arrived' });
    // By default only assignments are e-mailed.
    expect(await outboxOf(db, convo.id)).toEqual([]);
  });

  it('tells everyone about a reply to a Done or an unassigned thread', async () => {
    for (const statusBefore of ['done', 'unassigned'] as const) {
      const convo = await seedConversation(db, org, { status: statusBefore });
      await notifyCustomerMessage(db, { conversationId: convo.id, created: false, statusBefore, assignee: {} });
      expect(await recipients(convo.id, 'reply.unattended')).toEqual(ids(...org.everyone));
      expect((await notificationsOf(db, convo.id)).length).toBe(org.everyone.length);
    }
  });

  it('tells only the assignee about a reply to an assigned or pending thread', async () => {
    for (const statusBefore of ['assigned', 'pending'] as const) {
      const convo = await seedConversation(db, org, { status: statusBefore, userId: org.bea.id, teamId: org.teamId });
      await notifyCustomerMessage(db, { conversationId: convo.id, created: false, statusBefore, assignee: { userId: org.bea.id, teamId: org.teamId } });
      expect(await notificationsOf(db, convo.id)).toEqual([expect.objectContaining({ user_id: org.bea.id, kind: 'reply.assigned' })]);
    }
  });

  it('tells every member of the team when only a team has the thread', async () => {
    const convo = await seedConversation(db, org, { status: 'assigned', teamId: org.teamId });
    await notifyCustomerMessage(db, { conversationId: convo.id, created: false, statusBefore: 'assigned', assignee: { teamId: org.teamId } });
    expect(await recipients(convo.id, 'reply.assigned')).toEqual(ids(org.carl, org.dana));
    expect((await notificationsOf(db, convo.id)).length).toBe(2);
  });

  it('treats a reply to a pending thread nobody has as unattended rather than telling no one', async () => {
    const convo = await seedConversation(db, org, { status: 'pending' });
    await notifyCustomerMessage(db, { conversationId: convo.id, created: false, statusBefore: 'pending', assignee: {} });
    expect(await recipients(convo.id, 'reply.unattended')).toEqual(ids(...org.everyone));
  });

  it('tells the assignee of an assignment in the app and by e-mail, with who assigned and the note', async () => {
    const convo = await seedConversation(db, org, { status: 'assigned', userId: org.bea.id, text: 'Refund please' });
    await notifyAssigned(db, { conversationId: convo.id, userId: org.bea.id, actor: { type: 'user', id: org.admin.id, name: 'ada' }, note: 'VIP, be quick' });

    expect(await notificationsOf(db, convo.id)).toEqual([
      expect.objectContaining({
        user_id: org.bea.id,
        kind: 'conversation.assigned',
        detail: expect.objectContaining({ actor: { type: 'user', id: org.admin.id, name: 'ada' }, note: 'VIP, be quick', userId: org.bea.id }),
      }),
    ]);
    const [mail] = await outboxOf(db, convo.id);
    expect(mail).toMatchObject({ to_address: 'bea@example.com', status: 'pending', attempts: 0, user_id: org.bea.id, kind: 'conversation.assigned' });
    expect(mail.subject).toBe(`Conversation with ${convo.contactName} assigned to you`);
    expect(mail.text).toContain('ada assigned the conversation');
    expect(mail.text).toContain('Note: VIP, be quick');
    expect(mail.text).toContain('Refund please');
  });

  it('does not tell an agent about assigning a conversation to themselves', async () => {
    const convo = await seedConversation(db, org);
    await notifyAssigned(db, { conversationId: convo.id, userId: org.bea.id, actor: { type: 'user', id: org.bea.id, name: 'bea' } });
    expect(await notificationsOf(db, convo.id)).toEqual([]);
    expect(await outboxOf(db, convo.id)).toEqual([]);
  });

  it('tells the members of a team assigned without a user, except the member who assigned it', async () => {
    const convo = await seedConversation(db, org);
    await notifyAssigned(db, { conversationId: convo.id, teamId: org.teamId, actor: { type: 'user', id: org.carl.id, name: 'carl' } });
    expect(await recipients(convo.id, 'conversation.assigned')).toEqual(ids(org.dana));
    const mails = await outboxOf(db, convo.id);
    expect(mails.map((m) => m.to_address)).toEqual(['dana@example.com']);
    expect(mails[0].subject).toBe(`Conversation with ${convo.contactName} assigned to your team ${org.teamName}`);

    const byAutomation = await seedConversation(db, org);
    await notifyAssigned(db, { conversationId: byAutomation.id, teamId: org.teamId, actor: { type: 'automation', id: 'a1', name: 'VIP routing' } });
    expect(await recipients(byAutomation.id, 'conversation.assigned')).toEqual(ids(org.carl, org.dana));
    expect((await outboxOf(db, byAutomation.id))[0].text).toContain('VIP routing assigned');
  });

  it('respects each user turning a kind off in the app and on or off by e-mail, separately', async () => {
    const { bea, carl, dana } = org;
    await putPreferences(db, bea.id, { 'conversation.new': { inApp: false } });
    await putPreferences(db, carl.id, { 'conversation.new': { inApp: false, email: true } });
    await putPreferences(db, dana.id, { 'conversation.new': { email: true } });

    const convo = await seedConversation(db, org);
    await notifyCustomerMessage(db, { conversationId: convo.id, created: true, statusBefore: 'unassigned', assignee: {} });
    expect(await recipients(convo.id, 'conversation.new')).toEqual(ids(org.admin, dana));
    expect((await outboxOf(db, convo.id)).map((m) => m.to_address).sort()).toEqual(['carl@example.com', 'dana@example.com']);

    // A kind turned off stays on for the other kinds.
    const reply = await seedConversation(db, org);
    await notifyCustomerMessage(db, { conversationId: reply.id, created: false, statusBefore: 'done', assignee: {} });
    expect(await recipients(reply.id, 'reply.unattended')).toEqual(ids(...org.everyone));

    // Assignment e-mail off, in-app kept.
    await putPreferences(db, bea.id, { 'conversation.assigned': { email: false } });
    const assigned = await seedConversation(db, org);
    await notifyAssigned(db, { conversationId: assigned.id, userId: bea.id, actor: { type: 'user', id: org.admin.id, name: 'ada' } });
    expect(await recipients(assigned.id, 'conversation.assigned')).toEqual(ids(bea));
    expect(await outboxOf(db, assigned.id)).toEqual([]);
    await putPreferences(db, bea.id, { 'conversation.assigned': { inApp: false, email: false } });
    const silent = await seedConversation(db, org);
    await notifyAssigned(db, { conversationId: silent.id, userId: bea.id, actor: { type: 'user', id: org.admin.id, name: 'ada' } });
    expect(await notificationsOf(db, silent.id)).toEqual([]);
  });

  it('wakes the mailers with a NOTIFY when, and only when, an e-mail was queued', async () => {
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query(`LISTEN ${MAIL_CHANNEL}`);
    try {
      const quiet = await seedConversation(db, org);
      await notifyCustomerMessage(db, { conversationId: quiet.id, created: false, statusBefore: 'unassigned', assignee: {} });
      const loud = await seedConversation(db, org);
      await notifyAssigned(db, { conversationId: loud.id, userId: org.dana.id, actor: { type: 'user', id: org.admin.id } });
      await listener.query('SELECT 1'); // notifications sent before this answer have arrived
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([MAIL_CHANNEL]);
    } finally {
      await listener.end();
    }
  });

  it('does nothing for a conversation that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await notifyCustomerMessage(db, { conversationId: missing, created: true, statusBefore: 'unassigned', assignee: {} });
    await notifyAssigned(db, { conversationId: missing, userId: org.bea.id, actor: { type: 'system' } });
    expect(await notificationsOf(db, missing)).toEqual([]);
  });
});
