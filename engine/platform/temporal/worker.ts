import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ConversationActivities } from '../../../workflows/activities.js';
import type { ChannelPollActivities } from '../../../workflows/channel-polling.js';
import type { PostContextActivities } from '../../../workflows/post-context.js';
import { TASK_QUEUE } from '../../../workflows/shared.js';
import type { RetentionActivities } from '../../../workflows/retention-activities.js';
import { activityMetrics } from '../metrics.js';

const workflowsDir = fileURLToPath(new URL('../../../workflows/', import.meta.url));
const rulesDir = fileURLToPath(new URL('../../../rules/', import.meta.url));

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of [workflowsDir, rulesDir]) {
    const files = (await readdir(dir, { recursive: true }).catch(() => [] as string[])).filter((f) => f.endsWith('.ts')).sort();
    for (const f of files) hash.update(f).update(await readFile(path.join(dir, f)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Bundling the workflow code takes seconds; the bundle depends only on workflows/ and rules/, so it
 * is cached on disk by a hash of their sources.
 */
export async function workflowBundle(cacheDir: string | undefined, logger?: Logger): Promise<WorkflowBundle> {
  const file = cacheDir ? path.join(cacheDir, `workflow-bundle-${await sourceHash()}.js`) : undefined;
  if (file) {
    const code = await readFile(file, 'utf8').catch(() => undefined);
    if (code) return { code };
  }
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(workflowsDir, 'index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn: (m) => logger?.warn(m), error: (m) => logger?.error(m), log() {} },
  });
  if (file) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bundle.code);
  }
  return bundle;
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  bundle: WorkflowBundle;
  activities: ConversationActivities & ChannelPollActivities & PostContextActivities & RetentionActivities;
  taskQueue?: string;
}

export function createWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue ?? TASK_QUEUE,
    workflowBundle: o.bundle,
    activities: o.activities,
    interceptors: { activity: [activityMetrics] },
    maxConcurrentWorkflowTaskExecutions: 64,
    // Every new thread is a new workflow whose first task comes from the normal (non-sticky) queue:
    // the default 10 pollers with a 0.2 ratio left ~2 pollers for them and capped new threads near 50/s.
    maxConcurrentWorkflowTaskPolls: 32,
    nonStickyToStickyPollRatio: 1,
    maxConcurrentLocalActivityExecutions: 64,
    maxCachedWorkflows: 5000,
  });
}
