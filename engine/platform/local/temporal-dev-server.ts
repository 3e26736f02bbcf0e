// The Temporal dev server (Temporal CLI) for `npm start` when TEMPORAL_ADDRESS is unset: persisted
// in SQLite under the data folder, with its Web UI.
import { lowerPriority } from '../priority.js';
import { Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { TRANSIENT_WAIT_MS, waitForFreePorts } from './port-holder.js';

export interface DevServerOptions {
  binary: string;
  dir: string;
  namespace: string;
  ports: { grpc: number; ui: number; http: number; metrics: number };
  logger: Logger;
  ui?: boolean;
  /** The dynamic config below (default on; off only to measure what it gives). */
  tuned?: boolean;
  /** Nice value to run at, below the API's acks (platform/priority.ts); 0 or absent: as started. */
  nice?: number;
}

/**
 * Switchboard keeps no custom search attributes, so the refresh of their cache on every visibility
 * write is wasted; one worker set polls one queue, so one partition per task queue avoids the
 * forwarding between the four of the default.
 */
const TUNING = [
  'system.forceSearchAttributesCacheRefreshOnRead=false',
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
];

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

const BIND_FAILED = /bind: address already in use/;

/**
 * Starts the dev server once its ports are free; a port an outgoing connection takes between that check
 * and the server's bind (ports in the kernel's ephemeral range) is waited for and the start retried.
 */
export async function startDevServer(o: DevServerOptions): Promise<RunningDevServer> {
  const giveUpAt = Date.now() + TRANSIENT_WAIT_MS;
  const ports = [o.ports.grpc, o.ports.http, o.ports.metrics, ...(o.ui === false ? [] : [o.ports.ui])];
  for (;;) {
    await waitForFreePorts(ports, 'the Temporal dev server', o.logger, 'Set PORT to move the embedded servers (Temporal uses PORT+2 to PORT+5).');
    try {
      return await startOnce(o);
    } catch (err) {
      if (!BIND_FAILED.test((err as Error).message) || Date.now() > giveUpAt) throw err;
      o.logger.warn({ ports }, 'the Temporal dev server could not bind a port; checking who holds it');
    }
  }
}

async function startOnce(o: DevServerOptions): Promise<RunningDevServer> {
  await mkdir(o.dir, { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(o.ports.grpc),
    '--http-port', String(o.ports.http),
    '--metrics-port', String(o.ports.metrics),
    '--namespace', o.namespace,
    '--db-filename', path.join(o.dir, 'temporal.sqlite'),
    // Measured: WAL with synchronous=normal keeps ~2.5x the throughput of the default journal.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    '--log-level', 'warn',
    ...(o.tuned === false ? [] : TUNING.flatMap((value) => ['--dynamic-config-value', value])),
    ...(o.ui === false ? ['--headless'] : ['--ui-ip', '127.0.0.1', '--ui-port', String(o.ports.ui)]),
  ];
  // A session of its own: where the kernel schedules by session (autogroup), that makes it a
  // scheduling group of its own, which lowerPriority lowers below the API's (bench: ack p99 39–42 ms
  // instead of 48–66). It no longer hears the terminal's signals, so it stops when this process exits.
  const child = spawn(o.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stopWithUs = () => child.kill('SIGTERM');
  process.once('exit', stopWithUs);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
    process.off('exit', stopWithUs);
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  const address = `127.0.0.1:${o.ports.grpc}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the Temporal dev server ${exited} (ports ${o.ports.grpc}-${o.ports.metrics} in use?):\n${tail}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.describeNamespace({ namespace: o.namespace });
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the Temporal dev server did not answer on ${address} within 60 s: ${(err as Error).message}\n${tail}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  if (o.nice && child.pid) lowerPriority(child.pid, o.nice);
  o.logger.debug({ address }, 'temporal dev server ready');
  return {
    address,
    uiUrl: o.ui === false ? undefined : `http://127.0.0.1:${o.ports.ui}`,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}
