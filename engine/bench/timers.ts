// The timers section of `npm run bench -- --only timers`: many open conversations, each with a live
// auto-resolve timer (the figure is 100,000; BENCH_TIMERS). Auto-resolve of new
// conversations is turned on through the API, then one customer message per thread is recorded in
// bulk by the webhooks' own statement (recordInbound, 10,000 rows a call, texts sealed as at rest)
// and the relay of the API process is woken as a webhook would wake it. The relay links them to
// conversations and signal-with-starts one workflow per thread; each workflow arms its timer.
// Counted until every conversation is in PostgreSQL, Temporal runs a conversation workflow for
// each and the worker has executed a workflow task for each; then a sample of histories must show
// the armed timer. Figures: the time to start them (with when all were visible, and when Temporal
// had accepted every signal), the worker's, API's and dev server's memory and CPU.
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import type { InboundEvent } from '../../connectors/types.js';
import { loadConfig } from '../app/config.js';
import { keyringFor } from '../app/keyring.js';
import { createLogger } from '../app/logger.js';
import { INBOUND_CHANNEL, recordInbound } from '../features/inbound/record.js';
import { createUser } from '../features/people/users-repository.js';
import { installKeyring } from '../platform/crypto/index.js';
import { createDb, migrate } from '../platform/database.js';
import { startLocalStack } from '../platform/local/stack.js';
import { cpuSeconds, pidOf, residentMb, startPart, type Part } from './processes.js';

const CHUNK = 10_000;
const SAMPLE = 20;
const WEEK_SECONDS = 7 * 24 * 3600;

export async function runTimers(out: (line?: string) => void): Promise<Record<string, number | string>> {
  const N = Number(process.env.BENCH_TIMERS ?? 100_000);
  const drainMs = Number(process.env.BENCH_DRAIN_SECONDS ?? Math.max(600, N / 20)) * 1000;
  const PORT = Number(process.env.BENCH_PORT ?? 20_000 + (process.pid % 1000) * 20);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-timers-'));
  const config = loadConfig({ ...process.env, PORT: String(PORT), SWITCHBOARD_DATA_DIR: dataDir, DATABASE_URL: '', TEMPORAL_ADDRESS: '' });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const stack = await startLocalStack(config, logger);
  const db = createDb(stack.databaseUrl, 4);
  const parts: Part[] = [];
  let clientConnection: Connection | undefined;
  const sqlite = path.join(dataDir, 'temporal', 'temporal.sqlite');
  const devServerPid = pidOf(sqlite);
  const peak = { worker: 0, api: 0, devServer: 0 };
  const sampler = setInterval(() => {
    peak.worker = Math.max(peak.worker, residentMb(parts[0]?.child.pid) || 0);
    peak.api = Math.max(peak.api, residentMb(parts[1]?.child.pid) || 0);
    peak.devServer = Math.max(peak.devServer, residentMb(devServerPid) || 0);
  }, 1000);
  try {
    // The parts share the data folder's key file; the bench seals the texts it records with it.
    installKeyring(await keyringFor(config, logger));
    clientConnection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection: clientConnection, namespace: config.temporalNamespace });
    await migrate(db);
    const metricsAddress = `127.0.0.1:${PORT + 9}`;
    const partEnv = { DATABASE_URL: stack.databaseUrl, TEMPORAL_ADDRESS: stack.temporalAddress, SWITCHBOARD_DATA_DIR: dataDir };
    parts.push(await startPart('worker', { ...partEnv, SWITCHBOARD_WORKER_METRICS: metricsAddress }));
    parts.push(await startPart('api', { ...partEnv, PORT: String(PORT + 10) }));
    const api = `http://127.0.0.1:${PORT + 10}`;
    const rss = () => ({ worker: residentMb(parts[0].child.pid), api: residentMb(parts[1].child.pid), devServer: residentMb(devServerPid) });
    const idle = rss();

    const email = 'bench-timers@example.com';
    const password = 'a long enough bench password';
    await createUser(db, { email, name: 'Bench timers', password, role: 'admin' });
    const { token } = (await call(api, 'POST', '/api/auth/login', undefined, { email, password })) as { token: string };
    const channel = (await call(api, 'POST', '/api/channels', token, { type: 'sandbox', name: 'bench timers', config: { secret: 'bench-secret' } })) as { id: string };
    await call(api, 'PUT', '/api/settings/auto-resolve', token, { new: { afterSeconds: WEEK_SECONDS } });
    const cache = (parts[0].pollers as { cache?: number } | undefined)?.cache;
    out(`Timers: ${N} conversations, each with an auto-resolve timer (new, after 7 days); 1 API + 1 worker process (workflow cache ${cache ?? '?'})`);
    out(`  idle RSS: worker ${idle.worker.toFixed(0)} MB, API ${idle.api.toFixed(0)} MB, dev server ${idle.devServer.toFixed(0)} MB`);

    const cpu = () => ({ worker: cpuSeconds(parts[0].child.pid), api: cpuSeconds(parts[1].child.pid), devServer: cpuSeconds(devServerPid) });
    const cpuBefore = cpu();
    const tasksBefore = await conversationTasks(metricsAddress);
    const t0 = performance.now();
    const at = new Date().toISOString();
    for (let from = 0; from < N; from += CHUNK) {
      const events: InboundEvent[] = [];
      for (let i = from; i < Math.min(N, from + CHUNK); i++) {
        const customer = `timer-customer-${i}`;
        events.push({ providerMessageId: `timer-${i}`, threadKey: customer, kind: 'private', direction: 'in', contact: { providerId: customer }, text: `hello ${i}`, attachments: [], at });
      }
      await recordInbound(db, channel.id, events);
      // as a webhook of another process wakes the relay after its commit (Relay.recorded)
      await db.raw('SELECT pg_notify(?, ?)', [INBOUND_CHANNEL, 'bench']);
    }
    const fillSeconds = (performance.now() - t0) / 1000;
    out(`  recorded ${N} messages on ${N} threads in ${fillSeconds.toFixed(1)} s`);

    let visibleSeconds = NaN;
    let signalledSeconds = NaN;
    let progress = performance.now();
    const deadline = performance.now() + drainMs;
    let counts = { conversations: 0, running: 0, tasks: 0 };
    for (;;) {
      const [{ n }] = await db('conversations').where('channel_id', channel.id).count({ n: '*' });
      counts.conversations = Number(n);
      if (counts.conversations >= N && Number.isNaN(visibleSeconds)) visibleSeconds = (performance.now() - t0) / 1000;
      if (counts.conversations >= N && Number.isNaN(signalledSeconds)) {
        // the relay deletes a row once Temporal accepted its signal-with-start
        const [{ q }] = await db('inbound_queue').where('channel_id', channel.id).count({ q: '*' });
        if (Number(q) === 0) signalledSeconds = (performance.now() - t0) / 1000;
      }
      counts.tasks = (await conversationTasks(metricsAddress)) - tasksBefore;
      // visibility is the expensive read: only once the worker has run a task per conversation
      if (counts.conversations >= N && counts.tasks >= N) {
        counts.running = (await client.workflow.count('WorkflowType="conversationWorkflow" AND ExecutionStatus="Running"')).count;
        if (counts.running >= N) break;
      }
      // a part that died (the worker out of heap) would leave the count where it is until the deadline
      const dead = parts.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
      if (dead) throw new Error(`timers: the ${dead.kind} process exited (${dead.child.signalCode ?? dead.child.exitCode}) with ${JSON.stringify(counts)} of ${N}`);
      if (performance.now() > deadline) throw new Error(`timers: gave up after ${drainMs / 1000} s with ${JSON.stringify(counts)} of ${N}`);
      if (performance.now() - progress > 30_000) {
        progress = performance.now();
        out(`  … ${((progress - t0) / 1000).toFixed(0)} s: ${counts.conversations} conversations, ${counts.tasks} workflow tasks, worker ${rss().worker.toFixed(0)} MB`);
      }
      await sleep(250);
    }
    const startSeconds = (performance.now() - t0) / 1000;
    const end = rss();
    const workerMetrics = await scrape(metricsAddress);
    const cached = metric(workerMetrics, 'temporal_sticky_cache_size');
    // a counter: exported with the _total suffix, and (it seems) only once it counted one
    const evicted = [metric(workerMetrics, 'temporal_sticky_cache_total_forced_eviction_total'), metric(workerMetrics, 'temporal_sticky_cache_total_forced_eviction')].find((v) => !Number.isNaN(v)) ?? NaN;
    peak.worker = Math.max(peak.worker, end.worker);
    peak.api = Math.max(peak.api, end.api);
    peak.devServer = Math.max(peak.devServer, end.devServer);
    const cpuAfter = cpu();
    const cpuUsed = { worker: cpuAfter.worker - cpuBefore.worker, api: cpuAfter.api - cpuBefore.api, devServer: cpuAfter.devServer - cpuBefore.devServer };

    // The armed timer, in the histories of a sample of them (a timer started after the signal).
    const ids = await db('conversations').where('channel_id', channel.id).orderByRaw('random()').limit(SAMPLE).pluck('workflow_id');
    let armed = 0;
    for (const id of ids) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const events = history.events ?? [];
      const signalled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
      if (signalled !== -1 && events.slice(signalled).some((e) => e.timerStartedEventAttributes)) armed += 1;
    }
    const [{ size }] = (await db.raw('SELECT pg_database_size(current_database())::bigint AS size')).rows;
    const sqliteMb = fileMb(sqlite) + fileMb(`${sqlite}-wal`);

    out(`  started in ${startSeconds.toFixed(1)} s (${(N / startSeconds).toFixed(0)}/s); all conversations visible after ${visibleSeconds.toFixed(1)} s, all signalled after ${signalledSeconds.toFixed(1)} s`);
    out(`  running workflows ${counts.running}, workflow tasks ${counts.tasks}; timer armed in ${armed} of ${ids.length} sampled histories`);
    out(`  workflows in the worker's cache at the end ${cached}, forced evictions ${evicted}`);
    out(`  RSS at the end (peak): worker ${end.worker.toFixed(0)} (${peak.worker.toFixed(0)}) MB, API ${end.api.toFixed(0)} (${peak.api.toFixed(0)}) MB, dev server ${end.devServer.toFixed(0)} (${peak.devServer.toFixed(0)}) MB`);
    out(`  CPU while starting: worker ${cpuUsed.worker.toFixed(1)} s, API ${cpuUsed.api.toFixed(1)} s, dev server ${cpuUsed.devServer.toFixed(1)} s`);
    out(`  storage: PostgreSQL ${(Number(size) / 2 ** 20).toFixed(0)} MB, dev server SQLite ${sqliteMb.toFixed(0)} MB`);
    return {
      conversations: N,
      'fill seconds': fillSeconds,
      'visible seconds': visibleSeconds,
      'signalled seconds': signalledSeconds,
      'start seconds': startSeconds,
      'starts per s': N / startSeconds,
      'running workflows': counts.running,
      'timers armed (sample)': `${armed} / ${ids.length}`,
      'worker RSS MB': end.worker,
      'worker peak RSS MB': peak.worker,
      'worker idle RSS MB': idle.worker,
      'worker RSS growth per conversation KB': ((end.worker - idle.worker) * 1024) / N,
      ...(cache !== undefined ? { 'worker workflow cache': cache } : {}),
      'worker cached workflows': cached,
      'worker cache evictions': evicted,
      'API RSS MB': end.api,
      'API peak RSS MB': peak.api,
      'dev server RSS MB': end.devServer,
      'dev server peak RSS MB': peak.devServer,
      'worker CPU seconds': cpuUsed.worker,
      'API CPU seconds': cpuUsed.api,
      'dev server CPU seconds': cpuUsed.devServer,
      'PostgreSQL MB': Number(size) / 2 ** 20,
      'dev server SQLite MB': sqliteMb,
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(parts.map((p) => p.stop()));
    await clientConnection?.close();
    await db.destroy();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The worker's SDK metrics (Prometheus text). */
async function scrape(address: string): Promise<string> {
  return (await fetch(`http://${address}/metrics`)).text();
}

/** Sum of a metric's samples whose labels include `label` (all of them without). */
function metric(text: string, name: string, label = ''): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if ((line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(label)) {
      sum += Number(line.split(' ').at(-1));
      found = true;
    }
  }
  return found ? sum : NaN;
}

/** Workflow tasks of conversation workflows the worker has executed. */
async function conversationTasks(address: string): Promise<number> {
  return metric(await scrape(address), 'temporal_workflow_task_execution_latency_count', 'workflow_type="conversationWorkflow"') || 0;
}

/** The process whose command line names this file: the local stack's dev server (it keeps no pid for us). */
function fileMb(file: string): number {
  try {
    return statSync(file).size / 2 ** 20;
  } catch {
    return 0;
  }
}

async function call(base: string, method: string, url: string, token?: string, payload?: unknown): Promise<unknown> {
  const res = await fetch(base + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
