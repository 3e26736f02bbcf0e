// LinkedIn Page comments with the engine's real polling activity (called directly for a round
// now, rather than after the workflow's minute-long schedule), the real relay and conversation
// workflows, and a loopback stand-in of LinkedIn's REST API in its documented shapes: our reply
// and the comment the poller lists for it are one message, whichever comes first; a failing poll
// shows on the channel's health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPollingActivities } from '../../engine/features/polling/activities.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { Reply, startStandIn, type RecordedRequest, type StandIn } from '../support/stand-in-server.js';

const ORG = '5515715';
const ORG_URN = `urn:li:organization:${ORG}`;
const POST = 'urn:li:share:7100000000000000001';
const ACTIVITY = 'urn:li:activity:7100000000000000009';
const ADA = 'urn:li:person:AbC123xYz';
const urn = (n: number) => `urn:li:comment:(${ACTIVITY},${n})`;

function comment(n: number, actor: string, text: string, extra: Record<string, unknown> = {}) {
  const time = Date.now() - 60_000 + (n % 1000);
  return {
    actor, commentUrn: urn(n), id: String(n), created: { actor, time }, lastModified: { actor, time },
    message: { text }, object: ACTIVITY, commentsSummary: { totalFirstLevelComments: 0 }, ...extra,
  };
}

describe('linkedin channel end to end', () => {
  let stack: ApiStack;
  let linkedin: StandIn;
  let channelId: string;
  let poll: () => Promise<unknown>;
  const comments: Record<string, unknown>[] = [comment(101, ADA, 'Does it ship to Canada?', { 'actor~': { localizedFirstName: 'Ada', localizedLastName: 'Lovelace' } })];
  let nextId = 500;
  /** What LinkedIn does with a created comment: lists it from then on (and maybe before it answers). */
  let onCreate: (created: Record<string, unknown>) => Promise<void> = async () => undefined;
  let failPolls = false;

  beforeAll(async () => {
    stack = await startApiStack();
    linkedin = await startStandIn();
    linkedin.answer(200, (req: RecordedRequest) => {
      if (failPolls && req.method === 'GET') return new Reply(401, { status: 401, serviceErrorCode: 65601, code: 'REVOKED_ACCESS_TOKEN', message: 'The token used in the request has been revoked by the user' });
      if (req.method === 'POST') {
        // Created: 201 with the new comment's id in x-restli-id and no body (no X-RestLi-Return-Entity).
        const id = ++nextId;
        const body = req.json as { message: { text: string }; parentComment?: string };
        comments.push(comment(id, ORG_URN, body.message.text, body.parentComment ? { parentComment: body.parentComment } : {}));
        return new Reply(201, '', { 'x-restli-id': String(id) });
      }
      if (req.url.startsWith('/rest/posts')) return { elements: [{ id: POST, author: ORG_URN, commentary: 'Our new kettle is here!' }], paging: { count: 10, start: 0 } };
      if (req.url.startsWith(`/rest/socialActions/${encodeURIComponent(POST)}/comments`)) return { elements: comments, paging: { count: 50, start: 0, total: comments.length } };
      return { elements: [], paging: { count: 50, start: 0, total: 0 } };
    });
    linkedin.beforeAnswer(async (req) => {
      if (req.method === 'POST') await onCreate(req.json as Record<string, unknown>);
    });
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'linkedin', name: 'Kettle Shop on LinkedIn', config: { organizationId: ORG, accessToken: 'li-token', pollSeconds: 3600, apiBaseUrl: linkedin.baseUrl } },
    });
    expect(res.status, res.text).toBe(201);
    channelId = res.body.id;
    const { pollChannel } = createPollingActivities({ db: stack.services.db });
    poll = () => pollChannel({ channelId });
  });

  afterAll(async () => {
    await stack?.stop();
    await linkedin?.close();
  });

  const detail = async (id: string) => (await stack.request('GET', `/api/conversations/${id}`, { token: stack.adminToken })).body;
  const stored = () => stack.services.db('messages').where({ channel_id: channelId }).orderBy('at').select('provider_message_id', 'direction', 'text', 'conversation_id');
  let thread: string;

  it("files Ada's comment in her thread under the post", async () => {
    await poll();
    const convo = await stack.eventually(async () => (await stack.services.db('conversations').where({ channel_id: channelId, thread_key: `${POST}:${ADA}` }).first()) ?? false);
    thread = convo.id;
    const d = await stack.eventually(async () => ((await detail(thread)).messages?.length === 1 ? detail(thread) : false));
    expect(d.messages[0]).toMatchObject({ direction: 'in', text: 'Does it ship to Canada?', providerMessageId: urn(101) });
  });

  it('stores our reply once when the poller lists it after LinkedIn answered with a bare id', async () => {
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'Yes, to Canada too.' } });
    expect(res.status, res.text).toBe(200);
    const sent = linkedin.requests.filter((r) => r.method === 'POST');
    expect(sent.at(-1)!.json).toEqual({ actor: ORG_URN, object: POST, message: { text: 'Yes, to Canada too.' }, parentComment: urn(101) });
    const out = (await detail(thread)).messages.find((m: any) => m.text === 'Yes, to Canada too.');
    expect(out).toMatchObject({ direction: 'out', status: 'sent', providerMessageId: urn(nextId) });

    await poll();
    await poll();
    const rows = await stored();
    expect(rows.filter((r) => r.text === 'Yes, to Canada too.')).toHaveLength(1);
    expect(rows).toHaveLength(2);
  });

  it('stores our reply once when a poll lists it before LinkedIn answered the send', async () => {
    onCreate = async () => {
      onCreate = async () => undefined;
      // The comment exists at LinkedIn (the stand-in listed it on receipt) before the answer goes back.
      await poll();
    };
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'It leaves our warehouse today.' } });
    expect(res.status, res.text).toBe(200);
    const rows = (await stored()).filter((r) => r.text === 'It leaves our warehouse today.');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: 'out', provider_message_id: urn(nextId), conversation_id: thread });
    const out = (await detail(thread)).messages.find((m: any) => m.text === 'It leaves our warehouse today.');
    expect(out).toMatchObject({ status: 'sent', providerMessageId: urn(nextId) });
  });

  it('shows a failing poll as the channel\'s last error', async () => {
    failPolls = true;
    await expect(poll()).rejects.toThrow(/revoked/);
    failPolls = false;
    const list = await stack.request('GET', '/api/channels', { token: stack.adminToken });
    const health = (list.body as any[]).find((c) => c.id === channelId).health;
    expect(health.lastError.message).toMatch(/^polling failed: .*revoked/);
  });
});
