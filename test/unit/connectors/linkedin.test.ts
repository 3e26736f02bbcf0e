import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getConnector } from '../../../connectors/index.js';
import {
  commentsToEvents,
  linkedinConnector as li,
  pollLinkedInComments,
  PRIVATE_USER,
  type LinkedInConfig,
} from '../../../connectors/linkedin/index.js';
import { MalformedPayloadError, PermanentSendError, RateLimitedError, type OutboundMessage, type ProviderEvent } from '../../../connectors/types.js';
import { Reply, type RecordedRequest, useStandIn } from '../../support/stand-in-server.js';
import { checkParserProperty } from './payload-properties.js';

const ORG = 'urn:li:organization:5515715';
const SHARE = 'urn:li:share:7100000000000000001';
const UGC = 'urn:li:ugcPost:7100000000000000002';
const C1 = 'urn:li:comment:(urn:li:activity:7100000000000000009,7100000000000000101)';
const C2 = 'urn:li:comment:(urn:li:activity:7100000000000000009,7100000000000000102)';
const C3 = 'urn:li:comment:(urn:li:activity:7100000000000000009,7100000000000000103)';
const config: LinkedInConfig = { organizationId: '5515715', accessToken: 'li-token' };
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/linkedin/${name}.json`, import.meta.url), 'utf8'));
const sharePost = { id: SHARE, text: 'Our new kettle is here!', link: `https://www.linkedin.com/feed/update/${SHARE}/`, author: { id: ORG }, type: 'share' };

describe('linkedin config', () => {
  it('takes the organization id, token and poll interval, naming each mistake', () => {
    expect(li.validateConfig(config)).toEqual([]);
    expect(li.validateConfig({ ...config, organizationId: ORG, pollSeconds: 600, apiVersion: '202506' })).toEqual([]);
    const problems = li.validateConfig({ organizationId: 'kettle-shop', accessToken: 't', pollSeconds: 5, apiVersion: '2025-06' });
    expect(problems.map((p) => p.key)).toEqual(['organizationId', 'pollSeconds', 'apiVersion']);
    expect(problems[1].message).toMatch(/at least 60/);
    expect(li.validateConfig({ ...config, pollSeconds: 1.5 }).map((p) => p.message)).toEqual(['pollSeconds must be a whole number of seconds greater than 0']);
    expect(li.secretKeys).toEqual(['accessToken']);
    expect(getConnector('linkedin')).toBe(li);
  });

  it('takes no webhooks', () => {
    expect(li.verify({ headers: {}, rawBody: Buffer.from('{}') }, config)).toBe(false);
    expect(() => li.parse(Buffer.from('{}'), config, new Date())).toThrowError(MalformedPayloadError);
  });
});

describe('linkedin polling', () => {
  const standIn = useStandIn(200, (req: RecordedRequest) => routes(req.url));
  const stood = (): LinkedInConfig => ({ ...config, apiBaseUrl: standIn.baseUrl });
  const routes = (url: string): unknown => {
    if (url.startsWith('/rest/posts?')) return fixture('posts');
    if (url.startsWith(`/rest/socialActions/${encodeURIComponent(SHARE)}/comments`)) return fixture('comments-share');
    if (url.startsWith(`/rest/socialActions/${encodeURIComponent(C1)}/comments`)) return fixture('replies');
    if (url.startsWith(`/rest/socialActions/${encodeURIComponent(UGC)}/comments`)) return fixture('comments-ugc');
    return { message: `no route ${url}` };
  };

  it("lists the organization's recent posts and their comments, with the documented calls and headers", async () => {
    await pollLinkedInComments(stood(), fetch);
    expect(standIn.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', `/rest/posts?author=${encodeURIComponent(ORG)}&q=author&count=10&sortBy=LAST_MODIFIED`],
      ['GET', `/rest/socialActions/${encodeURIComponent(SHARE)}/comments?start=0&count=50`],
      ['GET', `/rest/socialActions/${encodeURIComponent(C1)}/comments?start=0&count=50`],
      ['GET', `/rest/socialActions/${encodeURIComponent(UGC)}/comments?start=0&count=50`],
    ]);
    const headers = standIn.requests[0].headers;
    expect([headers.authorization, headers['linkedin-version'], headers['x-restli-protocol-version']]).toEqual(['Bearer li-token', '202506', '2.0.0']);
  });

  it('maps comments to one thread per commenter per post, the organization outbound, "Private user" without a name', async () => {
    const { posts, events } = await pollLinkedInComments(stood(), fetch);
    expect(posts[0]).toEqual(sharePost);
    expect(events).toEqual<ProviderEvent[]>([
      {
        providerMessageId: C1,
        threadKey: `${SHARE}:urn:li:person:AbC123xYz`,
        kind: 'public',
        direction: 'in',
        contact: { providerId: 'urn:li:person:AbC123xYz', name: 'Ada Lovelace' },
        text: 'Does it ship to Canada?',
        attachments: [],
        at: '2025-06-15T15:23:20.000Z',
        postId: SHARE,
        post: sharePost,
      },
      {
        providerMessageId: C2,
        threadKey: `${SHARE}:urn:li:person:QwE456`,
        kind: 'public',
        direction: 'in',
        contact: { providerId: 'urn:li:person:QwE456', name: PRIVATE_USER },
        text: 'Love the colour (edited)',
        attachments: [{ type: 'image', url: 'https://media.licdn.com/dms/image/comment.jpg' }],
        at: '2025-06-15T15:40:00.000Z',
        postId: SHARE,
        post: sharePost,
      },
      {
        event: 'update',
        change: 'edited',
        eventId: `${C2}:edited:1750002600000`,
        providerMessageId: C2,
        threadKey: `${SHARE}:urn:li:person:QwE456`,
        kind: 'public',
        at: '2025-06-15T15:50:00.000Z',
        text: 'Love the colour (edited)',
        attachments: [{ type: 'image', url: 'https://media.licdn.com/dms/image/comment.jpg' }],
      },
      {
        providerMessageId: C3,
        threadKey: `${SHARE}:organization`,
        kind: 'public',
        direction: 'out',
        contact: { providerId: ORG },
        text: 'Yes, everywhere!',
        attachments: [],
        at: '2025-06-15T15:56:40.000Z',
        postId: SHARE,
        post: sharePost,
        inReplyTo: C1,
      },
    ]);
  });

  it('yields the same dedupe keys when polled again', async () => {
    const first = await pollLinkedInComments(stood(), fetch);
    const second = await pollLinkedInComments(stood(), fetch);
    expect(second.events.map((e) => (e.event === 'update' ? e.eventId : e.providerMessageId))).toEqual(
      first.events.map((e) => (e.event === 'update' ? e.eventId : e.providerMessageId)),
    );
  });

  it('follows pages of comments until a short page', async () => {
    const page = (start: number, n: number) => ({
      elements: Array.from({ length: n }, (_, i) => ({
        commentUrn: `urn:li:comment:(urn:li:activity:1,${start + i})`,
        actor: 'urn:li:person:p',
        created: { time: 1750000000000 + start + i },
        message: { text: `c${start + i}` },
      })),
    });
    standIn.answer(200, (req: RecordedRequest) => {
      if (req.url.startsWith('/rest/posts?')) return { elements: [{ id: SHARE }] };
      const start = Number(new URL(req.url, 'http://x').searchParams.get('start'));
      return start === 0 ? page(0, 2) : page(2, 1);
    });
    const { events } = await pollLinkedInComments(stood(), fetch, { pageSize: 2 });
    expect(events.map((e) => (e.event === undefined ? e.text : ''))).toEqual(['c0', 'c1', 'c2']);
    expect(standIn.requests.map((r) => r.url.split('?')[1])).toEqual(expect.arrayContaining(['start=0&count=2', 'start=2&count=2']));
  });

  it('lets a throttled poll be retried and refuses a revoked token for good', async () => {
    standIn.answer(429, { message: 'Resource level throttle limit reached', status: 429 });
    await expect(pollLinkedInComments(stood(), fetch)).rejects.toThrowError(RateLimitedError);
    standIn.answer(401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
    await expect(pollLinkedInComments(stood(), fetch)).rejects.toThrowError(/HTTP 401\): Invalid access token/);
  });

  it('never throws anything but MalformedPayloadError nor yields a half-parsed event for any comment list', () => {
    const fixtures = [fixture('comments-share'), fixture('replies')];
    checkParserProperty((raw) => {
      const body = JSON.parse(raw.toString()) as unknown;
      const list = body !== null && typeof body === 'object' && Array.isArray((body as { elements?: unknown }).elements) ? (body as { elements: unknown[] }).elements : [body];
      return commentsToEvents(list, sharePost, config);
    }, fixtures);
  });
});

describe('linkedin send', () => {
  const standIn = useStandIn(201, { commentUrn: C3, id: '7100000000000000103', object: 'urn:li:activity:7100000000000000009' });
  const reply = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    outboundId: 'out-li-1',
    threadKey: `${SHARE}:urn:li:person:AbC123xYz`,
    kind: 'public',
    recipientId: 'urn:li:person:AbC123xYz',
    text: 'Yes, to Canada too.',
    byHuman: true,
    postId: SHARE,
    inReplyTo: C1,
    ...over,
  });

  it('posts the reply as the organization under the comment answered', async () => {
    expect(await li.send(reply(), { ...config, apiBaseUrl: standIn.baseUrl }, fetch)).toEqual({ providerMessageId: C3 });
    expect(standIn.requests.map((r) => [r.method, r.url, r.json, r.headers.authorization])).toEqual([
      [
        'POST',
        `/rest/socialActions/${encodeURIComponent(SHARE)}/comments`,
        { actor: ORG, object: SHARE, message: { text: 'Yes, to Canada too.' }, parentComment: C1 },
        'Bearer li-token',
      ],
    ]);
  });

  it("names a reply LinkedIn answered with a bare x-restli-id by the comment URN the poller lists", async () => {
    standIn.answer(201, () => new Reply(201, '', { 'x-restli-id': '7100000000000000777' }));
    const under = await li.send(reply(), { ...config, apiBaseUrl: standIn.baseUrl }, fetch);
    expect(under).toEqual({ providerMessageId: 'urn:li:comment:(urn:li:activity:7100000000000000009,7100000000000000777)' });
    const onPost = await li.send(reply({ inReplyTo: undefined }), { ...config, apiBaseUrl: standIn.baseUrl }, fetch);
    expect(onPost).toEqual({ providerMessageId: `urn:li:comment:(${SHARE},7100000000000000777)` });
  });

  it('comments on the post itself without a comment to answer; refuses without a post', async () => {
    await li.send(reply({ inReplyTo: undefined }), { ...config, apiBaseUrl: standIn.baseUrl }, fetch);
    expect(standIn.requests[0].json).toEqual({ actor: ORG, object: SHARE, message: { text: 'Yes, to Canada too.' } });
    await expect(li.send(reply({ postId: undefined }), { ...config, apiBaseUrl: standIn.baseUrl }, fetch)).rejects.toThrowError(PermanentSendError);
    standIn.answer(403, { message: 'Not enough permissions to access: partnerApiSocialActions.CREATE', status: 403 });
    await expect(li.send(reply(), { ...config, apiBaseUrl: standIn.baseUrl }, fetch)).rejects.toThrowError(/Not enough permissions/);
    expect(li.policy('public', config)).toEqual({});
  });
});
