import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { metaHeaders } from '../support/signing.js';
import { startStandIn, type RecordedRequest, type StandIn } from '../support/stand-in-server.js';

const PAGE_ID = '1357924680';
const APP_SECRET = 'app-secret-for-tests';
const VERIFY_TOKEN = 'verify-me';

function messengerDelivery(psid: string, mid: string, text: string, timestamp = Date.now()) {
  return JSON.stringify({
    object: 'page',
    entry: [{
      id: PAGE_ID,
      time: timestamp,
      messaging: [{
        sender: { id: psid },
        recipient: { id: PAGE_ID },
        timestamp,
        message: { mid, text, attachments: [{ type: 'image', payload: { url: 'https://cdn.example/photo.jpg' } }] },
      }],
    }],
  });
}

describe('a Messenger message becomes a routed conversation', () => {
  let stack: ApiStack;
  let graph: StandIn;
  let channelId: string;
  let sentIds = 0;

  beforeAll(async () => {
    stack = await startApiStack();
    graph = await startStandIn();
    graph.answer(200, (req: RecordedRequest) => ({ recipient_id: (req.json as any)?.recipient?.id, message_id: `m_sent_${++sentIds}` }));
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: {
        type: 'messenger',
        name: 'Support page',
        config: { pageId: PAGE_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, pageAccessToken: 'page-token', apiBaseUrl: `${graph.baseUrl}/v21.0` },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.webhookUrl).toBe(`http://switchboard.test/webhooks/${res.body.id}`);
    expect(res.body.config.appSecret).toBeUndefined();
    channelId = res.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
    await graph?.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers });

  const unassigned = async () =>
    (await stack.request('GET', '/api/conversations?queue=unassigned', { token: stack.adminToken })).body.items as any[];

  const messageCount = async () => Number((await stack.services.db('messages').count('* as n'))[0].n);

  it('answers the GET handshake only with the right verify token', async () => {
    const ok = await stack.request('GET', `/webhooks/${channelId}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    const wrong = await stack.request('GET', `/webhooks/${channelId}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(wrong.text).not.toContain('1158201444');
  });

  it('refuses a forged or missing signature and stores nothing', async () => {
    const body = messengerDelivery('psid-forged', 'm_forged', 'give me a refund');
    const forged = await post(body, metaHeaders('not-the-app-secret', body));
    expect(forged.status).toBe(401);
    const missing = await post(body, { 'content-type': 'application/json' });
    expect(missing.status).toBe(401);
    expect(await messageCount()).toBe(0);
  });

  it('answers 400 to a signed but malformed body and stores nothing', async () => {
    const body = JSON.stringify({ object: 'page', entry: 'not-a-list' });
    const res = await post(body, metaHeaders(APP_SECRET, body));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/entry/);
    expect(await messageCount()).toBe(0);
  });

  let conversationId: string;

  it('turns a signed delivery into a conversation in Unassigned, stored once when delivered twice', async () => {
    const body = messengerDelivery('psid-1', 'm_first', 'Where is my order?');
    const first = await post(body, metaHeaders(APP_SECRET, body));
    expect(first.status).toBe(200);
    const again = await post(body, metaHeaders(APP_SECRET, body));
    expect(again.status).toBe(200);

    const item = await stack.eventually(async () => (await unassigned()).find((c) => c.channelId === channelId));
    conversationId = item.id;
    expect(item).toMatchObject({ status: 'unassigned', queue: 'unassigned', kind: 'private', channelType: 'messenger' });
    expect(item.lastMessage).toMatchObject({ text: 'Where is my order?', direction: 'in' });
    expect(item.replyWindowClosesAt).toBeDefined();

    const detail = await stack.request('GET', `/api/conversations/${conversationId}`, { token: stack.adminToken });
    expect(detail.body.messages).toHaveLength(1);
    expect(detail.body.messages[0]).toMatchObject({
      direction: 'in',
      text: 'Where is my order?',
      providerMessageId: 'm_first',
      attachments: [{ type: 'image', url: 'https://cdn.example/photo.jpg' }],
    });
    expect(detail.body.events.map((e: any) => e.type)).toEqual(['conversation.created']);
  });

  it("sends an agent's reply to the Send API with the documented body", async () => {
    const agent = await stack.userToken('agent');
    const res = await stack.request('POST', `/api/conversations/${conversationId}/reply`, {
      token: agent.token,
      payload: { text: 'It ships tomorrow.' },
    });
    expect(res.status).toBe(200);
    // The replying agent takes an unassigned conversation.
    expect(res.body).toMatchObject({ status: 'assigned', assignee: { id: agent.id } });

    expect(graph.requests).toHaveLength(1);
    const sent = graph.requests[0];
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(`/v21.0/${PAGE_ID}/messages?access_token=page-token`);
    expect(sent.json).toMatchObject({
      recipient: { id: 'psid-1' },
      messaging_type: 'RESPONSE',
      message: { text: 'It ships tomorrow.' },
    });

    const detail = await stack.request('GET', `/api/conversations/${conversationId}`, { token: agent.token });
    const out = detail.body.messages.find((m: any) => m.direction === 'out');
    expect(out).toMatchObject({ text: 'It ships tomorrow.', providerMessageId: 'm_sent_1', author: { type: 'user', id: agent.id } });
  });

  it('stores the echo of our own send once, as outbound', async () => {
    const detail = await stack.request('GET', `/api/conversations/${conversationId}`, { token: stack.adminToken });
    const outboundId = (graph.requests[0].json as any).message.metadata;
    const echo = JSON.stringify({
      object: 'page',
      entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{
        sender: { id: PAGE_ID }, recipient: { id: 'psid-1' }, timestamp: Date.now(),
        message: { mid: 'm_sent_1', is_echo: true, text: 'It ships tomorrow.', metadata: outboundId },
      }] }],
    });
    expect((await post(echo, metaHeaders(APP_SECRET, echo))).status).toBe(200);
    const after = await stack.request('GET', `/api/conversations/${conversationId}`, { token: stack.adminToken });
    expect(after.body.messages).toHaveLength(detail.body.messages.length);
    expect(after.body.messages.filter((m: any) => m.direction === 'in')).toHaveLength(1);
  });

  it('resolves into Done, and a new customer message brings it back to Unassigned', async () => {
    const resolved = await stack.request('POST', `/api/conversations/${conversationId}/resolve`, { token: stack.adminToken, payload: {} });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('done');
    const done = await stack.request('GET', '/api/conversations?queue=done', { token: stack.adminToken });
    expect(done.body.items.map((c: any) => c.id)).toContain(conversationId);

    const again = await stack.request('POST', `/api/conversations/${conversationId}/resolve`, { token: stack.adminToken, payload: {} });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already done/i);

    const body = messengerDelivery('psid-1', 'm_second', 'It did not arrive');
    expect((await post(body, metaHeaders(APP_SECRET, body))).status).toBe(200);
    const back = await stack.eventually(async () => (await unassigned()).find((c) => c.id === conversationId));
    expect(back).toMatchObject({ status: 'unassigned', lastMessage: { text: 'It did not arrive' } });
    expect(back.assignee).toBeUndefined();
    const detail = await stack.request('GET', `/api/conversations/${conversationId}`, { token: stack.adminToken });
    expect(detail.body.events.map((e: any) => e.type)).toEqual([
      'conversation.created', 'message.sent', 'conversation.assigned', 'conversation.resolved', 'conversation.reopened',
    ]);
  });

  it('routes the app-wide /webhooks/meta delivery to the channel that owns the Page', async () => {
    const body = messengerDelivery('psid-meta', 'm_meta', 'Hello via the app URL');
    const res = await stack.request('POST', '/webhooks/meta', { payload: body, headers: metaHeaders(APP_SECRET, body) });
    expect(res.status).toBe(200);
    await stack.eventually(async () => (await unassigned()).find((c) => c.lastMessage.text === 'Hello via the app URL'));
    const forged = await stack.request('POST', '/webhooks/meta', { payload: body, headers: metaHeaders('wrong', body) });
    expect(forged.status).toBe(401);
  });
});

describe('access control', () => {
  let stack: ApiStack;
  beforeAll(async () => {
    stack = await startApiStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 401 without a token and with an unknown one', async () => {
    const none = await stack.request('GET', '/api/conversations');
    expect(none.status).toBe(401);
    expect(none.body.message).toMatch(/bearer token/);
    const unknown = await stack.request('GET', '/api/conversations', { token: 'made-up' });
    expect(unknown.status).toBe(401);
  });

  it('refuses wrong credentials at login', async () => {
    const res = await stack.request('POST', '/api/auth/login', { payload: { email: 'nobody@example.com', password: 'whatever-password' } });
    expect(res.status).toBe(401);
  });

  it('answers 403 naming the role when an agent calls an admin route, and changes nothing', async () => {
    const agent = await stack.userToken('agent');
    const res = await stack.request('POST', '/api/channels', {
      token: agent.token,
      payload: { type: 'sandbox', name: 'x', config: { secret: 'abcdefgh' } },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/admin role/);
    const users = await stack.request('GET', '/api/users', { token: agent.token });
    expect(users.status).toBe(403);
    const channels = await stack.request('GET', '/api/channels', { token: agent.token });
    expect(channels.body).toEqual([]);
  });
});
