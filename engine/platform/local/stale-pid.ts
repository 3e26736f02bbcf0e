// A postmaster.pid left by a PostgreSQL killed without a chance to clean up (power cut, kill -9, a
// container restart) names a PID that, after a restart, may belong to another program: PostgreSQL then
// refuses to start ("lock file already exists"). Removed only when that PID is not a postgres process.
import { readFile, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

export async function clearStalePid(databaseDir: string, logger: Logger): Promise<void> {
  const file = path.join(databaseDir, 'postmaster.pid');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (!text) return;
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const exe = await readlink(`/proc/${pid}/exe`).catch(() => undefined);
  let alive = exe !== undefined;
  if (exe === undefined) {
    try {
      process.kill(pid, 0);
      alive = true;
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  if (alive && (exe === undefined || /postgres/.test(path.basename(exe)))) return; // a running PostgreSQL: let it refuse
  await rm(file, { force: true });
  logger.warn({ file, pid, process: exe }, 'removed a stale postmaster.pid (its PostgreSQL is gone)');
}
