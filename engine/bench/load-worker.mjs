// The load generator of `npm run bench`, in its own thread so that its HTTP clients do not share
// the engine's event loop (plain JavaScript: worker threads do not take tsx's loader). Sends signed
// sandbox webhooks; reports each send instant and, at the end, every webhook's answer time.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const plan = workerData;
const url = new URL(plan.url);
// node:http with keep-alive: undici's fetch costs a few ms of CPU per request, enough to make the
// load generator the bottleneck on two cores.
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.senders });

function send(thread, id) {
  const body = JSON.stringify({ id, from: { id: `customer-${thread}`, name: `Customer ${thread}` }, text: `message ${id}`, kind: 'private' });
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

// Send instants go to the bench in batches: one message per send costs the engine's thread too.
let sent = [];
function flush() {
  if (sent.length) parentPort.postMessage({ sent });
  sent = [];
}
const flusher = setInterval(flush, 5);

async function run() {
  const ackMs = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(plan.senders, plan.messages) }, async () => {
      while (next < plan.messages) {
        const i = next++;
        const id = `${plan.prefix}-${i}`;
        const start = performance.now();
        sent.push(id, performance.timeOrigin + start);
        if (sent.length >= 200) flush();
        await send(i % plan.threads, id);
        ackMs.push(performance.now() - start);
      }
    }),
  );
  clearInterval(flusher);
  flush();
  agent.destroy();
  return { ackMs, seconds: (performance.now() - t0) / 1000 };
}

run().then(
  (result) => parentPort.postMessage({ done: result }),
  (err) => parentPort.postMessage({ error: String(err?.stack ?? err) }),
);
