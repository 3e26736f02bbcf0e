// PATCH /api/users/{id} { role }: an admin changes a user's role; the user's tokens die with the
// old role, and the organisation keeps at least one admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

describe('changing a user\'s role', () => {
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

  it('changes role and capacity together, and keeps the capacity when only the role changes', async () => {
    const agent = await stack.userToken('agent');
    expect((await admin('PATCH', `/api/users/${agent.id}`, { capacity: 4 })).body.capacity).toBe(4);
    const res = await admin('PATCH', `/api/users/${agent.id}`, { role: 'admin' });
    expect(res.body).toMatchObject({ role: 'admin', capacity: 4 });
    const both = await admin('PATCH', `/api/users/${agent.id}`, { role: 'agent', capacity: null });
    expect(both.body).toMatchObject({ role: 'agent', capacity: null });
  });

  it('refuses to make the last admin an agent, and an empty change', async () => {
    const me = (await admin('GET', '/api/me')).body as { id: string };
    const users = (await admin('GET', '/api/users')).body as { id: string; role: string }[];
    // Every other admin becomes an agent: the signed-in admin is the last one.
    for (const other of users.filter((u) => u.role === 'admin' && u.id !== me.id)) {
      expect((await admin('PATCH', `/api/users/${other.id}`, { role: 'agent' })).status).toBe(200);
    }
    const refused = await admin('PATCH', `/api/users/${me.id}`, { role: 'agent' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('only admin');
    expect(((await admin('GET', '/api/users')).body as { id: string; role: string }[]).find((u) => u.id === me.id)?.role).toBe('admin');

    const empty = await admin('PATCH', `/api/users/${me.id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('capacity and/or role');
  });
});
