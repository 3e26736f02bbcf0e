// A real Switchboard for API tests: the engine's own services on a fresh PostgreSQL database and a
// real Temporal dev server, requests injected into the hapi server.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import { createUser } from '../../engine/features/people/users-repository.js';
import { startServices, type Services } from '../../engine/app/services.js';
import { freshDatabase } from './database.js';
import { createDevServerEnv } from './temporal.js';
import { eventually } from './eventually.js';

export interface ApiStack {
  services: Services;
  env: TestWorkflowEnvironment;
  adminToken: string;
  request<T = any>(method: string, url: string, opts?: { token?: string | null; payload?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T; text: string }>;
  userToken(role: 'admin' | 'agent', email?: string): Promise<{ token: string; id: string }>;
  /** Polls until `check` returns a value (not undefined/false), or fails after `ms`. */
  eventually<T>(check: () => Promise<T | undefined | false>, ms?: number): Promise<T>;
  stop(): Promise<void>;
}

let seq = 0;

export interface ApiStackOptions {
  /** Listen on a loopback port (browser tests) rather than only taking injected requests. */
  listen?: boolean;
  /** Serve this built admin UI at `/`. */
  uiDir?: string;
  /** Deliver notification e-mails to this SMTP server. */
  mail?: { smtpUrl: string; from?: string };
  /** Bearer token lifetime (SWITCHBOARD_TOKEN_TTL); default 12 h. */
  tokenTtlMs?: number;
}

export async function startApiStack(options: ApiStackOptions = {}): Promise<ApiStack> {
  const env = await createDevServerEnv();
  const { url, db: setupDb } = await freshDatabase();
  await setupDb.destroy();
  const services = await startServices({
    databaseUrl: url,
    temporalAddress: env.address,
    namespace: env.namespace ?? 'default',
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    worker: true,
    api: { port: 0, host: '127.0.0.1', publicUrl: 'http://switchboard.test', uiDir: options.uiDir, tokenTtlMs: options.tokenTtlMs },
    mail: options.mail,
  });
  const server = services.server!;
  if (options.listen) await server.start();

  const request: ApiStack['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await server.inject({
      method,
      url,
      headers,
      payload: opts.payload === undefined ? undefined : typeof opts.payload === 'string' ? opts.payload : JSON.stringify(opts.payload),
    });
    let body: any;
    try {
      body = JSON.parse(res.payload);
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body, text: res.payload };
  };

  async function userToken(role: 'admin' | 'agent', email = `${role}${++seq}@example.com`) {
    const password = 'a long enough password';
    const user = await createUser(services.db, { email, name: `${role} ${seq}`, password, role });
    const res = await request('POST', '/api/auth/login', { payload: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.text}`);
    return { token: res.body.token as string, id: user.id };
  }

  const admin = await userToken('admin');

  return {
    services,
    env,
    adminToken: admin.token,
    request,
    userToken,
    eventually: (check, ms) => eventually(check, ms),
    async stop() {
      await services.stop();
      await env.teardown();
    },
  };
}
