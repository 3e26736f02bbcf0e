import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../engine/features/automation/documents/kinds.js';
import { listPublished } from '../../engine/features/automation/documents/repository.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

const automation = (name: string, text = 'remboursement', extra: Record<string, unknown> = {}) => ({
  schema: 'switchboard.automation/1',
  name,
  enabled: true,
  triggers: ['message.received'],
  when: {
    id: 'g1',
    all: [
      { id: 'c1', fact: 'message.text', operator: 'contains', value: text },
      { id: 'g2', any: [{ id: 'c2', fact: 'channel.type', operator: 'in', value: ['messenger', 'whatsapp'] }] },
    ],
  },
  then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }],
  stop: false,
  layout: { g1: { x: 40, y: 80 } },
  ...extra,
});

const skillSet = (name: string) => ({
  schema: 'switchboard.skillset/1',
  name,
  enabled: true,
  when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.language', operator: 'equal', value: 'fr' }] },
  target: { teamId: 'team-fr' },
  strategy: 'balanced',
});

const contactGroup = (name: string) => ({
  schema: 'switchboard.contactgroup/1',
  name,
  enabled: true,
  when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.attributes.plan', operator: 'equal', value: 'gold' }] },
});

/** Two invalid elements: c1 (an operator that does not fit its fact) and a1 (an action missing its field). */
const twiceInvalid = (name: string) =>
  automation(name, 'x', {
    when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'greaterThan', value: 3 }] },
    then: [{ id: 'a1', type: 'setTopic' }],
  });

describe('admin documents API', () => {
  let stack: ApiStack;
  let agent: { token: string; id: string };
  const as = (method: string, url: string, payload?: unknown, token = stack.adminToken) => stack.request(method, url, { token, payload });

  beforeAll(async () => {
    stack = await startApiStack();
    agent = await stack.userToken('agent');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('creates, reads, lists, edits and deletes an automation', async () => {
    const created = await as('POST', '/api/automations', { document: automation('Refunds') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), draft: { name: 'Refunds', layout: { g1: { x: 40, y: 80 } } } });
    const id = created.body.id;

    const one = await as('GET', `/api/automations/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ id, draft: created.body.draft, published: null, versions: [] });

    const list = await as('GET', '/api/automations');
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    const item = list.body.find((d: any) => d.id === id);
    expect(item).toMatchObject({ id, name: 'Refunds', enabled: true, draftUpdatedAt: expect.any(String) });
    expect(item.published).toBeUndefined();

    const edited = await as('PUT', `/api/automations/${id}/draft`, { document: automation('Refunds (edited)') });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, valid: true, errors: [], draft: { name: 'Refunds (edited)' } });
    expect((await as('GET', '/api/automations')).body.find((d: any) => d.id === id).name).toBe('Refunds (edited)');

    const deleted = await as('DELETE', `/api/automations/${id}`);
    expect(deleted.status).toBe(200);
    expect((await as('GET', `/api/automations/${id}`)).status).toBe(404);
    expect((await as('GET', '/api/automations')).body.find((d: any) => d.id === id)).toBeUndefined();
    expect((await as('DELETE', `/api/automations/${id}`)).status).toBe(404);
  });

  it('refuses an invalid document with 400 listing every invalid element by id', async () => {
    const res = await as('POST', '/api/automations', { document: twiceInvalid('Broken') });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    const ids = res.body.errors.map((e: any) => e.elementId);
    expect(ids).toContain('c1');
    expect(ids).toContain('a1');
    for (const e of res.body.errors) expect(e).toMatchObject({ path: expect.any(String), message: expect.any(String) });
    expect((await as('GET', '/api/automations')).body.find((d: any) => d.name === 'Broken')).toBeUndefined();
  });

  it('refuses a document whose schema is not the kind of the list', async () => {
    const res = await as('POST', '/api/automations', { document: skillSet('Wrong list') });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'schema', message: expect.stringMatching(/switchboard\.automation\/1/) });
    const missing = await as('POST', '/api/skill-sets', {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/document/);
  });

  it('publishes versions, keeps them immutable, and rolls back as a new version', async () => {
    const { body: created } = await as('POST', '/api/automations', { document: automation('Versioned', 'remboursement') });
    const id = created.id;

    const v1 = await as('POST', `/api/automations/${id}/publish`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/), unchanged: false });

    const again = await as('POST', `/api/automations/${id}/publish`);
    expect(again.body).toMatchObject({ version: 1, hash: v1.body.hash, unchanged: true });

    await as('PUT', `/api/automations/${id}/draft`, { document: automation('Versioned', 'refund') });
    const v2 = await as('POST', `/api/automations/${id}/publish`);
    expect(v2.body).toMatchObject({ version: 2, unchanged: false });
    expect(v2.body.hash).not.toBe(v1.body.hash);

    const v3 = await as('POST', `/api/automations/${id}/rollback`, { version: 1 });
    expect(v3.status).toBe(200);
    expect(v3.body).toMatchObject({ version: 3, hash: v1.body.hash });

    const detail = await as('GET', `/api/automations/${id}`);
    expect(detail.body.published).toMatchObject({ version: 3, hash: v1.body.hash, rollbackOf: 1 });
    expect(detail.body.published.document.when.all[0].value).toBe('remboursement');
    expect(detail.body.draft.when.all[0].value).toBe('refund');
    expect(detail.body.versions.map((v: any) => [v.version, v.hash])).toEqual([
      [1, v1.body.hash],
      [2, v2.body.hash],
      [3, v1.body.hash],
    ]);
    expect(detail.body.versions[0]).toMatchObject({ publishedAt: expect.any(String), by: { id: expect.any(String) } });

    const list = await as('GET', '/api/automations');
    expect(list.body.find((d: any) => d.id === id).published).toMatchObject({ version: 3, hash: v1.body.hash });
    // the list says who published the live version, as the version list does
    expect(list.body.find((d: any) => d.id === id).published.by).toEqual(detail.body.published.by);
    expect(detail.body.published.by).toMatchObject({ id: expect.any(String) });

    // a stored version cannot be edited, even directly in the database
    await expect(stack.services.db('document_versions').where({ document_id: id, version: 1 }).update({ hash: 'forged' })).rejects.toThrow(/immutable/);

    const unknown = await as('POST', `/api/automations/${id}/rollback`, { version: 9 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/no version 9.*1, 2, 3/);
    expect((await as('POST', `/api/automations/${id}/rollback`, { version: 0 })).status).toBe(400);
  });

  it('hashes logic only: moving a box changes neither what is published nor its hash', async () => {
    const { body: created } = await as('POST', '/api/automations', { document: automation('Layout') });
    const v1 = await as('POST', `/api/automations/${created.id}/publish`);
    await as('PUT', `/api/automations/${created.id}/draft`, { document: automation('Layout', 'remboursement', { layout: { g1: { x: 0, y: 0 } } }) });
    const v2 = await as('POST', `/api/automations/${created.id}/publish`);
    expect(v2.body).toMatchObject({ version: 2, hash: v1.body.hash });
  });

  it('saves an invalid draft but refuses to publish it, leaving the published version unchanged', async () => {
    const { body: created } = await as('POST', '/api/automations', { document: automation('Guarded') });
    const id = created.id;
    const v1 = await as('POST', `/api/automations/${id}/publish`);

    const saved = await as('PUT', `/api/automations/${id}/draft`, { document: twiceInvalid('Guarded') });
    expect(saved.status).toBe(200);
    expect(saved.body.valid).toBe(false);
    expect(saved.body.errors.map((e: any) => e.elementId)).toEqual(expect.arrayContaining(['c1', 'a1']));

    const refused = await as('POST', `/api/automations/${id}/publish`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: any) => e.elementId)).toEqual(expect.arrayContaining(['c1', 'a1']));

    const detail = await as('GET', `/api/automations/${id}`);
    expect(detail.body.versions).toHaveLength(1);
    expect(detail.body.published).toMatchObject({ version: 1, hash: v1.body.hash });
    expect(detail.body.published.document.when.all[0].operator).toBe('contains');

    const otherKind = await as('PUT', `/api/automations/${id}/draft`, { document: contactGroup('Not an automation') });
    expect(otherKind.status).toBe(400);
    expect(otherKind.body.errors[0].path).toBe('schema');
  });

  it('orders a list only with exactly its ids', async () => {
    const ids: string[] = [];
    for (const name of ['First', 'Second', 'Third']) {
      const res = await as('POST', '/api/skill-sets', { document: skillSet(name) });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    expect((await as('GET', '/api/skill-sets')).body.map((d: any) => d.id)).toEqual(ids);

    const reversed = [...ids].reverse();
    const ordered = await as('POST', '/api/skill-sets/order', { ids: reversed });
    expect(ordered.status).toBe(200);
    expect(ordered.body.map((d: any) => d.id)).toEqual(reversed);
    expect((await as('GET', '/api/skill-sets')).body.map((d: any) => d.id)).toEqual(reversed);

    await as('POST', `/api/skill-sets/${ids[0]}/publish`);
    await as('POST', `/api/skill-sets/${ids[2]}/publish`);
    const published = await listPublished(stack.services.db, KINDS.find((k) => k.path === 'skill-sets')!);
    expect(published.map((p) => [p.id, p.version])).toEqual([[ids[2], 1], [ids[0], 1]]);

    const missing = await as('POST', '/api/skill-sets/order', { ids: reversed.slice(1) });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain(reversed[0]);
    const repeated = await as('POST', '/api/skill-sets/order', { ids: [...reversed, reversed[0]] });
    expect(repeated.status).toBe(400);
    const { body: automationDoc } = await as('POST', '/api/automations', { document: automation('Elsewhere') });
    const foreign = await as('POST', '/api/skill-sets/order', { ids: [...reversed, automationDoc.id] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain(automationDoc.id);
    expect((await as('GET', '/api/skill-sets')).body.map((d: any) => d.id)).toEqual(reversed);
  });

  it('validates without storing', async () => {
    const ok = await as('POST', '/api/contact-groups/validate', { document: contactGroup('Gold') });
    expect(ok.body).toEqual({ valid: true, errors: [] });
    const bad = await as('POST', '/api/automations/validate', { document: twiceInvalid('Nope') });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors.map((e: any) => e.elementId)).toEqual(expect.arrayContaining(['c1', 'a1']));
    // contact groups test contact facts only
    const scoped = await as('POST', '/api/contact-groups/validate', {
      document: { ...contactGroup('Scoped'), when: { id: 'g1', all: [{ id: 'c9', fact: 'message.text', operator: 'contains', value: 'x' }] } },
    });
    expect(scoped.body.errors[0]).toMatchObject({ elementId: 'c9' });
  });

  it('tests a document against a sample with a trace', async () => {
    const sample = { message: { text: 'Je veux un REMBOURSÉ' }, channel: { type: 'messenger' }, conversation: { kind: 'private' } };
    const fired = await as('POST', '/api/automations/test', { document: automation('T', 'rembourse'), sample });
    expect(fired.status).toBe(200);
    expect(fired.body.fired).toBe(true);
    expect(fired.body.actions).toEqual([{ id: 'a1', type: 'addTags', tags: ['refund'] }]);
    expect(fired.body.trace.c1).toMatchObject({ result: true });

    const notFired = await as('POST', '/api/automations/test', { document: automation('T', 'rembourse'), sample: { ...sample, channel: { type: 'x' } } });
    expect(notFired.body).toMatchObject({ fired: false, actions: [] });
    expect(notFired.body.trace.c2).toMatchObject({ result: false });

    const group = await as('POST', '/api/contact-groups/test', { document: contactGroup('Gold'), sample: { contact: { attributes: { plan: 'gold' } } } });
    expect(group.body.fired).toBe(true);

    const invalid = await as('POST', '/api/automations/test', { document: twiceInvalid('T'), sample });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: any) => e.elementId)).toEqual(expect.arrayContaining(['c1', 'a1']));
  });

  it('stores scripts with a name', async () => {
    const welcome = { schema: 'switchboard.script/1', name: 'Welcome', enabled: true, start: 's1', steps: [{ id: 's1', type: 'handover', text: 'Bonjour !' }] };
    const created = await as('POST', '/api/scripts', { document: welcome });
    expect(created.status).toBe(201);
    const nameless = await as('POST', '/api/scripts', { document: { schema: 'switchboard.script/1', name: ' ' } });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors[0].path).toBe('name');
    const published = await as('POST', `/api/scripts/${created.body.id}/publish`);
    expect(published.body).toMatchObject({ version: 1 });
  });

  it('lets agents read tag and topic lists but not documents, and write none', async () => {
    const t = agent.token;
    const { body: doc } = await as('POST', '/api/automations', { document: automation('Admin only') });
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/automations', { document: automation('Agent') }],
      ['PUT', `/api/automations/${doc.id}/draft`, { document: automation('Agent') }],
      ['DELETE', `/api/automations/${doc.id}`, undefined],
      ['POST', `/api/automations/${doc.id}/publish`, undefined],
      ['POST', `/api/automations/${doc.id}/rollback`, { version: 1 }],
      ['POST', '/api/automations/order', { ids: [doc.id] }],
      ['POST', '/api/tags', { name: 'agent-tag' }],
      ['POST', '/api/topics', { name: 'Agent topic' }],
      ['GET', '/api/automations', undefined],
    ];
    for (const [method, url, payload] of writes) {
      const res = await as(method, url, payload, t);
      expect(res.status, `${method} ${url}`).toBe(403);
    }
    expect((await as('GET', '/api/tags', undefined, t)).status).toBe(200);
    expect((await as('GET', '/api/topics', undefined, t)).status).toBe(200);
    expect((await stack.request('GET', '/api/automations')).status).toBe(401);
    expect((await as('GET', `/api/automations/${doc.id}`)).body.versions).toEqual([]);
  });

  it('keeps a tag list unique ignoring case', async () => {
    const created = await as('POST', '/api/tags', { name: 'Refund' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'Refund' });
    const dup = await as('POST', '/api/tags', { name: 'refund' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toMatch(/already exists/);
    expect((await as('POST', '/api/tags', { name: '  ' })).status).toBe(400);
    const list = await as('GET', '/api/tags');
    expect(list.body).toEqual([{ id: created.body.id, name: 'Refund' }]);
  });

  it('keeps topics as a tree with unique names per parent', async () => {
    const billing = await as('POST', '/api/topics', { name: 'Billing' });
    expect(billing.status).toBe(201);
    expect(billing.body.parentId).toBeUndefined();
    const refunds = await as('POST', '/api/topics', { name: 'Refunds', parentId: billing.body.id });
    expect(refunds.status).toBe(201);
    expect(refunds.body).toMatchObject({ name: 'Refunds', parentId: billing.body.id });

    const shipping = await as('POST', '/api/topics', { name: 'Shipping' });
    expect((await as('POST', '/api/topics', { name: 'Refunds', parentId: shipping.body.id })).status).toBe(201);
    expect((await as('POST', '/api/topics', { name: 'refunds', parentId: billing.body.id })).status).toBe(409);
    expect((await as('POST', '/api/topics', { name: 'BILLING' })).status).toBe(409);

    const orphan = await as('POST', '/api/topics', { name: 'Lost', parentId: '6f1c1c3e-3f7e-4c8b-9a52-7a1c2b0e4d11' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.message).toMatch(/parentId/);

    const list = await as('GET', '/api/topics');
    expect(list.body).toHaveLength(4);
    expect(list.body.filter((x: any) => x.parentId === billing.body.id).map((x: any) => x.name)).toEqual(['Refunds']);
  });

  it('documents every route in the OpenAPI document', async () => {
    const res = await stack.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    for (const kind of ['automations', 'skill-sets', 'contact-groups', 'scripts']) {
      expect(res.body.paths[`/api/${kind}/{id}/publish`]).toBeDefined();
      expect(res.body.paths[`/api/${kind}/{id}/rollback`]).toBeDefined();
    }
    expect(res.body.paths['/api/automations/test']).toBeDefined();
    expect(res.body.paths['/api/tags'].post).toBeDefined();
  });
});
