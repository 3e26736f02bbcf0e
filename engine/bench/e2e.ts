// The end-to-end section of `npm run bench`: signed sandbox webhooks at a fixed offered rate over
// many threads, one published automation that fires on every message, an agent working on another
// channel meanwhile; counted until every message is stored, visible in its queue with the right
// last message, and evaluated (its automation.fired recorded). Then the processing ceiling of the
// same server and worker settings (an empty workflow, one signal per message).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
const { temporal } = proto;
import { NativeConnection, Worker as TemporalWorker } from '@temporalio/worker';
import { loadConfig } from '../app/config.js';
import { createLogger } from '../app/logger.js';
import { createUser } from '../features/people/users-repository.js';
import { createDb, migrate, type Db } from '../platform/database.js';
import { installKeyring, processKeyring, temporalDataConverter } from '../platform/crypto/index.js';
import { keyringFor } from '../app/keyring.js';
import { startLocalStack } from '../platform/local/stack.js';
import { pool } from '../platform/pool.js';
import { installTemporalLogging } from '../platform/temporal/runtime.js';
import { workerTuning } from '../platform/temporal/worker.js';
import { openLiveStream } from './live-stream.js';
import { cpuSeconds, pidOf, residentMb, startPart, treeCpuSeconds, type Part } from './processes.js';
import { sum, summary, type Summary } from './stats.js';
import { stateQuery } from '../../workflows/shared.js';

export interface E2eFigures {
  messages: number;
  threads: number;
  offeredRate: number;
  apis: number;
  workers: number;
  pollers: unknown;
  devServerTuning: boolean;
  stored: number;
  visible: number;
  rightLastMessage: number;
  evaluated: number;
  e2eSeconds: number;
  e2eRate: number;
  ack: Summary;
  /** How late the load generator sent (part of each ack time: it shares the machine's CPU). */
  sendLate?: Summary;
  ackToVisible: Summary;
  agent: Summary & { actions: number; errors: number };
  /** The same actions split by when they were sent: while the webhooks still arrived (until the last
   * one was acked), and after, while the workflows catch up. */
  agentWhileWebhooks?: Summary & { actions: number };
  agentAfterWebhooks?: Summary & { actions: number };
  /** Live events the agent's open inbox received (GET /api/events) from the load's start to its end. */
  liveEvents?: number;
  /** Seconds from the first message until Temporal had accepted every signal (the relay's queue empty). */
  handedOverSeconds?: number;
  /** Seconds from the first message until a sample of the load's conversation workflows had taken in their last message. */
  caughtUpSeconds?: number;
  ceilingRate: number;
  ratio: number;
  rssMb: { api: number[]; worker: number[] };
  /** CPU seconds each part used from the first message until the workflows caught up: what a message costs, whatever the run's noise. */
  cpuSeconds?: { api: number; worker: number; temporal: number; postgres: number };
}

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export async function runEndToEnd(out: (line?: string) => void): Promise<E2eFigures> {
  const MESSAGES = env('BENCH_MESSAGES', 3000);
  const THREADS = env('BENCH_THREADS', 1000);
  const RATE = env('BENCH_RATE', 400);
  const APIS = env('BENCH_APIS', 1);
  const WORKERS = env('BENCH_WORKERS', 1);
  // the local stack takes PORT+1…+5, the API processes PORT+10…; a base of its own per run
  const PORT = env('BENCH_PORT', 20_000 + (process.pid % 1000) * 20);
  const DRAIN_MS = env('BENCH_DRAIN_SECONDS', 120) * 1000;
  // one action every 250 ms: a busy agent, or a few agents, all on one connection
  const AGENT_INTERVAL_MS = env('BENCH_AGENT_INTERVAL_MS', 250);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-bench-'));
  const config = loadConfig({ ...process.env, PORT: String(PORT), SWITCHBOARD_DATA_DIR: dataDir, DATABASE_URL: '', TEMPORAL_ADDRESS: '' });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  installTemporalLogging(logger);
  const stack = await startLocalStack(config, logger);
  // The parts share the data folder's key file; the bench reads what they sealed.
  installKeyring(await keyringFor(config, logger));
  const db = createDb(stack.databaseUrl, 4);
  const parts: Part[] = [];
  try {
    await migrate(db);
    const partEnv = { DATABASE_URL: stack.databaseUrl, TEMPORAL_ADDRESS: stack.temporalAddress, SWITCHBOARD_DATA_DIR: dataDir };
    // workers first: the first one bundles the workflows (cached for the others)
    for (let i = 0; i < WORKERS; i++) parts.push(await startPart('worker', partEnv));
    const apiUrls: string[] = [];
    for (let i = 0; i < APIS; i++) {
      parts.push(await startPart('api', { ...partEnv, PORT: String(PORT + 10 + i) }));
      apiUrls.push(`http://127.0.0.1:${PORT + 10 + i}`);
    }
    const pollers = parts.find((p) => p.kind === 'worker')?.pollers;
    out(`${MESSAGES} messages over ${THREADS} threads offered at ${RATE}/s; ${APIS} API + ${WORKERS} worker processes`);
    out(`worker pollers in effect: ${JSON.stringify(pollers)}; dev-server tuning ${process.env.SWITCHBOARD_DEV_SERVER_TUNING === 'off' ? 'off' : 'on'}`);

    const api = apiUrls[0];
    const login = async (role: 'admin' | 'agent') => {
      const email = `bench-${role}@example.com`;
      const password = 'a long enough bench password';
      const user = await createUser(db, { email, name: `Bench ${role}`, password, role });
      const res = await call(api, 'POST', '/api/auth/login', undefined, { email, password });
      return { id: user.id, token: res.body.token as string };
    };
    const admin = await login('admin');
    const agent = await login('agent');
    const channelOf = async (name: string) => {
      const res = await call(api, 'POST', '/api/channels', admin.token, { type: 'sandbox', name, config: { secret: 'bench-secret' } });
      return res.body.id as string;
    };
    const loadChannel = await channelOf('bench load');
    const agentChannel = await channelOf('bench agent');
    const created = await call(api, 'POST', '/api/automations', admin.token, {
      document: {
        schema: 'switchboard.automation/1',
        name: 'Every message',
        enabled: true,
        triggers: ['message.received'],
        when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'message' }] },
        then: [{ id: 'a1', type: 'addTags', tags: ['bench'] }],
        stop: false,
      },
    });
    await call(api, 'POST', `/api/automations/${created.body.id}/publish`, admin.token);

    // Warm up the HTTP path, the relay and the worker; give the agent conversations of its own.
    const urlsOf = (channel: string) => apiUrls.map((u) => `${u}/webhooks/${channel}`);
    // (a long-running API has compiled its hot code and opened its connections: a second of the
    // offered rate on threads of their own, then the engine drains them before the measure)
    await runLoad({ urls: urlsOf(loadChannel), secret: 'bench-secret', messages: RATE, threads: RATE, rate: RATE, prefix: 'warm-up' });
    await runLoad({ urls: urlsOf(agentChannel), secret: 'bench-secret', messages: 20, threads: 20, rate: 100, prefix: 'agent' });
    await until(async () => {
      const [{ n }] = await db('conversation_events as e').join('conversations as c', 'c.id', 'e.conversation_id')
        .where('c.channel_id', loadChannel).where('e.type', 'automation.fired').count({ n: '*' });
      return Number(n) >= RATE ? true : undefined;
    }, DRAIN_MS, 'the warm-up messages evaluated');
    const agentConversations = await until(async () => {
      const rows = await db('conversations').where('channel_id', agentChannel).pluck('id');
      return rows.length === 20 ? rows : undefined;
    }, 60_000, 'the agent’s conversations');
    // Evaluated no longer means handed over (the relay evaluates on receipt): the warm-up also
    // waits for Temporal to have every message, as a long-running system would have.
    await until(async () => (Number((await db('inbound_queue').count({ n: '*' }))[0].n) === 0 ? true : undefined), DRAIN_MS, 'the warm-up handed over');
    // The agent works on conversations it already had: their workflows have taken their messages
    // in (handed over, the first task of a new workflow may still wait in Temporal's queue).
    const agentSample: Sample = await db('conversations').whereIn('id', agentConversations).select('workflow_id', 'last_customer_message_at');
    if (!(await workflowsCaughtUp(stack.temporalAddress, config.temporalNamespace, agentSample, performance.now() + DRAIN_MS))) {
      throw new Error('the agent’s conversations were not taken in by their workflows in time');
    }

    // The agent's inbox is open: every change is described and streamed to it during the load.
    const inbox = await openLiveStream(api, agent.token);

    // Counted while the load runs: stored, linked (visible), evaluated.
    const sentAt = new Map<string, number>();
    const visibleMs: number[] = [];
    const seen = new Set<string>();
    let polling = true;
    const watcher = (async () => {
      while (polling) {
        const unseen: string[] = [];
        for (const k of sentAt.keys()) {
          if (!seen.has(k)) unseen.push(k);
          if (unseen.length >= 1000) break;
        }
        const rows = unseen.length === 0 ? [] : await db('messages')
          .where('channel_id', loadChannel)
          .whereNotNull('conversation_id')
          .whereRaw('provider_message_id = ANY(?)', [unseen])
          .select('provider_message_id');
        const now = performance.timeOrigin + performance.now();
        for (const r of rows) {
          if (seen.has(r.provider_message_id)) continue;
          seen.add(r.provider_message_id);
          visibleMs.push(now - sentAt.get(r.provider_message_id)!);
        }
        await sleep(20);
      }
    })();

    // The agent: assign to self, reply, resolve, reopen, round its conversations, one action every
    // BENCH_AGENT_INTERVAL_MS, each timed.
    const agentMs: number[] = [];
    // when each action was sent, in seconds from the load's start (the agent's, below)
    const agentSentAt: number[] = [];
    const agentByAction: Record<string, number[]> = {};
    let agentErrors = 0;
    let slowest: { action: string; at: number; ms: number; id: string; wall: number } | undefined;
    // when the load starts (the agent starts just before it)
    let t0 = performance.now();
    let agentWorking = true;
    const agentRun = (async () => {
      const steps: [string, unknown][] = [['assign', { userId: agent.id }], ['reply', { text: 'On it.' }], ['resolve', null], ['reopen', undefined]];
      // An agent's pace, not a tight loop: a faster server must not mean more load.
      let next = performance.now();
      for (let k = 0; agentWorking; k++) {
        const id = agentConversations[k % agentConversations.length];
        for (const [action, payload] of steps) {
          next += AGENT_INTERVAL_MS;
          if (next > performance.now()) await sleep(next - performance.now());
          else next = performance.now();
          if (!agentWorking) break;
          const t = performance.now();
          const wall = Date.now();
          const res = await call(api, 'POST', `/api/conversations/${id}/${action}`, agent.token, payload, false).catch(() => ({ status: 0 }));
          const took = performance.now() - t;
          const at = (t - t0) / 1000;
          agentMs.push(took);
          agentSentAt.push(at);
          if (took > (slowest?.ms ?? 0)) slowest = { action, at, ms: took, id, wall };
          (agentByAction[action] ??= []).push(took);
          if (process.env.BENCH_AGENT_TIMELINE) out(`  agent ${action} at ${at.toFixed(1)} s: ${took.toFixed(0)} ms`);
          if (res.status !== 200 && ++agentErrors <= 3) out(`agent: ${action} answered ${res.status} ${JSON.stringify((res as { body?: { message?: string } }).body?.message ?? '')}`);
        }
      }
    })();

    const cpuNow = () => ({
      api: sum(parts.filter((p) => p.kind === 'api').map((p) => cpuSeconds(p.child.pid))),
      worker: sum(parts.filter((p) => p.kind === 'worker').map((p) => cpuSeconds(p.child.pid))),
      temporal: cpuSeconds(pidOf(path.join(dataDir, 'temporal', 'temporal.sqlite'))),
      postgres: treeCpuSeconds(postmasterPid(dataDir)),
    });
    const cpuAtStart = cpuNow();
    t0 = performance.now();
    const load = await runLoad({ urls: urlsOf(loadChannel), secret: 'bench-secret', messages: MESSAGES, threads: THREADS, rate: RATE, prefix: 'bench' }, (id, at) => sentAt.set(id, at));
    const webhooksSeconds = (performance.now() - t0) / 1000;
    const deadline = performance.now() + DRAIN_MS;
    if (process.env.BENCH_SERVER_ACK) {
      const text = await fetch(`${api}/prometheus/metrics`).then((r) => r.text());
      for (const line of text.split('\n')) if (line.startsWith('switchboard_webhook_ack_seconds')) out(`  ${line}`);
    }
    if (process.env.BENCH_ACK_TIMELINE) for (let i = 0; i < load.ackMs.length; i += 200) { const part = summary(load.ackMs.slice(i, i + 200)); out(`  ack of ${i}…: p50 ${part.p50.toFixed(0)} max ${part.max.toFixed(0)} ms`); }
    // Evaluated messages, read through the load channel's conversations (the index on their audit
    // rows): a count over every event cost PostgreSQL ~1.8 s a poll, and a cursor on event ids
    // skips rows whose transactions commit out of id order.
    const firedIds = new Set<string>();
    const benchIds = new Set<string>();
    const counts = async () => {
      const [{ stored }] = await db('messages').where('channel_id', loadChannel).whereLike('provider_message_id', 'bench-%').count({ stored: '*' });
      const fired = await db('conversation_events as e')
        .join('conversations as c', 'c.id', 'e.conversation_id')
        .where('c.channel_id', loadChannel)
        .where('e.type', 'automation.fired')
        .select(db.raw(`e.detail->>'messageId' AS message_id`));
      for (const e of fired) if (e.message_id) firedIds.add(e.message_id);
      if (benchIds.size < Number(stored)) {
        for (const id of await db('messages').where('channel_id', loadChannel).whereLike('provider_message_id', 'bench-%').pluck('id')) benchIds.add(id);
      }
      let evaluated = 0;
      for (const id of benchIds) if (firedIds.has(id)) evaluated += 1;
      return { stored: Number(stored), evaluated };
    };
    let done = { stored: 0, evaluated: 0 };
    while (performance.now() < deadline) {
      if (seen.size >= MESSAGES) {
        done = await counts();
        if (done.stored >= MESSAGES && done.evaluated >= MESSAGES) break;
      }
      await sleep(seen.size >= MESSAGES ? 250 : 50);
    }
    const e2eSeconds = (performance.now() - t0) / 1000;
    polling = false;
    await watcher;
    done = await counts();
    // Evaluated and visible need no workflow (the relay evaluates on receipt where it may): say
    // when Temporal had the messages too, and when the workflows had taken them in. The agent
    // works until then: the workers' backlog is part of the load.
    const { handedOverSeconds, caughtUpSeconds } = await handOverFigures(db, stack.temporalAddress, config.temporalNamespace, loadChannel, t0, deadline);
    agentWorking = false;
    await agentRun;
    const cpuAtEnd = cpuNow();
    const liveEvents = inbox.events();
    inbox.close();
    const cpu = Object.fromEntries(Object.entries(cpuAtEnd).map(([part, s]) => [part, s - cpuAtStart[part as keyof typeof cpuAtStart]])) as typeof cpuAtEnd;
    out(`handed over to Temporal after ${handedOverSeconds?.toFixed(1) ?? '—'} s, workflows caught up after ${caughtUpSeconds?.toFixed(1) ?? '—'} s`);
    out(`live events streamed to the agent's open inbox: ${liveEvents}`);
    const rightLastMessage = await lastMessagesRight(db, loadChannel, MESSAGES, THREADS);
    const rssMb = {
      api: parts.filter((p) => p.kind === 'api').map((p) => residentMb(p.child.pid)),
      worker: parts.filter((p) => p.kind === 'worker').map((p) => residentMb(p.child.pid)),
    };
    const complete = Math.min(seen.size, done.stored, done.evaluated);
    const e2eRate = complete / e2eSeconds;

    const late = summary(load.lateMs);
    out(`load generator: sends left ${late.p50.toFixed(0)} ms (p50) / ${late.p99.toFixed(0)} ms (p99) after their due instant (counted in the ack times)`);
    if (slowest) out(`slowest agent action: ${slowest.action}, ${slowest.ms.toFixed(0)} ms, sent ${slowest.at.toFixed(1)} s into the load`);
    if (slowest && process.env.BENCH_AGENT_HISTORY) await printHistory(db, stack.temporalAddress, config.temporalNamespace, slowest, out);
    const agentWhile = agentMs.filter((_, i) => agentSentAt[i] < webhooksSeconds);
    const agentAfter = agentMs.filter((_, i) => agentSentAt[i] >= webhooksSeconds);
    out(`agent actions: ${Object.entries(agentByAction).map(([a, v]) => `${a} p50 ${summary(v).p50.toFixed(0)} / p99 ${summary(v).p99.toFixed(0)} ms`).join(', ')}`);
    if (process.env.BENCH_STATEMENTS) await printStatements(db, out);
    const ceilingRate = await ceiling(stack.temporalAddress, config.temporalNamespace, MESSAGES, THREADS);
    return {
      messages: MESSAGES,
      threads: THREADS,
      offeredRate: RATE,
      apis: APIS,
      workers: WORKERS,
      pollers,
      devServerTuning: process.env.SWITCHBOARD_DEV_SERVER_TUNING !== 'off',
      stored: done.stored,
      visible: seen.size,
      rightLastMessage,
      evaluated: done.evaluated,
      e2eSeconds,
      e2eRate,
      ...(handedOverSeconds !== undefined ? { handedOverSeconds } : {}),
      ...(caughtUpSeconds !== undefined ? { caughtUpSeconds } : {}),
      ack: summary(load.ackMs),
      sendLate: late,
      ackToVisible: summary(visibleMs),
      agent: { ...summary(agentMs), actions: agentMs.length, errors: agentErrors },
      agentWhileWebhooks: { ...summary(agentWhile), actions: agentWhile.length },
      agentAfterWebhooks: { ...summary(agentAfter), actions: agentAfter.length },
      liveEvents,
      ceilingRate,
      ratio: e2eRate / ceilingRate,
      rssMb,
      cpuSeconds: cpu,
    };
  } finally {
    await Promise.all(parts.map((p) => p.stop()));
    await db.destroy();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Threads whose conversation shows, as its last message, the last one sent to it. */
async function lastMessagesRight(db: Db, channel: string, messages: number, threads: number): Promise<number> {
  const expected = new Map<string, string>();
  for (let i = 0; i < messages; i++) expected.set(`bench-customer-${i % threads}`, `message bench-${i}`);
  const rows = await db('conversations as c')
    .where('c.channel_id', channel)
    .select('c.thread_key', 'c.last_message_text');
  // the sandbox's thread key holds the customer id; match it as a whole word
  const byThread = new Map<string, string>();
  for (const r of rows) {
    const customer = /bench-customer-\d+/.exec(r.thread_key as string)?.[0];
    if (customer) byThread.set(customer, r.last_message_text as string);
  }
  let right = 0;
  for (const [thread, text] of expected) if (byThread.get(thread) === text) right += 1;
  return right;
}

/** The statements PostgreSQL spent most time on during the run (BENCH_STATEMENTS=1). */
async function printStatements(db: Db, out: (line?: string) => void): Promise<void> {
  await db.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const { rows } = await db.raw(
    `SELECT calls, round(total_exec_time) AS ms, round((total_exec_time / calls)::numeric, 2) AS per_call, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`,
  );
  out('statements by PostgreSQL time (calls, total ms, ms per call, rows):');
  for (const r of rows) out(`  ${String(r.calls).padStart(7)} ${String(r.ms).padStart(7)} ${String(r.per_call).padStart(7)} ${String(r.rows).padStart(7)}  ${r.query}`);
}

const BENCH_TASK_QUEUE = 'switchboard-bench';

/** When the relay's queue emptied, and when a sample of the load's workflows had taken in their
 * customers' last message (undefined: not before the deadline). */
async function handOverFigures(db: Db, address: string, namespace: string, channelId: string, t0: number, deadline: number) {
  const since = () => (performance.now() - t0) / 1000;
  let handedOverSeconds: number | undefined;
  while (performance.now() < deadline) {
    const [{ n }] = await db('inbound_queue').where('channel_id', channelId).count({ n: '*' });
    if (Number(n) === 0) {
      handedOverSeconds = since();
      break;
    }
    await sleep(100);
  }
  const sample: Sample = await db('conversations')
    .where('channel_id', channelId).orderByRaw('random()').limit(50).select('workflow_id', 'last_customer_message_at');
  const caughtUp = await workflowsCaughtUp(address, namespace, sample, deadline);
  return { handedOverSeconds, caughtUpSeconds: caughtUp ? since() : undefined };
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined; // an outside PostgreSQL
  }
}

type Sample = { workflow_id: string; last_customer_message_at: Date }[];

/** Waits until each of these conversations' workflows has taken in its last customer message; false if the deadline came first. */
async function workflowsCaughtUp(address: string, namespace: string, sample: Sample, deadline: number): Promise<boolean> {
  return withClient(address, namespace, async (client) => {
    const pending = new Set(sample);
    while (pending.size > 0 && performance.now() < deadline) {
      for (const c of [...pending]) {
        const state = await client.workflow.getHandle(c.workflow_id).query(stateQuery).catch(() => null);
        if (state?.lastCustomerMessageAt && Date.parse(state.lastCustomerMessageAt) >= c.last_customer_message_at.getTime()) pending.delete(c);
      }
      if (pending.size > 0) await sleep(200);
    }
    return pending.size === 0;
  });
}

/** A client of the product's Temporal namespace for `use`, closed after it. */
async function withClient<T>(address: string, namespace: string, use: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    // the workflows' state is sealed with the data folder's key, as every client of the product reads it
    return await use(new Client({ connection, namespace, dataConverter: temporalDataConverter(processKeyring()) }));
  } finally {
    await connection.close();
  }
}

/** Messages per second an empty workflow takes, one signal per message, same server and worker settings. */
async function ceiling(address: string, namespace: string, messages: number, threads: number): Promise<number> {
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace });
  try {
    const worker = await TemporalWorker.create({
      connection,
      namespace,
      taskQueue: BENCH_TASK_QUEUE,
      workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)),
      ...workerTuning(),
    });
    return await worker.runUntil(async () => {
      const c0 = performance.now();
      const run = Date.now().toString(36);
      const perThread = (t: number) => Math.floor(messages / threads) + (t < messages % threads ? 1 : 0);
      await pool(messages, 64, async (i) => {
        const t = i % threads;
        await client.workflow.signalWithStart('benchEmptyWorkflow', {
          workflowId: `bench-empty-${run}-${t}`,
          taskQueue: BENCH_TASK_QUEUE,
          args: [perThread(t)],
          signal: 'benchPing',
          signalArgs: [i],
        });
      });
      await pool(Math.min(messages, threads), 64, (t) => client.workflow.getHandle(`bench-empty-${run}-${t}`).result());
      return messages / ((performance.now() - c0) / 1000);
    });
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}

interface LoadPlan {
  urls: string[];
  secret: string;
  messages: number;
  threads: number;
  rate: number;
  prefix: string;
}

function runLoad(plan: LoadPlan, onSent?: (id: string, at: number) => void): Promise<{ ackMs: number[]; lateMs: number[]; seconds: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: plan });
    worker.on('message', (m) => {
      if (m.sent) for (let i = 0; i < m.sent.length; i += 2) onSent?.(m.sent[i], m.sent[i + 1]);
      else if (m.done) resolve(m.done);
      else if (m.error) reject(new Error(m.error));
    });
    worker.on('error', reject);
  });
}

async function call(base: string, method: string, url: string, token?: string, payload?: unknown, strict = true): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const text = await res.text();
  if (strict && res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(read: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (performance.now() > end) throw new Error(`bench: gave up waiting for ${what}`);
    await sleep(100);
  }
}

/** The slowest agent action's workflow history around it: where its time went (queue, task, activity). */
async function printHistory(db: Db, address: string, namespace: string, a: { id: string; wall: number; ms: number }, out: (line?: string) => void) {
  const [{ workflow_id }] = await db('conversations').where('id', a.id).select('workflow_id');
  const history = await withClient(address, namespace, (client) => client.workflow.getHandle(workflow_id).fetchHistory());
  for (const e of history.events ?? []) {
    const at = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6);
    if (at < a.wall - 200 || at > a.wall + a.ms + 200) continue;
    out(`  +${at - a.wall} ms ${temporal.api.enums.v1.EventType[e.eventType ?? 0]}`);
  }
}
