// Temporal environments for tests, on binaries prepared by `npm test` (engine/setup/prepare.mjs):
// the SDK's default would download them from Temporal's CDN, which these machines cannot reach.
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment, type DevServerConfig } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { resolveDevServer, resolveTestServer } from '../../engine/platform/temporal/binaries.js';

let runtimeChosen = false;

/** Workers log every state change at INFO: keep test output to warnings and errors. */
function quietRuntime(): void {
  if (runtimeChosen) return;
  runtimeChosen = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // This test file installed its own runtime, or already used the default one.
  }
}

/**
 * Java test server with time skipping. It lacks visibility (list), schedules and reset: tests
 * that need those use createDevServerEnv().
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = await resolveTestServer({ build: false });
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}

/** A real Temporal server (the CLI's dev server), in memory, without its Web UI. */
export async function createDevServerEnv(
  server: Omit<DevServerConfig, 'type' | 'executable'> = {},
): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = await resolveDevServer({ build: false });
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path }, ui: false, ...server },
  });
}

/** Absolute path of a workflow module under workflows/, for `Worker.create({ workflowsPath })`. */
export function workflowsPath(file = 'index.ts'): string {
  return fileURLToPath(new URL(`../../workflows/${file}`, import.meta.url));
}
