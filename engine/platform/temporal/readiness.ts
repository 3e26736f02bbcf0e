import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { TASK_QUEUE } from '../../../workflows/shared.js';

const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

/**
 * Whether a message sent now would be processed, and if not, why: Temporal unreachable, or reachable
 * with no worker polling the conversation task queue. Servers that cannot describe task queues (the
 * time-skipping test server) fall back to whether this process runs a worker.
 */
export async function temporalProblem(client: Client, namespace: string, localWorkerRunning?: () => boolean): Promise<string | undefined> {
  try {
    const res = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: TASK_QUEUE, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if ((res.pollers ?? []).length > 0 || localWorkerRunning?.()) return undefined;
    return `no worker polls the task queue ${TASK_QUEUE}: start one (npm run worker, or npm start)`;
  } catch (err) {
    if ((err as { code?: number }).code === 12 /* UNIMPLEMENTED */ && localWorkerRunning) {
      return localWorkerRunning() ? undefined : 'no worker runs in this process';
    }
    return `the Temporal server does not answer: ${(err as Error).message}`;
  }
}
