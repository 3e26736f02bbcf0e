// The admin audit (api.md "Context, permissions and metrics"): every admin change is recorded with
// who, when, and the target's state before and after, secrets masked; GET /api/audit filters and
// pages it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

const automation = (name: string, enabled = true) => ({
  schema: 'switchboard.automation/1',
  name,
  enabled,
  triggers: ['message.received'],
  when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' }] },
  then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }],
  stop: false,
});

describe('the admin audit', () => {
  let stack: ApiStack;
  const admin = (method: string, url: string, payload?: unknown) => stack.request(method, url, { token: stack.adminToken, payload });
  const audit = async (query: string, token = stack.adminToken) => {
    const res = await stack.request('GET', `/api/audit?${query}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.body as { items: any[]; nextCursor?: string };
  };

  beforeAll(async () => {
    stack = await startApiStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is declared on every admin route that is not a GET, so a new route cannot forget it', () => {
    const routes = stack.services.server!.table().filter((r) => r.method !== 'get' && r.settings.app?.role === 'admin');
    expect(routes.length).toBeGreaterThan(20);
    const undeclared = routes.filter((r) => !r.settings.app?.audit).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(undeclared).toEqual([]);
  });

  it('records a channel update with the state before and after, secrets masked everywhere', async () => {
    const created = await admin('POST', '/api/channels', { type: 'sandbox', name: 'Web chat', config: { secret: 'first-secret-value' } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const updated = await admin('PATCH', `/api/channels/${id}`, { name: 'Website chat', config: { secret: 'second-secret-value' } });
    expect(updated.status).toBe(200);

    const { items } = await audit('type=channel');
    const mine = items.filter((e) => e.target.id === id);
    expect(mine.map((e) => e.type)).toEqual(['channel.updated', 'channel.created']);
    const [update, create] = mine;
    const adminUser = (await stack.request('GET', '/api/me', { token: stack.adminToken })).body;
    expect(update).toMatchObject({
      actor: { id: adminUser.id, name: adminUser.name },
      at: expect.any(String),
      target: { kind: 'channel', id, name: 'Website chat' },
      before: { id, type: 'sandbox', name: 'Web chat', config: { secret: '[redacted]' } },
      // The secret was replaced: the entry says so without saying what it is.
      after: { id, type: 'sandbox', name: 'Website chat', config: { secret: '[redacted, changed]' } },
    });
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({ name: 'Web chat', config: { secret: '[redacted]' } });

    const stored = JSON.stringify(await stack.services.db('admin_audit').select('*'));
    expect(stored).not.toContain('first-secret-value');
    expect(stored).not.toContain('second-secret-value');

    expect((await admin('PATCH', `/api/channels/${id}`, { name: 'Chat' })).status).toBe(200);
    const [rename] = (await audit('type=channel.updated')).items;
    expect(rename.after.config).toEqual({ secret: '[redacted]' });

    expect((await admin('DELETE', `/api/channels/${id}`)).status).toBe(200);
    const [deleted] = (await audit('type=channel.deleted')).items;
    expect(deleted).toMatchObject({ target: { kind: 'channel', id, name: 'Chat' }, before: { name: 'Chat' }, after: null });
  });

  it('records a document from creation to publication, and turning it off', async () => {
    const created = await admin('POST', '/api/automations', { document: automation('Refunds') });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await admin('PUT', `/api/automations/${id}/draft`, { document: automation('Refunds (edited)') })).status).toBe(200);
    expect((await admin('POST', `/api/automations/${id}/publish`)).status).toBe(200);
    expect((await admin('PUT', `/api/automations/${id}/draft`, { document: automation('Refunds (edited)', false) })).status).toBe(200);
    expect((await admin('POST', `/api/automations/${id}/publish`)).status).toBe(200);

    const items = (await audit('type=automation')).items.filter((e) => e.target.id === id);
    expect(items.map((e) => e.type)).toEqual(['automation.disabled', 'automation.draft-saved', 'automation.published', 'automation.draft-saved', 'automation.created']);
    const published = items[2];
    expect(published.target).toEqual({ kind: 'automation', id, name: 'Refunds (edited)' });
    expect(published.before.published).toBeNull();
    expect(published.after.published).toMatchObject({ version: 1, document: { name: 'Refunds (edited)', enabled: true } });
    expect(items[0].before.published.version).toBe(1);
    expect(items[0].after.published).toMatchObject({ version: 2, document: { enabled: false } });
  });

  it('records setting changes with the values before and after', async () => {
    const before = (await admin('GET', '/api/settings/unassign')).body;
    const put = await admin('PUT', '/api/settings/unassign', { enabled: true, offlineAfterSeconds: 300 });
    expect(put.status).toBe(200);
    const [entry] = (await audit('type=setting.updated')).items;
    expect(entry).toMatchObject({ target: { kind: 'setting', id: 'unassign', name: 'unassign' }, before, after: { enabled: true, offlineAfterSeconds: 300 } });

    const shown = [{ key: 'plan', label: 'Plan', shown: true, position: 1 }];
    expect((await admin('PUT', '/api/settings/contact-attributes', shown)).status).toBe(200);
    const [attributes] = (await audit('type=setting.updated')).items;
    expect(attributes).toMatchObject({ target: { kind: 'setting', id: 'contact-attributes' }, before: [], after: shown });
  });

  it('records people changes and nothing for a refused request', async () => {
    const agent = await stack.userToken('agent');
    expect((await admin('PATCH', `/api/users/${agent.id}`, { capacity: 0 })).status).toBe(400);
    expect((await admin('PATCH', `/api/users/${agent.id}`, { disabled: true })).status).toBe(200);
    const items = (await audit('type=user')).items.filter((e) => e.target.id === agent.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'user.updated', before: { disabled: false, role: 'agent' }, after: { disabled: true, role: 'agent' } });
    expect(JSON.stringify(items[0])).not.toMatch(/password/);
  });

  it('filters by actor, type and time, and pages newest first without gaps or repeats', async () => {
    const other = await stack.userToken('admin');
    const start = new Date().toISOString();
    for (const name of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
      expect((await stack.request('POST', '/api/tags', { token: other.token, payload: { name } })).status).toBe(201);
    }
    expect((await admin('POST', '/api/tags', { name: 'zeta' })).status).toBe(201);

    const byOther = await audit(`actorId=${other.id}`);
    expect(byOther.items.map((e) => e.after.name)).toEqual(['epsilon', 'delta', 'gamma', 'beta', 'alpha']);
    expect(byOther.items.every((e) => e.type === 'tag.created' && e.actor.id === other.id)).toBe(true);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await audit(`type=tag.created&from=${encodeURIComponent(start)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.after.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['zeta', 'epsilon', 'delta', 'gamma', 'beta', 'alpha']);

    expect((await audit(`type=tag&to=${encodeURIComponent(start)}`)).items.map((e) => e.after.name)).not.toContain('alpha');
    expect((await audit('type=nothing.of-the-kind')).items).toEqual([]);
  });

  it('is for admins, and refuses a bad query saying what to fix', async () => {
    const agent = await stack.userToken('agent');
    expect((await stack.request('GET', '/api/audit', { token: agent.token })).status).toBe(403);
    for (const [query, field] of [['limit=0', 'limit'], ['from=yesterday', 'from'], ['actorId=someone', 'actorId'], ['cursor=abc', 'cursor']]) {
      const res = await stack.request('GET', `/api/audit?${query}`, { token: stack.adminToken });
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toContain(field);
    }
  });
});
