// `npm run fuzz`: bad input, measured. A stack of its own (embedded PostgreSQL and the Temporal dev
// server in a temporary folder, the API with its worker), then (1) fast-check deliveries against every
// webhook endpoint (default 10,000 each: `--cases N`), and (2) schemathesis against the served OpenAPI
// document, installed from PyPI into a virtualenv under the per-user cache on first use. The API runs in
// this process, so schemathesis runs beside it (a synchronous spawn blocked the API, and schemathesis
// timed out loading the schema); it gets the document as a file. Prints the counts per endpoint; exits non-zero on any 5xx or half-stored delivery.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

/** `--name value` or `--name=value`. */
function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}
const cases = Number(option('cases') ?? 10_000);
if (!Number.isInteger(cases) || cases < 1) throw new Error(`--cases must be a whole number of at least 1; got ${option('cases')}`);
const maxExamples = Number(option('examples') ?? 50);
/** `--only whatsapp`: the endpoints whose name starts so (sandbox, messenger, facebook_page, instagram, whatsapp, meta). */
const only = option('only');
const skipSchemathesis = process.argv.includes('--no-schemathesis');
const skipWebhooks = process.argv.includes('--no-webhooks');
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
const totals = { cases: 0, serverErrors: 0, halfStored: 0, unexplained: 0 };
if (!skipWebhooks) say(`webhooks: ${cases} generated deliveries per endpoint`);
for (const target of skipWebhooks ? [] : targets(channels).filter((t) => !only || t.name.startsWith(only))) {
  const t0 = Date.now();
  const outcome = await fuzzTarget(server, services.db, target, cases);
  const statuses = Object.entries(outcome.byStatus).sort().map(([s, n]) => `${s}: ${n}`).join(', ');
  say(`  ${target.name.padEnd(62)} ${String(outcome.cases).padStart(6)} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s (${statuses}); ` +
    `5xx: ${outcome.serverErrors}, half-stored: ${outcome.halfStored}, unexplained refusals: ${outcome.unexplained}` +
    `${outcome.failure ? `\n    FAILED: ${outcome.failure}` : ''}`);
  totals.cases += outcome.cases;
  totals.serverErrors += outcome.serverErrors;
  totals.halfStored += outcome.halfStored;
  totals.unexplained += outcome.unexplained;
  if (outcome.failure) failed = true;
}
if (!skipWebhooks) say(`webhooks total: ${totals.cases} cases; 5xx: ${totals.serverErrors}; half-stored: ${totals.halfStored}; unexplained refusals: ${totals.unexplained}`);

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
    // The document as the running API serves it, read in-process and handed over as a file.
    const doc = await server.inject({ method: 'GET', url: '/openapi.json' });
    if (doc.statusCode !== 200) throw new Error(`GET /openapi.json answered ${doc.statusCode}`);
    const schemaFile = path.join(dir, 'openapi.json');
    await writeFile(schemaFile, doc.payload);
    say(`schemathesis: up to ${maxExamples} examples per operation (--examples N)`);
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(st, [
        'run', schemaFile, '--url', `http://127.0.0.1:${apiPort}`,
        '--checks', 'not_a_server_error', '-H', `Authorization: Bearer ${token}`,
        // Logging out would revoke the token every later request uses; the live event stream never
        // ends, so each of its examples would wait out the request timeout.
        '--exclude-path', '/api/auth/logout', '--exclude-path', '/api/events',
        '--max-examples', String(maxExamples), '--request-timeout', '60', '--workers', '1',
        // Its working files (.schemathesis/) go to the temporary folder, not into the project.
      ], { stdio: ['ignore', 'inherit', 'inherit'], cwd: dir });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_600_000);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    if (status !== 0) failed = true;
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
