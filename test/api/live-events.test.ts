// Live updates (api.md "Live updates"): a real server on a loopback port, read as a browser's
// EventSource reads GET /api/events.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SwitchboardServer } from '../../engine/app/server.js';
import { pruneLiveEvents } from '../../engine/features/live/repository.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';
import { openEventStream, type SseStream } from '../support/sse.js';

const SECRET = 'sandbox-secret-for-live';

describe('live updates over Server-Sent Events', () => {
  let stack: ApiStack;
  let baseUrl: string;
  let channelId: string;
  let agent: { token: string; id: string };
  let other: { token: string; id: string };
  const streams: SseStream[] = [];
  let n = 0;

  beforeAll(async () => {
    stack = await startApiStack({ listen: true });
    baseUrl = stack.services.server!.info.uri;
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Live chat', config: { secret: SECRET } },
    });
    channelId = res.body.id;
    agent = await stack.userToken('agent');
    other = await stack.userToken('agent');
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await stack?.stop();
  });

  async function open(query: string, headers: Record<string, string> = {}) {
    const s = await openEventStream(`${baseUrl}/api/events${query}`, headers);
    streams.push(s);
    return s;
  }

  async function customerWrites(from: string, text: string) {
    const body = JSON.stringify({ id: `live-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind: 'private' });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
  }

  it('refuses a stream without a token, and accepts the token as a query parameter', async () => {
    const refused = await open('');
    expect(refused.status).toBe(401);
    const bad = await open('?token=not-a-token');
    expect(bad.status).toBe(401);
    // As a browser asks: compressed if possible. Events must not wait in a compressor's buffer.
    const ok = await open(`?token=${agent.token}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(ok.headers['content-encoding'] ?? 'identity').toBe('identity');
    const ready = await ok.waitFor((e) => e.event === 'ready');
    expect(ready.id).toBe(ready.data.position);
    ok.close();
  });

  it('gives with each notification the bell\'s unread count, which leaves out what the user may no longer see', async () => {
    const viewer = await stack.userToken('agent');
    const desk = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name: 'Private desk', config: { secret: SECRET } } });
    const body = JSON.stringify({ id: `live-${++n}`, from: { id: 'quinn', name: 'Customer quinn' }, text: 'A private question', kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${desk.body.id}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    const bell = async () => (await stack.request('GET', '/api/notifications', { token: viewer.token })).body.unreadCount as number;
    await stack.eventually(async () => ((await bell()) > 0 ? true : undefined));
    // the desk is restricted to nobody: its conversation and its notification are hidden from the viewer
    expect((await stack.request('PUT', `/api/channels/${desk.body.id}/permissions`, { token: stack.adminToken, payload: { grants: [] } })).status).toBe(200);
    expect(await bell()).toBe(0);

    const live = await open('', { authorization: `Bearer ${viewer.token}` });
    await live.waitFor((e) => e.event === 'ready');
    await customerWrites('rosa', 'Where is my order?');
    const notification = await live.waitFor((e) => e.event === 'notification' && e.data.notification.detail.contactName === 'Customer rosa');
    expect(notification.data.unreadCount).toBe(1);
    expect(await bell()).toBe(1);
  });

  it('streams a new conversation, its message, a change by an agent and the user\'s own notifications', async () => {
    const live = await open('', { authorization: `Bearer ${agent.token}` });
    await live.waitFor((e) => e.event === 'ready');

    await customerWrites('alice', 'My parcel never arrived');
    const created = await live.waitFor((e) => e.event === 'conversation.created' && e.data.conversation.contact.name === 'Customer alice');
    const conversationId = created.data.conversationId;
    expect(created.data.conversation).toMatchObject({ id: conversationId, channelId, status: 'unassigned', kind: 'private' });
    const message = await live.waitFor((e) => e.event === 'message.created' && e.data.conversationId === conversationId);
    expect(message.data.message).toMatchObject({ direction: 'in', text: 'My parcel never arrived' });
    expect(message.data.conversation.lastMessage.text).toBe('My parcel never arrived');

    // A new thread notifies everyone on the channel; each stream carries only its own user's.
    const notification = await live.waitFor((e) => e.event === 'notification' && e.data.conversationId === conversationId);
    expect(notification.data.notification.kind).toBe('conversation.new');
    const mine = await stack.request('GET', '/api/notifications', { token: agent.token });
    const theirs = await stack.request('GET', '/api/notifications', { token: other.token });
    const mineIds = (mine.body.items as any[]).map((i) => i.id);
    const theirIds = (theirs.body.items as any[]).map((i) => i.id);
    expect(mineIds).toContain(notification.data.notification.id);
    const notificationIds = live.events.filter((e) => e.event === 'notification').map((e) => e.data.notification.id);
    expect(notificationIds.filter((id) => theirIds.includes(id))).toEqual([]);

    // The other agent assigns it to themself and tags it: both are conversation.updated.
    const assigned = await stack.request('POST', `/api/conversations/${conversationId}/assign`, { token: other.token, payload: { userId: 'me' } });
    expect(assigned.status).toBe(200);
    const update = await live.waitFor((e) => e.event === 'conversation.updated' && e.data.change.type === 'conversation.assigned');
    expect(update.data.conversation).toMatchObject({ id: conversationId, status: 'assigned', assignee: { id: other.id } });
    expect(update.data.conversation.queue).toBe('assigned'); // not "mine": the stream is the agent's
    await stack.request('POST', `/api/conversations/${conversationId}/tags`, { token: other.token, payload: { add: ['late'] } });
    const tagged = await live.waitFor((e) => e.event === 'conversation.updated' && e.data.change.type === 'conversation.tags_changed');
    expect(tagged.data.conversation.tags.map((t: any) => t.name)).toEqual(['late']);

    // Ids only grow, in the order the events are sent.
    const ids = live.events.filter((e) => e.id).map((e) => e.id!);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('replays what a client missed when it reconnects with Last-Event-ID, without repeating what it had', async () => {
    const first = await open('', { authorization: `Bearer ${agent.token}` });
    await first.waitFor((e) => e.event === 'ready');
    await customerWrites('bob', 'Hello, first message');
    await first.waitFor((e) => e.event === 'message.created' && e.data.message.text === 'Hello, first message');
    const seen = first.events.filter((e) => e.id && e.event !== 'ready').map((e) => e.id);
    const last = first.lastEventId()!;
    first.close();

    // While nobody listens: a second message and a reply of an agent on the same thread.
    await customerWrites('bob', 'Hello again, second message');
    const convo = await stack.eventually(async () => {
      const list = await stack.request('GET', `/api/conversations?channelId=${channelId}`, { token: agent.token });
      return (list.body.items as any[]).find((c) => c.contact.name === 'Customer bob' && c.lastMessage.text === 'Hello again, second message');
    });
    const reply = await stack.request('POST', `/api/conversations/${convo.id}/reply`, { token: agent.token, payload: { text: 'We are on it' } });
    expect(reply.status).toBe(200);

    const resumed = await open('', { authorization: `Bearer ${agent.token}`, 'last-event-id': last });
    const second = await resumed.waitFor((e) => e.event === 'message.created' && e.data.message.text === 'Hello again, second message');
    const out = await resumed.waitFor((e) => e.event === 'message.created' && e.data.message.text === 'We are on it');
    expect(out.data.message.direction).toBe('out');
    expect(resumed.events.some((e) => e.event === 'ready' || e.event === 'reset')).toBe(false);
    // Nothing the first connection had is sent again, and the replay keeps the order of the events.
    const replayed = resumed.events.filter((e) => e.id).map((e) => e.id!);
    expect(replayed.filter((id) => seen.includes(id))).toEqual([]);
    expect(resumed.events.indexOf(second)).toBeLessThan(resumed.events.indexOf(out));

    // The same resume through the query parameter (a client that reconnects by itself).
    const viaQuery = await open(`?token=${agent.token}&lastEventId=${encodeURIComponent(last)}`);
    await viaQuery.waitFor((e) => e.event === 'message.created' && e.data.message.text === 'We are on it');
  });

  it('serves a client of another API process the changes made through this one and by the worker', async () => {
    // A second API process on the same database: its own hub, woken by PostgreSQL NOTIFY.
    const second: SwitchboardServer = await createServer(stack.services.server!.app.ctx, { port: 0 });
    await second.start();
    try {
      const live = await openEventStream(`${second.info.uri}/api/events?token=${agent.token}`);
      streams.push(live);
      await live.waitFor((e) => e.event === 'ready');
      await customerWrites('carol', 'Written while my agent is on the other server');
      const created = await live.waitFor((e) => e.event === 'conversation.created' && e.data.conversation.contact.name === 'Customer carol');
      await stack.request('POST', `/api/conversations/${created.data.conversationId}/pending`, { token: other.token });
      await live.waitFor((e) => e.event === 'conversation.updated' && e.data.change.type === 'conversation.pending' && e.data.conversationId === created.data.conversationId);
      live.close();
    } finally {
      await second.stop({ timeout: 2000 });
    }
  });

  it('tells a client to reload when the events it missed were pruned', async () => {
    const first = await open('', { authorization: `Bearer ${agent.token}` });
    await first.waitFor((e) => e.event === 'ready');
    await customerWrites('dan', 'Before the pruning');
    await first.waitFor((e) => e.event === 'message.created' && e.data.message.text === 'Before the pruning');
    const last = first.lastEventId()!;
    first.close();
    await customerWrites('dan', 'Missed, then pruned');
    await stack.eventually(async () => {
      const list = await stack.request('GET', `/api/conversations?channelId=${channelId}`, { token: agent.token });
      return (list.body.items as any[]).some((c) => c.lastMessage.text === 'Missed, then pruned');
    });
    // Keep nothing older than the future: every event goes, as a day-old one would.
    expect(await pruneLiveEvents(stack.services.db, -3600)).toBeGreaterThan(0);
    const resumed = await open('', { authorization: `Bearer ${agent.token}`, 'last-event-id': last });
    const reset = await resumed.waitFor((e) => e.event === 'reset');
    expect(reset.data.reason).toMatch(/reload/);
    // Afterwards the stream goes on from now.
    await customerWrites('dan', 'After the reset');
    await resumed.waitFor((e) => e.event === 'message.created' && e.data.message.text === 'After the reset');
  });

  it('tells a client whose Last-Event-ID is not one it gave out to reload', async () => {
    const s = await open('', { authorization: `Bearer ${agent.token}`, 'last-event-id': 'garbage' });
    const reset = await s.waitFor((e) => e.event === 'reset');
    expect(reset.data.reason).toMatch(/reload/);
    expect(reset.id).toBeTruthy();
  });

  it('keeps serving when a client leaves before its stream started', async () => {
    // The client hangs up as the route starts: the socket closes while the subscription is being
    // set up, as when a browser tab is closed during a reconnect.
    const server = stack.services.server!;
    server.ext('onPreHandler', (request, h) => {
      if (request.headers['x-test-leave'] === 'now') request.raw.req.socket.destroy();
      return h.continue;
    });
    const left = new Promise<void>((resolve) => {
      const req = http.get(`${baseUrl}/api/events?token=${agent.token}`, { headers: { 'x-test-leave': 'now' } });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
    });
    await left;
    // Writing to the stream of a client who left would throw in the server (vitest reports it as
    // an uncaught error); the next client is served as usual.
    const after = await open(`?token=${agent.token}`);
    expect(after.status).toBe(200);
    await after.waitFor((e) => e.event === 'ready');
    await customerWrites('erin', 'After a client left early');
    await after.waitFor((e) => e.event === 'message.created' && e.data.message.text === 'After a client left early');
  });
});
