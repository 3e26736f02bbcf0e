// WhatsApp Cloud API through the real webhook endpoint and a loopback stand-in of Graph: message
// kinds, statuses applied forward only, reactions, the 24-hour window, templates, rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { metaHeaders } from '../support/signing.js';
import { startStandIn, type RecordedRequest, type StandIn } from '../support/stand-in-server.js';

const PHONE_ID = '106540352242922';
const APP_SECRET = 'wa-app-secret';
const CUSTOMER = '16505551234';
const seconds = (ms = Date.now()) => String(Math.floor(ms / 1000));

function delivery(value: Record<string, unknown>) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
      ...value,
    } }] }],
  });
}

const messages = (from: string, name: string, list: Record<string, unknown>[]) =>
  delivery({ contacts: [{ profile: { name }, wa_id: from }], messages: list.map((m) => ({ from, timestamp: seconds(), ...m })) });

const statuses = (list: Record<string, unknown>[]) => delivery({ statuses: list.map((s) => ({ recipient_id: CUSTOMER, timestamp: seconds(), ...s })) });

describe('whatsapp channel end to end', () => {
  let stack: ApiStack;
  let graph: StandIn;
  let channelId: string;
  let sent = 0;
  let refuse: undefined | { status: number; body: unknown };

  beforeAll(async () => {
    stack = await startApiStack();
    graph = await startStandIn();
    graph.answer(200, (req: RecordedRequest) => {
      if (refuse) return refuse.body;
      return { messaging_product: 'whatsapp', contacts: [{ input: (req.json as any).to, wa_id: (req.json as any).to }], messages: [{ id: `wamid.sent-${++sent}` }] };
    });
    const bad = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'whatsapp', name: 'WA', config: { phoneNumberId: '+15550783881', businessAccountId: '102290129340398', appSecret: 's', verifyToken: 'v', accessToken: 't' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/phoneNumberId/);
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: {
        type: 'whatsapp',
        name: 'Kettle Shop WhatsApp',
        config: {
          phoneNumberId: PHONE_ID, businessAccountId: '102290129340398', appSecret: APP_SECRET, verifyToken: 'wa-verify', accessToken: 'wa-token',
          apiBaseUrl: `${graph.baseUrl}/v21.0`, template: { name: 'order_update', language: 'en_US' },
        },
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
  const messageCount = async () => Number((await stack.services.db('messages').where({ channel_id: channelId }).count('* as n'))[0].n);

  it('answers the handshake and refuses a forged signature, storing nothing', async () => {
    const ok = await stack.request('GET', `/webhooks/${channelId}?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=9`);
    expect(ok.text).toBe('9');
    const body = messages(CUSTOMER, 'Sheena Nelson', [{ id: 'wamid.forged', type: 'text', text: { body: 'hi' } }]);
    expect((await deliver(body, 'wrong')).status).toBe(401);
    expect(await messageCount()).toBe(0);
  });

  let thread: string;

  it('stores text, media, location and button/list replies in the customer thread, once', async () => {
    const body = messages(CUSTOMER, 'Sheena Nelson', [
      { id: 'wamid.text-1', type: 'text', text: { body: 'Does it come in another color?' } },
      { id: 'wamid.image-1', type: 'image', image: { caption: 'This one', mime_type: 'image/jpeg', sha256: 'abc=', id: '1003383421387256' } },
      { id: 'wamid.location-1', type: 'location', location: { latitude: 37.483307, longitude: -122.148981, name: 'Meta Headquarters' } },
      { id: 'wamid.button-1', type: 'interactive', context: { from: '15550783881', id: 'wamid.ours' }, interactive: { type: 'button_reply', button_reply: { id: 'track-order', title: 'Track my order' } } },
      { id: 'wamid.list-1', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'color-blue', title: 'Blue' } } },
    ]);
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    thread = (await threadOf(CUSTOMER)).id;
    const d = await stack.eventually(async () => {
      const x = await detail(thread);
      return x.messages?.length === 5 ? x : false;
    });
    expect(d).toMatchObject({ kind: 'private', contact: { name: 'Sheena Nelson' } });
    const by = (id: string) => d.messages.find((m: any) => m.providerMessageId === id);
    expect(by('wamid.text-1').text).toBe('Does it come in another color?');
    expect(by('wamid.image-1')).toMatchObject({ text: 'This one', attachments: [{ type: 'image' }] });
    expect(by('wamid.image-1').attachments[0].mediaId ?? by('wamid.image-1').attachments[0].url).toBeDefined();
    expect(by('wamid.location-1').attachments[0]).toMatchObject({ type: 'location', latitude: 37.483307, longitude: -122.148981 });
    expect(by('wamid.button-1').text).toBe('Track my order');
    expect(by('wamid.list-1').text).toBe('Blue');
    expect(await messageCount()).toBe(5);
  });

  let replyId: string;
  let outboundId: string;

  it("sends an agent's reply with the documented body and shows it sent", async () => {
    graph.requests.length = 0;
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Yes, in blue.' } });
    expect(res.status).toBe(200);
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0].url).toBe(`/v21.0/${PHONE_ID}/messages?access_token=wa-token`);
    const body = graph.requests[0].json as any;
    outboundId = body.biz_opaque_callback_data;
    expect(body).toEqual({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'Yes, in blue.' }, biz_opaque_callback_data: outboundId });
    const out = (await detail(thread)).messages.find((m: any) => m.direction === 'out');
    expect(out).toMatchObject({ text: 'Yes, in blue.', status: 'sent', providerMessageId: 'wamid.sent-1' });
    replyId = out.id;
  });

  it('applies statuses forward only, whatever order they come in, each once', async () => {
    const status = (s: string) => ({ id: 'wamid.sent-1', status: s, biz_opaque_callback_data: outboundId });
    expect((await deliver(statuses([status('read'), status('delivered')]))).status).toBe(200);
    const out = () => detail(thread).then((d) => d.messages.find((m: any) => m.id === replyId));
    expect((await out()).status).toBe('read');
    expect((await deliver(statuses([status('sent'), status('failed')]))).status).toBe(200);
    expect((await out()).status).toBe('read');
  });

  it("shows the provider's error on a failed message, and a reaction on the message it targets", async () => {
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Second answer' } });
    expect(res.status).toBe(200);
    const failed = statuses([{ id: 'wamid.sent-2', status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' }] }]);
    expect((await deliver(failed)).status).toBe(200);
    const d = await detail(thread);
    const second = d.messages.find((m: any) => m.text === 'Second answer');
    expect(second).toMatchObject({ status: 'failed' });
    expect(second.sendError).toMatch(/undeliverable/);

    const reaction = messages(CUSTOMER, 'Sheena Nelson', [{ id: 'wamid.reaction-1', type: 'reaction', reaction: { message_id: 'wamid.sent-1', emoji: '👍' } }]);
    expect((await deliver(reaction)).status).toBe(200);
    expect((await detail(thread)).messages.find((m: any) => m.id === replyId).reaction).toBe('👍');
  });

  it('applies a status that arrives before its message is known, once it is', async () => {
    const early = statuses([{ id: 'wamid.sent-3', status: 'delivered' }]);
    expect((await deliver(early)).status).toBe(200);
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Third answer' } });
    expect(res.status).toBe(200);
    const third = (await detail(thread)).messages.find((m: any) => m.text === 'Third answer');
    expect(third).toMatchObject({ providerMessageId: 'wamid.sent-3', status: 'delivered' });
  });

  it("moves the channel's health: statuses alone are its last event, a failed message its last error", async () => {
    const health = async () => ((await stack.request('GET', '/api/channels', { token: stack.adminToken })).body as any[]).find((c) => c.id === channelId).health;
    const reply = async (text: string) => {
      expect((await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text } })).status).toBe(200);
      return (await detail(thread)).messages.find((m: any) => m.text === text).providerMessageId as string;
    };
    const delivered = await reply('Health check one');
    const failed = await reply('Health check two');
    // As if the channel had been quiet for an hour.
    const anHourAgo = new Date(Date.now() - 3600_000);
    await stack.services.db('channels').where({ id: channelId }).update({ last_event_at: anHourAgo, last_error_at: null, last_error_message: null });

    expect((await deliver(statuses([{ id: delivered, status: 'delivered' }]))).status).toBe(200);
    const quiet = await health();
    expect(Date.parse(quiet.lastEventAt)).toBeGreaterThan(anHourAgo.getTime() + 60_000);
    expect(quiet.lastError).toBeUndefined();

    const refused = statuses([{ id: failed, status: 'failed', errors: [{ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.', message: 'This message was not delivered to maintain healthy ecosystem engagement.' }] }]);
    expect((await deliver(refused)).status).toBe(200);
    expect((await health()).lastError.message).toMatch(/^a message failed: This message was not delivered/);
  });

  it('answers 409 saying a template is needed when WhatsApp refuses outside its window', async () => {
    refuse = { status: 400, body: { error: { message: '(#131047) Re-engagement message', type: 'OAuthException', code: 131047 } } };
    graph.answer(400, () => refuse!.body);
    try {
      const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Late answer' } });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/a template is needed/);
    } finally {
      refuse = undefined;
      graph.answer(200, (req: RecordedRequest) => ({ messages: [{ id: `wamid.sent-${++sent}` }], contacts: [{ wa_id: (req.json as any).to }] }));
    }
  });

  it("refuses a reply after 24 hours and sends the channel's template instead", async () => {
    const old = messages('33612345678', 'Old Customer', [{ id: 'wamid.old-1', type: 'text', text: { body: 'Hello?' }, timestamp: seconds(Date.now() - 2 * 24 * 3600 * 1000) }]);
    expect((await deliver(old)).status).toBe(200);
    const oldThread = (await threadOf('33612345678')).id;
    const late = await stack.request('POST', `/api/conversations/${oldThread}/reply`, { token: stack.adminToken, payload: { text: 'Sorry for the wait' } });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/window/);

    const open = await stack.request('POST', `/api/conversations/${thread}/template`, { token: stack.adminToken });
    expect(open.status).toBe(409);
    expect(open.body.message).toMatch(/reply normally/);

    graph.requests.length = 0;
    const res = await stack.request('POST', `/api/conversations/${oldThread}/template`, { token: stack.adminToken });
    expect(res.status).toBe(200);
    expect(graph.requests).toHaveLength(1);
    const body = graph.requests[0].json as any;
    expect(body).toEqual({
      messaging_product: 'whatsapp', to: '33612345678', type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' } }, biz_opaque_callback_data: body.biz_opaque_callback_data,
    });
    const d = await detail(oldThread);
    expect(d.messages.find((m: any) => m.id === res.body.messageId)).toMatchObject({ direction: 'out', status: 'sent' });
    expect(d.events.map((e: any) => e.type)).toContain('message.template_sent');
  });
});
