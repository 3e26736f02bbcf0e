import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimeSkippingEnv } from '../../../support/temporal.js';
import { orderHelp } from './example.js';
import { scriptInSandbox, type ScriptInSandboxInput } from './script-sandbox.workflow.js';

// The conversation workflow drives the script machine: it must bundle and run in Temporal's
// deterministic sandbox with the same results as outside.
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const input: ScriptInSandboxInput = {
  document: orderHelp(),
  facts: { 'contact.language': 'fr' },
  answers: ['non', 'jeanne@example.fr', 'Commande'],
};
const timingOut: ScriptInSandboxInput = { ...input, answers: [null] };

describe('the script machine in the workflow sandbox', () => {
  it('bundles, runs, and gives the same turns as outside', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'script-sandbox',
      workflowsPath: fileURLToPath(new URL('./script-sandbox.workflow.ts', import.meta.url)),
    });
    // One after the other: two results awaited at once through the time-skipping server held a
    // workflow task's completion for its 30 s deadline (in every CI run), then passed on the retry.
    const [inSandbox, timedOut] = await worker.runUntil(async () => [
      await env.client.workflow.execute(scriptInSandbox, { taskQueue: 'script-sandbox', workflowId: 'script-sandbox-1', args: [input] }),
      await env.client.workflow.execute(scriptInSandbox, { taskQueue: 'script-sandbox', workflowId: 'script-sandbox-2', args: [timingOut] }),
    ]);
    expect(inSandbox).toEqual(await scriptInSandbox(input));
    expect(timedOut).toEqual(await scriptInSandbox(timingOut));
    expect(inSandbox.valid).toBe(true);
    expect(inSandbox.turns.at(-1)?.state).toMatchObject({ status: 'ended', reason: 'handover', attributes: { email: 'jeanne@example.fr', reason: 'order', segment: 'orders' } });
    expect(timedOut.turns.at(-1)?.effects.map((e) => e.type)).toEqual(['timedOut', 'send', 'end']);
  });
});
