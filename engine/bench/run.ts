// `npm run bench`: figures from one run on the local stack (embedded PostgreSQL and the Temporal
// dev server persisted with WAL, worker and API in this process). Prints figures; asserts nothing.
//
//   end to end   signed sandbox webhooks over HTTP from many concurrent senders and threads
//                → recorded → relayed → workflow → visible in the Unassigned queue
//   raw ceiling  signal-with-start of an empty workflow on the same Temporal server
//   rules        automations evaluated per second, naive json-rules-engine use vs ours (rules-bench.ts)
//
// `npm run bench -- --only rules` runs one section alone (sections: e2e, rules).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker as TemporalWorker } from '@temporalio/worker';
import { loadConfig } from '../app/config.js';
import { createLogger } from '../app/logger.js';
import { startLocalStack } from '../platform/local/stack.js';
import { oneProcessOptions, startServices } from '../app/services.js';
import { pool } from '../platform/pool.js';
import { runRulesBench } from './rules-bench.js';
import { summary } from './stats.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3000);
const THREADS = Number(process.env.BENCH_THREADS ?? 1000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 64);
const PORT = Number(process.env.BENCH_PORT ?? 3900);

const out = (line = '') => process.stdout.write(line + '\n');
const ms = (v: number) => `${v.toFixed(1)} ms`;

const SECTIONS = ['e2e', 'rules'] as const;
type Section = (typeof SECTIONS)[number];

function sectionsAsked(argv: string[]): Section[] {
  const at = argv.indexOf('--only');
  if (at === -1) return [...SECTIONS];
  const asked = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = asked.filter((s) => !SECTIONS.includes(s as Section));
  if (asked.length === 0 || unknown.length) throw new Error(`--only takes ${SECTIONS.join(', ')} (comma-separated), got "${argv[at + 1] ?? ''}"`);
  return asked as Section[];
}

async function main() {
  const sections = sectionsAsked(process.argv.slice(2));
  if (sections.includes('e2e')) await endToEnd();
  if (sections.includes('rules')) {
    if (sections.includes('e2e')) out();
    await runRulesBench(out);
  }
}

async function endToEnd() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-bench-'));
  const config = loadConfig({ ...process.env, PORT: String(PORT), SWITCHBOARD_DATA_DIR: dataDir, DATABASE_URL: '', TEMPORAL_ADDRESS: '' });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const stack = await startLocalStack(config, logger);
  const services = await startServices(oneProcessOptions(config, stack, logger));
  await services.server!.start();
  const base = config.publicUrl;
  try {
    out(`Switchboard bench — ${os.cpus().length} cores, node ${process.version}`);
    out(`${MESSAGES} messages over ${THREADS} threads from ${SENDERS} concurrent senders`);
    out();

    const secret = 'bench-secret';
    const [channel] = await services.db('channels')
      .insert({ org_id: (await services.db('organisations').first('id')).id, type: 'sandbox', name: 'bench', config: { secret } })
      .returning('id');
    const url = `${base}/webhooks/${channel.id}`;

    // Warm up the HTTP path, the relay and the worker's bundle.
    await runLoad({ url, secret, messages: 50, threads: 50, senders: 8, prefix: 'warm-up' });

    const ceiling = await rawCeiling(services.client, stack.temporalAddress, config.temporalNamespace);

    const sentAt = new Map<string, number>();
    const visibleMs: number[] = [];
    const seen = new Set<string>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        // Only the oldest messages in flight are asked about, so the poll stays cheap under a backlog.
        const unseen: string[] = [];
        for (const k of sentAt.keys()) {
          if (!seen.has(k)) unseen.push(k);
          if (unseen.length >= 500) break;
        }
        const rows = unseen.length === 0 ? [] : await services.db('messages')
          .where('channel_id', channel.id)
          .whereNotNull('conversation_id')
          .whereRaw('provider_message_id = ANY(?)', [unseen])
          .select('provider_message_id');
        const now = performance.timeOrigin + performance.now();
        for (const r of rows) {
          if (seen.has(r.provider_message_id)) continue;
          seen.add(r.provider_message_id);
          visibleMs.push(now - sentAt.get(r.provider_message_id)!);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const t0 = performance.now();
    const load = await runLoad({ url, secret, messages: MESSAGES, threads: THREADS, senders: SENDERS, prefix: 'bench' }, (id, at) => sentAt.set(id, at));
    const deadline = performance.now() + 120_000;
    while (seen.size < MESSAGES && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    polling = false;
    await poller;
    const e2eSeconds = (performance.now() - t0) / 1000;
    const e2eRate = seen.size / e2eSeconds;

    const ack = summary(load.ackMs);
    const vis = summary(visibleMs);
    out('End to end (webhook → stored → workflow → Unassigned queue)');
    out(`  webhooks acknowledged      ${(MESSAGES / load.seconds).toFixed(0)} /s`);
    out(`  messages visible in queue  ${seen.size}/${MESSAGES} in ${e2eSeconds.toFixed(2)} s = ${e2eRate.toFixed(0)} messages/s sustained`);
    out(`  ack latency                p50 ${ms(ack.p50)}   p99 ${ms(ack.p99)}   max ${ms(ack.max)}`);
    out(`  ack → visible in queue     p50 ${ms(vis.p50)}   p99 ${ms(vis.p99)}   max ${ms(vis.max)}`);
    out();
    out('Raw ceiling (signal-with-start of an empty workflow, same Temporal server, measured first)');
    out(`  ${ceiling.toFixed(0)} signals/s`);
    out();
    out(`Ratio end to end / raw ceiling: ${((e2eRate / ceiling) * 100).toFixed(0)} %`);
    out(`Targets: ≥ 300 messages/s, ≥ 50 % of the ceiling, ack p99 < 50 ms, ack → visible p99 < 1 s`);
  } finally {
    await services.stop();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface LoadPlan {
  url: string;
  secret: string;
  messages: number;
  threads: number;
  senders: number;
  prefix: string;
}

interface LoadResult {
  ackMs: number[];
  seconds: number;
}

const BENCH_TASK_QUEUE = 'switchboard-bench';

/**
 * Same number of signals and ids, same concurrency, an empty workflow: what Temporal alone allows.
 * The empty workflow has a worker and a bundle of its own, outside the production bundle.
 */
async function rawCeiling(client: Client, temporalAddress: string, namespace: string): Promise<number> {
  const connection = await NativeConnection.connect({ address: temporalAddress });
  try {
    const worker = await TemporalWorker.create({
      connection,
      namespace,
      taskQueue: BENCH_TASK_QUEUE,
      workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)),
    });
    return await worker.runUntil(async () => {
      const c0 = performance.now();
      const run = Date.now().toString(36);
      await pool(MESSAGES, SENDERS, async (i) => {
        await client.workflow.signalWithStart('benchEmptyWorkflow', {
          workflowId: `bench-empty-${run}-${i % THREADS}`,
          taskQueue: BENCH_TASK_QUEUE,
          args: [],
          signal: 'benchPing',
          signalArgs: [i],
        });
      });
      return MESSAGES / ((performance.now() - c0) / 1000);
    });
  } finally {
    await connection.close();
  }
}

function runLoad(plan: LoadPlan, onSent?: (id: string, at: number) => void): Promise<LoadResult> {
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

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
