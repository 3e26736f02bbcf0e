// Ending the workflows of conversations the retention purge removes: a purged LinkedIn thread has
// nothing left to route, time or answer, so its workflow (timers, follow-ups) must not run on.
// Terminated rather than signalled: nothing of the conversation is left for a graceful ending to
// write, and a signal would leave the run alive until a worker handled it.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { pool } from '../../platform/pool.js';

export type EndWorkflows = (workflowIds: string[], reason: string) => Promise<number>;

/** Terminates each running workflow; one already finished (or never started) counts as ended. */
export function endWorkflowsWith(client: Client): EndWorkflows {
  return async (workflowIds, reason) => {
    let ended = 0;
    await pool(workflowIds.length, 8, async (i) => {
      try {
        await client.workflow.getHandle(workflowIds[i]).terminate(reason);
        ended++;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    });
    return ended;
  };
}
