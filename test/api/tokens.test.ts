// Tokens end: at their TTL, at logout, when the user is disabled or changes role; the 401 says why.
// The stack's tokens live 12 s here, so each test signs in fresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routingPresenceOf } from '../../engine/features/routing/agents.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

const TTL_MS = 12_000;
const PASSWORD = 'a long enough password';

describe('bearer tokens', () => {
  let stack: ApiStack;
  let seq = 0;

  const me = (token: string) => stack.request('GET', '/api/me', { token });
  const login = (email: string) => stack.request('POST', '/api/auth/login', { payload: { email, password: PASSWORD } });
  /** A new user and a fresh token of theirs. */
  async function signedIn(role: 'admin' | 'agent') {
    const email = `tokens-${role}-${++seq}@example.com`;
    const { id } = await stack.userToken(role, email);
    const res = await login(email);
    expect(res.status).toBe(200);
    return { id, email, token: res.body.token as string };
  }
  const patchUser = (token: string, id: string, payload: unknown) => stack.request('PATCH', `/api/users/${id}`, { token, payload });

  beforeAll(async () => {
    stack = await startApiStack({ tokenTtlMs: TTL_MS });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('expire after SWITCHBOARD_TOKEN_TTL with a 401 that says "expired"', async () => {
    const email = `tokens-ttl-${++seq}@example.com`;
    await stack.userToken('agent', email);
    const before = Date.now();
    const res = await login(email);
    expect(res.status).toBe(200);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + TTL_MS - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TTL_MS + 1000);

    const refused = await stack.eventually(async () => {
      const r = await me(res.body.token);
      return r.status === 401 ? r : undefined;
    }, 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(refused.body.message).toMatch(/^the bearer token expired at .*: log in again/);
  });

  it('is revoked by logout: the same token then gets 401 "signed out", another session of the user goes on', async () => {
    const user = await signedIn('agent');
    const other = (await login(user.email)).body.token as string;
    expect((await me(user.token)).status).toBe(200);

    const out = await stack.request('POST', '/api/auth/logout', { token: user.token });
    expect(out.status).toBe(204);
    const after = await me(user.token);
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/revoked: you signed out/);
    expect((await stack.request('POST', '/api/auth/logout', { token: user.token })).status).toBe(401);
    expect((await me(other)).status).toBe(200);
    expect((await stack.request('POST', '/api/auth/logout')).status).toBe(401);
  });

  it('stop working when an admin disables the user, who leaves routing and whose login is refused; enabling lets them in again', async () => {
    const admin = await signedIn('admin');
    const agent = await signedIn('agent');
    expect((await stack.request('PUT', '/api/me/presence', { token: agent.token, payload: { status: 'online' } })).status).toBe(200);
    expect((await routingPresenceOf(stack.services.db, agent.id)).presence?.status).toBe('online');

    const disabled = await patchUser(admin.token, agent.id, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: agent.id, disabled: true });
    const refused = await me(agent.token);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/revoked: your account is disabled/);
    // Routing no longer counts them present.
    expect((await routingPresenceOf(stack.services.db, agent.id)).presence).toBeUndefined();

    const again = await login(agent.email);
    expect(again.status).toBe(401);
    expect(again.body.message).toBe('this account is disabled; ask an admin to enable it');
    // A wrong password says nothing about the account.
    const wrong = await stack.request('POST', '/api/auth/login', { payload: { email: agent.email, password: 'not the password' } });
    expect(wrong.body.message).toBe('wrong e-mail or password');

    const users = await stack.request('GET', '/api/users', { token: admin.token });
    expect(users.body.find((u: any) => u.id === agent.id).disabled).toBe(true);

    expect((await patchUser(admin.token, agent.id, { disabled: false })).body.disabled).toBe(false);
    const back = await login(agent.email);
    expect(back.status).toBe(200);
    expect((await me(back.body.token)).status).toBe(200);
    // The tokens revoked while disabled stay dead.
    expect((await me(agent.token)).status).toBe(401);
  });

  it('stop working when the user changes role; a new login carries the new role', async () => {
    const admin = await signedIn('admin');
    const agent = await signedIn('agent');
    const promoted = await patchUser(admin.token, agent.id, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    const refused = await me(agent.token);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/revoked: your role changed/);
    const fresh = await login(agent.email);
    expect(fresh.body.user.role).toBe('admin');
    expect((await stack.request('GET', '/api/users', { token: fresh.body.token })).status).toBe(200);

    // A PATCH that keeps the role ends nothing.
    expect((await patchUser(admin.token, agent.id, { role: 'admin', capacity: 4 })).status).toBe(200);
    expect((await me(fresh.body.token)).status).toBe(200);
  });

  it('keep the last active admin: they cannot be disabled or demoted (409), and nothing changes', async () => {
    const a = await signedIn('admin');
    const b = await signedIn('admin');
    // Every other admin (the stack's, earlier tests') is disabled, leaving a and b.
    const users = (await stack.request('GET', '/api/users', { token: a.token })).body as any[];
    const others = users.filter((u) => u.role === 'admin' && !u.disabled && u.id !== a.id && u.id !== b.id);
    for (const u of others) expect((await patchUser(a.token, u.id, { disabled: true })).status).toBe(200);

    expect((await patchUser(a.token, b.id, { disabled: true })).status).toBe(200);
    for (const payload of [{ disabled: true }, { role: 'agent' }, { role: 'agent', disabled: true }]) {
      const res = await patchUser(a.token, a.id, payload);
      expect(res.status, JSON.stringify(payload)).toBe(409);
      expect(res.body.message).toMatch(/last active admin/);
    }
    const self = (await stack.request('GET', '/api/users', { token: a.token })).body.find((u: any) => u.id === a.id);
    expect(self).toMatchObject({ role: 'admin', disabled: false });
    expect((await me(a.token)).status).toBe(200);

    // With b enabled again, a may step down.
    expect((await patchUser(a.token, b.id, { disabled: false })).status).toBe(200);
    expect((await patchUser(a.token, a.id, { role: 'agent' })).status).toBe(200);
    expect((await me(a.token)).status).toBe(401);
  });

  it('keep one admin when the last two disable each other at the same moment', async () => {
    const b = await signedIn('admin');
    const c = await signedIn('admin');
    const users = (await stack.request('GET', '/api/users', { token: b.token })).body as any[];
    for (const u of users.filter((u) => u.role === 'admin' && !u.disabled && u.id !== b.id && u.id !== c.id)) {
      expect((await patchUser(b.token, u.id, { disabled: true })).status).toBe(200);
    }
    const statuses = (await Promise.all([patchUser(b.token, c.id, { disabled: true }), patchUser(c.token, b.id, { disabled: true })])).map((r) => r.status);
    // One wins; the other is refused as the last admin (409), or finds its own token revoked (401).
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 401)).toHaveLength(1);
    const after = (await stack.services.db('users').where({ role: 'admin' }).whereNull('disabled_at').select('id')).map((r) => r.id);
    expect(after).toHaveLength(1);
    expect([b.id, c.id]).toContain(after[0]);
  });

  it('answer 401 naming the problem for an unknown token', async () => {
    const res = await me('not-a-token-we-gave');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/^the bearer token is unknown: log in again/);
  });
});
