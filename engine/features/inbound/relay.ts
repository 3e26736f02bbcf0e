// Hands recorded inbound messages to their conversation workflows. Rows are claimed with
// FOR UPDATE SKIP LOCKED, so several API processes share the work; a row is deleted only once
// Temporal accepted its signal, so a crash between record and hand-over loses nothing.
import type { Client } from '@temporalio/client';
import pg from 'pg';
import type { Logger } from 'pino';
import {
  conversationWorkflowId,
  inboundSignal,
  TASK_QUEUE,
  type ConversationInput,
  type InboundItem,
} from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { pool } from '../../platform/pool.js';
import { metrics } from '../../platform/metrics.js';
import { INBOUND_CHANNEL } from './record.js';

export interface RelayOptions {
  db: Db;
  client: Client;
  databaseUrl: string;
  logger: Logger;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Rounds in flight at once in this process. */
  loops?: number;
  /** Signals in flight at once per round: more only queues up inside Temporal and slows its workers' tasks. */
  concurrency?: number;
  /** Idle poll interval when no notification arrives (covers a lost LISTEN connection). */
  pollMs?: number;
  taskQueue?: string;
}

export interface Relay {
  stop(): Promise<void>;
  /** Work on the queue now rather than at the next notification. */
  wake(): void;
  /** A webhook recorded messages: wake this relay, and (debounced) the relays of other processes. */
  recorded(): void;
}

interface QueueRow {
  id: number;
  message_id: string;
  channel_id: string;
  thread_key: string;
  direction: 'in' | 'out';
  at: Date;
  created_at: Date;
}

function backoffSeconds(attempts: number): number {
  return Math.min(60, 2 ** Math.min(attempts, 6));
}

export function startRelay(o: RelayOptions): Relay {
  const batchSize = o.batchSize ?? 200;
  const pollMs = o.pollMs ?? 500;
  const concurrency = o.concurrency ?? 32;
  let stopped = false;
  const sleepers = new Set<() => void>();
  let pendingWake = false;

  const wake = () => {
    pendingWake = true;
    for (const done of sleepers) done();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  async function handOver(rows: QueueRow[]): Promise<{ ok: number[]; failed: { ids: number[]; error: string }[] }> {
    const threads = new Map<string, QueueRow[]>();
    for (const r of rows) {
      const key = `${r.channel_id}\u0000${r.thread_key}`;
      threads.set(key, [...(threads.get(key) ?? []), r]);
    }
    const ok: number[] = [];
    const failed: { ids: number[]; error: string }[] = [];
    const groups = [...threads.values()];
    await pool(groups.length, concurrency, async (g) => {
      const group = groups[g];
      const ref = { channelId: group[0].channel_id, threadKey: group[0].thread_key };
      const items: InboundItem[] = group.map((r) => ({ messageId: r.message_id, direction: r.direction, at: r.at.toISOString() }));
      try {
        await o.client.workflow.signalWithStart('conversationWorkflow', {
          workflowId: conversationWorkflowId(ref),
          taskQueue: o.taskQueue ?? TASK_QUEUE,
          args: [{ ref } satisfies ConversationInput],
          signal: inboundSignal,
          signalArgs: [{ items }],
        });
        ok.push(...group.map((r) => r.id));
        for (const r of group) metrics.handOver.observe((Date.now() - r.created_at.getTime()) / 1000);
      } catch (err) {
        metrics.handOverFailures.inc();
        failed.push({ ids: group.map((r) => r.id), error: String((err as Error).message ?? err) });
      }
    });
    return { ok, failed };
  }

  async function round(): Promise<number> {
    return o.db.transaction(async (trx) => {
      const { rows } = await trx.raw<{ rows: QueueRow[] }>(
        `SELECT id, message_id, channel_id, thread_key, direction, at, created_at FROM inbound_queue
          WHERE next_attempt_at <= now() ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const { ok, failed } = await handOver(rows);
      if (ok.length) await trx('inbound_queue').whereIn('id', ok).delete();
      for (const f of failed) {
        o.logger.warn({ err: f.error, rows: f.ids.length }, 'relay: signal-with-start failed; will retry');
        await trx.raw(
          `UPDATE inbound_queue SET attempts = attempts + 1, last_error = ?,
             next_attempt_at = now() + make_interval(secs => ?) WHERE id = ANY(?)`,
          [f.error, backoffSeconds(1), f.ids],
        );
      }
      return rows.length;
    });
  }

  async function loop() {
    while (!stopped) {
      pendingWake = false;
      let n = 0;
      try {
        n = await round();
      } catch (err) {
        o.logger.error({ err }, 'relay round failed');
        await sleep(pollMs);
        continue;
      }
      if (n < batchSize) await sleep(pollMs);
    }
  }

  // LISTEN on a dedicated connection so that a webhook answered by any process wakes this relay.
  let listener: pg.Client | undefined;
  async function listen() {
    if (stopped) return;
    const client = new pg.Client({ connectionString: o.databaseUrl });
    client.on('error', (err) => {
      o.logger.warn({ err }, 'relay: LISTEN connection lost; polling until it is back');
      listener = undefined;
      setTimeout(() => void listen(), 1000);
    });
    client.on('notification', (n) => {
      if (n.payload !== String(process.pid)) wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${INBOUND_CHANNEL}`);
      listener = client;
      if (stopped) await client.end();
    } catch (err) {
      o.logger.warn({ err }, 'relay: cannot LISTEN; polling');
      setTimeout(() => void listen(), 1000);
    }
  }
  void listen();

  const loops = Array.from({ length: o.loops ?? 2 }, () => loop());

  // At most one NOTIFY per interval, outside any webhook's transaction.
  let notifyTimer: NodeJS.Timeout | undefined;
  const notifyOthers = () => {
    if (notifyTimer || stopped) return;
    notifyTimer = setTimeout(() => {
      notifyTimer = undefined;
      o.db.raw('SELECT pg_notify(?, ?)', [INBOUND_CHANNEL, String(process.pid)]).catch((err) => o.logger.warn({ err }, 'relay: NOTIFY failed'));
    }, 10);
  };

  return {
    wake,
    recorded() {
      wake();
      notifyOthers();
    },
    async stop() {
      clearTimeout(notifyTimer);
      stopped = true;
      wake();
      await Promise.all(loops);
      await listener?.end().catch(() => undefined);
    },
  };
}
