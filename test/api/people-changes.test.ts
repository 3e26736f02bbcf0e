// Admin changes to people: PATCH /api/users/{id} { role } (the user's tokens die with the old role, the
// organisation keeps at least one admin) and PATCH /api/teams/{id} (name, members).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

describe('admin changes to people', () => {
  let stack: ApiStack;
  const admin = (method: string, url: string, payload?: unknown) => stack.request(method, url, { token: stack.adminToken, payload });

  beforeAll(async () => {
    stack = await startApiStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('makes an agent an admin, signs them out, and their next sign-in carries the new role', async () => {
    const email = 'promoted@example.com';
    const agent = await stack.userToken('agent', email);
    expect((await stack.request('GET', '/api/users', { token: agent.token })).status).toBe(403);

    const res = await admin('PATCH', `/api/users/${agent.id}`, { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: agent.id, role: 'admin' });
    expect((await stack.request('GET', '/api/me', { token: agent.token })).status).toBe(401);

    const again = await stack.request('POST', '/api/auth/login', { payload: { email, password: 'a long enough password' } });
    expect(again.body.user.role).toBe('admin');
    expect((await stack.request('GET', '/api/users', { token: again.body.token })).status).toBe(200);
  });

  it('keeps the capacity when the role changes', async () => {
    const agent = await stack.userToken('agent');
    expect((await admin('PATCH', `/api/users/${agent.id}`, { capacity: 4 })).body.capacity).toBe(4);
    const res = await admin('PATCH', `/api/users/${agent.id}`, { role: 'admin' });
    expect(res.body).toMatchObject({ role: 'admin', capacity: 4 });
  });

  it('refuses to make the last admin an agent, an unknown role and an unknown user', async () => {
    const me = (await admin('GET', '/api/me')).body as { id: string };
    const users = (await admin('GET', '/api/users')).body as { id: string; role: string }[];
    // Every other admin becomes an agent: the signed-in admin is the last one.
    for (const other of users.filter((u) => u.role === 'admin' && u.id !== me.id)) {
      expect((await admin('PATCH', `/api/users/${other.id}`, { role: 'agent' })).status).toBe(200);
    }
    const refused = await admin('PATCH', `/api/users/${me.id}`, { role: 'agent' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('last active admin');
    expect(((await admin('GET', '/api/users')).body as { id: string; role: string }[]).find((u) => u.id === me.id)?.role).toBe('admin');

    const unknown = await admin('PATCH', `/api/users/${me.id}`, { role: 'owner' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('role');
    expect((await admin('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', { role: 'admin' })).status).toBe(404);
  });

  it('renames a team and replaces its members', async () => {
    const a = await stack.userToken('agent');
    const b = await stack.userToken('agent');
    const created = (await admin('POST', '/api/teams', { name: 'Support', memberIds: [a.id] })).body as { id: string };
    const renamed = await admin('PATCH', `/api/teams/${created.id}`, { name: 'Customer care' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: created.id, name: 'Customer care', memberIds: [a.id] });

    const swapped = await admin('PATCH', `/api/teams/${created.id}`, { memberIds: [b.id] });
    expect(swapped.body.memberIds).toEqual([b.id]);
    const listed = ((await admin('GET', '/api/teams')).body as { id: string; name: string; memberIds: string[] }[]).find((t) => t.id === created.id);
    expect(listed).toEqual({ id: created.id, name: 'Customer care', memberIds: [b.id] });
  });

  it('refuses an unknown member, a taken name, an unknown team and an empty change, changing nothing', async () => {
    const a = await stack.userToken('agent');
    const one = (await admin('POST', '/api/teams', { name: 'One', memberIds: [a.id] })).body as { id: string };
    await admin('POST', '/api/teams', { name: 'Two', memberIds: [] });
    const unknownUser = await admin('PATCH', `/api/teams/${one.id}`, { memberIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownUser.status).toBe(400);
    expect(unknownUser.body.message).toContain('unknown users');
    const taken = await admin('PATCH', `/api/teams/${one.id}`, { name: 'Two' });
    expect(taken.status).toBe(409);
    expect((await admin('PATCH', '/api/teams/00000000-0000-4000-8000-000000000000', { name: 'Three' })).status).toBe(404);
    expect((await admin('PATCH', `/api/teams/${one.id}`, {})).status).toBe(400);
    const kept = ((await admin('GET', '/api/teams')).body as { id: string; name: string; memberIds: string[] }[]).find((t) => t.id === one.id);
    expect(kept).toEqual({ id: one.id, name: 'One', memberIds: [a.id] });
  });
});
