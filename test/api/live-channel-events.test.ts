// Live updates of what the channels tell about stored messages (migration 015): a WhatsApp
// delivery status, a reaction, a Facebook comment's edit and its hiding each reach an open
// EventSource as message.updated, carrying the message as it now is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { metaHeaders } from '../support/signing.js';
import { openEventStream, type SseStream } from '../support/sse.js';
import { startStandIn, type RecordedRequest, type StandIn } from '../support/stand-in-server.js';

const APP_SECRET = 'live-app-secret';
const PHONE_ID = '106540352242922';
const CUSTOMER = '16505551234';
const PAGE_ID = '106954381234567';
const POST_ID = `${PAGE_ID}_555000111222333`;
const JANE = { id: '24075483658761234', name: 'Jane Doe' };
const seconds = () => Math.floor(Date.now() / 1000);

const whatsapp = (value: Record<string, unknown>) =>
  JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID }, ...value } }] }],
  });

const feed = (value: Record<string, unknown>) =>
  JSON.stringify({
    object: 'page',
    entry: [{ id: PAGE_ID, time: seconds(), changes: [{ field: 'feed', value: {
      post: { status_type: 'added_photos', is_published: true, permalink_url: 'https://www.facebook.com/p', id: POST_ID },
      post_id: POST_ID, item: 'comment', created_time: seconds(), ...value,
    } }] }],
  });

describe('live updates of message changes told by the channels', () => {
  let stack: ApiStack;
  let graph: StandIn;
  let live: SseStream;
  let wa: string;
  let fb: string;

  beforeAll(async () => {
    stack = await startApiStack({ listen: true });
    graph = await startStandIn();
    graph.answer(200, (req: RecordedRequest) =>
      req.url.includes(`/${PHONE_ID}/messages`)
        ? { messaging_product: 'whatsapp', contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }], messages: [{ id: 'wamid.live-reply' }] }
        : req.method === 'GET' ? { id: POST_ID, message: 'A post' } : { success: true });
    const create = async (type: string, config: Record<string, unknown>) => {
      const res = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type, name: type, config: { appSecret: APP_SECRET, verifyToken: 'v', apiBaseUrl: `${graph.baseUrl}/v21.0`, ...config } } });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    wa = await create('whatsapp', { phoneNumberId: PHONE_ID, businessAccountId: '102290129340398', accessToken: 'wa-token' });
    fb = await create('facebook_page', { pageId: PAGE_ID, pageAccessToken: 'page-token' });
    live = await openEventStream(`${stack.services.server!.info.uri}/api/events`, { authorization: `Bearer ${stack.adminToken}` });
    await live.waitFor((e) => e.event === 'ready');
  });

  afterAll(async () => {
    live?.close();
    await stack?.stop();
    await graph?.close();
  });

  const deliver = async (channelId: string, body: string) => {
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: metaHeaders(APP_SECRET, body) });
    expect(res.status, res.text).toBe(200);
  };
  const threadOf = (channelId: string, threadKey: string) =>
    stack.eventually(async () => (await stack.services.db('conversations').where({ channel_id: channelId, thread_key: threadKey }).first()) ?? false);
  const updated = (messageId: string, what: (message: any) => boolean) =>
    live.waitFor((e) => e.event === 'message.updated' && e.data.message.id === messageId && what(e.data.message));

  it('streams a WhatsApp reply moving to delivered and read, and the reaction the customer put on it', async () => {
    await deliver(wa, whatsapp({ contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: CUSTOMER }], messages: [{ from: CUSTOMER, id: 'wamid.live-1', timestamp: String(seconds()), type: 'text', text: { body: 'Is it in stock?' } }] }));
    const thread = await threadOf(wa, CUSTOMER);
    const reply = await stack.request('POST', `/api/conversations/${thread.id}/reply`, { token: stack.adminToken, payload: { text: 'Yes it is.' } });
    expect(reply.status, reply.text).toBe(200);
    const out = await stack.services.db('messages').where({ channel_id: wa, provider_message_id: 'wamid.live-reply' }).first('id');
    // The reply's own pending → sent change may reach the stream after the reply's answer: count from after it.
    await updated(out.id, (m) => m.status === 'sent');

    const from = live.events.length;
    await deliver(wa, whatsapp({ statuses: [{ id: 'wamid.live-reply', status: 'delivered', timestamp: String(seconds()), recipient_id: CUSTOMER }] }));
    const delivered = await updated(out.id, (m) => m.status === 'delivered');
    expect(delivered.data).toMatchObject({ conversationId: thread.id, message: { direction: 'out', text: 'Yes it is.', status: 'delivered' } });
    await deliver(wa, whatsapp({ statuses: [{ id: 'wamid.live-reply', status: 'read', timestamp: String(seconds()), recipient_id: CUSTOMER }] }));
    await updated(out.id, (m) => m.status === 'read');

    await deliver(wa, whatsapp({ contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: CUSTOMER }], messages: [{ from: CUSTOMER, id: 'wamid.live-reaction', timestamp: String(seconds()), type: 'reaction', reaction: { message_id: 'wamid.live-reply', emoji: '👍' } }] }));
    await updated(out.id, (m) => m.reaction === '👍');
    // Each change came once: delivered, read, the reaction.
    expect(live.events.slice(from).filter((e) => e.event === 'message.updated' && e.data.message.id === out.id)).toHaveLength(3);
  });

  it('streams a Facebook comment edited by its author and hidden by an agent', async () => {
    await deliver(fb, feed({ from: JANE, comment_id: '555000111222333_1', parent_id: POST_ID, message: 'Where is my order?', verb: 'add' }));
    const thread: { id: string } = await threadOf(fb, `${POST_ID}:${JANE.id}`);
    const comment = await stack.eventually<{ id: string }>(async () => (await stack.services.db('messages').where({ channel_id: fb, provider_message_id: '555000111222333_1' }).whereNotNull('conversation_id').first('id')) ?? false);

    await deliver(fb, feed({ from: JANE, comment_id: '555000111222333_1', parent_id: POST_ID, message: 'Where is my order #42?', verb: 'edited', created_time: seconds() + 1 }));
    const edited = await updated(comment.id, (m) => m.text === 'Where is my order #42?');
    expect(edited.data.message.editedAt).toBeDefined();
    expect(edited.data.conversationId).toBe(thread.id);

    const hide = await stack.request('POST', `/api/messages/${comment.id}/hide`, { token: stack.adminToken });
    expect(hide.status, hide.text).toBe(200);
    await updated(comment.id, (m) => m.hidden === true);
    await stack.request('POST', `/api/messages/${comment.id}/unhide`, { token: stack.adminToken });
    await updated(comment.id, (m) => m.hidden === undefined);
  });
});
