// Running Switchboard from the outside: Prometheus metrics, health, body size limits, the login rate
// limit and the retention settings, on a real PostgreSQL and Temporal dev server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createServer } from '../../engine/app/server.js';
import { createDb } from '../../engine/platform/database.js';
import { LOGIN_LIMITS } from '../../engine/features/people/login-limit.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { metricValue } from '../support/prometheus.js';
import { sandboxHeaders } from '../support/signing.js';

const SECRET = 'ops-secret';

describe('operations', () => {
  let stack: ApiStack;
  let channelId: string;

  beforeAll(async () => {
    stack = await startApiStack();
    const res = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name: 'Ops', config: { secret: SECRET } } });
    channelId = res.body.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const deliver = (body: string, secret = SECRET) =>
    stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(secret, body) });

  it('counts webhooks, duplicates and refusals, and the relay hand-over, in Prometheus text without auth', async () => {
    const before = (await stack.request('GET', '/prometheus/metrics')).text;
    const body = JSON.stringify({ id: 'm-1', from: { id: 'c-1' }, text: 'hello', kind: 'private' });
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body, 'wrong secret')).status).toBe(401);
    // The hand-over is observed once Temporal accepted the message's signal.
    const after = await stack.eventually(async () => {
      const text = (await stack.request('GET', '/prometheus/metrics')).text;
      return metricValue(text, 'switchboard_relay_handover_seconds_count') > metricValue(before, 'switchboard_relay_handover_seconds_count') && text;
    });
    const res = await stack.request('GET', '/prometheus/metrics');
    expect(res.status).toBe(200);
    const delta = (name: string, labels?: Record<string, string>) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('switchboard_webhooks_total', { outcome: 'accepted' })).toBe(2);
    expect(delta('switchboard_webhooks_total', { outcome: 'refused', status: '401' })).toBe(1);
    expect(delta('switchboard_webhook_messages_total', { result: 'stored' })).toBe(1);
    expect(delta('switchboard_webhook_messages_total', { result: 'duplicate' })).toBe(1);
    expect(delta('switchboard_webhook_ack_seconds_count', { outcome: 'accepted' })).toBe(2);
    expect(after).toMatch(/^switchboard_relay_backlog \d+$/m);
    expect(after).toMatch(/^switchboard_relay_oldest_seconds [\d.e+-]+$/m);
    // The relay linked the message; the worker in this process runs activities, counted by type:
    // a new public thread looks its post up.
    const comment = JSON.stringify({ id: 'm-2', from: { id: 'c-2' }, text: 'a comment', kind: 'public', postId: 'post-1' });
    expect((await deliver(comment)).status).toBe(200);
    await stack.eventually(async () => metricValue((await stack.request('GET', '/prometheus/metrics')).text, 'switchboard_activities_total', { activity: 'fetchPostContext' }) > 0);
  });

  it('health names each part as ok', async () => {
    const res = await stack.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
  });

  it('health answers 503 naming the database when PostgreSQL does not answer', async () => {
    const deadDb = createDb('postgres://nobody:nothing@127.0.0.1:1/none', 1);
    const server = await createServer({
      db: deadDb,
      temporal: stack.services.client,
      namespace: 'default',
      logger: pino({ level: 'silent' }),
      publicUrl: 'http://switchboard.test',
    });
    try {
      const res = await server.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      const body = JSON.parse(res.payload);
      expect(body).toMatchObject({ status: 'failing', database: 'failing', temporal: 'ok' });
      expect(body.problems).toEqual([expect.stringMatching(/^database: PostgreSQL does not answer: .+/)]);
    } finally {
      await server.stop();
      await deadDb.destroy();
    }
  });

  it('refuses a body over the limit with 413, on API routes and on webhooks', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(600 * 1024) });
    const api = await stack.request('POST', '/api/tags', { token: stack.adminToken, payload: big, headers: { 'content-type': 'application/json' } });
    expect(api.status).toBe(413);
    const huge = JSON.stringify({ id: 'm-big', from: { id: 'c-big' }, text: 'y'.repeat(5 * 1024 * 1024), kind: 'private' });
    const hook = await deliver(huge);
    expect(hook.status).toBe(413);
    const stored = await stack.services.db('messages').where({ provider_message_id: 'm-big' }).count<{ count: number }[]>('* as count');
    expect(Number(stored[0].count)).toBe(0);
  });

  it('limits failed logins per account with 429 and Retry-After, also for the right password, and names the account', async () => {
    const password = 'a long enough password';
    const user = await stack.userToken('agent', 'limited@example.com');
    expect(user.token).toBeTruthy();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const res = await stack.request('POST', '/api/auth/login', { payload: { email: 'limited@example.com', password: 'wrong guess' } });
      expect(res.status).toBe(401);
    }
    const refused = await stack.services.server!.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'Limited@example.com', password } });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.payload).message).toMatch(/too many failed logins for this account: try again in \d+ s/);
    // Another account from the same address still logs in.
    const other = await stack.userToken('agent', 'unaffected@example.com');
    expect(other.token).toBeTruthy();
  });

  it('limits failed logins per address, across accounts', async () => {
    await stack.services.db('login_failures').delete();
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      await stack.request('POST', '/api/auth/login', { payload: { email: `nobody${i}@example.com`, password: 'guess' } });
    }
    const res = await stack.services.server!.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'fresh@example.com', password: 'guess' } });
    expect(res.statusCode).toBe(429);
    expect(JSON.parse(res.payload).message).toMatch(/this address/);
    expect(res.headers['retry-after']).toBeDefined();
    await stack.services.db('login_failures').delete();
  });

  it('keeps messages 42 days and LinkedIn threads 14 by default; an admin changes either, an agent may not', async () => {
    const admin = (method: string, payload?: unknown) => stack.request(method, '/api/settings/retention', { token: stack.adminToken, payload });
    expect((await admin('GET')).body).toEqual({ messagesDays: 42, linkedinInactiveDays: 14 });
    const put = await admin('PUT', { messagesDays: 30 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ messagesDays: 30, linkedinInactiveDays: 14 });
    expect((await admin('GET')).body).toEqual({ messagesDays: 30, linkedinInactiveDays: 14 });
    const bad = await admin('PUT', { messagesDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/messagesDays/);
    const agent = await stack.userToken('agent');
    expect((await stack.request('GET', '/api/settings/retention', { token: agent.token })).status).toBe(403);
  });

  it('creates the retention purge schedule on the Temporal server', async () => {
    const handle = stack.services.client.schedule.getHandle('switchboard-retention-purge');
    const description = await handle.describe();
    expect(description.action.type).toBe('startWorkflow');
    expect((description.action as { workflowType: string }).workflowType).toBe('retentionPurgeWorkflow');
  });
});
