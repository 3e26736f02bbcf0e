import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions as SdkWorkerOptions, type WorkflowBundle } from '@temporalio/worker';
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

/**
 * Modules evaluated once per worker thread and shared by every workflow, instead of once per
 * workflow started or brought back into the cache (the reusable V8 context keeps other modules per
 * workflow): the libraries and rules/ functions the workflows call. All are pure — rules/ keeps
 * only a cache of compiled patterns without `g`/`y`, which hold no state — so nothing of one
 * workflow can reach another through them. The last one holds no code the workflows call: it sets
 * the depth of the thread's stack traces, which only a module run before the SDK freezes the
 * context's globals can.
 */
export const SHARED_WORKFLOW_MODULES = [
  'luxon',
  'json-rules-engine',
  path.join(rulesDir, 'business-hours', 'index.ts'),
  path.join(rulesDir, 'script-machine.ts'),
  path.join(workflowsDir, 'stack-trace-limit.ts'),
];

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(SHARED_WORKFLOW_MODULES.map((m) => path.relative(rulesDir, m))));
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
    preloadModules: SHARED_WORKFLOW_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn: (m) => logger?.warn(m), error: (m) => logger?.error(m), log() {} },
  });
  if (file) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bundle.code);
  }
  return bundle;
}

/**
 * Workflow-task polling as @temporalio/worker 1.12+ reads it: `maxConcurrentWorkflowTaskPolls` is
 * no longer read (the worker polled with the default 10), `workflowTaskPollerBehavior` is. sdk-core
 * splits a simple maximum between the normal queue (new conversations, evicted ones) and the sticky
 * queue (conversations in this worker's cache): `max(1, floor(maximum × ratio))` normal pollers, the
 * rest (at least 1) sticky; ratio 1 left a single sticky poller for every running conversation.
 */
type PollerBehavior = NonNullable<SdkWorkerOptions['workflowTaskPollerBehavior']>;

/**
 * Workflow tasks at once: the activations of one worker run one after another in its workflow
 * thread, so every task it holds is one an agent's update may queue behind. Measured on two cores
 * (`npm run bench`, a burst starting 1,000 conversations): 64 gave the agent's first action 3–6 s,
 * 16 gave 1.0–1.2 s with the same time for Temporal to catch up and a higher ceiling; 8 and 4 slowed
 * the catch-up by half.
 */
export const WORKER_TUNING = {
  maxConcurrentWorkflowTaskExecutions: 16,
  workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 16 } as PollerBehavior,
  nonStickyToStickyPollRatio: 0.5,
  maxConcurrentLocalActivityExecutions: 64,
  maxCachedWorkflows: 5000,
};
export type WorkerTuning = typeof WORKER_TUNING;

/** SWITCHBOARD_WORKER_TUNING (JSON, for measurements) over the defaults above. */
export function workerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const raw = env.SWITCHBOARD_WORKER_TUNING;
  return raw ? { ...WORKER_TUNING, ...(JSON.parse(raw) as Partial<WorkerTuning>) } : WORKER_TUNING;
}

export interface PollersInEffect {
  behavior: string;
  normal: number | string;
  sticky: number | string;
  cache: number;
}

/** The workflow-task pollers a created worker uses, read back from its resolved options. */
export function pollersInEffect(worker: Pick<Worker, 'options'>): PollersInEffect {
  const { workflowTaskPollerBehavior: b, nonStickyToStickyPollRatio: ratio, maxCachedWorkflows } = worker.options;
  if (b.type === 'autoscaling') {
    const range = `autoscaling ${b.minimum}–${b.maximum}`;
    return { behavior: `${range}, initial ${b.initial}`, normal: range, sticky: range, cache: maxCachedWorkflows };
  }
  const normal = Math.max(1, Math.floor(b.maximum * ratio));
  return { behavior: `simple-maximum ${b.maximum}, ratio ${ratio}`, normal, sticky: Math.max(1, b.maximum - normal), cache: maxCachedWorkflows };
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  bundle: WorkflowBundle;
  activities: ConversationActivities & ChannelPollActivities & PostContextActivities & RetentionActivities;
  taskQueue?: string;
  tuning?: WorkerTuning;
  /** The payload codec encrypting what the histories store (platform/crypto/payload-codec.ts). */
  dataConverter: SdkWorkerOptions['dataConverter'];
}

export function createWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue ?? TASK_QUEUE,
    workflowBundle: o.bundle,
    activities: o.activities,
    interceptors: { activity: [activityMetrics] },
    dataConverter: o.dataConverter,
    // Every new thread is a new workflow whose first task comes from the normal (non-sticky) queue,
    // every later message from the sticky one: both need several pollers (WORKER_TUNING).
    ...(o.tuning ?? workerTuning()),
  });
}
