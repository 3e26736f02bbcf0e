import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyAssigned, notifyCustomerMessage } from '../../engine/features/notifications/notify.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';
import { startSmtpStand, type SmtpStand } from '../support/smtp.js';

const SECRET = 'sandbox-secret-for-notifications';
const QUEUES = ['unassigned', 'assigned', 'mine', 'pending', 'done'] as const;
type Counts = Record<(typeof QUEUES)[number], { total: number; unread: number }>;

describe('notifications, preferences and unread counts over the API', () => {
  let stack: ApiStack;
  let smtp: SmtpStand;
  let channelId: string;
  let n = 0;

  beforeAll(async () => {
    smtp = await startSmtpStand();
    stack = await startApiStack({ mail: { smtpUrl: smtp.url, from: 'Switchboard <inbox@example.com>' } });
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Web chat', config: { secret: SECRET } },
    });
    expect(res.status).toBe(201);
    channelId = res.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await smtp?.stop();
  });

  async function customerWrites(from: string, text: string) {
    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind: 'private' });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
  }

  async function conversationOf(from: string, withText?: string) {
    return stack.eventually(async () => {
      const res = await stack.request('GET', `/api/conversations?channelId=${channelId}&limit=100`, { token: stack.adminToken });
      const found = (res.body.items as any[]).find((c) => c.contact.name === `Customer ${from}`);
      return found && (!withText || found.lastMessage.text === withText) ? found : undefined;
    });
  }

  async function counts(token: string): Promise<Counts> {
    const res = await stack.request('GET', '/api/conversations/counts', { token });
    expect(res.status).toBe(200);
    return res.body.queues;
  }

  /** The counts of every queue equal what the listing of that queue shows the same user. */
  async function expectCountsMatchListing(token: string) {
    const c = await counts(token);
    for (const queue of QUEUES) {
      const list = await stack.request('GET', `/api/conversations?queue=${queue}&limit=100`, { token });
      expect({ queue, total: c[queue].total }).toEqual({ queue, total: list.body.items.length });
    }
  }

  it('counts every queue and its unread conversations for the caller; opening or marking read clears unread', async () => {
    const ann = await stack.userToken('agent', 'ann@example.com');
    const bob = await stack.userToken('agent', 'bob@example.com');
    const before = { ann: await counts(ann.token), admin: await counts(stack.adminToken) };

    await customerWrites('nora', 'Is my order shipped?');
    const convo = await conversationOf('nora');
    const afterMessage = await counts(ann.token);
    expect(afterMessage.unassigned).toEqual({ total: before.ann.unassigned.total + 1, unread: before.ann.unassigned.unread + 1 });

    // Ann opens it: read for her, still unread for the admin.
    const opened = await stack.request('GET', `/api/conversations/${convo.id}`, { token: ann.token });
    expect(opened.status).toBe(200);
    expect((await counts(ann.token)).unassigned).toEqual({ total: before.ann.unassigned.total + 1, unread: before.ann.unassigned.unread });
    expect((await counts(stack.adminToken)).unassigned.unread).toBe(before.admin.unassigned.unread + 1);

    // The customer writes again: unread again for Ann.
    await customerWrites('nora', 'Hello?');
    await conversationOf('nora', 'Hello?');
    expect((await counts(ann.token)).unassigned.unread).toBe(before.ann.unassigned.unread + 1);

    const marked = await stack.request('POST', `/api/conversations/${convo.id}/read`, { token: ann.token });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ conversationId: convo.id, readAt: expect.any(String), readThrough: expect.any(String) });
    expect((await counts(ann.token)).unassigned.unread).toBe(before.ann.unassigned.unread);

    // Assigned to Ann: in her Assigned and Assigned to me; not in Bob's; in the admin's Assigned only.
    const assigned = await stack.request('POST', `/api/conversations/${convo.id}/assign`, { token: stack.adminToken, payload: { userId: ann.id } });
    expect(assigned.status, assigned.text).toBe(200);
    const annNow = await counts(ann.token);
    expect(annNow.unassigned.total).toBe(before.ann.unassigned.total);
    expect(annNow.assigned).toEqual({ total: before.ann.assigned.total + 1, unread: before.ann.assigned.unread });
    expect(annNow.mine).toEqual({ total: before.ann.mine.total + 1, unread: before.ann.mine.unread });
    expect((await counts(bob.token)).assigned.total).toBe(0);
    const adminNow = await counts(stack.adminToken);
    expect(adminNow.assigned.total).toBe(before.admin.assigned.total + 1);
    expect(adminNow.mine.total).toBe(before.admin.mine.total);

    // A customer message on the assigned conversation makes it unread in Ann's Assigned and Mine.
    await customerWrites('nora', 'Any news?');
    await conversationOf('nora', 'Any news?');
    const annUnread = await counts(ann.token);
    expect(annUnread.mine.unread).toBe(before.ann.mine.unread + 1);
    expect(annUnread.assigned.unread).toBe(before.ann.assigned.unread + 1);

    // A team: Bob sees what is assigned to his team.
    const team = await stack.request('POST', '/api/teams', { token: stack.adminToken, payload: { name: 'Shipping', memberIds: [bob.id] } });
    expect(team.status).toBe(201);
    await customerWrites('omar', 'Wrong size');
    const omar = await conversationOf('omar');
    const toTeam = await stack.request('POST', `/api/conversations/${omar.id}/assign`, { token: stack.adminToken, payload: { teamId: team.body.id } });
    expect(toTeam.status, toTeam.text).toBe(200);
    expect((await counts(bob.token)).assigned).toEqual({ total: 1, unread: 1 });

    for (const token of [ann.token, bob.token, stack.adminToken]) await expectCountsMatchListing(token);
  });

  it('answers the counts at their own path, not as a conversation id, and refuses bad read requests', async () => {
    const res = await stack.request('GET', '/api/conversations/counts', { token: stack.adminToken });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.queues).sort()).toEqual([...QUEUES].sort());
    expect((await stack.request('GET', '/api/conversations/counts', { token: null })).status).toBe(401);
    const badId = await stack.request('POST', '/api/conversations/not-an-id/read', { token: stack.adminToken });
    expect(badId.status).toBe(400);
    expect(badId.body.message).toMatch(/id/);
    const missing = await stack.request('POST', '/api/conversations/00000000-0000-4000-8000-000000000000/read', { token: stack.adminToken });
    expect(missing.status).toBe(404);
  });

  it('lists my notifications newest first with their conversation, pages them, and marks them read', async () => {
    const cleo = await stack.userToken('agent', 'cleo@example.com');
    const dan = await stack.userToken('agent', 'dan@example.com');
    await customerWrites('pia', 'Can I change my address?');
    const convo = await conversationOf('pia');
    const actor = { type: 'user', name: 'The admin' };
    for (const note of ['first', 'second', 'third']) {
      await notifyAssigned(stack.services.db, { conversationId: convo.id, userId: cleo.id, actor, note });
    }
    await notifyAssigned(stack.services.db, { conversationId: convo.id, userId: dan.id, actor, note: 'for dan' });

    // Page one at a time to the end.
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await stack.request('GET', `/api/notifications?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: cleo.token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const assignments = seen.filter((i) => i.kind === 'conversation.assigned');
    expect(assignments.map((i) => i.detail.note)).toEqual(['third', 'second', 'first']);
    expect(assignments[0]).toMatchObject({
      conversationId: convo.id,
      readAt: null,
      detail: { contactName: 'Customer pia', channelName: 'Web chat', actor },
      conversation: { id: convo.id, status: 'unassigned', channel: { id: channelId, type: 'sandbox', name: 'Web chat' }, contact: { name: 'Customer pia' } },
    });
    expect(seen.some((i) => i.detail.note === 'for dan')).toBe(false);

    const all = await stack.request('GET', '/api/notifications', { token: cleo.token });
    const unreadBefore = all.body.unreadCount as number;
    expect(unreadBefore).toBe(seen.length);
    const [third, second, first] = assignments;

    const one = await stack.request('POST', '/api/notifications/read', { token: cleo.token, payload: { ids: [first.id] } });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ marked: 1, unreadCount: unreadBefore - 1 });
    const unreadOnly = await stack.request('GET', '/api/notifications?unread=true', { token: cleo.token });
    expect(unreadOnly.body.items.map((i: any) => i.id)).not.toContain(first.id);
    expect(unreadOnly.body.items.map((i: any) => i.id)).toEqual(expect.arrayContaining([second.id, third.id]));

    // Someone else's notification: refused, naming it, and nothing marked.
    const dans = (await stack.request('GET', '/api/notifications', { token: dan.token })).body.items.find((i: any) => i.detail.note === 'for dan');
    const foreign = await stack.request('POST', '/api/notifications/read', { token: cleo.token, payload: { ids: [second.id, dans.id] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain(dans.id);
    expect(foreign.body.message).not.toContain(second.id);
    expect((await stack.request('GET', '/api/notifications?unread=true', { token: cleo.token })).body.unreadCount).toBe(unreadBefore - 1);
    expect((await stack.request('GET', '/api/notifications?unread=true', { token: dan.token })).body.items.map((i: any) => i.id)).toContain(dans.id);

    // Opening the conversation reads its notifications.
    expect((await stack.request('GET', `/api/conversations/${convo.id}`, { token: cleo.token })).status).toBe(200);
    const afterOpen = await stack.request('GET', '/api/notifications?unread=true', { token: cleo.token });
    expect(afterOpen.body.items.filter((i: any) => i.conversationId === convo.id)).toEqual([]);

    await notifyAssigned(stack.services.db, { conversationId: convo.id, userId: cleo.id, actor, note: 'fourth' });
    const everything = await stack.request('POST', '/api/notifications/read', { token: cleo.token, payload: { all: true } });
    expect(everything.body).toMatchObject({ unreadCount: 0 });
    expect(everything.body.marked).toBeGreaterThanOrEqual(1);
    const none = await stack.request('GET', '/api/notifications?unread=true', { token: cleo.token });
    expect(none.body).toMatchObject({ items: [], unreadCount: 0 });
  });

  it('counts only the notifications a user may see: a grant taken away or given back changes the count at once', async () => {
    const uma = await stack.userToken('agent', 'uma@example.com');
    const desk = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Private desk', config: { secret: SECRET } },
    });
    expect(desk.status).toBe(201);
    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: 'quinn', name: 'Customer quinn' }, text: 'Private question', kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${desk.body.id}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    const unread = async () => (await stack.request('GET', '/api/notifications', { token: uma.token })).body.unreadCount as number;
    const onDesk = async () =>
      ((await stack.request('GET', '/api/notifications?unread=true&limit=100', { token: uma.token })).body.items as any[])
        .filter((i) => i.conversation.channel.id === desk.body.id).length;
    // the new conversation tells everyone on the (unrestricted) channel
    await stack.eventually(async () => ((await onDesk()) > 0 ? true : undefined));
    const before = await unread();
    const seenOnDesk = await onDesk();

    const restrict = await stack.request('PUT', `/api/channels/${desk.body.id}/permissions`, { token: stack.adminToken, payload: { grants: [] } });
    expect(restrict.status).toBe(200);
    expect(await unread()).toBe(before - seenOnDesk);

    const grant = await stack.request('PUT', `/api/channels/${desk.body.id}/permissions`, {
      token: stack.adminToken,
      payload: { grants: [{ userId: uma.id, permissions: ['viewPrivate'] }] },
    });
    expect(grant.status).toBe(200);
    expect(await unread()).toBe(before);
  });

  it('refuses bad notification requests with a 400 that says what to fix', async () => {
    const token = stack.adminToken;
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/notifications/read', {}, /ids|all/],
      ['POST', '/api/notifications/read', { ids: [] }, /ids/],
      ['POST', '/api/notifications/read', { all: false }, /all/],
      ['POST', '/api/notifications/read', { ids: ['nope'] }, /ids/],
      ['POST', '/api/notifications/read', { ids: ['00000000-0000-4000-8000-000000000000'], all: true }, /ids|all/],
      ['POST', '/api/notifications/read', { ids: ['00000000-0000-4000-8000-000000000000'] }, /00000000-0000-4000-8000-000000000000/],
      ['GET', '/api/notifications?limit=0', undefined, /limit/],
      ['GET', '/api/notifications?limit=101', undefined, /limit/],
      ['GET', '/api/notifications?unread=maybe', undefined, /unread/],
      ['GET', '/api/notifications?cursor=garbage', undefined, /cursor/],
    ];
    for (const [method, url, payload, message] of cases) {
      const res = await stack.request(method, url, { token, payload });
      expect({ url, payload, status: res.status }).toEqual({ url, payload, status: 400 });
      expect(res.body.message).toMatch(message);
    }
    expect((await stack.request('GET', '/api/notifications', { token: null })).status).toBe(401);
  });

  it('lets each user turn kinds off, in the app and by e-mail, and names an unknown kind', async () => {
    const eve = await stack.userToken('agent', 'eve@example.com');
    const defaults = {
      kinds: {
        'conversation.new': { inApp: true, email: false },
        'reply.unattended': { inApp: true, email: false },
        'reply.assigned': { inApp: true, email: false },
        'conversation.assigned': { inApp: true, email: true },
      },
    };
    const prefs = () => stack.request('GET', '/api/me/notification-preferences', { token: eve.token });
    expect((await prefs()).body).toEqual(defaults);

    const unknown = await stack.request('PUT', '/api/me/notification-preferences', {
      token: eve.token,
      payload: { kinds: { 'conversation.new': { inApp: false }, 'reply.everything': { inApp: false } } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('"reply.everything"');
    expect(unknown.body.message).toContain('conversation.assigned');
    for (const bad of [{}, { kinds: { 'conversation.new': {} } }, { kinds: { 'conversation.new': { inApp: 'no' } } }, { kinds: { 'conversation.new': { push: true } } }]) {
      const res = await stack.request('PUT', '/api/me/notification-preferences', { token: eve.token, payload: bad });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/kinds|inApp|email|push/);
    }
    expect((await prefs()).body).toEqual(defaults);

    const put = await stack.request('PUT', '/api/me/notification-preferences', {
      token: eve.token,
      payload: { kinds: { 'conversation.new': { inApp: false }, 'conversation.assigned': { email: false } } },
    });
    expect(put.status).toBe(200);
    const changed = {
      kinds: { ...defaults.kinds, 'conversation.new': { inApp: false, email: false }, 'conversation.assigned': { inApp: true, email: false } },
    };
    expect(put.body).toEqual(changed);
    expect((await prefs()).body).toEqual(changed);

    // In effect: no in-app "new conversation" for Eve, while others still get it.
    await customerWrites('quinn', 'First message');
    const convo = await conversationOf('quinn');
    await notifyCustomerMessage(stack.services.db, { conversationId: convo.id, created: true, statusBefore: 'unassigned', assignee: {} });
    const eves = (await stack.request('GET', '/api/notifications', { token: eve.token })).body.items;
    expect(eves.filter((i: any) => i.kind === 'conversation.new')).toEqual([]);
    const admins = (await stack.request('GET', '/api/notifications', { token: stack.adminToken })).body.items;
    expect(admins.filter((i: any) => i.kind === 'conversation.new' && i.conversationId === convo.id).length).toBeGreaterThanOrEqual(1);
  });

  it('documents its routes in the OpenAPI document with request, answer and error schemas', async () => {
    const res = await stack.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const { paths } = res.body;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining([
      '/api/notifications', '/api/notifications/read', '/api/me/notification-preferences', '/api/conversations/counts', '/api/conversations/{id}/read',
    ]));
    expect(paths['/api/notifications'].get.tags).toContain('notifications');
    expect(paths['/api/me/notification-preferences'].put.requestBody).toBeDefined();
    expect(Object.keys(paths['/api/notifications/read'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(Object.keys(paths['/api/conversations/{id}/read'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
    expect(JSON.stringify(paths['/api/conversations/counts'].get.responses['200'])).toMatch(/ConversationCounts/);
  });

  it('e-mails an assignment through the configured SMTP server and marks the outbox row sent', async () => {
    const finn = await stack.userToken('agent', 'finn@example.com');
    await customerWrites('rosa', 'Need an invoice');
    const convo = await conversationOf('rosa');
    await notifyAssigned(stack.services.db, { conversationId: convo.id, userId: finn.id, actor: { type: 'user', name: 'The admin' }, note: 'Invoice for March' });
    const mail = await smtp.mailTo('finn@example.com');
    expect(mail.from).toBe('inbox@example.com');
    expect(mail.raw).toContain('Invoice for March');
    const row = await stack.eventually(async () => {
      const r = await stack.services.db('email_outbox').where({ to_address: 'finn@example.com' }).first();
      return r?.status === 'sent' ? r : undefined;
    });
    expect(row.attempts).toBe(1);
  });
});
