import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metaRoutes, routeMetaEntries } from '../../../connectors/meta/index.js';
import {
  chooseMessagingMode,
  messengerConnector,
  parseMessengerEntries,
  type MessengerConfig,
} from '../../../connectors/messenger/index.js';
import {
  MalformedPayloadError,
  PermanentSendError,
  type OutboundMessage,
  type WebhookRequest,
} from '../../../connectors/types.js';
import { unusedBaseUrl, useStandIn } from '../../support/stand-in-server.js';

const PAGE_A = '106954381234567';
const PAGE_B = '203040506070809';
const PSID = '7123456789012345';

const config: MessengerConfig = {
  pageId: PAGE_A,
  appSecret: 'app-secret-a',
  verifyToken: 'verify-me',
  pageAccessToken: 'EAAG-page-token',
};
const receivedAt = new Date('2026-03-01T10:00:00.000Z');

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/messenger/${name}.json`, import.meta.url));
}

function sign(raw: Buffer | string, secret = config.appSecret): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

function request(raw: Buffer, signature?: string): WebhookRequest {
  return { headers: signature === undefined ? {} : { 'x-hub-signature-256': signature }, rawBody: raw };
}

function parse(name: string, c: MessengerConfig = config) {
  return messengerConnector.parse(fixture(name), c, receivedAt);
}

function parseJson(body: unknown) {
  return messengerConnector.parse(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), config, receivedAt);
}

const customer = { providerId: PSID };

describe('messenger config', () => {
  it('accepts the documented keys and reports missing or unknown ones', () => {
    expect(messengerConnector.validateConfig(config)).toEqual([]);
    expect(messengerConnector.validateConfig({ ...config, apiBaseUrl: 'http://127.0.0.1:1/v21.0' })).toEqual([]);
    const problems = messengerConnector.validateConfig({ pageId: PAGE_A, app_secret: 'x', apiBaseUrl: 'graph' });
    expect(problems.map((p) => p.key).sort()).toEqual(['apiBaseUrl', 'appSecret', 'app_secret', 'pageAccessToken', 'verifyToken']);
  });

  it('hides its secrets and routes on the Page id', () => {
    expect(messengerConnector.secretKeys).toEqual(['appSecret', 'verifyToken', 'pageAccessToken']);
    expect(messengerConnector.routeKey?.(config)).toBe(PAGE_A);
  });
});

describe('messenger handshake', () => {
  const handshake = (query: Record<string, string | undefined>) => messengerConnector.handshake!(query, config);

  it('echoes the challenge as text when the verify token matches', () => {
    expect(handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' })).toEqual({
      status: 200,
      body: '1158201444',
    });
  });

  it('answers 403 to a wrong token', () => {
    const result = handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-mf', 'hub.challenge': '1' });
    expect(result?.status).toBe(403);
    expect(handshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1' })?.status).toBe(403);
  });

  it('is null for a request that is no handshake', () => {
    expect(handshake({})).toBeNull();
    expect(handshake({ foo: 'bar' })).toBeNull();
  });
});

describe('messenger signature', () => {
  const raw = fixture('text-message');

  it('accepts X-Hub-Signature-256 over the raw bytes', () => {
    expect(messengerConnector.verify(request(raw, sign(raw)), config)).toBe(true);
  });

  it('refuses the same JSON re-serialised (Meta escapes "/" and non-ASCII; JSON.stringify does not)', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(reserialised.equals(raw)).toBe(false);
    expect(messengerConnector.verify(request(reserialised, sign(raw)), config)).toBe(false);
  });

  it('refuses a forged body, a wrong secret, a missing or garbled header', () => {
    const forged = Buffer.from(raw.toString('utf8').replace('commande', 'facture'));
    expect(messengerConnector.verify(request(forged, sign(raw)), config)).toBe(false);
    expect(messengerConnector.verify(request(raw, sign(raw, 'app-secret-b')), config)).toBe(false);
    expect(messengerConnector.verify(request(raw), config)).toBe(false);
    expect(messengerConnector.verify(request(raw, 'sha256=not-hex'), config)).toBe(false);
    const sha1 = `sha1=${createHmac('sha1', config.appSecret).update(raw).digest('hex')}`;
    expect(messengerConnector.verify(request(raw, sha1), config)).toBe(false);
  });
});

describe('messenger parse', () => {
  it('parses a text message into a private thread keyed by the PSID', () => {
    expect(parse('text-message')).toEqual([
      {
        providerMessageId: 'm_AbCdEf-text-1',
        threadKey: PSID,
        kind: 'private',
        direction: 'in',
        contact: customer,
        text: 'Bonjour, où est ma commande ? https://shop.example/orders/42',
        attachments: [],
        at: '2025-06-15T15:06:40.000Z',
      },
    ]);
  });

  it('maps every attachment type', () => {
    const [event] = parse('attachments');
    expect(event.text).toBe('');
    expect(event.attachments).toEqual([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg' },
      { type: 'video', url: 'https://video.xx.fbcdn.net/v/t42.3356-2/clip.mp4' },
      { type: 'audio', url: 'https://cdn.fbsbx.com/v/t59.3654-21/voice.mp4' },
      { type: 'file', url: 'https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf' },
      { type: 'location', latitude: 48.8584, longitude: 2.2945 },
      { type: 'fallback', url: 'https://shop.example/products/7', name: 'Blue kettle' },
      { type: 'fallback' },
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/thumbs.png' },
      { type: 'video', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/reel' },
    ]);
  });

  it('stores echoes as outbound to the recipient, with our outbound id from metadata', () => {
    expect(parse('echo-with-metadata')).toEqual([
      {
        providerMessageId: 'm_AbCdEf-echo-ours',
        threadKey: PSID,
        kind: 'private',
        direction: 'out',
        contact: customer,
        text: 'Your order ships tomorrow.',
        attachments: [],
        at: '2025-06-15T15:10:00.500Z',
        outboundId: 'out_01JXKQ7Y3T9M2V4R8B6N0C5D1E',
        extra: { appId: '1517776481860111' },
      },
      {
        providerMessageId: 'm_AbCdEf-echo-page-inbox',
        threadKey: PSID,
        kind: 'private',
        direction: 'out',
        contact: customer,
        text: 'Sent from the Page inbox',
        attachments: [],
        at: '2025-06-15T15:11:00.000Z',
        extra: { appId: '263902037430900' },
      },
    ]);
  });

  it('turns a postback into an inbound message titled by its button, payload kept', () => {
    const [withMid, withoutMid] = parse('postback');
    expect(withMid).toEqual({
      providerMessageId: 'm_AbCdEf-postback-1',
      threadKey: PSID,
      kind: 'private',
      direction: 'in',
      contact: customer,
      text: 'Track my order',
      attachments: [],
      at: '2025-06-15T15:11:40.000Z',
      extra: {
        postbackPayload: 'TRACK_ORDER',
        referral: { ref: 'spring-campaign', source: 'SHORTLINK', type: 'OPEN_THREAD' },
      },
    });
    expect(withoutMid).toMatchObject({ text: 'Get Started', direction: 'in', extra: { postbackPayload: 'GET_STARTED' } });
    // No mid: the id is derived from what every redelivery repeats, so dedupe still holds.
    expect(withoutMid.providerMessageId).toBe(`postback:${PSID}:1750000301000`);
    expect(parse('postback')[1].providerMessageId).toBe(withoutMid.providerMessageId);
  });

  it('drops a postback from a user_ref-only sender', () => {
    expect(parse('postback-user-ref')).toEqual([]);
  });

  it('creates nothing for reads, deliveries and reactions', () => {
    expect(parse('read-delivery-reaction')).toEqual([]);
  });

  it('tells a reaction as an update of the message it targets, and drops one that names no message', () => {
    const events = messengerConnector.parseEvents!(fixture('read-delivery-reaction'), config, receivedAt);
    expect(events).toEqual([
      {
        event: 'update',
        kind: 'private',
        change: 'reaction',
        eventId: `m_AbCdEf-echo-ours:reaction:${PSID}:1750000497000`,
        providerMessageId: 'm_AbCdEf-echo-ours',
        threadKey: PSID,
        at: '2025-06-15T15:14:57.000Z',
        text: '\u2764\ufe0f',
      },
    ]);
    const broken = { object: 'page', entry: [{ id: PAGE_A, messaging: [{ sender: { id: PSID }, timestamp: 1, reaction: { action: 'react' } }] }] };
    expect(messengerConnector.parseEvents!(Buffer.from(JSON.stringify(broken)), config, receivedAt)).toEqual([]);
  });

  it('stores standby events like messaging ones, marked as standby', () => {
    const events = parse('standby');
    expect(events.map((e) => [e.providerMessageId, e.direction, e.threadKey, e.extra])).toEqual([
      ['m_AbCdEf-standby-in', 'in', PSID, { standby: true }],
      ['m_AbCdEf-standby-echo', 'out', PSID, { appId: '1517776481860111', standby: true }],
    ]);
  });

  it("takes only its own Page's entries from a batch", () => {
    expect(parse('batch-two-pages').map((e) => e.providerMessageId)).toEqual(['m_PageA-1']);
    const pageB = parse('batch-two-pages', { ...config, pageId: PAGE_B });
    expect(pageB.map((e) => [e.providerMessageId, e.threadKey])).toEqual([['m_PageB-1', '8765432109876543']]);
  });

  it('parses an already-parsed delivery the same way (for /webhooks/meta)', () => {
    const payload: unknown = JSON.parse(fixture('batch-two-pages').toString('utf8'));
    expect(parseMessengerEntries(payload, config, receivedAt)).toEqual(parse('batch-two-pages'));
  });

  it('ignores deliveries of other Meta products', () => {
    expect(parseJson({ object: 'instagram', entry: [{ id: PAGE_A, messaging: [] }] })).toEqual([]);
  });

  it('says what to fix in a malformed body', () => {
    const message = { sender: { id: PSID }, recipient: { id: PAGE_A }, timestamp: 1750000000000, message: { mid: 'm_1', text: 'hi' } };
    const body = (item: unknown) => ({ object: 'page', entry: [{ id: PAGE_A, time: 1, messaging: [item] }] });
    const cases: [unknown, string | RegExp][] = [
      ['{"object":"page",', /not valid JSON/],
      [{ object: 'page' }, 'entry must be an array'],
      [{ entry: [] }, 'object must be a string'],
      [{ object: 'page', entry: ['x'] }, 'entry[0] must be an object'],
      [{ object: 'page', entry: [{ messaging: [] }] }, 'entry[0].id must be a non-empty string id'],
      [{ object: 'page', entry: [{ id: PAGE_A, messaging: {} }] }, 'entry[0].messaging must be an array'],
      [body({ ...message, message: { text: 'hi' } }), 'entry[0].messaging[0].message.mid must be a non-empty string'],
      [body({ ...message, sender: {} }), "entry[0].messaging[0].sender.id must be the customer's PSID"],
      [body({ ...message, message: { mid: 'm_1', text: 5 } }), 'entry[0].messaging[0].message.text must be a string'],
      [body({ ...message, timestamp: 'yesterday' }), 'entry[0].messaging[0].timestamp must be a Unix time in milliseconds'],
      [body({ ...message, timestamp: 300_000_000_000_000 }), 'entry[0].messaging[0].timestamp must be a Unix time in milliseconds'],
      [body({ ...message, message: { mid: 'm_1', attachments: ['x'] } }), 'entry[0].messaging[0].message.attachments[0] must be an object'],
    ];
    for (const [payload, expected] of cases) {
      let error: unknown;
      try {
        parseJson(payload);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(payload)).toBeInstanceOf(MalformedPayloadError);
      expect((error as Error).message).toMatch(expected);
    }
  });
});

describe('Meta app-wide routing', () => {
  it('sends each entry of a batch to the channel that owns it', () => {
    const payload: unknown = JSON.parse(fixture('batch-two-pages').toString('utf8'));
    expect(routeMetaEntries(payload)).toEqual([
      { channelType: 'messenger', routeKey: PAGE_A, entryIndex: 0 },
      { channelType: 'messenger', routeKey: PAGE_B, entryIndex: 1 },
      { channelType: 'facebook_page', routeKey: PAGE_A, entryIndex: 2 },
    ]);
    expect(metaRoutes(payload)).toEqual([
      { channelType: 'messenger', routeKey: PAGE_A },
      { channelType: 'messenger', routeKey: PAGE_B },
      { channelType: 'facebook_page', routeKey: PAGE_A },
    ]);
  });

  it('routes standby to Messenger, Instagram by account and WhatsApp by phone number id', () => {
    expect(routeMetaEntries(JSON.parse(fixture('standby').toString('utf8')))).toEqual([
      { channelType: 'messenger', routeKey: PAGE_A, entryIndex: 0 },
    ]);
    expect(routeMetaEntries({ object: 'instagram', entry: [{ id: '17841400000000000', time: 1, messaging: [] }] })).toEqual([
      { channelType: 'instagram', routeKey: '17841400000000000', entryIndex: 0 },
    ]);
    const whatsapp = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA_ID',
          changes: [
            { field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, messages: [] } },
          ],
        },
      ],
    };
    expect(routeMetaEntries(whatsapp)).toEqual([{ channelType: 'whatsapp', routeKey: '106540352242922', entryIndex: 0 }]);
  });

  it('leaves out what no channel can own', () => {
    expect(routeMetaEntries({ object: 'user', entry: [{ id: '1', changes: [{ field: 'name' }] }] })).toEqual([]);
    expect(routeMetaEntries({ object: 'page', entry: [{ id: PAGE_A, changes: [{ field: 'ratings' }] }, 'junk'] })).toEqual([]);
    expect(() => routeMetaEntries({ object: 'page' })).toThrowError(MalformedPayloadError);
  });
});

describe('messenger send', () => {
  const standIn = useStandIn(200, { recipient_id: PSID, message_id: 'm_sent-1' });
  const HOUR = 3600_000;
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const reply = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    outboundId: 'out-42',
    threadKey: PSID,
    kind: 'private',
    recipientId: PSID,
    text: 'Your parcel is on its way.',
    lastCustomerMessageAt: ago(HOUR),
    byHuman: true,
    ...over,
  });
  const stood = (): MessengerConfig => ({ ...config, apiBaseUrl: `${standIn.baseUrl}/v21.0` });
  const fail = (message: OutboundMessage, c = stood()) => messengerConnector.send(message, c, fetch).catch((e: unknown) => e);

  it('answers within 24 h as RESPONSE, with our outbound id as metadata', async () => {
    expect(await messengerConnector.send(reply({ byHuman: false }), stood(), fetch)).toEqual({ providerMessageId: 'm_sent-1' });
    expect(standIn.requests).toHaveLength(1);
    const [req] = standIn.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/v21.0/${PAGE_A}/messages?access_token=EAAG-page-token`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.json).toEqual({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: { text: 'Your parcel is on its way.', metadata: 'out-42' },
    });
  });

  it('lets a human agent answer between 24 h and 7 days with the HUMAN_AGENT tag', async () => {
    await messengerConnector.send(reply({ lastCustomerMessageAt: ago(3 * 24 * HOUR) }), stood(), fetch);
    expect(standIn.requests[0].json).toEqual({
      recipient: { id: PSID },
      messaging_type: 'MESSAGE_TAG',
      message: { text: 'Your parcel is on its way.', metadata: 'out-42' },
      tag: 'HUMAN_AGENT',
    });
  });

  it('refuses an automated message after 24 h without calling Meta', async () => {
    const error = await fail(reply({ byHuman: false, lastCustomerMessageAt: ago(25 * HOUR) }));
    expect(error).toBeInstanceOf(PermanentSendError);
    expect((error as Error).message).toMatch(/24-hour window closed at .*automated/);
    expect(standIn.requests).toHaveLength(0);
  });

  it('refuses even a human agent after 7 days, saying when the window closed', async () => {
    const last = new Date(Date.now() - 8 * 24 * HOUR);
    const error = await fail(reply({ lastCustomerMessageAt: last.toISOString() }));
    expect(error).toBeInstanceOf(PermanentSendError);
    const closedAt = new Date(last.getTime() + 7 * 24 * HOUR).toISOString();
    expect((error as Error).message).toContain(`7-day human-agent window closed at ${closedAt}`);
    expect(standIn.requests).toHaveLength(0);
  });

  it('refuses when the customer has never written', async () => {
    expect(await fail(reply({ lastCustomerMessageAt: undefined }))).toBeInstanceOf(PermanentSendError);
  });

  it('chooses the mode at the window edges', () => {
    const last = new Date('2026-03-01T00:00:00Z');
    const at = (hours: number) => new Date(last.getTime() + hours * HOUR);
    const msg = (byHuman: boolean) => ({ lastCustomerMessageAt: last.toISOString(), byHuman });
    expect(chooseMessagingMode(msg(false), at(23.99))).toEqual({ messaging_type: 'RESPONSE' });
    expect(() => chooseMessagingMode(msg(false), at(24))).toThrowError(PermanentSendError);
    expect(chooseMessagingMode(msg(true), at(24))).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(chooseMessagingMode(msg(true), at(167.99))).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(() => chooseMessagingMode(msg(true), at(168))).toThrowError(PermanentSendError);
  });

  it('lets 5xx, 429 and Graph rate-limit errors be retried', async () => {
    const retryables: [number, unknown][] = [
      [500, { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2 } }],
      [503, 'Service Unavailable'],
      [429, { error: { message: 'Too many calls', code: 4 } }],
      [400, { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 } }],
    ];
    for (const [status, body] of retryables) {
      standIn.answer(status, body);
      const error = await fail(reply());
      expect(error, String(status)).toBeInstanceOf(Error);
      expect(error, String(status)).not.toBeInstanceOf(PermanentSendError);
    }
  });

  it('refuses for good on other 4xx, with the Graph message and no token', async () => {
    standIn.answer(400, {
      error: {
        message: '(#100) No matching user found',
        type: 'OAuthException',
        code: 100,
        error_subcode: 2018001,
        fbtrace_id: 'A1b2C3',
      },
    });
    const error = await fail(reply());
    expect(error).toBeInstanceOf(PermanentSendError);
    expect((error as Error).message).toContain('(#100) No matching user found');
    expect((error as Error).message).toContain('100/2018001');
    expect((error as Error).message).not.toContain('EAAG-page-token');
  });

  it('lets a network failure be retried, without leaking the token', async () => {
    const error = await fail(reply(), { ...config, apiBaseUrl: `${await unusedBaseUrl()}/v21.0` });
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentSendError);
    expect((error as Error).message).not.toContain('EAAG-page-token');
  });

  it('does not retry a 200 that names no message id (it may have been delivered)', async () => {
    standIn.answer(200, { recipient_id: PSID });
    expect(await fail(reply())).toBeInstanceOf(PermanentSendError);
  });
});

describe('messenger policy', () => {
  it('allows 24 h of standard messaging and 7 days for human agents', () => {
    expect(messengerConnector.policy('private', config)).toEqual({
      standardWindowSeconds: 86400,
      humanAgentWindowSeconds: 604800,
    });
  });
});
