// The worker's workflow-task pollers, as the SDK in use resolved them (not as we meant them):
// @temporalio/worker ≥ 1.12 ignores maxConcurrentWorkflowTaskPolls, and sdk-core gives the sticky
// queue what the non-sticky ratio leaves.
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createWorker, pollersInEffect, WORKER_TUNING } from '../../engine/platform/temporal/worker.js';
import { Keyring, newKey, temporalDataConverter } from '../../engine/platform/crypto/index.js';
import { bundle, stubActivities, useTimeSkippingEnv } from '../support/workflow-harness.js';

const { env } = useTimeSkippingEnv();

describe('worker pollers in effect', () => {
  it('polls new conversations and cached ones with several pollers each, with the cache size asked for', async () => {
    const worker = await createWorker({
      connection: env().nativeConnection,
      namespace: env().namespace ?? 'default',
      bundle: bundle(),
      // never polled for activities here: only its options are read
      activities: stubActivities().activities as Parameters<typeof createWorker>[0]['activities'],
      taskQueue: 'pollers-in-effect',
      dataConverter: temporalDataConverter(new Keyring(newKey())),
    });
    const pollers = pollersInEffect(worker);
    expect(worker.options.workflowTaskPollerBehavior).toEqual(WORKER_TUNING.workflowTaskPollerBehavior);
    expect(pollers.normal).toBeGreaterThanOrEqual(4);
    expect(pollers.sticky).toBeGreaterThanOrEqual(4);
    expect(pollers.cache).toBe(WORKER_TUNING.maxCachedWorkflows);
    await worker.runUntil(async () => undefined);
  });

  it('shows what the settings before this change gave: maxConcurrentWorkflowTaskPolls ignored, one sticky poller', async () => {
    const worker = await Worker.create({
      connection: env().nativeConnection,
      taskQueue: 'pollers-before',
      workflowBundle: bundle(),
      activities: stubActivities().activities,
      maxConcurrentWorkflowTaskExecutions: 64,
      maxConcurrentWorkflowTaskPolls: 32,
      nonStickyToStickyPollRatio: 1,
    });
    expect(worker.options.workflowTaskPollerBehavior).toEqual({ type: 'simple-maximum', maximum: 10 });
    expect(pollersInEffect(worker)).toMatchObject({ normal: 10, sticky: 1 });
    await worker.runUntil(async () => undefined);
  });
});
