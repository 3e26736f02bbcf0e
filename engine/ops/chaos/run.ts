// `npm run chaos`: crash safety, measured. The stack as separate processes (PostgreSQL and the Temporal
// dev server in a supervisor, `npm run api`, `npm run worker`), a steady load of signed sandbox webhooks
// with 30 % duplicate deliveries, agents replying to a loopback stand-in that counts sends by
// outboundId (retrying a reply a kill cut off, once they see it was not recorded; after the load they
// go on, through further kills, until --replies went through), and kill -9 of the API, the worker and the Temporal dev server at random moments. Then it
// checks every message stored once and linked to its conversation, every reply sent once, and the
// auto-resolve timers still firing. Loopback only; bounded in count and time.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Connection, Client } from '@temporalio/client';
import { createDb } from '../../platform/database.js';
import { createUser } from '../../features/people/users-repository.js';
import { installKeyring, Keyring, newKey, temporalDataConverter } from '../../platform/crypto/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const MESSAGES = arg('messages', 600);
const SECONDS = arg('seconds', 90);
const THREADS = arg('threads', 40);
const KILLS_EACH = arg('kills', 3);
const AGENTS = arg('agents', 4);
/** Replies that must go through; the agents go on after the load (with further kills) until then. */
const REPLIES = arg('replies', 40);
const REPLY_SECONDS = arg('reply-seconds', 300);
const AUTO_RESOLVE_SECONDS = 20;
const SECRET = 'chaos-secret';
const say = (line: string) => process.stdout.write(line + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function randomBase(): number {
  return 12_000 + Math.floor(Math.random() * 18_000);
}

// ---- the stand-in for the provider's send API -------------------------------------------------
const sends = new Map<string, number>();
/** Reply texts (unique per reply an agent meant) → the outboundIds they were sent under. */
const sentTexts = new Map<string, Set<string>>();
const standIn = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    try {
      const { outboundId, text } = JSON.parse(body);
      sends.set(outboundId, (sends.get(outboundId) ?? 0) + 1);
      if (typeof text === 'string') sentTexts.set(text, (sentTexts.get(text) ?? new Set()).add(outboundId));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `standin-${outboundId}` }));
    } catch {
      res.writeHead(400).end();
    }
  });
});
await new Promise<void>((r) => standIn.listen(0, '127.0.0.1', () => r()));
const standInUrl = `http://127.0.0.1:${(standIn.address() as { port: number }).port}/send`;

// ---- processes ------------------------------------------------------------------------------
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-chaos-'));
await chmod(dataDir, 0o755);
const base = randomBase();
const apiPort = base + 10;
const baseEnv: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['NODE_OPTIONS', 'PORT'].includes(k)) baseEnv[k] = v;

const servers = spawn(process.execPath, ['--import', 'tsx', 'engine/ops/chaos/servers.ts', dataDir, String(base)], { cwd: root, env: baseEnv, stdio: ['ignore', 'pipe', 'inherit'] });
let temporalPid: number | undefined;
const addresses = await new Promise<{ databaseUrl: string; temporalAddress: string }>((resolve, reject) => {
  servers.once('exit', (code) => reject(new Error(`the servers' supervisor exited with ${code}`)));
  readline.createInterface({ input: servers.stdout! }).on('line', (line) => {
    const msg = JSON.parse(line);
    if (msg.temporalStarted) temporalPid = msg.pid;
    if (msg.databaseUrl) resolve(msg);
  });
});
// One key for every part (processes of one product share their keys: SWITCHBOARD_KEY); the checks
// below read the private replies' texts through the database layer, which opens them with it.
const chaosKey = newKey();
installKeyring(new Keyring(chaosKey));
const env = { ...baseEnv, DATABASE_URL: addresses.databaseUrl, TEMPORAL_ADDRESS: addresses.temporalAddress, PORT: String(apiPort), LOG_LEVEL: 'error',
  SWITCHBOARD_KEY: `${chaosKey.id}:${chaosKey.key.toString('base64')}` };

interface Part { name: 'api' | 'worker'; child?: ChildProcess; wanted: boolean; starts: number }
const parts: Record<'api' | 'worker', Part> = { api: { name: 'api', wanted: true, starts: 0 }, worker: { name: 'worker', wanted: true, starts: 0 } };

function launch(part: Part) {
  part.starts++;
  const child = spawn(process.execPath, ['--import', 'tsx', `engine/cli/${part.name}.ts`], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err = (err + c).slice(-2000)));
  part.child = child;
  child.once('exit', (code, signal) => {
    if (part.child !== child) return;
    part.child = undefined;
    // A part that stops by itself (Temporal down at its start, …) is started again, as a supervisor would.
    if (part.wanted && signal !== 'SIGKILL') {
      if (code !== 0 && process.env.CHAOS_VERBOSE) say(`  (${part.name} exited with ${code}: ${err.trim().split('\n').slice(-2).join(' | ')})`);
      setTimeout(() => part.wanted && !part.child && launch(part), 1000);
    }
  });
}

const apiUrl = `http://127.0.0.1:${apiPort}`;
async function waitHealthy(ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await fetch(`${apiUrl}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error('the stack did not become healthy');
}

launch(parts.worker);
launch(parts.api);
await waitHealthy();

// ---- set-up: an admin, a sandbox channel replying to the stand-in, short auto-resolve ----------
const db = createDb(addresses.databaseUrl, 4);
await createUser(db, { email: 'chaos@example.com', name: 'Chaos Agent', password: 'chaos password 123', role: 'admin' });
async function api(method: string, url: string, payload?: unknown, token?: string) {
  const res = await fetch(`${apiUrl}${url}`, {
    method,
    signal: AbortSignal.timeout(30_000),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const token = (await api('POST', '/api/auth/login', { email: 'chaos@example.com', password: 'chaos password 123' })).body.token as string;
const channel = await api('POST', '/api/channels', { type: 'sandbox', name: 'Chaos', config: { secret: SECRET, replyUrl: standInUrl } }, token);
const channelId = channel.body.id as string;
await api('PUT', '/api/settings/auto-resolve', { new: { afterSeconds: AUTO_RESOLVE_SECONDS }, pending: { afterSeconds: AUTO_RESOLVE_SECONDS } }, token);
await api('PUT', '/api/settings/pending-after-reply', { enabled: true }, token);

// ---- load -------------------------------------------------------------------------------------
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
let deliveries = 0;
let refusedWhileDown = 0;
async function deliver(body: string): Promise<void> {
  // A provider retries until it gets its 200.
  for (;;) {
    deliveries++;
    const status = await fetch(`${apiUrl}/webhooks/${channelId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchboard-signature': sign(body) }, body })
      .then((r) => r.status, () => 0);
    if (status === 200) return;
    if (status !== 0 && status < 500) throw new Error(`webhook refused with ${status}`);
    refusedWhileDown++;
    await sleep(200);
  }
}

const sentIds: string[] = [];
let duplicatesSent = 0;
const started = Date.now();
const interval = (SECONDS * 1000 * 0.8) / MESSAGES;
const inFlight = new Set<Promise<void>>();
const load = (async () => {
  for (let i = 0; i < MESSAGES; i++) {
    const thread = `customer-${i % THREADS}`;
    const body = JSON.stringify({ id: `chaos-${i}-${randomUUID().slice(0, 8)}`, from: { id: thread, name: `Customer ${i % THREADS}` }, text: `message ${i}`, kind: 'private' });
    sentIds.push(JSON.parse(body).id);
    const p = deliver(body).then(async () => {
      if (Math.random() < 0.3) {
        duplicatesSent++;
        await sleep(Math.random() * 2000);
        await deliver(body);
      }
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    await sleep(interval);
  }
  await Promise.all([...inFlight]);
})();

// ---- agents replying ----------------------------------------------------------------------------
// The API takes no client-chosen id for a reply (the API contract has no idempotency key), so an
// agent whose request a kill cut off looks before trying again: a reply already in the conversation
// went through; only one that is not there after a while is sent again. Each reply's text is unique,
// so a reply the stand-in received under two outboundIds is a retry that doubled it.
const replyStats = { attempts: 0, through: 0, foundAfterCut: 0, retried: 0, refused: 0, gaveUp: 0 };
const replyStatuses: Record<string, number> = {};
/** Texts of the replies the API acknowledged (or that were found recorded after a cut). */
const acknowledged = new Set<string>();
let agentRunning = true;
let replySeq = 0;

async function replyRecorded(conversationId: string, text: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  do {
    const detail = await api('GET', `/api/conversations/${conversationId}`, undefined, token).catch(() => undefined);
    if (((detail?.body?.messages ?? []) as { text?: string }[]).some((m) => m.text === text)) return true;
    await sleep(500);
  } while (Date.now() < deadline);
  return false;
}

async function replyThroughKills(conversationId: string, text: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    replyStats.attempts++;
    const status = await api('POST', `/api/conversations/${conversationId}/reply`, { text }, token).then((r) => r.status, () => 0);
    replyStatuses[status] = (replyStatuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      replyStats.through++;
      acknowledged.add(text);
      return;
    }
    // A refusal the lifecycle decided (409 …) is an answer: not retried.
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      replyStats.refused++;
      return;
    }
    // Cut by a kill (no answer, 5xx): the reply may have been recorded all the same.
    await waitHealthy(120_000).catch(() => undefined);
    if (await replyRecorded(conversationId, text, 15_000)) {
      replyStats.through++;
      replyStats.foundAfterCut++;
      acknowledged.add(text);
      return;
    }
    replyStats.retried++;
    await sleep(500 + Math.random() * 1000);
  }
  replyStats.gaveUp++;
}

const agents = Array.from({ length: AGENTS }, async (_, n) => {
  while (agentRunning) {
    await sleep(300 + Math.random() * 600);
    try {
      // Done conversations are reopened first (the auto-resolve timers then close them again).
      const r = Math.random();
      const queue = r < 0.4 ? 'unassigned' : r < 0.6 ? 'pending' : r < 0.7 ? 'assigned' : 'done';
      const list = await api('GET', `/api/conversations?channelId=${channelId}&queue=${queue}&limit=50`, undefined, token);
      const items = (list.body?.items ?? []) as { id: string }[];
      if (!items.length) continue;
      const c = items[Math.floor(Math.random() * items.length)];
      if (queue === 'done' && (await api('POST', `/api/conversations/${c.id}/reopen`, undefined, token)).status >= 300) continue;
      await replyThroughKills(c.id, `reply ${++replySeq} from agent ${n + 1}`);
    } catch {
      // The API is down: the next turn lists again.
    }
  }
});

// ---- kills ---------------------------------------------------------------------------------------
const kills = { api: 0, worker: 0, temporal: 0 };
async function kill(target: 'api' | 'worker' | 'temporal'): Promise<void> {
  if (target === 'temporal') {
    if (temporalPid) {
      try {
        process.kill(temporalPid, 'SIGKILL');
        kills.temporal++;
        temporalPid = undefined;
      } catch {
        // already gone
      }
    }
    return;
  }
  const part = parts[target];
  if (!part.child) return;
  part.child.kill('SIGKILL');
  kills[target]++;
  part.child = undefined;
  await sleep(500 + Math.random() * 2500);
  launch(part);
}
const TARGETS = ['api', 'worker', 'temporal'] as const;

const killer = (async () => {
  const plan: ('api' | 'worker' | 'temporal')[] = [];
  for (let i = 0; i < KILLS_EACH; i++) plan.push(...TARGETS);
  plan.sort(() => Math.random() - 0.5);
  const gap = (SECONDS * 1000 * 0.75) / plan.length;
  for (const target of plan) {
    await sleep(gap * (0.5 + Math.random()));
    await kill(target);
  }
})();

await Promise.all([load, killer]);
const loadSeconds = (Date.now() - started) / 1000;
// Replies go on, through a kill every 15 to 25 s, until REPLIES went through (bounded in time).
const replyDeadline = Date.now() + REPLY_SECONDS * 1000;
const replying = () => replyStats.through < REPLIES && Date.now() < replyDeadline;
let nextKill = Date.now() + 15_000 + Math.random() * 10_000;
while (replying()) {
  await sleep(500);
  if (Date.now() >= nextKill && replying()) {
    await kill(TARGETS[Math.floor(Math.random() * TARGETS.length)]);
    nextKill = Date.now() + 15_000 + Math.random() * 10_000;
  }
}
agentRunning = false;
await Promise.all(agents);
const replySeconds = (Date.now() - started) / 1000 - loadSeconds;

// ---- settle and check ----------------------------------------------------------------------------
await waitHealthy(180_000);
const settleDeadline = Date.now() + 180_000;
for (;;) {
  const queued = Number((await db('inbound_queue').count('* as n').first())!.n);
  const unlinked = Number((await db('messages').where({ channel_id: channelId, direction: 'in' }).whereNull('conversation_id').count('* as n').first())!.n);
  const pendingSends = Number((await db('messages').where({ channel_id: channelId, direction: 'out', send_status: 'pending' }).count('* as n').first())!.n);
  // An acknowledged reply may still be on its way to the database (its workflow's follow-up).
  const outTexts = new Set((await db('messages').where({ channel_id: channelId, direction: 'out' }).pluck('text')) as string[]);
  const repliesOnTheirWay = [...acknowledged].filter((t) => !outTexts.has(t)).length;
  if ((queued === 0 && unlinked === 0 && pendingSends === 0 && repliesOnTheirWay === 0) || Date.now() > settleDeadline) break;
  await sleep(500);
}

const stored = await db('messages').where({ channel_id: channelId, direction: 'in' }).select('provider_message_id', 'conversation_id');
const storedCount = new Map<string, number>();
for (const m of stored) storedCount.set(m.provider_message_id, (storedCount.get(m.provider_message_id) ?? 0) + 1);
const lost = sentIds.filter((id) => !storedCount.has(id));
const duplicated = [...storedCount.values()].filter((n) => n > 1).length;
const unlinked = stored.filter((m) => !m.conversation_id).length;

// Every conversation's workflow exists and answers its state.
const conversations = await db('conversations').where({ channel_id: channelId }).select('id', 'workflow_id', 'thread_key', 'status');
const connection = await Connection.connect({ address: addresses.temporalAddress });
const client = new Client({ connection, namespace: 'default', dataConverter: temporalDataConverter(new Keyring(chaosKey)) });
let workflowsMissing = 0;
for (const c of conversations) {
  const ok = await client.workflow.getHandle(c.workflow_id).describe().then(() => true, () => false);
  if (!ok) workflowsMissing++;
}
const threadsWithConversation = new Set(conversations.map((c) => c.thread_key)).size;

const outbound = await db('messages').where({ channel_id: channelId, direction: 'out' }).select('outbound_id', 'send_status', 'text');
const recordedTexts = new Set(outbound.map((m) => m.text as string));
const acknowledgedNotRecorded = [...acknowledged].filter((t) => !recordedTexts.has(t)).length;
const acknowledgedNotSent = [...acknowledged].filter((t) => !sentTexts.has(t)).length;
const doubled = [...sends.values()].filter((n) => n > 1).length;
const retriesDoubled = [...sentTexts.values()].filter((ids) => ids.size > 1).length;
const repliesNotSent = outbound.filter((m) => m.outbound_id && !sends.has(m.outbound_id)).length;
const sentNotRecorded = [...sends.keys()].filter((id) => !outbound.some((m) => m.outbound_id === id)).length;

// Timers: with the load over, auto-resolve must bring every New and Pending conversation to Done
// (an assigned one, where the customer wrote after the agent's reply, waits for its agent: no timer).
const timerDeadline = Date.now() + (AUTO_RESOLVE_SECONDS + 90) * 1000;
let open = conversations.length;
let assigned = 0;
while (Date.now() < timerDeadline) {
  open = Number((await db('conversations').where({ channel_id: channelId }).whereIn('status', ['unassigned', 'pending']).count('* as n').first())!.n);
  if (open === 0) break;
  await sleep(1000);
}
assigned = Number((await db('conversations').where({ channel_id: channelId, status: 'assigned' }).count('* as n').first())!.n);

say('');
say(`chaos: ${MESSAGES} messages over ${loadSeconds.toFixed(0)} s on ${THREADS} threads, ${deliveries} deliveries (${duplicatesSent} duplicate deliveries, ${refusedWhileDown} retried while the API was down)`);
say(`  sent ${sentIds.length}  stored ${storedCount.size}  lost ${lost.length}  duplicated ${duplicated}  unlinked ${unlinked}`);
say(`  conversations ${conversations.length} for ${threadsWithConversation} threads; workflows missing ${workflowsMissing}`);
const statuses = Object.entries(replyStatuses).sort().map(([st, n]) => `${st === '0' ? 'cut' : st}: ${n}`).join(', ');
say(`  replies: over the load and ${replySeconds.toFixed(0)} s more (until ${REPLIES} went through), ${replySeq} meant by ${AGENTS} agents, ${replyStats.through} went through (${replyStats.foundAfterCut} found recorded after a cut), ` +
  `${replyStats.refused} refused by the lifecycle, ${replyStats.gaveUp} given up; ${replyStats.attempts} requests (${statuses}), ${replyStats.retried} retried`);
say(`  replies recorded ${outbound.length}, sent ${sends.size}, doubled ${doubled} (an outboundId sent twice), retries doubled ${retriesDoubled} (one reply sent under two outboundIds), recorded but never sent ${repliesNotSent}, sent but not recorded ${sentNotRecorded}, ` +
  `acknowledged but not recorded ${acknowledgedNotRecorded}, acknowledged but never sent ${acknowledgedNotSent}`);
say(`  kills survived: api ${kills.api}, worker ${kills.worker}, temporal ${kills.temporal} (api started ${parts.api.starts}x, worker ${parts.worker.starts}x)`);
say(`  timers: ${conversations.length - open - assigned} of ${conversations.length} conversations auto-resolved after the chaos, ${assigned} assigned (no timer), ${open} New or Pending left open`);
const failed = lost.length || duplicated || unlinked || doubled || workflowsMissing || open || repliesNotSent || acknowledgedNotRecorded || acknowledgedNotSent;
// Not a failure of the engine's promise: without an idempotency key an agent cannot tell a reply that
// is late from one that was lost, so a retry may send it a second time (under its own outboundId).
if (retriesDoubled) say(`  note: ${retriesDoubled} retried replies went out twice: the API takes no idempotency key for replies`);
say(failed ? 'chaos: FAILED' : 'chaos: ok (0 lost, 0 duplicated, 0 doubled)');

// ---- stop ----------------------------------------------------------------------------------------
await connection.close();
await db.destroy();
for (const part of Object.values(parts)) {
  part.wanted = false;
  if (part.child) {
    const done = new Promise((r) => part.child!.once('exit', r));
    part.child.kill('SIGTERM');
    await Promise.race([done, sleep(15_000)]);
    part.child?.kill('SIGKILL');
  }
}
const serversDone = new Promise((r) => servers.once('exit', r));
servers.kill('SIGTERM');
await Promise.race([serversDone, sleep(20_000)]);
standIn.close();
await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
process.exit(failed ? 1 : 0);
