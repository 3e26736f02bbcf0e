import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getConnector } from '../../../connectors/index.js';
import { fetchInstagramMedia, instagramConnector as ig, type InstagramConfig } from '../../../connectors/instagram/index.js';
import { PermanentSendError, type OutboundMessage } from '../../../connectors/types.js';
import { useStandIn } from '../../support/stand-in-server.js';
import { checkParserProperty } from './payload-properties.js';

const ACCOUNT = '17841400000000001';
const IGSID = '1254459154682919';
const JANE = '17841455555555555';
const MEDIA = '18000000000000001';
const config: InstagramConfig = { instagramAccountId: ACCOUNT, appSecret: 'ig-secret', verifyToken: 'verify-ig', accessToken: 'IGAA-token' };
const receivedAt = new Date('2026-03-01T10:00:00.000Z');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/instagram/${name}.json`, import.meta.url));
const events = (name: string, c = config) => ig.parseEvents!(fixture(name), c, receivedAt);

describe('instagram config and verification', () => {
  it('takes the account id, secrets and token, naming what is wrong', () => {
    expect(ig.validateConfig(config)).toEqual([]);
    const problems = ig.validateConfig({ instagramAccountId: '@kettleshop', appSecret: 's', verifyToken: 'v', pageAccessToken: 't' });
    expect(problems.map((p) => p.key)).toEqual(['accessToken', 'pageAccessToken', 'instagramAccountId']);
    expect(ig.routeKey?.(config)).toBe(ACCOUNT);
    expect(ig.secretKeys).toEqual(['appSecret', 'verifyToken', 'accessToken']);
    expect(getConnector('instagram')).toBe(ig);
  });

  it('verifies the Meta signature over the raw body and answers the handshake', () => {
    const raw = fixture('messages');
    const sig = `sha256=${createHmac('sha256', 'ig-secret').update(raw).digest('hex')}`;
    expect(ig.verify({ headers: { 'X-Hub-Signature-256': sig }, rawBody: raw }, config)).toBe(true);
    expect(ig.verify({ headers: { 'x-hub-signature-256': sig }, rawBody: Buffer.concat([raw, Buffer.from(' ')]) }, config)).toBe(false);
    expect(ig.handshake!({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-ig', 'hub.challenge': 'c1' }, config)).toEqual({ status: 200, body: 'c1' });
  });
});

describe('instagram parse', () => {
  it('parses DMs like Messenger: private thread per IGSID, echoes outbound, unsend as a removal, reactions as updates', () => {
    expect(events('messages')).toEqual([
      {
        providerMessageId: 'aWdfZAG1fbWVzc2FnZAToxNzg0-text',
        threadKey: IGSID,
        kind: 'private',
        direction: 'in',
        contact: { providerId: IGSID },
        text: 'Is the blue kettle back in stock?',
        attachments: [],
        at: '2025-06-15T17:53:20.000Z',
      },
      {
        providerMessageId: 'aWdfZAG1fbWVzc2FnZAToxNzg0-story',
        threadKey: IGSID,
        kind: 'private',
        direction: 'in',
        contact: { providerId: IGSID },
        text: 'Love it',
        attachments: [{ type: 'image', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2' }],
        at: '2025-06-15T17:54:20.000Z',
        extra: { replyToStory: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', id: '17890000000000009' } },
      },
      {
        providerMessageId: 'aWdfZAG1fbWVzc2FnZAToxNzg0-echo',
        threadKey: IGSID,
        kind: 'private',
        direction: 'out',
        contact: { providerId: IGSID },
        text: 'Yes, since Monday!',
        attachments: [],
        at: '2025-06-15T17:55:20.000Z',
      },
      {
        event: 'update',
        kind: 'private',
        change: 'removed',
        eventId: 'aWdfZAG1fbWVzc2FnZAToxNzg0-story:removed',
        providerMessageId: 'aWdfZAG1fbWVzc2FnZAToxNzg0-story',
        threadKey: IGSID,
        at: '2025-06-15T17:56:20.000Z',
      },
      {
        event: 'update',
        kind: 'private',
        change: 'reaction',
        eventId: `aWdfZAG1fbWVzc2FnZAToxNzg0-echo:reaction:${IGSID}:1750010240000`,
        providerMessageId: 'aWdfZAG1fbWVzc2FnZAToxNzg0-echo',
        threadKey: IGSID,
        at: '2025-06-15T17:57:20.000Z',
        text: '❤️',
      },
    ]);
    expect(ig.parse(fixture('messages'), config, receivedAt).map((e) => e.direction)).toEqual(['in', 'in', 'out']);
  });

  it("threads comments per customer per media; the account's own replies are outbound", () => {
    const list = events('comments');
    expect(list).toHaveLength(4);
    expect(list[0]).toEqual({
      providerMessageId: '17860000000000001',
      threadKey: `${MEDIA}:${JANE}`,
      kind: 'public',
      direction: 'in',
      contact: { providerId: JANE, name: 'jane.doe' },
      text: 'Ships to Belgium?',
      attachments: [],
      at: '2025-06-15T20:40:00.000Z',
      postId: MEDIA,
      post: { id: MEDIA, type: 'FEED' },
    });
    expect(list[1]).toMatchObject({ threadKey: `${MEDIA}:17841466666666666`, inReplyTo: '17860000000000001', direction: 'in' });
    expect(list[2]).toMatchObject({ threadKey: `${MEDIA}:account`, direction: 'out', inReplyTo: '17860000000000001', contact: { providerId: ACCOUNT } });
    expect(list[3]).toMatchObject({ threadKey: `18000000000000002:${JANE}`, text: '🔥', post: { id: '18000000000000002', type: 'REELS' } });
  });

  it("ignores other accounts' entries and other products", () => {
    expect(events('comments', { ...config, instagramAccountId: '17841499999999999' })).toEqual([]);
    const page = Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: ACCOUNT, messaging: [{ sender: { id: '1' }, message: { mid: 'm', text: 'x' } }] }] }));
    expect(ig.parseEvents!(page, config, receivedAt)).toEqual([]);
  });

  it('never throws anything but MalformedPayloadError nor yields a half-parsed event', () => {
    const fixtures = ['messages', 'comments'].map((n) => JSON.parse(fixture(n).toString()));
    checkParserProperty((raw) => ig.parseEvents!(raw, config, receivedAt), fixtures);
  });
});

describe('instagram send', () => {
  const standIn = useStandIn(200, { recipient_id: IGSID, message_id: 'aWdf-sent-1' });
  const stood = (): InstagramConfig => ({ ...config, apiBaseUrl: `${standIn.baseUrl}/v21.0` });
  const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
  const dm = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    outboundId: 'out-ig-1',
    threadKey: IGSID,
    kind: 'private',
    recipientId: IGSID,
    text: 'Back on Monday.',
    lastCustomerMessageAt: ago(1),
    byHuman: false,
    ...over,
  });

  it('sends a DM with POST /me/messages as RESPONSE within 24 h', async () => {
    expect(await ig.send(dm(), stood(), fetch)).toEqual({ providerMessageId: 'aWdf-sent-1' });
    expect(standIn.requests.map((r) => [r.method, r.url, r.json])).toEqual([
      ['POST', '/v21.0/me/messages?access_token=IGAA-token', { recipient: { id: IGSID }, messaging_type: 'RESPONSE', message: { text: 'Back on Monday.' } }],
    ]);
  });

  it('tags a human agent reply HUMAN_AGENT after 24 h, refuses automation then and anyone after 7 days', async () => {
    await ig.send(dm({ byHuman: true, lastCustomerMessageAt: ago(30) }), stood(), fetch);
    expect(standIn.requests[0].json).toEqual({
      recipient: { id: IGSID },
      messaging_type: 'MESSAGE_TAG',
      message: { text: 'Back on Monday.' },
      tag: 'HUMAN_AGENT',
    });
    await expect(ig.send(dm({ lastCustomerMessageAt: ago(30) }), stood(), fetch)).rejects.toThrowError(/Instagram's 24-hour window closed/);
    await expect(ig.send(dm({ byHuman: true, lastCustomerMessageAt: ago(24 * 8) }), stood(), fetch)).rejects.toThrowError(
      /Instagram's 7-day human-agent window closed/,
    );
    expect(standIn.requests).toHaveLength(1);
    expect(ig.policy('private', config)).toEqual({ standardWindowSeconds: 86400, humanAgentWindowSeconds: 604800 });
    expect(ig.policy('public', config)).toEqual({});
  });

  it('replies publicly under a comment, privately to a comment, and moderates', async () => {
    standIn.answer(200, { id: '17860000000000010' });
    const pub = dm({ kind: 'public', threadKey: `${MEDIA}:${JANE}`, recipientId: JANE, inReplyTo: '17860000000000001', postId: MEDIA });
    expect(await ig.send(pub, stood(), fetch)).toEqual({ providerMessageId: '17860000000000010' });
    await ig.send({ ...pub, inReplyTo: undefined }, stood(), fetch);
    standIn.answer(200, { recipient_id: JANE, message_id: 'aWdf-private' });
    await ig.sendPrivateReply!({ outboundId: 'o', commentId: '17860000000000001', commentAt: ago(2), text: 'Check your DMs' }, stood(), fetch);
    standIn.answer(200, { success: true });
    await ig.moderate!('hide', '17860000000000001', stood(), fetch);
    await ig.moderate!('delete', '17860000000000001', stood(), fetch);
    expect(standIn.requests.map((r) => [r.method, r.url, r.json])).toEqual([
      ['POST', '/v21.0/17860000000000001/replies?access_token=IGAA-token', { message: 'Back on Monday.' }],
      ['POST', `/v21.0/${MEDIA}/comments?access_token=IGAA-token`, { message: 'Back on Monday.' }],
      ['POST', '/v21.0/me/messages?access_token=IGAA-token', { recipient: { comment_id: '17860000000000001' }, message: { text: 'Check your DMs' } }],
      ['POST', '/v21.0/17860000000000001?access_token=IGAA-token', { hide: true }],
      ['DELETE', '/v21.0/17860000000000001?access_token=IGAA-token', undefined],
    ]);
    await expect(
      ig.sendPrivateReply!({ outboundId: 'o', commentId: 'c', commentAt: ago(2), privateReplySentAt: ago(1), text: 't' }, stood(), fetch),
    ).rejects.toThrowError(PermanentSendError);
  });

  it('looks up the media a comment thread is about', async () => {
    standIn.answer(200, { caption: 'Blue is back', permalink: 'https://www.instagram.com/p/C0de/', media_type: 'IMAGE', media_url: 'https://scontent.cdninstagram.com/blue.jpg', username: 'kettleshop', id: MEDIA });
    expect(await fetchInstagramMedia(MEDIA, stood(), fetch)).toEqual({
      id: MEDIA,
      text: 'Blue is back',
      link: 'https://www.instagram.com/p/C0de/',
      author: { id: ACCOUNT, name: 'kettleshop' },
      type: 'IMAGE',
      media: [{ type: 'image', url: 'https://scontent.cdninstagram.com/blue.jpg' }],
    });
    expect(standIn.requests[0].url).toBe(`/v21.0/${MEDIA}?fields=caption,permalink,media_type,media_url,thumbnail_url,username&access_token=IGAA-token`);
  });
});
