// Starting and stopping the per-channel polling workflows: on channel creation and at worker
// start (idempotent: an already running poll is left alone), and on deletion.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { channelPollWorkflowId } from '../../../workflows/channel-polling.js';
import { TASK_QUEUE } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { POLLED_CHANNEL_TYPES } from './activities.js';

export const isPolled = (type: string) => (POLLED_CHANNEL_TYPES as readonly string[]).includes(type);

export async function startPolling(client: Client, channelId: string, taskQueue = TASK_QUEUE): Promise<void> {
  try {
    await client.workflow.start('channelPollWorkflow', { workflowId: channelPollWorkflowId(channelId), taskQueue, args: [{ channelId }] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

export async function stopPolling(client: Client, channelId: string): Promise<void> {
  try {
    await client.workflow.getHandle(channelPollWorkflowId(channelId)).terminate('the channel was deleted');
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}

/** Every polled channel gets its workflow (after a restart, or one started while Temporal was away). */
export async function startAllPolling(db: Db, client: Client, taskQueue = TASK_QUEUE): Promise<number> {
  const channels = await db('channels').whereIn('type', [...POLLED_CHANNEL_TYPES]).whereNull('deleted_at').pluck('id');
  for (const id of channels) await startPolling(client, id, taskQueue);
  return channels.length;
}
