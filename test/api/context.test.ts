// The context panel beside a conversation (api.md "Context, permissions and metrics"): notes on
// the contact, the contact's conversations, which attributes show, and the user's own profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';
import { openEventStream, type SseStream } from '../support/sse.js';

const SECRET = 'sandbox-secret-for-context';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('contact context: notes, conversations, attribute display, profile', () => {
  let stack: ApiStack;
  let channelId: string;
  let author: { token: string; id: string };
  let colleague: { token: string; id: string };
  let n = 0;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    stack = await startApiStack({ listen: true });
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'sandbox', name: 'Context chat', config: { secret: SECRET } },
    });
    channelId = res.body.id;
    author = await stack.userToken('agent');
    colleague = await stack.userToken('agent');
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await stack?.stop();
  });

  async function conversationFrom(from: string, text: string, kind: 'private' | 'public' = 'private', postId?: string) {
    const body = JSON.stringify({ id: `ctx-${++n}`, from: { id: from, name: `Customer ${from}` }, text, kind, ...(postId ? { postId } : {}) });
    const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) });
    expect(res.status).toBe(200);
    return stack.eventually(async () => {
      const list = await stack.request('GET', `/api/conversations?channelId=${channelId}&limit=100`, { token: stack.adminToken });
      return (list.body.items as any[]).find((c) => c.contact.name === `Customer ${from}` && c.lastMessage.text === text);
    });
  }

  it('keeps notes: 1 to 2,000 characters, visible to all, edited by their author only, deleted by the author or an admin', async () => {
    const convo = await conversationFrom('noted', 'hello');
    const contactId = convo.contact.id;
    const url = `/api/contacts/${contactId}/notes`;

    const live = await openEventStream(`${stack.services.server!.info.uri}/api/events?token=${colleague.token}`);
    streams.push(live);
    await live.waitFor((e) => e.event === 'ready');

    for (const text of ['', '   ', 'x'.repeat(2001)]) {
      const bad = await stack.request('POST', url, { token: author.token, payload: { text } });
      expect(bad.status, JSON.stringify(text.slice(0, 5))).toBe(400);
      expect(bad.body.message).toMatch(/text must be 1 to 2000 characters/);
    }
    const missing = await stack.request('POST', url, { token: author.token, payload: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/text is required/);

    const longest = await stack.request('POST', url, { token: author.token, payload: { text: 'y'.repeat(2000) } });
    expect(longest.status).toBe(201);
    const created = await stack.request('POST', url, { token: author.token, payload: { text: 'Prefers e-mail' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contactId, text: 'Prefers e-mail', author: { id: author.id } });

    // Anyone sees them, newest first.
    const listed = await stack.request('GET', url, { token: colleague.token });
    expect(listed.status).toBe(200);
    expect(listed.body.map((x: any) => x.id)).toEqual([created.body.id, longest.body.id]);

    // The colleague's stream heard about it (the context of an open conversation changed).
    const heard = await live.waitFor((e) => e.event === 'contact.updated' && e.data.noteId === created.body.id);
    expect(heard.data).toMatchObject({ contactId, change: 'note.created' });

    const notYours = await stack.request('PATCH', `/api/notes/${created.body.id}`, { token: colleague.token, payload: { text: 'hijacked' } });
    expect(notYours.status).toBe(403);
    expect(notYours.body.message).toBe('only the author of a note may edit it');
    const adminEdit = await stack.request('PATCH', `/api/notes/${created.body.id}`, { token: stack.adminToken, payload: { text: 'admin edit' } });
    expect(adminEdit.status).toBe(403);
    const edited = await stack.request('PATCH', `/api/notes/${created.body.id}`, { token: author.token, payload: { text: 'Prefers e-mail, not phone' } });
    expect(edited.status).toBe(200);
    expect(edited.body.text).toBe('Prefers e-mail, not phone');
    const tooLong = await stack.request('PATCH', `/api/notes/${created.body.id}`, { token: author.token, payload: { text: 'z'.repeat(2001) } });
    expect(tooLong.status).toBe(400);
    expect((await stack.request('GET', url, { token: author.token })).body[0].text).toBe('Prefers e-mail, not phone');

    const colleagueDelete = await stack.request('DELETE', `/api/notes/${created.body.id}`, { token: colleague.token });
    expect(colleagueDelete.status).toBe(403);
    expect(colleagueDelete.body.message).toBe('only the author of a note or an admin may delete it');
    expect((await stack.request('DELETE', `/api/notes/${created.body.id}`, { token: author.token })).status).toBe(200);
    expect((await stack.request('DELETE', `/api/notes/${longest.body.id}`, { token: stack.adminToken })).status).toBe(200);
    expect((await stack.request('GET', url, { token: author.token })).body).toEqual([]);
    expect((await stack.request('DELETE', `/api/notes/${created.body.id}`, { token: author.token })).status).toBe(404);
    expect((await stack.request('GET', `/api/contacts/${NO_SUCH_ID}/notes`, { token: author.token })).status).toBe(404);
    expect((await stack.request('POST', `/api/contacts/${NO_SUCH_ID}/notes`, { token: author.token, payload: { text: 'x' } })).status).toBe(404);
  });

  it("lists the contact's conversations of the last six months, newest first, in the list-item shape", async () => {
    const first = await conversationFrom('regular', 'private question');
    const second = await conversationFrom('regular', 'comment on a post', 'public', 'post-1');
    const stranger = await conversationFrom('stranger', 'not theirs');
    expect(second.contact.id).toBe(first.contact.id);
    // One of the contact's conversations is older than six months.
    const old = await conversationFrom('regular', 'old comment', 'public', 'post-0');
    await stack.services.db('conversations').where({ id: old.id }).update({ last_message_at: stack.services.db.raw("now() - interval '7 months'") });

    const res = await stack.request('GET', `/api/contacts/${first.contact.id}/conversations`, { token: author.token });
    expect(res.status).toBe(200);
    expect(res.body.map((c: any) => c.id)).toEqual([second.id, first.id]);
    expect(res.body[0]).toMatchObject({ id: second.id, kind: 'public', channelId, contact: { id: first.contact.id }, tags: [] });
    expect(res.body.map((c: any) => c.id)).not.toContain(stranger.id);
    expect((await stack.request('GET', `/api/contacts/${NO_SUCH_ID}/conversations`, { token: author.token })).status).toBe(404);
  });

  it('lets admins choose which contact attributes show and in which order; agents read it', async () => {
    expect((await stack.request('GET', '/api/settings/contact-attributes', { token: author.token })).body).toEqual([]);
    const list = [
      { key: 'orderNumber', label: 'Order number', shown: true, position: 2 },
      { key: 'language', label: 'Language', shown: true, position: 1 },
      { key: 'internalScore', label: 'Score', shown: false, position: 3 },
    ];
    const byAgent = await stack.request('PUT', '/api/settings/contact-attributes', { token: author.token, payload: list });
    expect(byAgent.status).toBe(403);
    const put = await stack.request('PUT', '/api/settings/contact-attributes', { token: stack.adminToken, payload: list });
    expect(put.status).toBe(200);
    expect(put.body.map((a: any) => a.key)).toEqual(['language', 'orderNumber', 'internalScore']);
    const read = await stack.request('GET', '/api/settings/contact-attributes', { token: author.token });
    expect(read.body).toEqual(put.body);

    const twice = await stack.request('PUT', '/api/settings/contact-attributes', {
      token: stack.adminToken,
      payload: [list[0], { ...list[0], label: 'Again' }],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/orderNumber is listed twice/);
    const badKey = await stack.request('PUT', '/api/settings/contact-attributes', {
      token: stack.adminToken,
      payload: [{ key: 'has space', label: 'x', shown: true, position: 0 }],
    });
    expect(badKey.status).toBe(400);
    expect((await stack.request('GET', '/api/settings/contact-attributes', { token: author.token })).body).toEqual(put.body);
  });

  it('keeps each user\'s name, language and time zone, refusing unknown zones and languages', async () => {
    const before = await stack.request('GET', '/api/me', { token: author.token });
    expect(before.body).toMatchObject({ id: author.id, role: 'agent', language: null, timeZone: null });
    const put = await stack.request('PUT', '/api/me', { token: author.token, payload: { name: 'Camille', language: 'fr', timeZone: 'Europe/Paris' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: author.id, name: 'Camille', language: 'fr', timeZone: 'Europe/Paris' });
    expect((await stack.request('GET', '/api/me', { token: author.token })).body).toEqual(put.body);

    const zone = await stack.request('PUT', '/api/me', { token: author.token, payload: { timeZone: 'Europe/Atlantis' } });
    expect(zone.status).toBe(400);
    expect(zone.body.message).toMatch(/Europe\/Atlantis" is not an IANA time zone/);
    const language = await stack.request('PUT', '/api/me', { token: author.token, payload: { language: 'de' } });
    expect(language.status).toBe(400);
    expect(language.body.message).toMatch(/language/);
    expect((await stack.request('PUT', '/api/me', { token: author.token, payload: {} })).status).toBe(400);

    const cleared = await stack.request('PUT', '/api/me', { token: author.token, payload: { language: null, timeZone: null } });
    expect(cleared.body).toMatchObject({ name: 'Camille', language: null, timeZone: null });
    // Another user's profile is untouched.
    expect((await stack.request('GET', '/api/me', { token: colleague.token })).body.language).toBe(null);
  });
});
