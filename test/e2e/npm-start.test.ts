// The product as a newcomer starts it: `npm start`'s program with nothing configured (embedded
// PostgreSQL and Temporal dev server), stopped with Ctrl-C and started again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { sandboxHeaders } from '../support/signing.js';

const root = path.resolve(import.meta.dirname, '../..');
// What `npm start` runs (package.json), without npm in between.
const startArgs = ['--import', 'tsx', 'engine/cli/start.ts'];

function productEnv(extra: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PORT', 'NODE_OPTIONS'].includes(k) && !k.startsWith('VITEST')) env[k] = v;
  }
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, startArgs, { cwd: root, env: productEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started in time:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out };
}

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGINT');
  });
}

describe('npm start', () => {
  let dataDir: string;
  let port: number;
  let base: string;
  const admin = { email: 'lead@example.com', password: 'a long admin password' };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-start-'));
    port = await freePort(5);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    PORT: String(port),
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_ADMIN_EMAIL: admin.email,
    SWITCHBOARD_ADMIN_PASSWORD: admin.password,
  });

  it('starts everything, prints the URLs, keeps conversations across a restart, and stops on Ctrl-C', async () => {
    const first = await start(env());
    try {
      for (const url of [`${base}/`, `${base}/documentation`, `127.0.0.1:${port + 3}`]) expect(first.output()).toContain(url);
      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
      expect((await fetch(`${base}/documentation`)).status).toBe(200);
      const ui = await fetch(`${base}/`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('<div id="app">');

      const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) })).json();
      const auth = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
      const channel = await (await fetch(`${base}/api/channels`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'sandbox', name: 'Chat', config: { secret: 'sandbox-secret' } }) })).json();
      const body = JSON.stringify({ id: 'persisted-1', from: { id: 'u1', name: 'Persistent Pat' }, text: 'Are you there?', kind: 'private' });
      const hook = await fetch(`${base}/webhooks/${channel.id}`, { method: 'POST', headers: sandboxHeaders('sandbox-secret', body), body });
      expect(hook.status).toBe(200);
      const deadline = Date.now() + 20_000;
      let items: any[] = [];
      while (Date.now() < deadline && items.length === 0) {
        items = (await (await fetch(`${base}/api/conversations?queue=unassigned`, { headers: auth })).json()).items;
        if (!items.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(items.map((c) => c.contact.name)).toEqual(['Persistent Pat']);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    // A clean stop: PostgreSQL shut down (it removes its pid file), nothing left behind to block a restart.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await start(env());
    try {
      const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) })).json();
      const list = await (await fetch(`${base}/api/conversations`, { headers: { authorization: `Bearer ${login.token}` } })).json();
      expect(list.items.map((c: any) => c.contact.name)).toEqual(['Persistent Pat']);
      const health = await (await fetch(`${base}/api/health`)).json();
      expect(health.status).toBe('ok');
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 180_000);

  it('refuses a bad configuration value with a message naming the variable', () => {
    const res = spawnSync(process.execPath, startArgs, { cwd: root, env: productEnv({ PORT: 'eighty', SWITCHBOARD_DATA_DIR: dataDir }), encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/PORT must be a whole number/);
    const db = spawnSync(process.execPath, startArgs, { cwd: root, env: productEnv({ DATABASE_URL: 'mysql://x', SWITCHBOARD_DATA_DIR: dataDir }), encoding: 'utf8' });
    expect(db.status).not.toBe(0);
    expect(db.stderr).toMatch(/DATABASE_URL must start with postgres:/);
  });
});
