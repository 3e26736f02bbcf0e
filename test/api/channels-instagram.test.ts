// Instagram through the real webhook endpoint and a loopback stand-in of Graph: direct messages
// (echoes outbound, unsends, reactions, the 24 h / 7-day windows) and comments on the account's
// media as public threads, with replies and moderation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { metaHeaders } from '../support/signing.js';
import { startStandIn, type RecordedRequest, type StandIn } from '../support/stand-in-server.js';

const ACCOUNT = '17841400000000001';
const APP_SECRET = 'ig-app-secret';
const IGSID = '1254459154682919';
const MEDIA = '18000000000000001';
const JANE = { id: '17841455555555555', username: 'jane.doe' };

const messaging = (events: Record<string, unknown>[]) =>
  JSON.stringify({ object: 'instagram', entry: [{ id: ACCOUNT, time: Date.now(), messaging: events }] });
const fromCustomer = (message: Record<string, unknown>, at = Date.now(), sender = IGSID) =>
  ({ sender: { id: sender }, recipient: { id: ACCOUNT }, timestamp: at, message });
const comments = (values: Record<string, unknown>[]) =>
  JSON.stringify({ object: 'instagram', entry: [{ id: ACCOUNT, time: Math.floor(Date.now() / 1000), changes: values.map((value) => ({ field: 'comments', value })) }] });
const comment = (id: string, from: { id: string; username: string }, text: string, parentId?: string) =>
  ({ from, media: { id: MEDIA, media_product_type: 'FEED' }, id, text, ...(parentId ? { parent_id: parentId } : {}) });

describe('instagram channel end to end', () => {
  let stack: ApiStack;
  let graph: StandIn;
  let channelId: string;
  let seq = 0;

  beforeAll(async () => {
    stack = await startApiStack();
    graph = await startStandIn();
    graph.answer(200, (req: RecordedRequest) =>
      req.method === 'GET'
        ? { id: MEDIA, caption: 'The blue kettle is back', permalink: 'https://www.instagram.com/p/abc/', media_type: 'IMAGE', media_url: 'https://cdn.example/kettle.jpg', username: 'kettleshop' }
        : { id: `1786000000000099${++seq}`, recipient_id: IGSID, message_id: `ig-sent-${seq}`, success: true });
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: {
        type: 'instagram',
        name: 'Kettle Shop Instagram',
        config: { instagramAccountId: ACCOUNT, appSecret: APP_SECRET, verifyToken: 'ig-verify', accessToken: 'ig-token', apiBaseUrl: `${graph.baseUrl}/v21.0` },
      },
    });
    expect(res.status).toBe(201);
    channelId = res.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
    await graph?.close();
  });

  const deliver = (body: string, secret = APP_SECRET) => stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: metaHeaders(secret, body) });
  const detail = async (id: string) => (await stack.request('GET', `/api/conversations/${id}`, { token: stack.adminToken })).body;
  const threadOf = async (threadKey: string) =>
    stack.eventually(async () => (await stack.services.db('conversations').where({ channel_id: channelId, thread_key: threadKey }).first()) ?? false);
  const withMessages = (id: string, n: number) => stack.eventually(async () => {
    const d = await detail(id);
    return d.messages?.length === n ? d : false;
  });

  it('refuses a forged signature and stores nothing', async () => {
    const body = messaging([fromCustomer({ mid: 'ig-forged', text: 'hi' })]);
    expect((await deliver(body, 'nope')).status).toBe(401);
    expect(Number((await stack.services.db('messages').count('* as n'))[0].n)).toBe(0);
  });

  let dmThread: string;

  it('threads DMs by customer, echoes as outbound, an unsend as removed and a reaction on its message', async () => {
    const t = Date.now() - 60_000;
    const body = messaging([
      fromCustomer({ mid: 'ig-dm-1', text: 'Is the blue kettle back in stock?' }, t),
      fromCustomer({ mid: 'ig-dm-2', text: 'Love it' }, t + 1000),
      { sender: { id: ACCOUNT }, recipient: { id: IGSID }, timestamp: t + 2000, message: { mid: 'ig-echo-1', text: 'Yes, since Monday!', is_echo: true } },
    ]);
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    dmThread = (await threadOf(IGSID)).id;
    const d = await withMessages(dmThread, 3);
    expect(d.kind).toBe('private');
    expect(d.messages.map((m: any) => [m.direction, m.text])).toEqual([['in', 'Is the blue kettle back in stock?'], ['in', 'Love it'], ['out', 'Yes, since Monday!']]);

    const changes = messaging([
      fromCustomer({ mid: 'ig-dm-2', is_deleted: true }, t + 3000),
      { sender: { id: IGSID }, recipient: { id: ACCOUNT }, timestamp: t + 4000, reaction: { mid: 'ig-echo-1', action: 'react', reaction: 'love', emoji: '❤️' } },
    ]);
    expect((await deliver(changes)).status).toBe(200);
    const after = await detail(dmThread);
    expect(after.messages.find((m: any) => m.providerMessageId === 'ig-dm-2').removed).toBe(true);
    expect(after.messages.find((m: any) => m.providerMessageId === 'ig-echo-1').reaction).toBe('❤️');
  });

  it('applies an unsend that arrives before its message once the message arrives alone', async () => {
    const t = Date.now() - 30_000;
    expect((await deliver(messaging([fromCustomer({ mid: 'ig-dm-early', is_deleted: true }, t + 1000)]))).status).toBe(200);
    expect((await deliver(messaging([fromCustomer({ mid: 'ig-dm-early', text: 'Oops, wrong chat' }, t)]))).status).toBe(200);
    const d = await withMessages(dmThread, 4);
    expect(d.messages.find((m: any) => m.providerMessageId === 'ig-dm-early').removed).toBe(true);
  });

  it('sends a DM reply with the documented body; moderation of a DM is refused', async () => {
    graph.requests.length = 0;
    const res = await stack.request('POST', `/api/conversations/${dmThread}/reply`, { token: stack.adminToken, payload: { text: 'Shipping today' } });
    expect(res.status).toBe(200);
    expect(graph.requests[0].url).toBe('/v21.0/me/messages?access_token=ig-token');
    expect(graph.requests[0].json).toMatchObject({ recipient: { id: IGSID }, messaging_type: 'RESPONSE', message: { text: 'Shipping today' } });
    const dm = (await detail(dmThread)).messages[0];
    const hide = await stack.request('POST', `/api/messages/${dm.id}/hide`, { token: stack.adminToken });
    expect(hide.status).toBe(409);
    expect(hide.body.message).toMatch(/private/);
  });

  it('refuses a reply once the 7-day human-agent window has closed', async () => {
    const old = messaging([fromCustomer({ mid: 'ig-old-1', text: 'Anyone?' }, Date.now() - 8 * 24 * 3600 * 1000, '999000111')]);
    expect((await deliver(old)).status).toBe(200);
    const oldThread = (await threadOf('999000111')).id;
    const res = await stack.request('POST', `/api/conversations/${oldThread}/reply`, { token: stack.adminToken, payload: { text: 'Sorry' } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/window closed/);
  });

  it("files comments per customer per media, the account's own reply in the thread it answers, and replies under the comment", async () => {
    const body = comments([
      comment('17860000000000001', JANE, 'Ships to Belgium?'),
      comment('17860000000000003', { id: ACCOUNT, username: 'kettleshop' }, 'Yes, we do!', '17860000000000001'),
    ]);
    expect((await deliver(body)).status).toBe(200);
    const thread = (await threadOf(`${MEDIA}:${JANE.id}`)).id;
    const d = await withMessages(thread, 2);
    expect(d.kind).toBe('public');
    // The comment names its media; the caption is looked up at Graph once the thread opens.
    const withCaption = await stack.eventually(async () => ((await detail(thread)).post?.text ? detail(thread) : false));
    expect(withCaption.post).toMatchObject({ id: MEDIA, text: 'The blue kettle is back', link: 'https://www.instagram.com/p/abc/', author: { name: 'kettleshop' } });
    expect(d.messages.map((m: any) => [m.direction, m.text])).toEqual([['in', 'Ships to Belgium?'], ['out', 'Yes, we do!']]);
    expect(await stack.services.db('conversations').where({ channel_id: channelId, thread_key: `${MEDIA}:account` }).first()).toBeUndefined();

    graph.requests.length = 0;
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Free shipping too' } });
    expect(res.status).toBe(200);
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0].url).toBe('/v21.0/17860000000000001/replies?access_token=ig-token');
    expect(graph.requests[0].json).toEqual({ message: 'Free shipping too' });

    const hide = await stack.request('POST', `/api/messages/${d.messages[0].id}/hide`, { token: stack.adminToken });
    expect(hide.status).toBe(200);
    expect(graph.requests[1]).toMatchObject({ method: 'POST', url: '/v21.0/17860000000000001?access_token=ig-token', json: { hide: true } });
    expect((await detail(thread)).messages[0].hidden).toBe(true);
  });

  it("keeps a private reply to a comment in the customer's DM thread, as an outbound message of the agent", async () => {
    const comment = await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: '17860000000000001' }).first('id');
    graph.requests.length = 0;
    const res = await stack.request('POST', `/api/messages/${comment.id}/private-reply`, { token: stack.adminToken, payload: { text: 'Sent you the tracking link.' } });
    expect(res.status, res.text).toBe(200);
    expect(graph.requests[0]).toMatchObject({ method: 'POST', url: '/v21.0/me/messages?access_token=ig-token', json: { recipient: { comment_id: '17860000000000001' }, message: { text: 'Sent you the tracking link.' } } });
    const dm = (await threadOf(IGSID)).id;
    const d = await stack.eventually(async () => {
      const x = await detail(dm);
      return x.messages?.some((m: any) => m.providerMessageId === res.body.providerMessageId) ? x : false;
    });
    expect(d.kind).toBe('private');
    expect(d.messages.find((m: any) => m.providerMessageId === res.body.providerMessageId)).toMatchObject({ direction: 'out', text: 'Sent you the tracking link.', status: 'sent', author: { type: 'user' } });
  });
});
