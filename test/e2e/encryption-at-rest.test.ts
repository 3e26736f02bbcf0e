// Encryption at rest, seen from outside: `npm start` on a fresh data folder, a channel secret, a
// private message and an agent's reply, each with a unique marker; then the raw bytes of the data
// folder (PostgreSQL's files, the Temporal dev server's database) hold none of them, while a public
// comment (kept plain) is found there, so the scan does read what PostgreSQL wrote. The API still
// shows the texts; `npm run rotate-key` re-encrypts under a new key and everything still reads.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { sandboxHeaders } from '../support/signing.js';
import { eventually as waitFor } from '../support/eventually.js';

const root = path.resolve(import.meta.dirname, '../..');

function productEnv(extra: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PORT', 'NODE_OPTIONS', 'SWITCHBOARD_KEY', 'SWITCHBOARD_OLD_KEYS'].includes(k) && !k.startsWith('VITEST')) env[k] = v;
  }
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'engine/cli/start.ts'], { cwd: root, env: productEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started in time:\n${out}`)), 120_000);
    child.stdout!.on('data', () => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
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

/** Every file under `dir`, as bytes, with its path. */
async function rawFiles(dir: string): Promise<{ file: string; bytes: Buffer }[]> {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file: path.relative(dir, file), bytes: await readFile(file) });
  }
  return out;
}

const filesHolding = (files: { file: string; bytes: Buffer }[], text: string) =>
  files.filter((f) => f.bytes.includes(Buffer.from(text, 'utf8'))).map((f) => f.file);

const eventually = <T>(check: () => Promise<T | undefined | false>) => waitFor(check, 30_000);

describe('encryption at rest', () => {
  let dataDir: string;
  let port: number;
  let base: string;
  const admin = { email: 'keeper@example.com', password: 'a long admin password' };
  const run = randomUUID().slice(0, 8);
  const marker = {
    secret: `channel-secret-${run}-q7`,
    private: `private-marker-${run}-x1`,
    reply: `reply-marker-${run}-r2`,
    public: `public-marker-${run}-p3`,
    afterRotation: `after-rotation-${run}-z9`,
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-crypto-'));
    port = await freePort(5);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ PORT: String(port), SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_ADMIN_EMAIL: admin.email, SWITCHBOARD_ADMIN_PASSWORD: admin.password });

  async function api(token: string | undefined, method: string, url: string, body?: unknown) {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const login = async () => (await api(undefined, 'POST', '/api/auth/login', admin)).body.token as string;

  async function deliver(channelId: string, message: Record<string, unknown>) {
    const raw = JSON.stringify(message);
    const res = await fetch(`${base}/webhooks/${channelId}`, { method: 'POST', headers: sandboxHeaders(marker.secret, raw), body: raw });
    expect(res.status).toBe(200);
  }

  async function messagesOf(token: string, threadName: string): Promise<{ id: string; texts: string[] }> {
    return eventually(async () => {
      const list = await api(token, 'GET', '/api/conversations');
      const convo = list.body.items.find((c: any) => c.contact.name === threadName);
      if (!convo) return undefined;
      const detail = await api(token, 'GET', `/api/conversations/${convo.id}`);
      return { id: convo.id as string, texts: detail.body.messages.map((m: any) => m.text as string) };
    });
  }

  it('keeps channel secrets, private messages and replies out of the raw data files, and reads them after rotating the key', async () => {
    let channelId: string;
    let privateConvo: string;
    const first = await start(env());
    try {
      const token = await login();
      const channel = await api(token, 'POST', '/api/channels', { type: 'sandbox', name: 'Chat', config: { secret: marker.secret } });
      expect(channel.status).toBe(201);
      channelId = channel.body.id;
      await deliver(channelId, { id: `m1-${run}`, from: { id: `dm-${run}`, name: 'Private Pia' }, text: marker.private, kind: 'private' });
      await deliver(channelId, { id: `m2-${run}`, from: { id: `pub-${run}`, name: 'Public Paul' }, text: marker.public, kind: 'public', postId: `post-${run}` });
      const convo = await messagesOf(token, 'Private Pia');
      privateConvo = convo.id;
      expect(convo.texts).toEqual([marker.private]);
      expect((await messagesOf(token, 'Public Paul')).texts).toEqual([marker.public]);
      const reply = await api(token, 'POST', `/api/conversations/${privateConvo}/reply`, { text: marker.reply });
      expect(reply.status).toBeLessThan(300);
      await eventually(async () => (await messagesOf(token, 'Private Pia')).texts.includes(marker.reply));

      // The workflow's history as the Temporal server holds it, read without the codec.
      const connection = await Connection.connect({ address: `127.0.0.1:${port + 2}` });
      try {
        const raw = new Client({ connection, namespace: 'default' });
        const history = await raw.workflow.getHandle(`conversation:${channelId}:dm-${run}`).fetchHistory();
        const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
        expect(bytes.includes(Buffer.from('binary/encrypted'))).toBe(true);
        for (const text of [marker.private, marker.reply]) expect(bytes.includes(Buffer.from(text))).toBe(false);
      } finally {
        await connection.close();
      }
    } finally {
      expect(await stop(first)).toBe(0);
    }

    const keyFile = path.join(dataDir, 'encryption-keys.json');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const files = (await rawFiles(dataDir)).filter((f) => f.file !== 'encryption-keys.json');
    expect(files.some((f) => f.file.startsWith('postgres'))).toBe(true);
    expect(files.some((f) => f.file.startsWith(path.join('temporal', 'temporal.sqlite')))).toBe(true);
    // The scan sees what was written: the public comment is plain in PostgreSQL, the thread id in Temporal's database.
    expect(filesHolding(files, marker.public).some((f) => f.startsWith('postgres'))).toBe(true);
    expect(filesHolding(files, `dm-${run}`).some((f) => f.startsWith('temporal'))).toBe(true);
    for (const secret of [marker.secret, marker.private, marker.reply]) expect({ secret, files: filesHolding(files, secret) }).toEqual({ secret, files: [] });

    const keyBefore = JSON.parse(await readFile(keyFile, 'utf8')).current;
    const rotate = spawnSync(process.execPath, ['--import', 'tsx', 'engine/cli/rotate-key.ts'], { cwd: root, env: productEnv(env()), encoding: 'utf8', timeout: 120_000 });
    expect(rotate.stderr).not.toMatch(/failed/);
    expect(rotate.status).toBe(0);
    const keys = JSON.parse(await readFile(keyFile, 'utf8'));
    expect(keys.keys.map((k: any) => k.id)).toEqual([keyBefore, keys.current]);
    // The channel's secret, the two private messages and the conversation's last message moved to the new key.
    expect(rotate.stdout).toMatch(/channel secrets\s+1 rows\s+\(1 from older keys, 0 from plaintext, 0 failed\)/);
    expect(rotate.stdout).toMatch(/private messages\s+2 rows\s+\(2 from older keys/);
    expect(rotate.stdout).toMatch(/private conversations' last message\s+1 rows/);
    const again = spawnSync(process.execPath, ['--import', 'tsx', 'engine/cli/rotate-key.ts', '--resume'], { cwd: root, env: productEnv(env()), encoding: 'utf8', timeout: 120_000 });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/private messages\s+0 rows/);

    const second = await start(env());
    try {
      const token = await login();
      expect((await messagesOf(token, 'Private Pia')).texts).toEqual([marker.private, marker.reply]);
      // The webhook still verifies with the re-encrypted secret; a new private message reads back.
      await deliver(channelId!, { id: `m3-${run}`, from: { id: `dm-${run}`, name: 'Private Pia' }, text: marker.afterRotation, kind: 'private' });
      await eventually(async () => (await messagesOf(token, 'Private Pia')).texts.includes(marker.afterRotation));
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 300_000);
});
