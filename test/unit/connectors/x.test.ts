import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getConnector } from '../../../connectors/index.js';
import { PermanentSendError, RateLimitedError, type OutboundMessage } from '../../../connectors/types.js';
import { oauth1Header } from '../../../connectors/x/oauth1.js';
import { xConnector as x, xRetryAfter, type XConfig } from '../../../connectors/x/index.js';
import { useStandIn } from '../../support/stand-in-server.js';
import { checkParserProperty } from './payload-properties.js';

const ACCOUNT = '2244994945';
const JO = '3805104374';
const config: XConfig = { userId: ACCOUNT, consumerSecret: 'consumer-secret', accessToken: 'user-token' };
const receivedAt = new Date('2026-03-01T10:00:00.000Z');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/x/${name}.json`, import.meta.url));
const parse = (name: string, c = config) => x.parse(fixture(name), c, receivedAt);
const signature = (raw: Buffer | string, secret = 'consumer-secret') => `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}`;
const joProfile = {
  providerId: JO,
  name: 'Jo',
  attributes: { screenName: 'jo', location: 'Paris', bio: 'bio text', profileImageUrl: 'https://pbs.twimg.com/profile_images/1/jo_normal.jpg' },
};

describe('x config', () => {
  it('takes the user id, consumer secret and token; OAuth 1.0a keys go together', () => {
    expect(x.validateConfig(config)).toEqual([]);
    expect(x.validateConfig({ ...config, consumerKey: 'ck', accessTokenSecret: 'ts' })).toEqual([]);
    const problems = x.validateConfig({ userId: '@kettleshop', consumerSecret: 's', accessToken: 't', accessTokenSecret: 'ts' });
    expect(problems.map((p) => p.key)).toEqual(['consumerKey', 'userId']);
    expect(problems[0].message).toMatch(/consumerKey is needed with accessTokenSecret/);
    expect(problems[1].message).toMatch(/numeric user id \(not the @handle\)/);
    expect(x.secretKeys).toEqual(['consumerSecret', 'accessToken', 'accessTokenSecret']);
    expect(getConnector('x')).toBe(x);
  });
});

describe('x CRC and signature', () => {
  it('answers the CRC with sha256= base64 HMAC of the token under the consumer secret', () => {
    const expected = createHmac('sha256', 'consumer-secret').update('crc-token-123').digest('base64');
    expect(x.handshake!({ crc_token: 'crc-token-123' }, config)).toEqual({ status: 200, body: { response_token: `sha256=${expected}` } });
    expect(x.handshake!({ crc_token: '' }, config)?.status).toBe(400);
    expect(x.handshake!({ 'hub.mode': 'subscribe' }, config)).toBeNull();
  });

  it('verifies x-twitter-webhooks-signature over the raw body and refuses anything else', () => {
    const raw = fixture('direct-messages');
    expect(x.verify({ headers: { 'x-twitter-webhooks-signature': signature(raw) }, rawBody: raw }, config)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(x.verify({ headers: { 'x-twitter-webhooks-signature': signature(raw) }, rawBody: reserialised }, config)).toBe(false);
    expect(x.verify({ headers: { 'x-twitter-webhooks-signature': signature(raw, 'other') }, rawBody: raw }, config)).toBe(false);
    const hex = `sha256=${createHmac('sha256', 'consumer-secret').update(raw).digest('hex')}`;
    expect(x.verify({ headers: { 'x-twitter-webhooks-signature': hex }, rawBody: raw }, config)).toBe(false);
    expect(x.verify({ headers: {}, rawBody: raw }, config)).toBe(false);
  });
});

describe('x parse', () => {
  it("parses a DM into the customer's private thread, links expanded, profile as contact attributes", () => {
    expect(parse('direct-messages')[0]).toEqual({
      providerMessageId: '1234858592',
      threadKey: JO,
      kind: 'private',
      direction: 'in',
      contact: joProfile,
      text: 'Blue Bird, see https://shop.example/orders/42',
      attachments: [],
      at: '2014-02-11T00:20:23.603Z',
    });
  });

  it('stores what the account sent itself as outbound, in the recipient\'s thread', () => {
    expect(parse('direct-messages')[1]).toEqual({
      providerMessageId: '1234858593',
      threadKey: JO,
      kind: 'private',
      direction: 'out',
      contact: joProfile,
      text: 'Hi Jo, on its way!',
      attachments: [],
      at: '2014-02-11T00:21:23.603Z',
      extra: { appId: '268278' },
    });
  });

  it('keeps photos and videos (best mp4) as attachments without their t.co link in the text, and quick replies', () => {
    const [, , photo, video, quick] = parse('direct-messages');
    expect([photo.text, photo.attachments]).toEqual([
      'Here it is',
      [{ type: 'image', url: 'https://ton.twimg.com/1.1/ton/data/dm/1/2/photo.jpg', mediaId: '9988776655' }],
    ]);
    expect([video.text, video.attachments]).toEqual(['', [{ type: 'video', url: 'https://video.twimg.com/dm_video/1/high.mp4', mediaId: '9988776656' }]]);
    expect(quick).toMatchObject({ text: 'Order status', extra: { quickReplyMetadata: 'ORDER_STATUS' } });
  });

  it('creates nothing for typing and read events, nor for another account\'s delivery', () => {
    expect(parse('typing-and-read')).toEqual([]);
    expect(parse('direct-messages', { ...config, userId: '999' })).toEqual([]);
  });

  it('names what is wrong in a malformed delivery', () => {
    const body = (o: unknown) => Buffer.from(JSON.stringify(o));
    expect(() => x.parse(body({ direct_message_events: [] }), config, receivedAt)).toThrowError('for_user_id must be a non-empty string id');
    const dm = { type: 'message_create', id: '1', created_timestamp: 'yesterday', message_create: { sender_id: JO, target: { recipient_id: ACCOUNT }, message_data: { text: 'x' } } };
    expect(() => x.parse(body({ for_user_id: ACCOUNT, direct_message_events: [dm] }), config, receivedAt)).toThrowError(
      'direct_message_events[0].created_timestamp must be Unix milliseconds',
    );
    expect(() => x.parse(body({ for_user_id: ACCOUNT, direct_message_events: [{ ...dm, created_timestamp: '300000000000000' }] }), config, receivedAt)).toThrowError(
      'direct_message_events[0].created_timestamp must be Unix milliseconds',
    );
    const noTarget = { ...dm, created_timestamp: '1', message_create: { sender_id: JO, message_data: {} } };
    expect(() => x.parse(body({ for_user_id: ACCOUNT, direct_message_events: [noTarget] }), config, receivedAt)).toThrowError(
      'direct_message_events[0].message_create.target must be an object',
    );
  });

  it('never throws anything but MalformedPayloadError nor yields a half-parsed event', () => {
    const fixtures = ['direct-messages', 'typing-and-read'].map((n) => JSON.parse(fixture(n).toString()));
    checkParserProperty((raw) => x.parseEvents!(raw, config, receivedAt), fixtures);
  });
});

describe('x send', () => {
  const standIn = useStandIn(201, { data: { dm_conversation_id: `${ACCOUNT}-${JO}`, dm_event_id: '1582838223451' } });
  const stood = (over: Partial<XConfig> = {}): XConfig => ({ ...config, apiBaseUrl: standIn.baseUrl, ...over });
  const dm: OutboundMessage = { outboundId: 'out-x-1', threadKey: JO, kind: 'private', recipientId: JO, text: 'Your order shipped.', byHuman: true };

  it('POSTs { text } to /2/dm_conversations/with/{participant_id}/messages with the user token', async () => {
    expect(await x.send(dm, stood(), fetch)).toEqual({ providerMessageId: '1582838223451' });
    const [req] = standIn.requests;
    expect([req.method, req.url, req.json, req.headers.authorization]).toEqual([
      'POST',
      `/2/dm_conversations/with/${JO}/messages`,
      { text: 'Your order shipped.' },
      'Bearer user-token',
    ]);
  });

  it('signs with OAuth 1.0a when the consumer key and token secret are configured', async () => {
    await x.send(dm, stood({ consumerKey: 'ck', accessTokenSecret: 'ts' }), fetch);
    const header = String(standIn.requests[0].headers.authorization);
    const fields = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
    expect(fields).toMatchObject({ oauth_consumer_key: 'ck', oauth_token: 'user-token', oauth_signature_method: 'HMAC-SHA1', oauth_version: '1.0' });
    const url = `${standIn.baseUrl}/2/dm_conversations/with/${JO}/messages`;
    const again = oauth1Header('POST', url, { consumerKey: 'ck', consumerSecret: 'consumer-secret', token: 'user-token', tokenSecret: 'ts' }, fields.oauth_nonce, Number(fields.oauth_timestamp));
    expect(header).toBe(again);
  });

  it('computes the OAuth 1.0a signature of the RFC 5849 / X documentation example', () => {
    // developer.x.com "Creating a signature" example (a POST with the status as a query parameter).
    const header = oauth1Header(
      'POST',
      'https://api.twitter.com/1.1/statuses/update.json?include_entities=true&status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21',
      {
        consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
        consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
        token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
        tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      },
      'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
      1318622958,
    );
    expect(header).toContain('oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"');
  });

  it('retries a 429 when the rate-limit window resets', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    standIn.answer(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    const server = standIn;
    // The stand-in answers JSON only: wrap fetch to add X's rate-limit headers to the real response.
    const withReset: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      return new Response(await res.text(), { status: res.status, headers: { 'x-rate-limit-reset': String(reset), 'content-type': 'application/json' } });
    };
    const error = await x.send(dm, stood(), withReset).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(590);
    expect((error as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(server.requests).toHaveLength(1);
    expect(xRetryAfter(null, new Date())).toBeUndefined();
    expect(xRetryAfter('100', new Date(200_000))).toBe(1);
  });

  it('refuses for good on 403 with X\'s reason, lets a 503 be retried', async () => {
    standIn.answer(403, { title: 'Forbidden', detail: 'You cannot send messages to this user.', type: 'about:blank', status: 403 });
    const error = await x.send(dm, stood(), fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSendError);
    expect((error as Error).message).toContain('Forbidden: You cannot send messages to this user.');
    standIn.answer(503, 'Service Unavailable');
    const transient = await x.send(dm, stood(), fetch).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(Error);
    expect(transient).not.toBeInstanceOf(PermanentSendError);
    expect(x.policy('private', config)).toEqual({});
  });
});
