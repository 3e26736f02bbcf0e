// The database `npm run backup` / `npm run restore` work on: DATABASE_URL, or the embedded PostgreSQL of
// the data folder (the running one of an `npm start`, or started for the occasion).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { embeddedPorts, type Config } from '../app/config.js';
import { startEmbeddedPostgres } from '../platform/local/embedded-postgres.js';

export async function databaseTarget(config: Config, logger: Logger): Promise<{ url: string; release(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, release: async () => undefined };
  const pidFile = await readFile(path.join(config.dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number(pidFile?.split('\n')[0]);
  let running = false;
  if (pid > 0) {
    try {
      process.kill(pid, 0);
      running = true;
    } catch {
      running = false;
    }
  }
  if (running) {
    // postmaster.pid: line 4 is the port, line 5 the socket folder.
    const lines = pidFile!.split('\n');
    const password = (await readFile(path.join(config.dataDir, 'postgres-password'), 'utf8')).trim();
    const socket = lines[4]?.trim();
    const url = socket
      ? `postgres://postgres:${encodeURIComponent(password)}@localhost:${lines[3].trim()}/switchboard?host=${encodeURIComponent(socket)}`
      : `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${lines[3].trim()}/switchboard`;
    return { url, release: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ dir: config.dataDir, port: embeddedPorts(config).postgres, logger });
  await server.ensureDatabase('switchboard');
  return { url: server.urlFor('switchboard'), release: () => server.stop() };
}

export function backupFileArg(config: Config): string {
  const arg = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (arg) return path.resolve(arg);
  return path.join(config.dataDir, 'backups', 'switchboard.jsonl.gz');
}
