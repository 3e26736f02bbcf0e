import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { TASK_QUEUE } from '../../../workflows/shared.js';

// The package is CommonJS: its namespaces come through the default export under native ESM.
const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

/**
 * Temporal is "ok" only when a worker polls the conversation task queue, i.e. a message sent now
 * would be processed. Servers that cannot describe task queues (the time-skipping test server)
 * fall back to whether this process runs a worker.
 */
export async function temporalReady(client: Client, namespace: string, localWorkerRunning?: () => boolean): Promise<boolean> {
  try {
    const res = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: TASK_QUEUE, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if ((res.pollers ?? []).length > 0) return true;
    return localWorkerRunning?.() ?? false;
  } catch (err) {
    if ((err as { code?: number }).code === 12 /* UNIMPLEMENTED */ && localWorkerRunning) return localWorkerRunning();
    return false;
  }
}
