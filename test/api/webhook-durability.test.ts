// Webhooks while Temporal is down: the API still accepts and records every message (200), the relay
// links them to their conversations at once (they are in the queue before any workflow ran), and
// once the server is back it hands them over; the recorded rows go only then.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices, type Services } from '../../engine/app/services.js';
import { startDevServer, type RunningDevServer } from '../../engine/platform/local/temporal-dev-server.js';
import { resolveDevServer } from '../../engine/platform/temporal/binaries.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import { freshDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';
import { sandboxHeaders } from '../support/signing.js';
import { eventually as waitFor } from '../support/eventually.js';

const SECRET = 'durable-secret';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

const eventually = <T>(check: () => Promise<T | undefined | false>) => waitFor(check, 60_000);

describe('webhooks while Temporal is down', () => {
  let dir: string;
  let temporal: RunningDevServer;
  let services: Services;
  let binary: string;
  let port: number;
  let channelId: string;
  let token: string;

  const startTemporal = () =>
    startDevServer({ binary, dir, namespace: 'default', ui: false, logger, ports: { grpc: port, ui: port + 1, http: port + 2, metrics: port + 3 } });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-durable-'));
    binary = await resolveDevServer({ build: false });
    port = await freePort(3);
    temporal = await startTemporal();
    const { url, db } = await freshDatabase();
    await db.destroy();
    services = await startServices({
      databaseUrl: url, temporalAddress: temporal.address, namespace: 'default', logger, worker: true,
      api: { port: 0, host: '127.0.0.1', publicUrl: 'http://switchboard.test' },
    });
    const admin = await createUser(services.db, { email: 'durable@example.com', name: 'A', password: 'a long enough password', role: 'admin' });
    void admin;
    const login = await services.server!.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'durable@example.com', password: 'a long enough password' } });
    token = JSON.parse(login.payload).token;
    const created = await services.server!.inject({
      method: 'POST', url: '/api/channels', headers: { authorization: `Bearer ${token}` },
      payload: { type: 'sandbox', name: 'Durable', config: { secret: SECRET } },
    });
    channelId = JSON.parse(created.payload).id;
  }, 120_000);
  afterAll(async () => {
    await services?.stop();
    await temporal?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts and records while Temporal is stopped, then routes every message to its thread in order', async () => {
    await temporal.stop();
    const threads = ['t-1', 't-2', 't-3'];
    const sent: { id: string; thread: string; text: string }[] = [];
    const base = Date.parse('2026-05-01T10:00:00Z');
    for (let i = 0; i < 12; i++) {
      const thread = threads[i % threads.length];
      const message = { id: `d-${i}`, from: { id: thread, name: `Customer ${thread}` }, text: `message ${i} of ${thread}`, kind: 'private', timestamp: new Date(base + i * 1000).toISOString() };
      const body = JSON.stringify(message);
      const res = await services.server!.inject({ method: 'POST', url: `/webhooks/${channelId}`, payload: body, headers: sandboxHeaders(SECRET, body) });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.payload)).toEqual({ received: 1, stored: 1, duplicates: 0 });
      sent.push({ id: message.id, thread, text: message.text });
    }
    // Recorded, and linked without Temporal: the queue shows each thread with its last message.
    expect(Number((await services.db('messages').count('* as n').first())!.n)).toBe(12);
    await eventually(async () => Number((await services.db('messages').whereNull('conversation_id').count('* as n').first())!.n) === 0);
    const listed = await services.server!.inject({ method: 'GET', url: `/api/conversations?queue=unassigned&channelId=${channelId}`, headers: { authorization: `Bearer ${token}` } });
    expect(listed.statusCode).toBe(200);
    const queue = JSON.parse(listed.payload).items as { lastMessage: { text: string } }[];
    expect(queue.map((c) => c.lastMessage.text).sort()).toEqual(threads.map((t) => sent.filter((s) => s.thread === t).at(-1)!.text).sort());
    // The hand-over waits for Temporal: every recorded row is kept until a signal is accepted.
    expect(Number((await services.db('inbound_queue').count('* as n').first())!.n)).toBe(12);

    temporal = await startTemporal();
    await eventually(async () => Number((await services.db('inbound_queue').count('* as n').first())!.n) === 0);

    for (const thread of threads) {
      const conversations = await services.db('conversations').where({ channel_id: channelId, thread_key: thread });
      expect(conversations).toHaveLength(1);
      const linked = await services.db('messages').where({ conversation_id: conversations[0].id }).orderBy('at').select('provider_message_id', 'text');
      const expected = sent.filter((s) => s.thread === thread);
      expect(linked.map((m) => m.provider_message_id)).toEqual(expected.map((s) => s.id));
      // The conversation shows the thread's last message: the workflow took them in order.
      expect(conversations[0].last_message_text).toBe(expected.at(-1)!.text);
    }
  }, 180_000);
});
