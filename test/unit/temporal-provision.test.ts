// Probe of the Temporal binaries that engine/setup/prepare.mjs provides (shared/design/temporal-binaries.md):
// both servers start from them and run a workflow.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wakeSignal, type ProbeOptions, type ProbeResult, type probeWorkflow } from '../fixtures/workflows/probe.js';
import { createDevServerEnv, createTimeSkippingEnv } from '../support/temporal.js';

const DAY = 24 * 60 * 60 * 1000;
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

let bundle: WorkflowBundle;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../fixtures/workflows/probe.ts', import.meta.url)),
    logger: quiet,
  });
});

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await fn();
  // Figures for the record; tests never assert timings.
  console.info(`${what}: ${(performance.now() - started).toFixed(0)} ms`);
  return value;
}

async function runProbe(env: TestWorkflowEnvironment, options: ProbeOptions, wake = false): Promise<ProbeResult> {
  const taskQueue = `probe-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof probeWorkflow>('probeWorkflow', {
      args: [options],
      taskQueue,
      workflowId: `probe-${randomUUID()}`,
    });
    if (wake) await handle.signal(wakeSignal);
    return handle.result();
  });
}

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment | undefined;
  afterAll(async () => env?.teardown());

  it('runs two weeks of timers and waits without waiting', async () => {
    env = await timed('createTimeSkipping ready', createTimeSkippingEnv);
    const result = await timed('14-day probe workflow', () => runProbe(env!, { sleep: '7 days', wait: '7 days' }));
    expect(result.woken).toBe(false);
    expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(14 * DAY);
  });
});

describe('dev server', () => {
  let env: TestWorkflowEnvironment | undefined;
  afterAll(async () => env?.teardown());

  it('starts and runs the probe, woken by a signal', async () => {
    env = await timed('createLocal (dev server) ready', () => createDevServerEnv());
    // Real time here: a short sleep, and the signal ends the 7-day wait.
    const result = await runProbe(env, { sleep: '1 second', wait: '7 days' }, true);
    expect(result.woken).toBe(true);
    expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(1000);
  });
});
