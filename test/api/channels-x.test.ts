// X direct messages through the real webhook endpoint and a loopback stand-in of the X API: the CRC
// handshake, the signature, DMs the account sent itself, the profile on the contact, rate limits.
import { createHmac, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationActivities } from '../../engine/features/conversations/activities.js';
import { recordOutboundRow } from '../../engine/features/lifecycle-settings/activities.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { startStandIn, type StandIn } from '../support/stand-in-server.js';

const ACCOUNT = '2244994945';
const CUSTOMER = '3805104374';
const SECRET = 'x-consumer-secret';

const xHeaders = (body: string, secret = SECRET) => ({
  'content-type': 'application/json',
  'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`,
});

function dm(id: string, sender: string, recipient: string, text: string, at = Date.now()) {
  return { type: 'message_create', id, created_timestamp: String(at), message_create: { target: { recipient_id: recipient }, sender_id: sender, message_data: { text } } };
}

const delivery = (events: unknown[]) =>
  JSON.stringify({
    for_user_id: ACCOUNT,
    direct_message_events: events,
    users: {
      [CUSTOMER]: { id: CUSTOMER, name: 'Jo', screen_name: 'jo', location: 'Paris', description: 'bio text', profile_image_url_https: 'https://pbs.twimg.com/jo.jpg' },
      [ACCOUNT]: { id: ACCOUNT, name: 'Kettle Shop', screen_name: 'kettleshop' },
    },
  });

describe('x channel end to end', () => {
  let stack: ApiStack;
  let api: StandIn;
  let channelId: string;
  let sent = 0;

  beforeAll(async () => {
    stack = await startApiStack();
    api = await startStandIn();
    api.answer(200, () => ({ data: { dm_conversation_id: `${ACCOUNT}-${CUSTOMER}`, dm_event_id: `dm-sent-${++sent}` } }));
    const missing = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'x', name: 'X', config: { userId: ACCOUNT } } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/consumerSecret/);
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'x', name: 'Kettle Shop on X', config: { userId: ACCOUNT, consumerSecret: SECRET, accessToken: 'x-user-token', apiBaseUrl: api.baseUrl } },
    });
    expect(res.status).toBe(201);
    expect(res.body.config.consumerSecret).toBeUndefined();
    channelId = res.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
    await api?.close();
  });

  const deliver = (body: string, secret = SECRET) => stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: xHeaders(body, secret) });
  const detail = async (id: string) => (await stack.request('GET', `/api/conversations/${id}`, { token: stack.adminToken })).body;
  const messageCount = async () => Number((await stack.services.db('messages').where({ channel_id: channelId }).count('* as n'))[0].n);

  it('answers the CRC check with the HMAC of the token', async () => {
    const res = await stack.request('GET', `/webhooks/${channelId}?crc_token=challenge-123`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_token: `sha256=${createHmac('sha256', SECRET).update('challenge-123').digest('base64')}` });
  });

  it('refuses a forged or missing signature and stores nothing', async () => {
    const body = delivery([dm('dm-forged', CUSTOMER, ACCOUNT, 'forged')]);
    expect((await deliver(body, 'wrong-secret')).status).toBe(401);
    expect((await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    expect(await messageCount()).toBe(0);
  });

  let thread: string;

  it("stores a DM once in the customer's thread, with the profile on the contact, and the account's own DM as outbound", async () => {
    const body = delivery([dm('dm-1', CUSTOMER, ACCOUNT, 'Blue Bird', Date.now() - 2000), dm('dm-2', ACCOUNT, CUSTOMER, 'Sent from the X app', Date.now() - 1000)]);
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    const convo = await stack.eventually(async () => (await stack.services.db('conversations').where({ channel_id: channelId, thread_key: CUSTOMER }).first()) ?? false);
    thread = convo.id;
    const d = await stack.eventually(async () => {
      const x = await detail(thread);
      return x.messages?.length === 2 ? x : false;
    });
    expect(d.contact.name).toBe('Jo');
    expect(d.messages.map((m: any) => [m.direction, m.text])).toEqual([['in', 'Blue Bird'], ['out', 'Sent from the X app']]);
    expect(await messageCount()).toBe(2);
    const contact = await stack.request('GET', `/api/contacts/${d.contact.id}`, { token: stack.adminToken });
    expect(contact.body.attributes).toMatchObject({ screenName: 'jo', location: 'Paris', bio: 'bio text' });
    expect(await stack.services.db('conversations').where({ channel_id: channelId, thread_key: ACCOUNT }).first()).toBeUndefined();
  });

  it("sends a reply with the documented body, retrying through X's rate limit rather than failing", async () => {
    const before = api.requests.length;
    api.answerOnce(429, { title: 'Too Many Requests', detail: 'Too Many Requests' });
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'We are on it' } });
    expect(res.status, res.text).toBe(200);
    const calls = api.requests.slice(before);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) {
      expect(call.method).toBe('POST');
      expect(call.url).toBe(`/2/dm_conversations/with/${CUSTOMER}/messages`);
      expect(call.json).toEqual({ text: 'We are on it' });
      expect(call.headers.authorization).toBe('Bearer x-user-token');
    }
    const out = (await detail(thread)).messages.find((m: any) => m.text === 'We are on it');
    expect(out).toMatchObject({ direction: 'out', status: 'sent' });

    // X then delivers our own DM back: the same message, stored once.
    const count = await messageCount();
    const echo = delivery([dm(out.providerMessageId, ACCOUNT, CUSTOMER, 'We are on it')]);
    expect((await deliver(echo)).status).toBe(200);
    expect(await messageCount()).toBe(count);
  });

  it('stores our DM once when X delivers it to the webhook before answering the send', async () => {
    const count = await messageCount();
    api.answerOnce(200, { data: { dm_conversation_id: `${ACCOUNT}-${CUSTOMER}`, dm_event_id: 'dm-early-1' } });
    api.beforeAnswer(async () => {
      api.beforeAnswer(undefined);
      expect((await deliver(delivery([dm('dm-early-1', ACCOUNT, CUSTOMER, 'Before the answer')]))).status).toBe(200);
    });
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Before the answer' } });
    expect(res.status, res.text).toBe(200);
    expect(await messageCount()).toBe(count + 1);
    const mine = (await detail(thread)).messages.filter((m: any) => m.text === 'Before the answer');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ direction: 'out', status: 'sent', providerMessageId: 'dm-early-1', author: { type: 'user' } });
  });

  it('answers a reply at once when X says its limit resets in 15 minutes: the message stays pending and the send waits for the reset', async () => {
    const before = api.requests.length;
    const reset = Math.floor(Date.now() / 1000) + 15 * 60;
    api.answerOnce(429, { title: 'Too Many Requests', detail: 'Too Many Requests', status: 429 }, { 'x-rate-limit-reset': String(reset) });
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Queued behind the limit' } });
    expect(res.status, res.text).toBe(200);
    expect(api.requests.length - before).toBe(1);
    const out = (await detail(thread)).messages.find((m: any) => m.text === 'Queued behind the limit');
    expect(out).toMatchObject({ direction: 'out', status: 'pending' });
    // The workflow waits for X's reset before the next try.
    const convo = await stack.services.db('conversations').where({ id: thread }).first('workflow_id');
    const timers = async () => {
      const history = await stack.env.client.workflow.getHandle(convo.workflow_id).fetchHistory();
      return history.events!.flatMap((e) => (e.timerStartedEventAttributes ? [Number(e.timerStartedEventAttributes.startToFireTimeout!.seconds)] : []));
    };
    await stack.eventually(async () => (await timers()).some((s) => s > 14 * 60 && s <= 15 * 60));
    expect(api.requests.length - before).toBe(1);
  });

  it("fails the send activity on X's 429 with the reset as its next retry delay, and fails the message once it waited 11 hours", async () => {
    const { db } = stack.services;
    const { sendOutbound } = createConversationActivities({ db });
    const outboundId = randomUUID();
    await recordOutboundRow(db, { conversationId: thread, outboundId, text: 'Sent by the activity itself', actor: { type: 'system' } });
    const limited = () => api.answerOnce(429, { title: 'Too Many Requests', detail: 'Too Many Requests', status: 429 }, { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) });

    limited();
    const failure = await sendOutbound({ outboundId }).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    const { type, nonRetryable, nextRetryDelay, details } = failure as ApplicationFailure;
    expect({ type, nonRetryable }).toEqual({ type: 'RateLimited', nonRetryable: false });
    const delay = Number(/^(\d+) seconds$/.exec(String(nextRetryDelay))?.[1]);
    expect(delay).toBeGreaterThan(890);
    expect(delay).toBeLessThanOrEqual(900);
    expect(details).toEqual([{ retryAfterSeconds: delay }]);
    expect(await db('messages').where({ outbound_id: outboundId }).first('delivery_status', 'send_status')).toEqual({ delivery_status: 'pending', send_status: 'pending' });

    // Recorded 12 hours ago and still held back: the message fails rather than stay pending forever.
    await db('messages').where({ outbound_id: outboundId }).update({ at: new Date(Date.now() - 12 * 3600_000) });
    limited();
    const last = (await sendOutbound({ outboundId }).then(() => undefined, (e: unknown) => e)) as ApplicationFailure;
    expect({ type: last.type, nonRetryable: last.nonRetryable }).toEqual({ type: 'PermanentSendError', nonRetryable: true });
    const row = await db('messages').where({ outbound_id: outboundId }).first('delivery_status', 'send_error');
    expect(row.delivery_status).toBe('failed');
    expect(row.send_error).toMatch(/rate limit did not let the message go within 11 hours/);
  });
});
