import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { facebookPageConnector as fb, fetchFacebookPost, type FacebookPageConfig } from '../../../connectors/facebook-page/index.js';
import { checkPrivateReply } from '../../../connectors/meta/private-reply.js';
import { getConnector } from '../../../connectors/index.js';
import { MalformedPayloadError, PermanentSendError, RateLimitedError, type OutboundMessage } from '../../../connectors/types.js';
import { useStandIn } from '../../support/stand-in-server.js';
import { checkParserProperty } from './payload-properties.js';

const PAGE = '106954381234567';
const JANE = '24075483658761234';
const MARC = '31000000000000042';
const POST = `${PAGE}_555000111222333`;
const PERMALINK = `https://www.facebook.com/${PAGE}/posts/pfbid02abc`;
const config: FacebookPageConfig = { pageId: PAGE, appSecret: 'app-secret', verifyToken: 'verify-me', pageAccessToken: 'EAAG-page' };
const receivedAt = new Date('2026-03-01T10:00:00.000Z');

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/facebook_page/${name}.json`, import.meta.url));
const events = (name: string, c = config) => fb.parseEvents!(fixture(name), c, receivedAt);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('facebook_page config', () => {
  it('accepts the Page keys and names each wrong one', () => {
    expect(fb.validateConfig(config)).toEqual([]);
    const problems = fb.validateConfig({ pageId: 'my-page', appSecret: '', verifyToken: 'v', pageAccessToken: 't', apiBaseUrl: 'nope' });
    expect(problems.map((p) => p.key)).toEqual(['appSecret', 'pageId', 'apiBaseUrl']);
    expect(problems[1].message).toMatch(/pageId must be the Facebook Page's id, digits only/);
    expect(fb.secretKeys).toEqual(['appSecret', 'verifyToken', 'pageAccessToken']);
    expect(fb.routeKey?.(config)).toBe(PAGE);
  });

  it('is registered under facebook_page', () => {
    expect(getConnector('facebook_page')).toBe(fb);
  });
});

describe('facebook_page verification', () => {
  it('checks X-Hub-Signature-256 over the raw bytes and answers the handshake', () => {
    const raw = fixture('comments');
    const sig = `sha256=${createHmac('sha256', 'app-secret').update(raw).digest('hex')}`;
    expect(fb.verify({ headers: { 'x-hub-signature-256': sig }, rawBody: raw }, config)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(fb.verify({ headers: { 'x-hub-signature-256': sig }, rawBody: reserialised }, config)).toBe(false);
    expect(fb.verify({ headers: {}, rawBody: raw }, config)).toBe(false);
    expect(fb.handshake!({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '42' }, config)).toEqual({ status: 200, body: '42' });
    expect(fb.handshake!({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '42' }, config)?.status).toBe(403);
  });
});

describe('facebook_page parse', () => {
  it('threads a comment per customer per post, with the post context', () => {
    const [jane] = events('comments');
    expect(jane).toEqual({
      providerMessageId: '555000111222333_901',
      threadKey: `${POST}:${JANE}`,
      kind: 'public',
      direction: 'in',
      contact: { providerId: JANE, name: 'Jane Doe' },
      text: 'Où est ma commande ? #42',
      attachments: [],
      at: iso(1750003000),
      postId: POST,
      post: { id: POST, link: PERMALINK, type: 'added_photos' },
    });
  });

  it("puts a reply to someone else's comment in the replier's own thread, answering that comment", () => {
    const marc = events('comments')[1];
    expect(marc).toMatchObject({
      providerMessageId: '555000111222333_902',
      threadKey: `${POST}:${MARC}`,
      direction: 'in',
      contact: { providerId: MARC, name: 'Marc' },
      text: 'Same here',
      attachments: [{ type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t39.30808-6/screenshot.jpg' }],
      inReplyTo: '555000111222333_901',
      postId: POST,
    });
  });

  it("stores the Page's own comment as outbound, answering the customer's comment", () => {
    const page = events('comments')[2];
    expect(page).toMatchObject({
      providerMessageId: '555000111222333_903',
      direction: 'out',
      threadKey: `${POST}:page`,
      contact: { providerId: PAGE },
      text: 'We are on it, Jane!',
      inReplyTo: '555000111222333_901',
    });
  });

  it('handles a comment on a video post like any other (a GIF comment as video)', () => {
    const video = events('comments')[3];
    expect(video).toMatchObject({
      providerMessageId: '777000_910',
      threadKey: `${PAGE}_777000:${JANE}`,
      text: '',
      attachments: [{ type: 'video', url: 'https://video.xx.fbcdn.net/v/t42.1790-2/reaction.gif.mp4' }],
      post: { id: `${PAGE}_777000`, link: 'https://www.facebook.com/reel/777000', type: 'added_video' },
    });
    expect(video).not.toHaveProperty('inReplyTo');
  });

  it("makes a visitor's post a thread of its own and its comments threads per commenter; the Page's own post creates nothing", () => {
    const list = events('visitor-posts');
    expect(list.map((e) => e.providerMessageId)).toEqual([`${PAGE}_880001`, `${PAGE}_880002`, '880001_920']);
    expect(list[0]).toEqual({
      providerMessageId: `${PAGE}_880001`,
      threadKey: `${PAGE}_880001:${JANE}`,
      kind: 'public',
      direction: 'in',
      contact: { providerId: JANE, name: 'Jane Doe' },
      text: 'My kettle arrived broken',
      attachments: [],
      at: iso(1750004000),
      postId: `${PAGE}_880001`,
      post: { id: `${PAGE}_880001`, text: 'My kettle arrived broken', author: { id: JANE, name: 'Jane Doe' }, type: 'status' },
      extra: { item: 'status' },
    });
    const photo = { type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t39.30808-6/broken-lid.jpg', mediaId: '880002999' };
    expect(list[1]).toMatchObject({
      threadKey: `${PAGE}_880002:${MARC}`,
      text: 'Look at this lid',
      attachments: [photo],
      post: { id: `${PAGE}_880002`, text: 'Look at this lid', author: { id: MARC, name: 'Marc' }, type: 'photo', media: [photo] },
    });
    expect(list[2]).toMatchObject({ threadKey: `${PAGE}_880001:${MARC}`, postId: `${PAGE}_880001`, direction: 'in' });
  });

  it('turns edited / remove / hide / unhide into updates of the stored message; reactions and likes create nothing', () => {
    expect(events('updates')).toEqual([
      {
        event: 'update',
        change: 'edited',
        eventId: '555000111222333_901:edited:1750005000',
        providerMessageId: '555000111222333_901',
        threadKey: `${POST}:${JANE}`,
        kind: 'public',
        at: iso(1750005000),
        text: 'Où est ma commande ? #43',
        attachments: [],
      },
      {
        event: 'update',
        change: 'removed',
        eventId: '555000111222333_902:remove:1750005060',
        providerMessageId: '555000111222333_902',
        threadKey: `${POST}:${MARC}`,
        kind: 'public',
        at: iso(1750005060),
      },
      {
        event: 'update',
        change: 'hidden',
        eventId: '777000_910:hide:1750005120',
        providerMessageId: '777000_910',
        kind: 'public',
        at: iso(1750005120),
      },
      {
        event: 'update',
        change: 'unhidden',
        eventId: '777000_910:unhide:1750005180',
        providerMessageId: '777000_910',
        threadKey: `${PAGE}_777000:${JANE}`,
        kind: 'public',
        at: iso(1750005180),
      },
      {
        event: 'update',
        change: 'edited',
        eventId: `${PAGE}_880001:edited:1750005240`,
        providerMessageId: `${PAGE}_880001`,
        threadKey: `${PAGE}_880001:${JANE}`,
        kind: 'public',
        at: iso(1750005240),
        text: 'My kettle arrived broken (edit: the lid)',
        attachments: [],
      },
    ]);
    // parse (what the engine stores as messages) leaves the updates out.
    expect(fb.parse(fixture('updates'), config, receivedAt)).toEqual([]);
  });

  it("takes only its Page's feed changes from a batch (DMs go to messenger, other Pages elsewhere)", () => {
    expect(events('batch-feed-and-messaging').map((e) => e.providerMessageId)).toEqual(['555000111222333_930']);
    expect(events('batch-feed-and-messaging', { ...config, pageId: '203040506070809' }).map((e) => e.providerMessageId)).toEqual(['1_2']);
    expect(getConnector('messenger')!.parse(fixture('batch-feed-and-messaging'), { ...config }, receivedAt).map((e) => e.providerMessageId)).toEqual([
      'm_dm-1',
    ]);
  });

  it('gives the same event for the same delivery twice (dedupe keys are stable)', () => {
    expect(events('comments')).toEqual(events('comments'));
    expect(events('updates').map((e) => (e.event === 'update' ? e.eventId : ''))).toEqual(events('updates').map((e) => (e.event === 'update' ? e.eventId : '')));
  });

  it('says what to fix in a malformed feed change', () => {
    const body = (value: unknown) => Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE, changes: [{ field: 'feed', value }] }] }));
    const cases: [unknown, string][] = [
      [{ item: 'comment', verb: 'add', from: { id: JANE }, post_id: POST, created_time: 1 }, 'entry[0].changes[0].value.comment_id must be a non-empty string id'],
      [{ item: 'comment', verb: 'add', from: { id: JANE }, comment_id: 'c', created_time: 1 }, 'entry[0].changes[0].value.post_id must be a non-empty string id'],
      [{ item: 'comment', verb: 'add', from: { id: JANE }, comment_id: 'c', post_id: POST, message: 5 }, 'entry[0].changes[0].value.message must be a string'],
      [{ item: 'comment', verb: 'add', from: { id: JANE }, comment_id: 'c', post_id: POST, created_time: 'soon' }, 'entry[0].changes[0].value.created_time must be a Unix time'],
      ['x', 'entry[0].changes[0].value must be an object'],
    ];
    for (const [value, message] of cases) {
      expect(() => fb.parseEvents!(body(value), config, receivedAt), message).toThrowError(MalformedPayloadError);
      expect(() => fb.parseEvents!(body(value), config, receivedAt)).toThrowError(message);
    }
  });

  it('never throws anything but MalformedPayloadError nor yields a half-parsed event (random and mutated payloads)', () => {
    const fixtures = ['comments', 'visitor-posts', 'updates', 'batch-feed-and-messaging'].map((n) => JSON.parse(fixture(n).toString()));
    checkParserProperty((raw) => fb.parseEvents!(raw, config, receivedAt), fixtures);
  });
});

describe('facebook_page send and moderation', () => {
  const standIn = useStandIn(200, { id: '555000111222333_950' });
  const stood = (): FacebookPageConfig => ({ ...config, apiBaseUrl: `${standIn.baseUrl}/v21.0` });
  const reply = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    outboundId: 'out-1',
    threadKey: `${POST}:${JANE}`,
    kind: 'public',
    recipientId: JANE,
    text: 'Sent this morning!',
    byHuman: true,
    inReplyTo: '555000111222333_901',
    postId: POST,
    ...over,
  });

  it('replies publicly under the comment: POST /{comment-id}/comments', async () => {
    expect(await fb.send(reply(), stood(), fetch)).toEqual({ providerMessageId: '555000111222333_950' });
    expect(standIn.requests.map((r) => [r.method, r.url, r.json])).toEqual([
      ['POST', '/v21.0/555000111222333_901/comments?access_token=EAAG-page', { message: 'Sent this morning!' }],
    ]);
  });

  it('comments on the post when there is no comment to answer, and refuses a private send', async () => {
    await fb.send(reply({ inReplyTo: undefined }), stood(), fetch);
    expect(standIn.requests[0].url).toBe(`/v21.0/${POST}/comments?access_token=EAAG-page`);
    await expect(fb.send(reply({ kind: 'private' }), stood(), fetch)).rejects.toThrowError(PermanentSendError);
    await expect(fb.send(reply({ inReplyTo: undefined, postId: undefined }), stood(), fetch)).rejects.toThrowError(PermanentSendError);
    expect(standIn.requests).toHaveLength(1);
  });

  it('sends one private reply per comment: POST /{PAGE-ID}/messages with recipient.comment_id', async () => {
    standIn.answer(200, { recipient_id: '7123456789012345', message_id: 'm_private-1' });
    const commentAt = new Date(Date.now() - 3600_000).toISOString();
    const result = await fb.sendPrivateReply!({ outboundId: 'out-2', commentId: '555000111222333_901', commentAt, text: 'DM us your order number' }, stood(), fetch);
    expect(result).toEqual({ providerMessageId: 'm_private-1', recipientId: '7123456789012345' });
    expect(standIn.requests.map((r) => [r.method, r.url, r.json])).toEqual([
      [
        'POST',
        `/v21.0/${PAGE}/messages?access_token=EAAG-page`,
        { recipient: { comment_id: '555000111222333_901' }, message: { text: 'DM us your order number', metadata: 'out-2' } },
      ],
    ]);
  });

  it('refuses a second private reply, and one after 7 days, saying why, without calling Meta', async () => {
    const commentAt = '2026-03-01T00:00:00.000Z';
    const now = (days: number) => new Date(Date.parse(commentAt) + days * 86400_000);
    expect(() => checkPrivateReply({ commentAt }, now(6.99))).not.toThrow();
    expect(() => checkPrivateReply({ commentAt }, now(7))).toThrowError(/within 7 days of the comment; that closed at 2026-03-08T00:00:00.000Z/);
    expect(() => checkPrivateReply({ commentAt, privateReplySentAt: '2026-03-02T00:00:00.000Z' }, now(1))).toThrowError(
      /one private reply per comment and one was already sent at 2026-03-02T00:00:00.000Z/,
    );
    const old = new Date(Date.now() - 8 * 86400_000).toISOString();
    await expect(fb.sendPrivateReply!({ outboundId: 'o', commentId: 'c', commentAt: old, text: 't' }, stood(), fetch)).rejects.toThrowError(PermanentSendError);
    expect(standIn.requests).toHaveLength(0);
  });

  it('hides, unhides and deletes a comment', async () => {
    standIn.answer(200, { success: true });
    await fb.moderate!('hide', '777000_910', stood(), fetch);
    await fb.moderate!('unhide', '777000_910', stood(), fetch);
    await fb.moderate!('delete', '777000_910', stood(), fetch);
    expect(standIn.requests.map((r) => [r.method, r.url, r.json])).toEqual([
      ['POST', '/v21.0/777000_910?access_token=EAAG-page', { is_hidden: true }],
      ['POST', '/v21.0/777000_910?access_token=EAAG-page', { is_hidden: false }],
      ['DELETE', '/v21.0/777000_910?access_token=EAAG-page', undefined],
    ]);
    standIn.answer(400, { error: { message: '(#100) This comment cannot be hidden', code: 100 } });
    await expect(fb.moderate!('hide', '777000_910', stood(), fetch)).rejects.toThrowError(/cannot be hidden/);
  });

  it('retries rate limits', async () => {
    standIn.answer(400, { error: { message: '(#32) Page request limit reached', code: 32 } });
    await expect(fb.send(reply(), stood(), fetch)).rejects.toThrowError(RateLimitedError);
  });

  it("looks up a post's text, author, link and picture for the thread's context", async () => {
    standIn.answer(200, {
      message: 'New kettles in store',
      permalink_url: PERMALINK,
      from: { name: 'Kettle Shop', id: PAGE },
      full_picture: 'https://scontent.xx.fbcdn.net/v/t39.30808-6/kettles.jpg',
      status_type: 'added_photos',
      id: POST,
    });
    expect(await fetchFacebookPost(POST, stood(), fetch)).toEqual({
      id: POST,
      text: 'New kettles in store',
      link: PERMALINK,
      author: { id: PAGE, name: 'Kettle Shop' },
      type: 'added_photos',
      media: [{ type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t39.30808-6/kettles.jpg' }],
    });
    expect(standIn.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', `/v21.0/${POST}?fields=message,permalink_url,from,full_picture,status_type&access_token=EAAG-page`],
    ]);
  });

  it('has no reply window on public comments', () => {
    expect(fb.policy('public', config)).toEqual({});
  });
});
