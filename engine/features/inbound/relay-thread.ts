// The relay in a thread of its own (architecture.md, "The hot path"): linking batches and
// encoding signals are work a webhook must never wait behind, so an API process answers webhooks
// on its main thread and relays on this one. The thread has its own database pool and Temporal
// connection; webhooks wake it with a message; its hand-over figures join this process's metrics.
// If it dies it is started again: the rows it had claimed are due again when their lease ends.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { KeyEntry, Keyring } from '../../platform/crypto/index.js';
import { metrics } from '../../platform/metrics.js';
import { AckWatch } from './ack-watch.js';
import type { Relay } from './relay.js';

/** The relay in its thread, as the API process drives it: it hears each webhook's ack time. */
export interface RelayThread extends Omit<Relay, 'acksSlow' | 'agentsActing' | 'listening'> {
  acked(ms: number): void;
  /** An agent's action starts; the function returned ends it. */
  agentActs(): () => void;
}

export interface RelayThreadData {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue?: string;
  logLevel: string;
  /** Nice value of the relay thread (0: as the process). */
  nice: number;
  keys: { current: KeyEntry; older: KeyEntry[] };
}

export type RelayThreadMessage = 'recorded' | 'wake' | 'stop' | { acksSlow: boolean } | { agentsActing: number };
export type RelayThreadReport = 'ready' | 'stopped' | { figures: { handedOver: number[]; failed: number; evaluated: number; joined: number } };

export interface RelayThreadOptions {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue?: string;
  logger: Logger;
  keyring: Keyring;
  nice?: number;
}

const RESTART_MS = 1000;

export async function startRelayThread(o: RelayThreadOptions): Promise<RelayThread> {
  const data: RelayThreadData = {
    databaseUrl: o.databaseUrl,
    temporalAddress: o.temporalAddress,
    namespace: o.namespace,
    ...(o.taskQueue ? { taskQueue: o.taskQueue } : {}),
    logLevel: o.logger.level,
    nice: o.nice ?? 0,
    keys: o.keyring.entries(),
  };
  let stopping = false;
  let thread: Worker;
  let stopped: (() => void) | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const t = new Worker(new URL('./relay-thread-entry.mjs', import.meta.url), { workerData: data, execArgv: [] });
      thread = t;
      let ready = false;
      t.on('message', (m: RelayThreadReport) => {
        if (m === 'ready') {
          ready = true;
          resolve();
        } else if (m === 'stopped') stopped?.();
        else {
          for (const s of m.figures.handedOver) metrics.handOver.observe(s);
          if (m.figures.failed) metrics.handOverFailures.inc(m.figures.failed);
          if (m.figures.evaluated) metrics.receiptEvaluations.inc(m.figures.evaluated);
          if (m.figures.joined) metrics.joinedSignals.inc(m.figures.joined);
        }
      });
      t.on('error', (err) => o.logger.error({ err }, 'relay thread failed'));
      t.on('exit', (code) => {
        stopped?.();
        if (!ready) return reject(new Error(`the relay thread exited (${code}) before it was ready`));
        if (stopping) return;
        o.logger.error({ code }, `relay thread exited; starting it again in ${RESTART_MS} ms`);
        setTimeout(() => {
          if (!stopping) start().catch((err) => o.logger.error({ err }, 'relay thread did not start again'));
        }, RESTART_MS);
      });
    });

  await start();
  const post = (m: RelayThreadMessage) => {
    if (!stopping) thread.postMessage(m);
  };
  // The acks are judged here, a tenth of a second at a time; the thread hears only when that changes.
  const watch = new AckWatch();
  let acting = 0;
  let acks: number[] = [];
  const judging = setInterval(() => {
    const was = watch.slow;
    watch.report(acks);
    acks = [];
    if (watch.slow !== was) post({ acksSlow: watch.slow });
  }, 100);
  return {
    wake: () => post('wake'),
    recorded: () => post('recorded'),
    acked: (ms) => {
      if (acks.length < 10_000) acks.push(ms);
    },
    agentActs() {
      post({ agentsActing: ++acting });
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        post({ agentsActing: --acting });
      };
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(judging);
      const done = new Promise<void>((resolve) => (stopped = resolve));
      thread.postMessage('stop');
      const timer = setTimeout(() => void thread.terminate(), 15_000);
      await done;
      clearTimeout(timer);
      await thread.terminate();
    },
  };
}
