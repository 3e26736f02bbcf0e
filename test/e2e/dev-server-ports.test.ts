// The Temporal dev server of `npm start` on a port another program holds for a moment (in the kernel's
// ephemeral range, any program's listen(0) or outgoing connection may take it): it waits, says who holds
// the port, and starts once it is free, instead of exiting with "address already in use" as it did once
// in twenty fresh starts of `npm run soak`. It runs in a session of its own (its own scheduling
// group, lowered below the API's), so it does not hear the terminal: it stops when its process exits.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../engine/platform/local/temporal-dev-server.js';
import { resolveDevServer } from '../../engine/platform/temporal/binaries.js';
import { freePort } from '../support/ports.js';

describe('the embedded Temporal dev server', () => {
  it('waits for a port another server holds for a moment, names it, and starts once it is free', async () => {
    const base = await freePort(4);
    const ports = { grpc: base, http: base + 1, metrics: base + 2, ui: base + 3 };
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(base, '127.0.0.1', () => r()));
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-ports-'));
    const starting = startDevServer({ binary: await resolveDevServer({ build: false }), dir, namespace: 'default', ports, logger, ui: false });
    starting.catch(() => undefined);
    try {
      await expect.poll(() => warnings.join('\n'), { timeout: 20_000 }).toMatch(`port is held: port ${base} is taken by a server: process ${process.pid}`);
      await new Promise<void>((r) => squatter.close(() => r()));
      const server = await starting;
      expect(server.address).toBe(`127.0.0.1:${base}`);
      await server.stop();
    } finally {
      squatter.close();
      await starting.then((s) => s.stop(), () => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops when the process that started it exits', async () => {
    const base = await freePort(4);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-exit-'));
    const binary = await resolveDevServer({ build: false });
    // a process that starts the server, says so, and exits without stopping it
    const script = `
      const { startDevServer } = await import(${JSON.stringify(new URL('../../engine/platform/local/temporal-dev-server.ts', import.meta.url).href)});
      const pino = (await import('pino')).default;
      const ports = { grpc: ${base}, http: ${base + 1}, metrics: ${base + 2}, ui: ${base + 3} };
      await startDevServer({ binary: ${JSON.stringify(binary)}, dir: ${JSON.stringify(dir)}, namespace: 'default', ports, logger: pino({ level: 'silent' }), ui: false });
      console.log('started');
      process.exit(0);`;
    try {
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 90_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
      expect(out).toContain('started');
      // the port is free again: the server is gone
      await expect.poll(() => new Promise<boolean>((resolve) => {
        const probe = net.connect(base, '127.0.0.1');
        probe.once('connect', () => (probe.destroy(), resolve(false)));
        probe.once('error', () => resolve(true));
      }), { timeout: 20_000 }).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
