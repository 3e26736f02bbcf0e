// The retention purge workflow on the time-skipping server, its activity stubbed: the window it asks
// to purge follows workflow time, so a purge a week later purges a week more.
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, workflowsPath } from '../support/temporal.js';
import type { RetentionActivities } from '../../workflows/retention-activities.js';
import { ensureRetentionSchedule } from '../../engine/features/retention/schedule.js';

describe('retention purge workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('purges as of workflow time and returns what the activity removed, a week later at least a week further', async () => {
    const calls: string[] = [];
    let attempts = 0;
    const activities: RetentionActivities = {
      async purgeExpiredData({ now }) {
        // The first call fails once: the retry purges the same window.
        if (++attempts === 1) throw new Error('database restarting');
        calls.push(now);
        return { messagesRemoved: 3, linkedinConversationsRemoved: 1, workflowsEnded: 1, conversationsEmptied: 2 };
      },
    };
    const taskQueue = 'retention-test';
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: workflowsPath(), activities });
    await worker.runUntil(async () => {
      const first = await env.client.workflow.execute('retentionPurgeWorkflow', { taskQueue, workflowId: 'purge-1' });
      expect(first).toEqual({ messagesRemoved: 3, linkedinConversationsRemoved: 1, workflowsEnded: 1, conversationsEmptied: 2 });
      await env.sleep('7 days');
      await env.client.workflow.execute('retentionPurgeWorkflow', { taskQueue, workflowId: 'purge-2' });
    });
    expect(attempts).toBe(3);
    expect(calls).toHaveLength(2);
    // The time-skipping server may skip further while idle; a week at least separates the two windows.
    expect(Date.parse(calls[1]) - Date.parse(calls[0])).toBeGreaterThanOrEqual(7 * 86_400_000);
  });

  it('on a server without schedules, start-up goes on with a warning naming the purge', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, m: string) => warnings.push(m), debug() {} } as never;
    await ensureRetentionSchedule(env.client, logger);
    expect(warnings).toEqual([expect.stringMatching(/retention purge schedule not set/)]);
  });
});
