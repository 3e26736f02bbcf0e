// `npm run soak`: start-up under repetition. Fresh `npm start`s (embedded PostgreSQL, the Temporal dev
// server, migrations, worker, relay, API), each checked healthy and stopped with Ctrl-C, on random port
// bases (half of them in the kernel's ephemeral range, where outgoing connections take their ports), some
// right after the previous one stopped, some under CPU load, one while an outgoing connection holds the
// PostgreSQL port, one while another server holds the Temporal port for a moment. Prints each failure
// with its cause and the figures. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadEphemeralRange } from '../platform/local/port-holder.js';

const root = path.resolve(import.meta.dirname, '../..');
const starts = Number(process.argv.find((a) => a.startsWith('--starts='))?.slice(9) ?? 20);

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function portBase(low: number, high: number): Promise<number> {
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low - 6));
    let ok = true;
    for (let i = 0; i <= 5 && ok; i++) ok = await isFree(port + i);
    if (ok) return port;
  }
}

/** Busy threads, so start-up competes for the CPU as it does during `npm test`. */
function cpuLoad(threads: number): () => Promise<void> {
  const workers = Array.from({ length: threads }, () => new Worker('for(;;){}', { eval: true }));
  return async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
}

/** An open outgoing connection whose local end is `port`, closed by its peer after `ms`. */
async function holdWithConnection(port: number, ms: number): Promise<void> {
  const server = net.createServer((s) => setTimeout(() => { s.destroy(); server.close(); }, ms));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const sock = net.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', localPort: port });
  sock.on('error', () => undefined);
  await new Promise((r) => sock.once('connect', r));
}

/** Another program's short-lived server on the port (a listen(0) in the ephemeral range may land there). */
async function holdWithServer(port: number, ms: number): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  setTimeout(() => server.close(), ms);
}

interface Outcome { ok: boolean; ms: number; cause?: string }

async function oneStart(port: number): Promise<Outcome> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-soak-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['DATABASE_URL', 'TEMPORAL_ADDRESS', 'NODE_OPTIONS'].includes(k)) env[k] = v;
  Object.assign(env, { PORT: String(port), SWITCHBOARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'engine/cli/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const last = () => out.trim().split('\n').slice(-12).join('\n    ');
  try {
    const started = await Promise.race([
      new Promise<boolean>((resolve) => {
        const check = () => out.includes('Press Ctrl-C to stop.') && resolve(true);
        child.stdout.on('data', check);
      }),
      exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), 180_000)),
    ]);
    if (!started) return { ok: false, ms: Date.now() - t0, cause: `did not start:\n    ${last()}` };
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).then(async (r) => `${r.status} ${await r.text()}`, (e) => String(e));
    const ms = Date.now() - t0;
    child.kill('SIGINT');
    const code = await exited;
    if (!health.startsWith('200')) return { ok: false, ms, cause: `health: ${health}` };
    if (code !== 0) return { ok: false, ms, cause: `Ctrl-C exit code ${code}:\n    ${last()}` };
    return { ok: true, ms };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

const [ephLow, ephHigh] = await loadEphemeralRange();
const results: (Outcome & { label: string })[] = [];
for (let i = 1; i <= starts; i++) {
  const inEphemeral = i % 2 === 0;
  const port = inEphemeral ? await portBase(ephLow, ephHigh) : await portBase(10_000, ephLow);
  const loaded = i % 4 === 3;
  const held = i === 4;
  let label = `start ${String(i).padStart(2)}: port ${port}${inEphemeral ? ' (ephemeral range)' : ''}`;
  if (loaded) label += ', CPU load';
  if (held) {
    label += ', PostgreSQL port held by a connection for 3 s';
    await holdWithConnection(port + 1, 3000);
  }
  if (i === 8) {
    label += ', Temporal port held by a server for 3 s';
    await holdWithServer(port + 2, 3000);
  }
  const stopLoad = loaded ? cpuLoad(2) : undefined;
  const outcome = await oneStart(port);
  await stopLoad?.();
  results.push({ ...outcome, label });
  process.stdout.write(`${label}: ${outcome.ok ? 'ok' : 'FAILED'} in ${(outcome.ms / 1000).toFixed(1)} s${outcome.cause ? `\n    ${outcome.cause}` : ''}\n`);
}
const failures = results.filter((r) => !r.ok);
const times = results.filter((r) => r.ok).map((r) => r.ms).sort((a, b) => a - b);
process.stdout.write(
  `\nsoak: ${results.length} fresh starts, ${results.length - failures.length} ok, ${failures.length} failed` +
    (times.length ? `; start to healthy median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(1)} s, max ${(times[times.length - 1] / 1000).toFixed(1)} s\n` : '\n'),
);
process.exit(failures.length ? 1 : 0);
