import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';

const SECRET = 'sandbox-secret-for-tests';

describe('the inbox over the sandbox channel', () => {
  let stack: ApiStack;
  let channelId: string;
  let n = 0;

  beforeAll(async () => {
    stack = await startApiStack();
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Web chat', config: { secret: SECRET } },
    });
    expect(res.status).toBe(201);
    channelId = res.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function customerWrites(from: string, text: string, extra: Record<string, unknown> = {}) {
    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind: 'private', ...extra });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
  }

  async function conversationOf(from: string) {
    return stack.eventually(async () => {
      const res = await stack.request('GET', `/api/conversations?channelId=${channelId}&limit=100`, { token: stack.adminToken });
      return (res.body.items as any[]).find((c) => c.contact.name === `Customer ${from}`);
    });
  }

  const action = (id: string, verb: string, payload: unknown = {}, token = stack.adminToken) =>
    stack.request('POST', `/api/conversations/${id}/${verb}`, { token, payload });

  it('refuses a signed body that is not a sandbox message with a message saying what to fix', async () => {
    const body = JSON.stringify({ id: 'x', from: { id: 'c' }, kind: 'private' });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/text/);
  });

  it('answers 404 for a webhook of no channel', async () => {
    const res = await stack.request('POST', '/webhooks/00000000-0000-4000-8000-000000000000', { payload: '{}', headers: sandboxHeaders(SECRET, '{}') });
    expect(res.status).toBe(404);
  });

  it('assigns with a note, refuses illegal transitions with 409 and leaves the state unchanged', async () => {
    await customerWrites('alice', 'My parcel is late');
    const convo = await conversationOf('alice');
    const agent = await stack.userToken('agent');

    const early = await action(convo.id, 'resolve');
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/nobody has replied/i);
    const notDone = await action(convo.id, 'reopen');
    expect(notDone.status).toBe(409);

    const assigned = await action(convo.id, 'assign', { userId: agent.id, note: 'VIP, be quick' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assignee: { id: agent.id } });
    const mine = await stack.request('GET', '/api/conversations?queue=mine', { token: agent.token });
    expect(mine.body.items.map((c: any) => c.id)).toEqual([convo.id]);
    expect(mine.body.items[0].queue).toBe('mine');

    const detail = await stack.request('GET', `/api/conversations/${convo.id}`, { token: agent.token });
    const event = detail.body.events.find((e: any) => e.type === 'conversation.assigned');
    expect(event).toMatchObject({ actor: { type: 'user' }, detail: { userId: agent.id, userName: expect.stringMatching(/^agent /), note: 'VIP, be quick' } });
    expect(detail.body.status).toBe('assigned');
  });

  it('validates action input with a 400 that names the field', async () => {
    const convo = await conversationOf('alice');
    const noTarget = await action(convo.id, 'assign', {});
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.message).toMatch(/userId|teamId/);
    const emptyReply = await action(convo.id, 'reply', { text: '   ' });
    expect(emptyReply.status).toBe(400);
    expect(emptyReply.body.message).toMatch(/text/);
    const unknownUser = await action(convo.id, 'assign', { userId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownUser.status).toBe(400);
    const badId = await stack.request('GET', '/api/conversations/not-an-id', { token: stack.adminToken });
    expect(badId.status).toBe(400);
    const missing = await stack.request('GET', '/api/conversations/00000000-0000-4000-8000-000000000000', { token: stack.adminToken });
    expect(missing.status).toBe(404);
  });

  it('dismisses, reopens by hand, and dismisses many at once with one result per id', async () => {
    await customerWrites('bob', 'thanks!');
    await customerWrites('carol', 'ok');
    const bob = await conversationOf('bob');
    const carol = await conversationOf('carol');

    expect((await action(bob.id, 'dismiss')).body.status).toBe('done');
    const reopened = await action(bob.id, 'reopen');
    expect(reopened.body).toMatchObject({ status: 'unassigned' });

    const res = await stack.request('POST', '/api/conversations/dismiss', {
      token: stack.adminToken,
      payload: { ids: [bob.id, carol.id, '00000000-0000-4000-8000-000000000000'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ id: bob.id, ok: true }),
      expect.objectContaining({ id: carol.id, ok: true }),
      expect.objectContaining({ ok: false, statusCode: 404 }),
    ]);
    const again = await stack.request('POST', '/api/conversations/dismiss', { token: stack.adminToken, payload: { ids: [carol.id] } });
    expect(again.body.results[0]).toMatchObject({ ok: false, statusCode: 409 });
  });

  it('requires a resolution reason where the admin made one mandatory, naming the choices', async () => {
    await customerWrites('rita', 'please close this');
    const rita = await conversationOf('rita');
    await action(rita.id, 'reply', { text: 'Done on our side.' });
    const reason = await stack.request('POST', '/api/resolution-reasons', {
      token: stack.adminToken,
      payload: { name: 'Order shipped', channelTypes: ['sandbox'], kinds: ['private'] },
    });
    expect(reason.status).toBe(201);
    const missing = await action(rita.id, 'resolve', {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain(`${reason.body.id} (Order shipped)`);
    expect((await stack.request('GET', `/api/conversations/${rita.id}`, { token: stack.adminToken })).body.status).not.toBe('done');
    const ok = await action(rita.id, 'resolve', { reasonId: reason.body.id });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('done');
    const detail = await stack.request('GET', `/api/conversations/${rita.id}`, { token: stack.adminToken });
    expect(detail.body.events.find((e: any) => e.type === 'conversation.resolved').detail).toMatchObject({ reasonId: reason.body.id });
    // The reason applies from now on to this channel type and kind only; clean up for the tests after.
    await stack.services.db('resolution_reasons').where({ id: reason.body.id }).delete();
  });

  it('lists newest first by default, reverses on request, and pages with a cursor', async () => {
    for (const who of ['p1', 'p2', 'p3']) await customerWrites(who, `hello from ${who}`);
    await conversationOf('p3');
    await stack.eventually(async () => {
      const r = await stack.request('GET', `/api/conversations?queue=unassigned&channelId=${channelId}`, { token: stack.adminToken });
      return r.body.items.length >= 3;
    });
    const desc = await stack.request('GET', `/api/conversations?queue=unassigned&channelId=${channelId}`, { token: stack.adminToken });
    const times = desc.body.items.map((c: any) => c.lastMessage.at);
    expect([...times].sort().reverse()).toEqual(times);
    const asc = await stack.request('GET', `/api/conversations?queue=unassigned&channelId=${channelId}&order=asc`, { token: stack.adminToken });
    expect(asc.body.items.map((c: any) => c.id)).toEqual([...desc.body.items.map((c: any) => c.id)].reverse());

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await stack.request('GET', `/api/conversations?queue=unassigned&channelId=${channelId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: stack.adminToken });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: any) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(desc.body.items.map((c: any) => c.id));

    expect((await stack.request('GET', '/api/conversations?limit=0', { token: stack.adminToken })).status).toBe(400);
    expect((await stack.request('GET', '/api/conversations?cursor=garbage', { token: stack.adminToken })).status).toBe(400);
  });

  it('keeps a team queue for agents of that team only', async () => {
    await customerWrites('dave', 'billing question');
    const dave = await conversationOf('dave');
    const member = await stack.userToken('agent');
    const outsider = await stack.userToken('agent');
    const team = await stack.request('POST', '/api/teams', { token: stack.adminToken, payload: { name: 'Billing', memberIds: [member.id] } });
    expect(team.status).toBe(201);
    const res = await action(dave.id, 'assign', { teamId: team.body.id });
    expect(res.body).toMatchObject({ status: 'assigned', team: { id: team.body.id, name: 'Billing' } });
    const forMember = await stack.request('GET', '/api/conversations?queue=assigned', { token: member.token });
    expect(forMember.body.items.map((c: any) => c.id)).toContain(dave.id);
    const forOutsider = await stack.request('GET', '/api/conversations?queue=assigned', { token: outsider.token });
    expect(forOutsider.body.items.map((c: any) => c.id)).not.toContain(dave.id);
  });

  it('manages users, teams and channels as an admin, with clear errors', async () => {
    const dup = await stack.request('POST', '/api/users', {
      token: stack.adminToken,
      payload: { email: 'same@example.com', name: 'Same', password: 'long enough pw', role: 'agent' },
    });
    expect(dup.status).toBe(201);
    const again = await stack.request('POST', '/api/users', {
      token: stack.adminToken,
      payload: { email: 'SAME@example.com', name: 'Same', password: 'long enough pw', role: 'agent' },
    });
    expect(again.status).toBe(409);
    const weak = await stack.request('POST', '/api/users', {
      token: stack.adminToken,
      payload: { email: 'weak@example.com', name: 'Weak', password: 'short', role: 'agent' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/password/);

    const badConfig = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'messenger', name: 'Page', config: { pageId: '1' } },
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.message).toMatch(/appSecret/);

    const cfg = { pageId: '24680', appSecret: 's', verifyToken: 'v', pageAccessToken: 't' };
    expect((await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'messenger', name: 'A', config: cfg } })).status).toBe(201);
    const clash = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'messenger', name: 'B', config: cfg } });
    expect(clash.status).toBe(409);

    const renamed = await stack.request('PATCH', `/api/channels/${channelId}`, { token: stack.adminToken, payload: { name: 'Website chat' } });
    expect(renamed.body.name).toBe('Website chat');
    // The secret is kept although it is never shown: webhooks still verify.
    expect(renamed.body.config.secret).toBeUndefined();
    await customerWrites('erin', 'still signed with the same secret');
    await conversationOf('erin');
  });

  it('serves an OpenAPI 3 document with bearer auth and the documented paths', async () => {
    const res = await stack.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining([
      '/api/auth/login', '/api/conversations', '/api/conversations/{id}', '/api/conversations/{id}/reply',
      '/api/channels/{id}', '/webhooks/{channelId}', '/api/health',
    ]));
    expect(JSON.stringify(res.body.components?.securitySchemes ?? {})).toMatch(/bearer/);
  });

  it('reports health with the database and Temporal ok', async () => {
    const res = await stack.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
  });
});
