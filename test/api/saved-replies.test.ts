// Saved replies on the real stack: who keeps, sees and changes which reply, search, bad input, and
// the automation action that sends one. Also GET /api/users showing capacity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';

const SECRET = 'saved-replies-secret';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('saved replies', () => {
  let stack: ApiStack;
  let web: string;
  let shop: string;
  let billingTeam: string;
  let salesTeam: string;
  let alice: { token: string; id: string }; // agent in Billing
  let bruno: { token: string; id: string }; // agent in Sales
  let admin2: { token: string; id: string };
  let n = 0;

  const as = (token: string, method: string, url: string, payload?: unknown) => stack.request(method, url, { token, payload });
  const names = (body: any[]) => body.map((r) => r.name);
  const list = async (token: string, query = '') => {
    const res = await as(token, 'GET', `/api/saved-replies${query}`);
    expect(res.status).toBe(200);
    return res.body as any[];
  };
  /** Every reply in the database, seen by an admin: personal ones of the admin plus every shared one. */
  const sharedNames = async () => names(await list(stack.adminToken, '?all=true'));

  beforeAll(async () => {
    stack = await startApiStack();
    const channel = async (name: string) => {
      const res = await as(stack.adminToken, 'POST', '/api/channels', { type: 'sandbox', name, config: { secret: SECRET } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    web = await channel('Web chat');
    shop = await channel('Shop chat');
    alice = await stack.userToken('agent');
    bruno = await stack.userToken('agent');
    admin2 = await stack.userToken('admin');
    const team = async (name: string, memberIds: string[]) => {
      const res = await as(stack.adminToken, 'POST', '/api/teams', { name, memberIds });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    billingTeam = await team('Billing', [alice.id]);
    salesTeam = await team('Sales', [bruno.id]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lets an agent keep personal replies that only they see, edit and delete', async () => {
    const created = await as(alice.token, 'POST', '/api/saved-replies', { name: 'My greeting', text: 'Hi, Alice here!', collection: 'Openers' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'My greeting',
      text: 'Hi, Alice here!',
      collection: 'Openers',
      personal: true,
      shared: false,
      ownerUserId: alice.id,
      channelIds: [],
      teamIds: [],
      createdBy: alice.id,
    });
    const id = created.body.id;
    expect(names(await list(alice.token))).toContain('My greeting');
    expect((await as(alice.token, 'GET', `/api/saved-replies/${id}`)).body.text).toBe('Hi, Alice here!');

    // Nobody else sees it or can touch it, admins included: it answers as if it did not exist.
    for (const token of [bruno.token, stack.adminToken]) {
      expect(names(await list(token))).not.toContain('My greeting');
      expect((await as(token, 'GET', `/api/saved-replies/${id}`)).status).toBe(404);
      expect((await as(token, 'PATCH', `/api/saved-replies/${id}`, { text: 'hijacked' })).status).toBe(404);
      expect((await as(token, 'DELETE', `/api/saved-replies/${id}`)).status).toBe(404);
    }
    expect(names(await list(stack.adminToken, '?all=true'))).not.toContain('My greeting');
    expect((await as(alice.token, 'GET', `/api/saved-replies/${id}`)).body.text).toBe('Hi, Alice here!');

    const edited = await as(alice.token, 'PATCH', `/api/saved-replies/${id}`, { text: 'Hello, Alice here!', collection: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'My greeting', text: 'Hello, Alice here!', collection: null, updatedBy: alice.id });
    expect(Date.parse(edited.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));

    const deleted = await as(alice.token, 'DELETE', `/api/saved-replies/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: true });
    expect(names(await list(alice.token))).not.toContain('My greeting');
    expect((await as(alice.token, 'DELETE', `/api/saved-replies/${id}`)).status).toBe(404);
  });

  it('refuses shared replies to agents (403 saying only admins may), storing nothing', async () => {
    for (const payload of [
      { name: 'Team answer', text: 'Shared by an agent', personal: false },
      { title: 'Team answer', text: 'Shared by an agent', shared: true },
      { name: 'Team answer', text: 'Shared by an agent', personal: false, teamIds: [billingTeam] },
    ]) {
      const res = await as(alice.token, 'POST', '/api/saved-replies', payload);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/only admins create shared saved replies/);
    }
    expect(await sharedNames()).not.toContain('Team answer');
    expect(names(await list(alice.token))).not.toContain('Team answer');
  });

  it('lets admins create, edit and delete shared replies, which agents use but cannot change', async () => {
    const created = await as(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Opening hours', text: 'We are open 9–17.', personal: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ personal: false, shared: true, ownerUserId: null, channelIds: [], teamIds: [] });
    const id = created.body.id;

    // Every agent sees a reply shared with every team and channel.
    expect(names(await list(alice.token))).toContain('Opening hours');
    expect(names(await list(bruno.token, `?channelId=${shop}`))).toContain('Opening hours');

    const patchRefused = await as(alice.token, 'PATCH', `/api/saved-replies/${id}`, { text: 'Always open!' });
    expect(patchRefused.status).toBe(403);
    expect(patchRefused.body.message).toMatch(/only admins/);
    expect((await as(alice.token, 'DELETE', `/api/saved-replies/${id}`)).status).toBe(403);
    expect((await as(alice.token, 'GET', `/api/saved-replies/${id}`)).body.text).toBe('We are open 9–17.');

    // Any admin, not only its author.
    const edited = await as(admin2.token, 'PATCH', `/api/saved-replies/${id}`, { name: 'Hours', text: 'We are open 8–18.', teamIds: [salesTeam] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Hours', text: 'We are open 8–18.', teamIds: [salesTeam], updatedBy: admin2.id, shared: true });
    expect(names(await list(alice.token))).not.toContain('Hours');
    expect(names(await list(bruno.token))).toContain('Hours');

    expect((await as(admin2.token, 'DELETE', `/api/saved-replies/${id}`)).status).toBe(200);
    expect(names(await list(bruno.token))).not.toContain('Hours');
    expect(await sharedNames()).not.toContain('Hours');
  });

  it('shows shared replies by team and channel, sorted by collection then name', async () => {
    const shared = async (name: string, collection: string | undefined, scope: { teamIds?: string[]; channelIds?: string[] }) => {
      const res = await as(stack.adminToken, 'POST', '/api/saved-replies', { name, text: `${name} text`, collection, personal: false, ...scope });
      expect(res.status).toBe(201);
      return res.body;
    };
    await shared('V everyone', 'Visibility', {});
    await shared('V billing', 'Visibility', { teamIds: [billingTeam] });
    await shared('V billing or sales', 'Visibility', { teamIds: [billingTeam, salesTeam] });
    await shared('V web', 'Visibility', { channelIds: [web] });
    await shared('V billing on shop', 'Visibility', { teamIds: [billingTeam], channelIds: [shop] });
    await shared('v apple (lower case)', 'Visibility', {});
    await shared('V Émile', 'Visibility', {});
    await shared('V no collection', undefined, {});
    await shared('V a first collection', 'Ä collection', {});
    const own = await as(alice.token, 'POST', '/api/saved-replies', { name: 'V mine', text: 'mine', collection: 'Visibility' });
    expect(own.status).toBe(201);

    const visible = async (token: string, query = '') => names(await list(token, query)).filter((name) => /^v /i.test(name));

    // Sorted by collection (accents and case aside; none last), then name likewise.
    expect(await visible(alice.token)).toEqual([
      'V a first collection',
      'v apple (lower case)',
      'V billing',
      'V billing on shop',
      'V billing or sales',
      'V Émile',
      'V everyone',
      'V mine',
      'V web',
      'V no collection',
    ]);
    expect(await visible(bruno.token)).toEqual(['V a first collection', 'v apple (lower case)', 'V billing or sales', 'V Émile', 'V everyone', 'V web', 'V no collection']);
    // In a conversation of the shop channel: nothing meant only for the web channel.
    expect(await visible(alice.token, `?channelId=${shop}`)).toEqual([
      'V a first collection',
      'v apple (lower case)',
      'V billing',
      'V billing on shop',
      'V billing or sales',
      'V Émile',
      'V everyone',
      'V mine',
      'V no collection',
    ]);
    expect(await visible(alice.token, `?channelId=${web}`)).not.toContain('V billing on shop');
    expect(await visible(alice.token, `?channelId=${web}`)).toContain('V web');

    // An admin outside every team sees only what is meant for every team, unless asking for all.
    expect(await visible(stack.adminToken)).not.toContain('V billing');
    expect(await visible(stack.adminToken, '?all=true')).toContain('V billing on shop');
    expect(await visible(stack.adminToken, '?all=true')).not.toContain('V mine');
    const allRefused = await as(alice.token, 'GET', '/api/saved-replies?all=true');
    expect(allRefused.status).toBe(403);

    // A reply shared with a team the agent is not in is not theirs to read by id either.
    const billingOnly = (await list(stack.adminToken, '?all=true')).find((r) => r.name === 'V billing');
    expect((await as(bruno.token, 'GET', `/api/saved-replies/${billingOnly.id}`)).status).toBe(404);
    expect((await as(bruno.token, 'PATCH', `/api/saved-replies/${billingOnly.id}`, { text: 'x' })).status).toBe(404);
    expect((await as(alice.token, 'GET', `/api/saved-replies/${billingOnly.id}`)).status).toBe(200);

    const unknownChannel = await as(alice.token, 'GET', `/api/saved-replies?channelId=${NO_SUCH_ID}`);
    expect(unknownChannel.status).toBe(400);
    expect(unknownChannel.body.message).toContain(NO_SUCH_ID);
  });

  it('searches name and text ignoring case and accents', async () => {
    const make = async (name: string, text: string, token = stack.adminToken) => {
      const res = await as(token, 'POST', '/api/saved-replies', { name, text, personal: token !== stack.adminToken });
      expect(res.status).toBe(201);
    };
    await make('Suivi de commande', 'Votre numéro de suivi est dans l’e-mail de confirmation.');
    await make('Remboursement', 'Le REMBOURSEMENT arrive sous 5 jours.');
    await make('Œuvre', 'Straße und Ørsted');
    await make('Élodie’s note', 'personal', alice.token);

    const search = async (q: string, token = alice.token) => names(await list(token, `?q=${encodeURIComponent(q)}`));
    expect(await search('suivi')).toEqual(['Suivi de commande']);
    expect(await search('NUMERO')).toEqual(['Suivi de commande']);
    expect(await search('numéro')).toEqual(['Suivi de commande']);
    expect(await search('rembourse')).toEqual(['Remboursement']);
    expect(await search('élodie')).toEqual(['Élodie’s note']);
    expect(await search('ELODIE')).toEqual(['Élodie’s note']);
    expect(await search('oeuvre')).toEqual(['Œuvre']);
    expect(await search('strasse orsted')).toEqual(['Œuvre']);
    // Every word must be found.
    expect(await search('suivi remboursement')).toEqual([]);
    expect(await search('commande confirmation')).toEqual(['Suivi de commande']);
    // Another agent's personal reply is never a search result.
    expect(await search('elodie', bruno.token)).toEqual([]);
    // The name stays searchable after a rename, the old one does not.
    const remb = (await list(stack.adminToken, '?all=true&q=remboursement'))[0];
    expect((await as(stack.adminToken, 'PATCH', `/api/saved-replies/${remb.id}`, { name: 'Refund delay', text: 'Money back in 5 days.' })).status).toBe(200);
    expect(await search('rembourse')).toEqual([]);
    expect(await search('refund')).toEqual(['Refund delay']);
  });

  it('answers bad input with 400 naming the field, and stores nothing', async () => {
    const before = await sharedNames();
    const beforeAlice = names(await list(alice.token));
    const bad = async (token: string, method: string, url: string, payload: unknown, expected: RegExp) => {
      const res = await as(token, method, url, payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.message).toMatch(expected);
    };
    await bad(alice.token, 'POST', '/api/saved-replies', { text: 'no name' }, /name, title/);
    await bad(alice.token, 'POST', '/api/saved-replies', { name: 'No text' }, /"text" is required/);
    await bad(alice.token, 'POST', '/api/saved-replies', { name: 'Too long', text: 'x'.repeat(2001) }, /"text".*2000/);
    await bad(alice.token, 'POST', '/api/saved-replies', { name: 'Blank', text: '   ' }, /"text"/);
    await bad(alice.token, 'POST', '/api/saved-replies', { name: 'x'.repeat(201), text: 'ok' }, /"name"/);
    await bad(alice.token, 'POST', '/api/saved-replies', { name: 'Both', text: 'ok', personal: true, shared: true }, /personal.*shared|shared.*personal/);
    await bad(alice.token, 'POST', '/api/saved-replies', { name: 'Scoped', text: 'ok', teamIds: [billingTeam] }, /teamIds.*shared/);
    await bad(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Bad id', text: 'ok', personal: false, channelIds: ['web'] }, /"channelIds\[0\]"/);
    await bad(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Huh', text: 'ok', colour: 'red' }, /"colour" is not allowed/);

    // Unknown channel and team ids are named.
    const otherId = '11111111-1111-4111-8111-111111111111';
    await bad(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Ghost channel', text: 'ok', personal: false, channelIds: [web, NO_SUCH_ID] }, new RegExp(`channelIds.*${NO_SUCH_ID}`));
    await bad(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Ghost team', text: 'ok', personal: false, teamIds: [otherId, billingTeam] }, new RegExp(`teamIds.*${otherId}`));
    // A deleted channel is not a channel to share with.
    const gone = await as(stack.adminToken, 'POST', '/api/channels', { type: 'sandbox', name: 'Closed chat', config: { secret: 'closed' } });
    expect((await as(stack.adminToken, 'DELETE', `/api/channels/${gone.body.id}`)).status).toBe(200);
    await bad(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Closed', text: 'ok', personal: false, channelIds: [gone.body.id] }, new RegExp(gone.body.id));

    expect(await sharedNames()).toEqual(before);
    expect(names(await list(alice.token))).toEqual(beforeAlice);

    // Changes: the same checks, and the reply keeps what it had.
    const shared = await as(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Stable', text: 'unchanged', personal: false, teamIds: [billingTeam] });
    const mine = await as(alice.token, 'POST', '/api/saved-replies', { name: 'Stable mine', text: 'unchanged' });
    await bad(stack.adminToken, 'PATCH', `/api/saved-replies/${shared.body.id}`, {}, /at least 1 key/);
    await bad(stack.adminToken, 'PATCH', `/api/saved-replies/${shared.body.id}`, { text: 'y'.repeat(2001) }, /"text"/);
    await bad(stack.adminToken, 'PATCH', `/api/saved-replies/${shared.body.id}`, { text: 'changed', teamIds: [NO_SUCH_ID] }, new RegExp(`teamIds.*${NO_SUCH_ID}`));
    await bad(alice.token, 'PATCH', `/api/saved-replies/${mine.body.id}`, { text: 'changed', channelIds: [web] }, /personal/);
    await bad(alice.token, 'PATCH', '/api/saved-replies/not-an-id', { text: 'changed' }, /"id"/);
    expect((await as(stack.adminToken, 'GET', `/api/saved-replies/${shared.body.id}`)).body).toMatchObject({ text: 'unchanged', teamIds: [billingTeam] });
    expect((await as(alice.token, 'GET', `/api/saved-replies/${mine.body.id}`)).body).toMatchObject({ text: 'unchanged', channelIds: [] });
    expect((await as(alice.token, 'PATCH', `/api/saved-replies/${NO_SUCH_ID}`, { text: 'x' })).status).toBe(404);
  });

  it('accepts the api.md spelling { title, text, shared }', async () => {
    const res = await as(stack.adminToken, 'POST', '/api/saved-replies', { title: 'Spelled the old way', text: 'Hello', shared: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Spelled the old way', title: 'Spelled the old way', shared: true, personal: false });
    const own = await as(bruno.token, 'POST', '/api/saved-replies', { title: 'Bruno old way', text: 'Hi', shared: false });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ title: 'Bruno old way', shared: false, ownerUserId: bruno.id });
    const renamed = await as(bruno.token, 'PATCH', `/api/saved-replies/${own.body.id}`, { title: 'Bruno renamed' });
    expect(renamed.body).toMatchObject({ name: 'Bruno renamed', title: 'Bruno renamed' });
  });

  it('sends only shared replies from an automation; a personal or unknown id sends nothing', async () => {
    const shared = await as(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Tracking', text: 'Track your parcel at example.com/track', personal: false });
    const personal = await as(stack.adminToken, 'POST', '/api/saved-replies', { name: 'Admin private', text: 'PRIVATE NOTE OF AN ADMIN' });
    expect(personal.body.personal).toBe(true);
    const created = await as(stack.adminToken, 'POST', '/api/automations', {
      document: {
        schema: 'switchboard.automation/1',
        name: 'Tracking answers',
        enabled: true,
        triggers: ['conversation.created'],
        when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'parcel' }] },
        then: [
          { id: 'a1', type: 'sendSavedReply', savedReplyId: personal.body.id },
          { id: 'a2', type: 'sendSavedReply', savedReplyId: 'not-a-uuid' },
          { id: 'a3', type: 'sendSavedReply', savedReplyId: NO_SUCH_ID },
          { id: 'a4', type: 'sendSavedReply', savedReplyId: shared.body.id },
        ],
        stop: false,
      },
    });
    expect(created.status).toBe(201);
    expect((await as(stack.adminToken, 'POST', `/api/automations/${created.body.id}/publish`)).status).toBe(200);

    const body = JSON.stringify({ id: `msg-${++n}`, from: { id: 'paula', name: 'Customer paula' }, text: 'Where is my parcel?', kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${web}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    const outbound = await stack.eventually(async () => {
      const page = await as(stack.adminToken, 'GET', `/api/conversations?channelId=${web}&limit=100`);
      const convo = (page.body.items as any[]).find((c) => c.contact.name === 'Customer paula');
      if (!convo) return undefined;
      const detail = await as(stack.adminToken, 'GET', `/api/conversations/${convo.id}`);
      const out = (detail.body.messages as any[]).filter((m) => m.direction === 'out');
      return out.length ? out : undefined;
    });
    // The actions run in order, so the personal and unknown ones were tried before the shared one.
    expect(outbound.map((m: any) => m.text)).toEqual(['Track your parcel at example.com/track']);
  });

  it("lists each user's capacity in GET /api/users (null: the org default)", async () => {
    expect((await as(stack.adminToken, 'PATCH', `/api/users/${alice.id}`, { capacity: 5 })).status).toBe(200);
    const users = await as(stack.adminToken, 'GET', '/api/users');
    expect(users.status).toBe(200);
    const byId = new Map((users.body as any[]).map((u) => [u.id, u]));
    expect(byId.get(alice.id)).toMatchObject({ id: alice.id, role: 'agent', capacity: 5 });
    expect(byId.get(bruno.id)).toMatchObject({ id: bruno.id, capacity: null });
    expect((users.body as any[]).every((u) => 'capacity' in u && !('password_hash' in u))).toBe(true);

    expect((await as(stack.adminToken, 'PATCH', `/api/users/${alice.id}`, { capacity: null })).status).toBe(200);
    const again = await as(stack.adminToken, 'GET', '/api/users');
    expect((again.body as any[]).find((u) => u.id === alice.id).capacity).toBeNull();
  });

  it('documents the routes in /openapi.json', async () => {
    const res = await stack.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    expect(paths['/api/saved-replies'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['channelId', 'q']));
    expect(paths['/api/saved-replies'].post.requestBody).toBeDefined();
    expect(paths['/api/saved-replies'].post.responses['403']).toBeDefined();
    expect(paths['/api/saved-replies/{id}'].patch.requestBody).toBeDefined();
    expect(paths['/api/saved-replies/{id}'].delete.responses['404']).toBeDefined();
    const usersSchema = JSON.stringify(res.body.paths['/api/users'].get.responses['200']);
    const components = JSON.stringify(res.body.components?.schemas ?? {});
    expect(usersSchema + components).toContain('capacity');
  });
});
