// The purge runs hourly on a Temporal schedule, created or brought up to date whenever a worker or an
// API process starts. A server without schedules (the time-skipping test server) only costs a warning.
import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Logger } from 'pino';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_ID } from '../../../workflows/retention-activities.js';
import { TASK_QUEUE } from '../../../workflows/shared.js';

export function retentionSchedule(taskQueue = TASK_QUEUE): ScheduleOptions {
  return {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: { intervals: [{ every: '1 hour' }] },
    action: { type: 'startWorkflow', workflowType: 'retentionPurgeWorkflow', workflowId: RETENTION_WORKFLOW_ID, taskQueue, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
}

export async function ensureRetentionSchedule(client: Client, logger: Logger, taskQueue?: string): Promise<void> {
  const options = retentionSchedule(taskQueue);
  try {
    await client.schedule.create(options);
    logger.debug({ scheduleId: options.scheduleId }, 'retention schedule created');
  } catch (err) {
    if ((err as Error).name === 'ScheduleAlreadyRunning') {
      try {
        await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
        return;
      } catch (updateErr) {
        err = updateErr;
      }
    }
    logger.warn({ err: String((err as Error).message ?? err) }, 'retention purge schedule not set: this Temporal server does not take schedules; messages are not purged until one does');
  }
}
