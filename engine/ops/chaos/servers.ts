// The chaos run's servers, in a process of their own: embedded PostgreSQL and the Temporal dev server
// (the local stack's own code), on the ports and data folder given. A Temporal dev server that dies
// (the run kills it with -9) is started again on the same ports and SQLite file. Prints one JSON line
// with the addresses, then one line per Temporal start; SIGTERM stops both.
import path from 'node:path';
import { pino } from 'pino';
import { startEmbeddedPostgres } from '../../platform/local/embedded-postgres.js';
import { startDevServer, type RunningDevServer } from '../../platform/local/temporal-dev-server.js';
import { resolveDevServer } from '../../platform/temporal/binaries.js';
import { portHolder } from '../../platform/local/port-holder.js';

const [dir, basePort] = [process.argv[2], Number(process.argv[3])];
const logger = pino({ level: 'warn' }, pino.destination(2));
const pg = await startEmbeddedPostgres({ dir, port: basePort, logger });
await pg.ensureDatabase('switchboard');
const binary = await resolveDevServer({ build: false });
const ports = { grpc: basePort + 1, ui: basePort + 2, http: basePort + 3, metrics: basePort + 4 };
let stopping = false;
let temporal: RunningDevServer | undefined;

async function startTemporal() {
  for (;;) {
    try {
      temporal = await startDevServer({ binary, dir: path.join(dir, 'temporal'), namespace: 'default', ports, logger, ui: false });
      const holder = await portHolder(ports.grpc);
      process.stdout.write(JSON.stringify({ temporalStarted: true, pid: holder?.pid }) + '\n');
      return;
    } catch (err) {
      logger.warn({ err: String(err) }, 'temporal dev server did not start; again');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

await startTemporal();
process.stdout.write(JSON.stringify({ databaseUrl: pg.urlFor('switchboard'), temporalAddress: temporal!.address }) + '\n');

// Watch for the dev server's death and bring it back.
let starting = false;
setInterval(async () => {
  if (stopping || starting) return;
  starting = true;
  try {
    const holder = await portHolder(ports.grpc);
    if (!stopping && (!holder || holder.state !== 'listening')) await startTemporal();
  } finally {
    starting = false;
  }
}, 300);

process.on('SIGTERM', async () => {
  stopping = true;
  await temporal?.stop().catch(() => undefined);
  await pg.stop();
  process.exit(0);
});
