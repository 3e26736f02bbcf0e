// The load generator of `npm run bench`, in its own thread so that its HTTP clients do not share the
// engine's event loop. Sends signed sandbox webhooks and reports, per message, when it was sent and
// how long the webhook took to answer.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { pool } from './stats.js';

export interface LoadPlan {
  url: string;
  secret: string;
  messages: number;
  threads: number;
  senders: number;
  prefix: string;
}

export interface LoadResult {
  /** performance.timeOrigin-relative send instants, by message id. */
  sentAt: [string, number][];
  ackMs: number[];
  seconds: number;
}

async function send(plan: LoadPlan, thread: number, id: string) {
  const body = JSON.stringify({ id, from: { id: `customer-${thread}`, name: `Customer ${thread}` }, text: `message ${id}`, kind: 'private' });
  const res = await fetch(plan.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-switchboard-signature': `sha256=${createHmac('sha256', plan.secret).update(body).digest('hex')}` },
    body,
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const sentAt: [string, number][] = [];
  const ackMs: number[] = [];
  const t0 = performance.now();
  await pool(plan.messages, plan.senders, async (i) => {
    const id = `${plan.prefix}-${i}`;
    const start = performance.now();
    sentAt.push([id, performance.timeOrigin + start]);
    parentPort!.postMessage({ sent: id, at: performance.timeOrigin + start });
    await send(plan, i % plan.threads, id);
    ackMs.push(performance.now() - start);
  });
  return { sentAt, ackMs, seconds: (performance.now() - t0) / 1000 };
}

if (parentPort && workerData) {
  run(workerData as LoadPlan).then(
    (result) => parentPort!.postMessage({ done: result }),
    (err) => parentPort!.postMessage({ error: String(err?.stack ?? err) }),
  );
}
