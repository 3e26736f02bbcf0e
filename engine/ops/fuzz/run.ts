// `npm run fuzz`: bad input, measured. A stack of its own (embedded PostgreSQL and the Temporal dev
// server in a temporary folder, the API with its worker), then (1) fast-check deliveries against every
// webhook endpoint (default 10,000 each: `--cases=N`), and (2) schemathesis against the served OpenAPI
// document, installed from PyPI into a virtualenv under the per-user cache on first use. Prints the
// counts per endpoint; exits non-zero on any 5xx or half-stored delivery.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startServices } from '../../app/services.js';
import { createUser } from '../../features/people/users-repository.js';
import { startEmbeddedPostgres } from '../../platform/local/embedded-postgres.js';
import { startDevServer } from '../../platform/local/temporal-dev-server.js';
import { cacheDir, resolveDevServer } from '../../platform/temporal/binaries.js';
import { fuzzTarget } from './check.js';
import { targets, type FuzzChannel } from './webhook-cases.js';

const cases = Number(process.argv.find((a) => a.startsWith('--cases='))?.slice(8) ?? 10_000);
const skipSchemathesis = process.argv.includes('--no-schemathesis');
const say = (line: string) => process.stdout.write(line + '\n');
const logger = pino({ level: 'silent' });

const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-fuzz-'));
await chmod(dir, 0o755);
const base = 12_000 + Math.floor(Math.random() * 18_000);
const pg = await startEmbeddedPostgres({ dir, port: base, logger, fast: true });
await pg.ensureDatabase('switchboard');
const temporal = await startDevServer({
  binary: await resolveDevServer({ build: false }), dir: path.join(dir, 'temporal'), namespace: 'default', logger, ui: false,
  ports: { grpc: base + 1, ui: base + 2, http: base + 3, metrics: base + 4 },
});
const apiPort = base + 10;
const services = await startServices({
  databaseUrl: pg.urlFor('switchboard'), temporalAddress: temporal.address, namespace: 'default', logger, worker: true,
  cacheDir: path.join(cacheDir(), 'workflow-bundles'),
  api: { port: apiPort, host: '127.0.0.1', publicUrl: `http://127.0.0.1:${apiPort}` },
});
await services.server!.start();
const server = services.server!;
await createUser(services.db, { email: 'fuzz@example.com', name: 'Fuzz', password: 'fuzz password 123', role: 'admin' });
const token = JSON.parse((await server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'fuzz@example.com', password: 'fuzz password 123' } })).payload).token;

const specs: Omit<FuzzChannel, 'id'>[] = [
  { type: 'sandbox', config: { secret: 'fuzz-sandbox-secret' } },
  { type: 'messenger', config: { pageId: '1001', appSecret: 'fuzz-app-secret', verifyToken: 'v', pageAccessToken: 't' } },
  { type: 'facebook_page', config: { pageId: '1002', appSecret: 'fuzz-page-secret', verifyToken: 'v', pageAccessToken: 't' } },
  { type: 'instagram', config: { instagramAccountId: '1003', appSecret: 'fuzz-ig-secret', verifyToken: 'v', accessToken: 't' } },
  { type: 'whatsapp', config: { phoneNumberId: '1004', businessAccountId: '1005', appSecret: 'fuzz-wa-secret', verifyToken: 'v', accessToken: 't' } },
];
const channels: FuzzChannel[] = [];
for (const c of specs) {
  const res = await server.inject({ method: 'POST', url: '/api/channels', headers: { authorization: `Bearer ${token}` }, payload: { type: c.type, name: `Fuzz ${c.type}`, config: c.config } });
  if (res.statusCode !== 201) throw new Error(`channel ${c.type}: ${res.payload}`);
  channels.push({ ...c, id: JSON.parse(res.payload).id });
}

let failed = false;
say(`webhooks: ${cases} generated deliveries per endpoint`);
for (const target of targets(channels)) {
  const t0 = Date.now();
  const outcome = await fuzzTarget(server, services.db, target, cases);
  const statuses = Object.entries(outcome.byStatus).sort().map(([s, n]) => `${s}: ${n}`).join(', ');
  say(`  ${target.name.padEnd(62)} ${String(outcome.cases).padStart(6)} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s (${statuses})${outcome.failure ? `\n    FAILED: ${outcome.failure}` : ''}`);
  if (outcome.failure) failed = true;
}

function schemathesis(): string | undefined {
  const venv = path.join(cacheDir(), 'schemathesis-venv');
  const st = path.join(venv, 'bin', 'st');
  if (!existsSync(st)) {
    say(`schemathesis: installing from PyPI into ${venv} (once)`);
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', 'schemathesis'], { stdio: 'inherit' });
  }
  return st;
}

if (!skipSchemathesis) {
  try {
    const st = schemathesis()!;
    const res = spawnSync(st, ['run', `http://127.0.0.1:${apiPort}/openapi.json`, '--checks', 'not_a_server_error', '-H', `Authorization: Bearer ${token}`, '--max-examples', '50'], { encoding: 'utf8', timeout: 1_800_000 });
    say((res.stdout + res.stderr).trim().split('\n').slice(-25).join('\n'));
    if (res.status !== 0) failed = true;
  } catch (err) {
    say(`schemathesis: not run: ${(err as Error).message}`);
    failed = true;
  }
}

await services.stop();
await temporal.stop();
await pg.stop();
await rm(dir, { recursive: true, force: true });
say(failed ? 'fuzz: FAILED' : 'fuzz: ok (no 5xx, nothing half-stored)');
process.exit(failed ? 1 : 0);
