// The load generator of `npm run bench`, in its own thread so that its HTTP clients do not share
// the engine's event loop (plain JavaScript: worker threads do not take tsx's loader). Sends signed
// sandbox webhooks at a fixed offered rate: message i is due at start + i / rate, whatever the
// server answered before (an open loop: a stalled server shows as latency, not as less load).
// Each ack is timed from the message's due instant. Reports due instants as they pass, then every
// webhook's ack time.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const plan = workerData;
const urls = plan.urls.map((u) => new URL(u));
// node:http with keep-alive: undici's fetch costs a few ms of CPU per request, enough to make the
// load generator the bottleneck on two cores. Sockets are not the limit: requests over them queue.
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.sockets ?? 256 });

function send(thread, id, i) {
  const url = urls[i % urls.length];
  const body = JSON.stringify({ id, from: { id: `${plan.prefix}-customer-${thread}`, name: `Customer ${thread}` }, text: `message ${id}`, kind: 'private' });
  const headers = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-switchboard-signature': `sha256=${createHmac('sha256', plan.secret).update(body).digest('hex')}`,
  };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`webhook answered ${res.statusCode}: ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let sent = [];
function flush() {
  if (sent.length) parentPort.postMessage({ sent });
  sent = [];
}

async function run() {
  const ackMs = new Array(plan.messages);
  // how late each send left this thread: the part of an ack time that is the load generator's own
  const lateMs = new Array(plan.messages);
  const pending = [];
  const t0 = performance.now() + 20;
  const interval = 1000 / plan.rate;
  for (let i = 0; i < plan.messages; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const id = `${plan.prefix}-${i}`;
    sent.push(id, performance.timeOrigin + due);
    if (sent.length >= 100) flush();
    lateMs[i] = performance.now() - due;
    pending.push(send(i % plan.threads, id, i).then(() => (ackMs[i] = performance.now() - due)));
  }
  flush();
  await Promise.all(pending);
  agent.destroy();
  return { ackMs, lateMs, seconds: (performance.now() - t0) / 1000 };
}

run().then(
  (result) => parentPort.postMessage({ done: result }),
  (err) => parentPort.postMessage({ error: String(err?.stack ?? err) }),
);
