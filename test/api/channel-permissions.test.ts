// Channel permissions (api.md "Context, permissions and metrics"): a matrix generated from the
// server's route table (every principal × every route reading or acting on a conversation,
// message, contact or note × a private and a public target), and a leak test: private
// conversations on a channel an agent may not view never show in a listing, count, notification,
// contact read or live event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';
import { openEventStream, type SseStream } from '../support/sse.js';

const SECRET = 'sandbox-secret-for-permissions';
const CHANNEL = 'Guarded chat';
type Permission = 'viewPrivate' | 'reply' | 'commentAndReply';

/** Routes about these resources must declare a permission (or be admin-only). */
const GUARDED_PATH = /^\/api\/(conversations|contacts|notes|messages)(\/|$)/;
/** Listings whose answers the leak test covers. */
const LISTINGS = ['GET /api/conversations', 'GET /api/conversations/counts', 'GET /api/notifications', 'GET /api/events', 'GET /api/metrics'];

/** A valid body for routes that require one (a route not here gets `{}`). */
const SAMPLE_PAYLOADS: Record<string, unknown> = {
  'POST /api/conversations/{id}/reply': { text: 'Thanks for writing' },
  'POST /api/conversations/{id}/assign': { userId: 'me' },
  'POST /api/conversations/{id}/tags': { add: ['checked'] },
  'PATCH /api/conversations/{id}': { priority: 'high' },
  'PATCH /api/contacts/{id}': { attributes: { plan: 'gold' } },
  'POST /api/contacts/{id}/notes': { text: 'Called back' },
  'PATCH /api/notes/{id}': { text: 'Edited' },
  'POST /api/messages/{id}/private-reply': { text: 'We wrote to you privately' },
};

/** What the contract requires, written out independently of the engine's model. */
function expectedMissing(target: string, level: 'read' | 'act', isPublic: boolean, held: Permission[]): Permission | undefined {
  const has = (p: Permission) => held.includes(p);
  if (target === 'contact' || target === 'note') {
    // The private contact has only a private conversation; the public one only a public one.
    if (isPublic) return level === 'read' || has('commentAndReply') ? undefined : 'commentAndReply';
    if (!has('viewPrivate')) return 'viewPrivate';
    return level === 'read' || has('reply') ? undefined : 'reply';
  }
  if (isPublic) return level === 'read' || has('commentAndReply') ? undefined : 'commentAndReply';
  if (!has('viewPrivate')) return 'viewPrivate';
  return level === 'read' || has('reply') ? undefined : 'reply';
}

interface Principal {
  name: string;
  token: string;
  id: string;
  held: Permission[];
}

describe('channel permissions', () => {
  let stack: ApiStack;
  let channelId: string;
  let n = 0;
  const principals: Principal[] = [];
  const streams: SseStream[] = [];

  async function deliver(from: string, text: string, kind: 'private' | 'public') {
    const body = JSON.stringify({ id: `perm-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind, ...(kind === 'public' ? { postId: 'post-1' } : {}) });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
    return stack.eventually(async () => {
      const list = await stack.request('GET', `/api/conversations?channelId=${channelId}&limit=100`, { token: stack.adminToken });
      return (list.body.items as any[]).find((c) => c.contact.name === `Customer ${from}` && c.lastMessage.text === text);
    });
  }

  async function target(kind: 'private' | 'public', label: string) {
    const convo = await deliver(`${kind}-${label}`, `${kind} hello ${label}`, kind);
    const detail = await stack.request('GET', `/api/conversations/${convo.id}`, { token: stack.adminToken });
    return { conversation: convo.id as string, contact: convo.contact.id as string, message: detail.body.messages?.[0]?.id as string | undefined };
  }

  beforeAll(async () => {
    stack = await startApiStack({ listen: true });
    const res = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name: CHANNEL, config: { secret: SECRET } } });
    channelId = res.body.id;
    const sets: [string, Permission[]][] = [
      ['no grant', []],
      ['viewPrivate', ['viewPrivate']],
      ['viewPrivate+reply', ['viewPrivate', 'reply']],
      ['reply alone', ['reply']],
      ['commentAndReply', ['commentAndReply']],
    ];
    const grants: unknown[] = [];
    for (const [name, held] of sets) {
      const agent = await stack.userToken('agent');
      principals.push({ name: `agent with ${name}`, ...agent, held });
      if (held.length) grants.push({ userId: agent.id, permissions: held });
    }
    // Union of a user's own grant and their team's.
    const member = await stack.userToken('agent');
    const team = await stack.request('POST', '/api/teams', { token: stack.adminToken, payload: { name: 'Moderators', memberIds: [member.id] } });
    expect(team.status, team.text).toBe(201);
    grants.push({ userId: member.id, permissions: ['viewPrivate', 'reply'] }, { teamId: team.body.id, permissions: ['commentAndReply'] });
    principals.push({ name: 'agent with viewPrivate+reply, commentAndReply through a team', ...member, held: ['viewPrivate', 'reply', 'commentAndReply'] });
    const admin = await stack.userToken('admin');
    principals.push({ name: 'admin without grants', ...admin, held: ['viewPrivate', 'reply', 'commentAndReply'] });

    const put = await stack.request('PUT', `/api/channels/${channelId}/permissions`, { token: stack.adminToken, payload: { grants } });
    expect(put.status, put.text).toBe(200);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await stack?.stop();
  });

  it('GET and PUT the grants: admins only, users and teams of the organisation, one grant each', async () => {
    const got = await stack.request('GET', `/api/channels/${channelId}/permissions`, { token: stack.adminToken });
    expect(got.status).toBe(200);
    expect(got.body.restricted).toBe(true);
    expect(got.body.grants).toHaveLength(6); // four agents' own, the team member's and the team's
    expect(got.body.grants).toContainEqual({ userId: principals[2].id, permissions: ['viewPrivate', 'reply'] });
    const agent = principals[0];
    expect((await stack.request('GET', `/api/channels/${channelId}/permissions`, { token: agent.token })).status).toBe(403);
    const bad = await stack.request('PUT', `/api/channels/${channelId}/permissions`, { token: stack.adminToken, payload: { grants: [{ userId: agent.id, permissions: ['publish'] }] } });
    expect(bad.status).toBe(400);
    const both = await stack.request('PUT', `/api/channels/${channelId}/permissions`, { token: stack.adminToken, payload: { grants: [{ userId: agent.id, teamId: agent.id, permissions: [] }] } });
    expect(both.status).toBe(400);
    const unknown = await stack.request('PUT', `/api/channels/${channelId}/permissions`, { token: stack.adminToken, payload: { grants: [{ userId: '00000000-0000-4000-8000-000000000000', permissions: ['reply'] }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/no user with id 00000000-0000-4000-8000-000000000000/);
    const after = await stack.request('GET', `/api/channels/${channelId}/permissions`, { token: stack.adminToken });
    expect(after.body.grants).toEqual(got.body.grants);
  });

  it('every route about conversations, messages, contacts or notes declares a permission or is admin-only', () => {
    const table = stack.services.server!.table();
    const undeclared = table
      .filter((r) => GUARDED_PATH.test(r.path) && !r.settings.app?.role && !r.settings.app?.permission)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(undeclared).toEqual([]);
    const listings = table.filter((r) => r.settings.app?.permission && 'listing' in r.settings.app.permission).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(listings.sort()).toEqual([...LISTINGS].sort());
  });

  it('admin-only routes refuse agents, even one holding every channel permission', async () => {
    const table = stack.services.server!.table().filter((r) => r.settings.app?.role === 'admin');
    expect(table.length).toBeGreaterThan(20);
    const agent = principals.find((p) => p.name.includes('through a team'))!;
    for (const r of table) {
      const url = r.path.replace(/\{(\w+)\*?\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await stack.request(r.method.toUpperCase(), url, { token: agent.token, payload: r.method === 'get' ? undefined : {} });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect(res.body.message, `${r.method} ${r.path}`).toMatch(/needs the admin role/);
    }
  });

  /** Delivers one message per label, in parallel batches, and finds each label's conversation. */
  async function targets(kind: 'private' | 'public', labels: string[]) {
    for (let i = 0; i < labels.length; i += 25) {
      await Promise.all(labels.slice(i, i + 25).map(async (label) => {
        const body = JSON.stringify({ id: `perm-${++n}`, from: { id: `${kind}-${label}`, name: `Customer ${kind}-${label}` }, text: `${kind} hello ${label}`, kind, ...(kind === 'public' ? { postId: 'post-1' } : {}) });
        const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
        expect(res.status).toBe(200);
      }));
    }
    return stack.eventually(async () => {
      const byName = new Map<string, { conversation: string; contact: string }>();
      let cursor: string | undefined;
      do {
        const page = await stack.request('GET', `/api/conversations?channelId=${channelId}&kind=${kind}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: stack.adminToken });
        for (const c of page.body.items as any[]) byName.set(c.contact.name, { conversation: c.id, contact: c.contact.id });
        cursor = page.body.nextCursor;
      } while (cursor);
      const found = labels.map((label) => byName.get(`Customer ${kind}-${label}`));
      return found.every(Boolean) ? (found as { conversation: string; contact: string }[]) : undefined;
    }, 240_000);
  }

  it('the matrix: role × permission set × route × private/public target answers 403 naming the missing permission exactly where the contract says', async () => {
    const routes = stack.services.server!.table().filter((r) => {
      const rule = r.settings.app?.permission;
      return rule && !('listing' in rule);
    });
    let cells = 0;
    for (const isPublic of [false, true]) {
      const labels = principals.flatMap((_, p) => routes.map((__, r) => `m${p}-${r}`));
      // A fresh target per cell: actions change it (resolve, dismiss, delete).
      const prepared = await targets(isPublic ? 'public' : 'private', labels);
      for (const [p, principal] of principals.entries()) {
        for (const [ri, r] of routes.entries()) {
          const rule = r.settings.app!.permission as { target: string; level: 'read' | 'act'; each?: string };
          const t = prepared[labels.indexOf(`m${p}-${ri}`)];
          let id = rule.target === 'conversation' ? t.conversation : t.contact;
          if (rule.target === 'message') {
            const detail = await stack.request('GET', `/api/conversations/${t.conversation}`, { token: stack.adminToken });
            id = detail.body.messages[0].id;
          }
          if (rule.target === 'note') {
            const note = await stack.request('POST', `/api/contacts/${t.contact}/notes`, { token: stack.adminToken, payload: { text: 'A note' } });
            id = note.body.id;
          }
          cells++;
          const key = `${r.method.toUpperCase()} ${r.path}`;
          const url = r.path.replace('{id}', id);
          const payload = rule.each ? { ids: [id] } : r.method === 'get' ? undefined : (SAMPLE_PAYLOADS[key] ?? {});
          const res = await stack.request(r.method.toUpperCase(), url, { token: principal.token, payload });
          const cell = `${principal.name} ${key} on a ${isPublic ? 'public' : 'private'} ${rule.target}: ${res.status} ${res.text.slice(0, 200)}`;
          expect(res.status, `${cell} (give the route a sample payload)`).not.toBe(400);
          const missing = expectedMissing(rule.target, rule.level, isPublic, principal.held);
          const outcome = rule.each ? { status: res.body.results[0].statusCode ?? 200, message: res.body.results[0].message ?? '' } : { status: res.status, message: res.body?.message ?? '' };
          if (missing) {
            expect(outcome.status, cell).toBe(403);
            expect(outcome.message, cell).toBe(`missing permission ${missing} on channel ${CHANNEL}`);
          } else {
            expect(outcome.message, cell).not.toMatch(/missing permission/);
            expect([401, 404], cell).not.toContain(outcome.status);
          }
        }
      }
    }
    // Report the size: principals × routes × 2 targets.
    expect(cells).toBe(principals.length * routes.length * 2);
    expect(cells).toBeGreaterThanOrEqual(7 * 24 * 2);
  }, 900_000);

  it('leaks nothing: private conversations on a channel an agent may not view never show in listings, counts, notifications, contact reads, live events or metrics', async () => {
    const blind = principals.find((p) => p.name === 'agent with commentAndReply')!;
    const viewer = principals.find((p) => p.name === 'agent with viewPrivate')!;
    const liveBlind = await openEventStream(`${stack.services.server!.info.uri}/api/events?token=${blind.token}`);
    const liveViewer = await openEventStream(`${stack.services.server!.info.uri}/api/events?token=${viewer.token}`);
    streams.push(liveBlind, liveViewer);
    await Promise.all([liveBlind.waitFor((e) => e.event === 'ready'), liveViewer.waitFor((e) => e.event === 'ready')]);

    const secret = await target('private', 'leak');
    const open = await target('public', 'leak');
    // Both see the public one live; only the viewer the private one. Then nothing of it reached the blind stream.
    await liveViewer.waitFor((e) => e.data?.conversationId === secret.conversation);
    await liveBlind.waitFor((e) => e.data?.conversationId === open.conversation);
    await liveViewer.waitFor((e) => e.data?.conversationId === open.conversation);
    expect(liveBlind.events.filter((e) => JSON.stringify(e.data ?? '').includes(secret.conversation) || JSON.stringify(e.data ?? '').includes(secret.contact))).toEqual([]);

    const queueIds = async (token: string, queue?: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await stack.request('GET', `/api/conversations?limit=100${queue ? `&queue=${queue}` : ''}${cursor ? `&cursor=${cursor}` : ''}`, { token });
        expect(page.status).toBe(200);
        ids.push(...(page.body.items as any[]).map((c) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const all = async (token: string) => {
      const ids: string[] = [];
      for (const queue of ['unassigned', 'assigned', 'mine', 'pending', 'done', undefined]) ids.push(...(await queueIds(token, queue)));
      return ids;
    };
    const blindIds = await all(blind.token);
    expect(blindIds).toContain(open.conversation);
    expect(blindIds).not.toContain(secret.conversation);
    expect(await all(viewer.token)).toContain(secret.conversation);
    // Filters are a search: by channel or kind, still nothing.
    for (const q of [`channelId=${channelId}&kind=private`, 'kind=private&queue=unassigned']) {
      const res = await stack.request('GET', `/api/conversations?${q}`, { token: blind.token });
      expect(res.status, q).toBe(200);
      expect(res.body.items, q).toEqual([]);
      const seen = await stack.request('GET', `/api/conversations?${q}&limit=100`, { token: viewer.token });
      expect((seen.body.items as any[]).map((c) => c.id), q).toContain(secret.conversation);
    }

    const counts = async (token: string) => (await stack.request('GET', '/api/conversations/counts', { token })).body.queues;
    const [blindCounts, viewerCounts] = await Promise.all([counts(blind.token), counts(viewer.token)]);
    const visibleUnassigned = (await queueIds(blind.token, 'unassigned')).length;
    expect(blindCounts.unassigned.total).toBe(visibleUnassigned);
    expect(viewerCounts.unassigned.total).toBeGreaterThan(blindCounts.unassigned.total);

    const notes = async (token: string) => {
      const items: any[] = [];
      let cursor: string | undefined;
      let unreadCount = 0;
      do {
        const page = await stack.request('GET', `/api/notifications?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        unreadCount = page.body.unreadCount;
        cursor = page.body.nextCursor;
      } while (cursor);
      return { items, unreadCount };
    };
    await stack.eventually(async () => ((await notes(viewer.token)).items as any[]).some((x) => x.conversationId === secret.conversation));
    // Notifications of the matrix's conversations may still be arriving while the pages are read:
    // the count is compared with the unread items of one settled reading (the same twice in a row).
    let previous = '';
    const blindNotes = await stack.eventually(async () => {
      const reading = await notes(blind.token);
      const key = JSON.stringify([reading.unreadCount, (reading.items as any[]).map((x) => x.id)]);
      const settled = key === previous;
      previous = key;
      return settled ? reading : undefined;
    }, 60_000);
    expect((blindNotes.items as any[]).some((x) => x.conversationId === open.conversation)).toBe(true);
    expect((blindNotes.items as any[]).filter((x) => x.conversationId === secret.conversation)).toEqual([]);
    expect(blindNotes.unreadCount).toBe((blindNotes.items as any[]).filter((x) => !x.readAt).length);

    for (const url of [`/api/contacts/${secret.contact}`, `/api/contacts/${secret.contact}/conversations`, `/api/contacts/${secret.contact}/notes`, `/api/conversations/${secret.conversation}`]) {
      const res = await stack.request('GET', url, { token: blind.token });
      expect(res.status, url).toBe(403);
      expect(res.body.message, url).toBe(`missing permission viewPrivate on channel ${CHANNEL}`);
    }
    expect(liveBlind.events.filter((e) => JSON.stringify(e.data ?? '').includes(secret.conversation))).toEqual([]);

    // Metrics are scoped like the listings: each user's figures count exactly the conversations
    // they see; without viewPrivate (whatever else they hold, or nothing) no private one, while the
    // viewer's include the private ones, so the check cannot pass on empty figures.
    const nothing = principals.find((p) => p.name === 'agent with no grant')!;
    const replier = principals.find((p) => p.name === 'agent with reply alone')!;
    const metricsOf = async (token: string) => {
      const res = await stack.request('GET', `/api/metrics?channelId=${channelId}`, { token });
      expect(res.status, res.text).toBe(200);
      return res.body.totals;
    };
    const seenInChannel = async (token: string, filter = '') => {
      const ids = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await stack.request('GET', `/api/conversations?channelId=${channelId}${filter}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
        expect(page.status).toBe(200);
        for (const c of page.body.items as any[]) ids.add(c.id);
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const privateInChannel = (await seenInChannel(stack.adminToken, '&kind=private')).size;
    expect(privateInChannel).toBeGreaterThan(0);
    const adminCreated = (await metricsOf(stack.adminToken)).created;
    expect(adminCreated).toBe((await seenInChannel(stack.adminToken)).size);
    for (const p of [blind, nothing, replier]) {
      const seen = await seenInChannel(p.token);
      expect(seen.has(secret.conversation), p.name).toBe(false);
      const m = await metricsOf(p.token);
      expect(m.created, p.name).toBe(seen.size);
      expect(m.created, p.name).toBe(adminCreated - privateInChannel);
    }
    const viewerMetrics = await metricsOf(viewer.token);
    expect(viewerMetrics.created).toBe(adminCreated);
    expect(viewerMetrics.created).toBe((await seenInChannel(viewer.token)).size);
    expect(viewerMetrics.received).toBeGreaterThan((await metricsOf(blind.token)).received);
  }, 300_000);
});
