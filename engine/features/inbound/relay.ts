// Hands recorded inbound messages to their conversation workflows (architecture.md, "The hot
// path"). Rows are claimed with a lease (their next_attempt_at moved past the lease, in one short
// statement with SKIP LOCKED), not with a transaction held open across the signals: several API
// processes share the work (a thread stays with the relay that holds rows of it), and the rows of
// a relay killed mid-way are due again once its lease runs out. The claimed batch is linked to its
// conversations in one transaction (link.ts): from its commit the messages are in their queues.
// Where the published set allows it the relay then evaluates the automations of the customer
// messages (automation/evaluate-on-receipt.ts), so the workflow only carries out the lifecycle
// actions that fired. Then each thread's workflow is signalled with the facts it needs, at the pace
// of Temporal's queue (a thread's messages linked while its signal waits go in it; signals hold
// back while an agent of any API process acts), and a row is deleted only once Temporal accepted
// its signal. Delivery is at least once: linking or evaluating again changes nothing, and the
// workflow ignores messages it already has.
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  conversationWorkflowId,
  inboundSignal,
  mergeLinkedFacts,
  TASK_QUEUE,
  type ConversationInput,
  type ConversationRef,
  type InboundItem,
} from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { listen, waker } from '../../platform/listen.js';
import { semaphore } from '../../platform/pool.js';
import { metrics } from '../../platform/metrics.js';
import type { FiredAutomation, LifecycleSettings, Trigger } from '../../../workflows/activities.js';
import type { LinkedFacts } from '../../../workflows/shared.js';
import { evaluateOnReceipt, type ReceivedThread } from '../automation/evaluate-on-receipt.js';
import { publishedRules, type PublishedRules } from '../automation/published.js';
import { loadLifecycleSettings } from '../lifecycle-settings/activities.js';
import { createLiveNotifier } from '../live/notify.js';
import { AgentWay, type AgentWayOptions } from './agent-way.js';
import { linkThreads, type LinkedThread } from './link.js';
import { DEFAULT_PACE, HandOverPace, type PaceOptions } from './hand-over-pace.js';
import { INBOUND_CHANNEL } from './record.js';

export interface RelayOptions {
  db: Db;
  client: Client;
  databaseUrl: string;
  logger: Logger;
  /** Rows claimed per round while the queue keeps up; a full claim doubles the next, up to maxBatchSize. */
  batchSize?: number;
  maxBatchSize?: number;
  /** How long claimed rows are this relay's before another may take them again. */
  leaseSeconds?: number;
  /** Rounds in flight at once in this process. */
  loops?: number;
  /** Signals in flight at once in this relay, whatever batch they are of: more only queues up
   * inside Temporal and slows its workers' tasks. */
  concurrency?: number;
  /** Batches per loop whose signals may still be under way while the next one is claimed and linked. */
  handOversAhead?: number;
  /** Claimed rows whose signals may still be under way: linking runs ahead of Temporal up to this. */
  maxRowsInFlight?: number;
  /** Idle poll interval when no notification arrives (covers a lost LISTEN connection). */
  pollMs?: number;
  taskQueue?: string;
  /** How the signal rate follows Temporal's queue wait (hand-over-pace.ts). */
  pace?: PaceOptions;
  /** How long signals give way to agents' actions (agent-way.ts). */
  agentWay?: AgentWayOptions;
  /** How often the queue wait is probed. */
  probeMs?: number;
  /** Where hand-over figures go (default: this process's metrics; the relay thread forwards them). */
  figures?: { handedOver(seconds: number): void; failed(): void; evaluated(messages: number): void; joined(messages: number): void };
}

export interface Relay {
  stop(): Promise<void>;
  /** Work on the queue now rather than at the next notification. */
  wake(): void;
  /** A webhook recorded messages: wake this relay, and (debounced) the relays of other processes. */
  recorded(): void;
  /** Whether this process's webhook acks are slow now (ack-watch.ts): evaluation gives way while they are. */
  acksSlow(slow: boolean): void;
  /** How many agents' actions this process has under way: signals give way while there are any,
   * here and (told through the database) in the relays of the other processes. */
  agentsActing(n: number): void;
  /** Resolves once the relay hears the other processes' notifications. */
  listening(): Promise<void>;
}

interface QueueRow {
  id: number;
  message_id: string;
  channel_id: string;
  thread_key: string;
  direction: 'in' | 'out';
  at: Date;
  attempts: number;
  created_at: Date;
  /** What fired when the relay evaluated this message (null: not evaluated by a relay). */
  evaluated: FiredAutomation[] | null;
}

/** The claimed rows by thread, each thread's oldest first. */
function byThread(rows: QueueRow[]): QueueRow[][] {
  const threads = new Map<string, QueueRow[]>();
  for (const r of rows) {
    const key = `${r.channel_id}\u0000${r.thread_key}`;
    const list = threads.get(key);
    if (list) list.push(r);
    else threads.set(key, [r]);
  }
  return [...threads.values()];
}

/** Every trigger a customer message's evaluation can have (the first of a batch may open or
 * reopen the conversation): a message none of them lets any automation fire on is not evaluated. */
const MESSAGE_TRIGGERS = ['message.received', 'conversation.created', 'conversation.reopened'] as const;

/** Whether a published automation could fire on this message, as the prefilter judges its fixed
 * facts (the message's text, the channel, the conversation's kind); never false when one could. */
export function couldFire(rules: PublishedRules, thread: LinkedThread, messageId: string): boolean {
  if (rules.counts.automations === 0) return false;
  const text = thread.texts.get(messageId);
  return rules.automations.couldFire(
    { ...(text !== undefined ? { 'message.text': text } : {}), 'channel.id': thread.channelId, 'channel.type': thread.channelType, 'conversation.kind': thread.kind },
    MESSAGE_TRIGGERS,
  );
}

/**
 * The customer messages of a batch the relay evaluates itself (rules/receipt.ts): when the published
 * set allows it, those of conversations not Done (a Done thread's message may answer its survey or
 * reopen it, which the workflow decides), except messages the prefilter knows fire nothing and
 * messages evaluated by an earlier claim. The first customer message of a new conversation has
 * `conversation.created` too.
 */
function toEvaluate(rules: PublishedRules, threads: QueueRow[][], linked: Map<QueueRow[], LinkedThread>): ReceivedThread[] {
  if (!rules.evaluableOnReceipt || rules.counts.automations === 0) return [];
  const out: ReceivedThread[] = [];
  for (const group of threads) {
    const thread = linked.get(group);
    if (!thread || thread.status === 'done') continue;
    const messages: ReceivedThread['messages'] = [];
    for (const [i, r] of group.filter((row) => row.direction === 'in').entries()) {
      if (r.evaluated !== null || !couldFire(rules, thread, r.message_id)) continue;
      const triggers: Trigger[] = i === 0 && thread.created ? ['message.received', 'conversation.created'] : ['message.received'];
      messages.push({ queueId: Number(r.id), messageId: r.message_id, triggers });
    }
    if (messages.length > 0) out.push({ conversationId: thread.conversationId, messages });
  }
  return out;
}

/** Several batches' threads as one list, a conversation once with its messages in batch order. */
function inOneList(lists: ReceivedThread[][]): ReceivedThread[] {
  const byConversation = new Map<string, ReceivedThread>();
  for (const t of lists.flat()) {
    const known = byConversation.get(t.conversationId);
    if (known) known.messages.push(...t.messages);
    else byConversation.set(t.conversationId, { ...t, messages: [...t.messages] });
  }
  return [...byConversation.values()];
}

interface Evaluated {
  rules: PublishedRules;
  /** What fired for each customer message evaluated on receipt, by message id. */
  evaluated: Map<string, FiredAutomation[]>;
}

/** The facts a thread's workflow gets with its signal. */
function factsOf(thread: LinkedThread, rules: PublishedRules, settings: LifecycleSettings | undefined): LinkedFacts {
  return {
    conversationId: thread.conversationId,
    created: thread.created,
    kind: thread.kind,
    status: thread.status,
    assignee: thread.assignee,
    ...(thread.lastCustomerMessageAt ? { lastCustomerMessageAt: thread.lastCustomerMessageAt } : {}),
    policy: thread.policy,
    rules: { automations: rules.counts.automations > 0, skillSets: rules.counts.skillSets > 0, scripts: rules.counts.scripts > 0 },
    generation: rules.generation,
    ...(settings ? { settings } : {}),
  };
}

/** Seconds before the next try of a row that failed `attempts` times: 2, 4, 8 … up to a minute. */
export function backoffSeconds(attempts: number): number {
  return Math.min(60, 2 ** Math.min(Math.max(attempts, 1), 6));
}

const PROBE_TIMEOUT_MS = 5000;
/** How long a wanted thread goes before the others (its rows may not be claimed yet). */
const WANTED_MS = 30_000;

/** A thread's signal while it waits for its turn: what the batches linked meanwhile join. */
interface Outgoing {
  ref: ConversationRef;
  conversationId: string;
  generation: string | undefined;
  rows: QueueRow[];
  items: InboundItem[];
  facts: Promise<LinkedFacts>[];
  /** undefined once Temporal took the signal, else why not */
  sent: Promise<string | undefined>;
}

const threadKey = (channelId: string, key: string) => `${channelId}\u0000${key}`;

/** Asks every relay to hand a thread over before the others (an agent acts on it: act()). */
export async function askHandOverFirst(db: Db, channelId: string, key: string): Promise<void> {
  await db.raw('SELECT pg_notify(?, ?)', [INBOUND_CHANNEL, `want:${channelId}:${key}`]);
}

/** Another relay's count of the agents' actions under way in its process. */
function parseActing(payload: string): { relay: string; n: number } | undefined {
  const m = /^acting:([0-9a-f-]{36}):(\d+)$/.exec(payload);
  return m ? { relay: m[1], n: Number(m[2]) } : undefined;
}

/** How long another process's notice of agents acting counts without news. */
const ACTING_NOTICE_MS = 10_000;

function parseWant(payload: string): string | undefined {
  if (!payload.startsWith('want:')) return undefined;
  const rest = payload.slice('want:'.length);
  const colon = rest.indexOf(':'); // a channel id has none; a thread key may
  return colon > 0 ? threadKey(rest.slice(0, colon), rest.slice(colon + 1)) : undefined;
}

const MAX_GIVE_WAY_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer));
}

export function startRelay(o: RelayOptions): Relay {
  const batchSize = o.batchSize ?? 200;
  const maxBatchSize = Math.max(batchSize, o.maxBatchSize ?? 4000);
  const leaseSeconds = o.leaseSeconds ?? 120;
  const pollMs = o.pollMs ?? 500;
  const concurrency = o.concurrency ?? 32;
  // Linking and evaluation (what makes messages visible and evaluated) run ahead of the signals,
  // which wait for their pace; the rows it holds meanwhile have their lease renewed.
  const handOversAhead = Math.max(1, o.handOversAhead ?? 1000);
  const maxRowsInFlight = Math.max(1, o.maxRowsInFlight ?? 100_000);
  /** Claimed rows this relay holds and renews: all but those under a signal not answered yet. */
  const held = new Set<number>();
  const signalling = semaphore(concurrency);
  // One claim at a time: two loops' claims running together each lock part of the due rows (SKIP
  // LOCKED), so one thread's messages would go in two signals, the later one perhaps first.
  const claiming = semaphore(1);
  const pace = new HandOverPace(o.pace ?? DEFAULT_PACE);
  let acksSlow = false;
  const agentWay = new AgentWay(o.agentWay);
  /** Agents' actions under way in this process, and in others as their relays told (until when a
   * notice counts: a process that died mid-action holds nothing back for long). */
  let actingHere = 0;
  const actingElsewhere = new Map<string, { n: number; until: number }>();
  const agentsActingNow = () => {
    let n = actingHere;
    const now = Date.now();
    for (const [relay, notice] of actingElsewhere) {
      if (notice.until < now) actingElsewhere.delete(relay);
      else n += notice.n;
    }
    return n;
  };
  /** Names this relay on the rows it claims. */
  const relayId = randomUUID();
  const probeMs = o.probeMs ?? 250;
  /** The workflow signalled last: the probe's subject (its task is at the back of the queue). */
  let lastSignalled: string | undefined;
  const pause = waker();
  const wake = pause.wake;

  const live = createLiveNotifier(o.db, o.logger);
  const figures = o.figures ?? {
    handedOver: (s: number) => metrics.handOver.observe(s),
    failed: () => metrics.handOverFailures.inc(),
    evaluated: (n: number) => metrics.receiptEvaluations.inc(n),
    joined: (n: number) => metrics.joinedSignals.inc(n),
  };

  /** Links every thread of the batch in one transaction; returns the facts by thread. */
  async function link(threads: QueueRow[][]): Promise<Map<QueueRow[], LinkedThread>> {
    const linked = await linkThreads(o.db, threads.map((g) => ({ channelId: g[0].channel_id, threadKey: g[0].thread_key, messageIds: g.map((r) => r.message_id) })));
    live.poke(); // committed: the inbox may show the messages now
    const byKey = new Map(linked.map((l) => [`${l.channelId}\u0000${l.threadKey}`, l]));
    const out = new Map<QueueRow[], LinkedThread>();
    for (const g of threads) {
      const l = byKey.get(`${g[0].channel_id}\u0000${g[0].thread_key}`);
      if (l) out.set(g, l);
    }
    return out;
  }

  /** Threads an agent wants now (act() found their hand-over pending), until when. */
  const wanted = new Map<string, number>();
  /** Threads waiting for their signal's turn, in batch order. */
  const turns: { key: string; go: () => void }[] = [];
  let pumping = false;

  /** Waits for a thread's turn: in order, at the pace, except that a wanted thread goes first. */
  function turn(key: string): Promise<void> {
    return new Promise((go) => {
      turns.push({ key, go });
      void pump();
    });
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (turns.length > 0) {
        const now = Date.now();
        for (const [key, until] of wanted) if (until < now) wanted.delete(key);
        const first = wanted.size > 0 ? turns.findIndex((t) => wanted.has(t.key)) : -1;
        if (first >= 0) {
          turns.splice(first, 1)[0].go();
          continue;
        }
        // the count is read here, where it matters: a notice from another process expires on its own
        agentWay.actions(agentsActingNow());
        if (agentWay.holds()) {
          await sleep(10);
          continue;
        }
        const wait = pace.take();
        // a short sleep at a time: a wanted thread does not wait for the pace
        if (wait > 0) await sleep(Math.min(wait, 50));
        else turns.shift()!.go();
      }
    } finally {
      pumping = false;
    }
  }

  /** While webhooks' acks are slow, evaluation and then the batch's signals wait (up to a second
   * each): the messages are visible already, and their evaluation costs the database what the acks
   * need, their signals the CPU (Temporal starting a burst's new workflows). Measured over three
   * runs each, the signals' wait took ack p99 from 67–122 ms to 61–85 ms. */
  async function giveWayToWebhooks(): Promise<void> {
    for (let waited = 0; acksSlow && waited < MAX_GIVE_WAY_MS && !pause.stopped; waited += 50) await sleep(50);
  }

  /**
   * Evaluations in the order of the batches (a thread's later messages see its earlier ones'
   * actions), one at a time; the batches that wait meanwhile are evaluated together next. During a
   * burst the relay claims small batches as the webhooks come, and each evaluation has a cost of its
   * own (a transaction, a read of the facts per round): evaluated one by one they kept up with only
   * half the burst, which was evaluated after it ended.
   */
  const toEvaluateNext: { threads: QueueRow[][]; linked: Map<QueueRow[], LinkedThread>; done: (r: Evaluated | Error) => void }[] = [];
  let evaluatingNow = false;

  /** The published rules for a batch's hand-over, and the messages evaluated on receipt. Called
   * in batch order, before anything is awaited: evaluations, then signals, keep that order. */
  function evaluateInTurn(threads: QueueRow[][], linked: Map<QueueRow[], LinkedThread>): Promise<Evaluated> {
    const answer = new Promise<Evaluated>((resolve, reject) =>
      toEvaluateNext.push({ threads, linked, done: (r) => (r instanceof Error ? reject(r) : resolve(r)) }));
    void evaluateWaiting();
    return answer;
  }

  async function evaluateWaiting(): Promise<void> {
    if (evaluatingNow) return;
    evaluatingNow = true;
    try {
      while (toEvaluateNext.length > 0) {
        const batches = toEvaluateNext.splice(0);
        try {
          const rules = await publishedRules(o.db);
          const fresh = await evaluateOnReceipt(o.db, rules, inOneList(batches.map((b) => toEvaluate(rules, b.threads, b.linked))), giveWayToWebhooks);
          if (fresh.size > 0) {
            live.poke(); // tags and other data actions are committed
            figures.evaluated(fresh.size);
          }
          for (const b of batches) {
            const evaluated = new Map<string, FiredAutomation[]>();
            for (const r of b.threads.flat()) {
              const fired = fresh.get(r.message_id) ?? r.evaluated;
              if (fired) evaluated.set(r.message_id, fired);
            }
            b.done({ rules, evaluated });
          }
        } catch (err) {
          for (const b of batches) b.done(err instanceof Error ? err : new Error(String(err)));
        }
      }
    } finally {
      evaluatingNow = false;
    }
  }

  async function handOver(threads: QueueRow[][], linked: Map<QueueRow[], LinkedThread>): Promise<{ ok: number[]; failed: { ids: number[]; error: string }[] }> {
    const ok: number[] = [];
    const failed: { ids: number[]; error: string }[] = [];
    const { rules, evaluated } = await evaluateInTurn(threads, linked);
    await giveWayToWebhooks();
    const settings = new Map<string, Promise<LifecycleSettings>>();
    const settingsOf = (channelId: string) => {
      if (!settings.has(channelId)) settings.set(channelId, loadLifecycleSettings(o.db, channelId));
      return settings.get(channelId)!;
    };
    await Promise.all(threads.map(async (group) => {
      const thread = linked.get(group);
      if (!thread) {
        // none of its messages is stored any more (deleted since they were recorded): nothing to hand over
        ok.push(...group.map((r) => r.id));
        return;
      }
      const items: InboundItem[] = group.map((r) => ({
        messageId: r.message_id,
        direction: r.direction,
        at: r.at.toISOString(),
        ...(r.direction !== 'in'
          ? {}
          : evaluated.has(r.message_id)
            ? { evaluated: evaluated.get(r.message_id)! }
            : { evaluate: couldFire(rules, thread, r.message_id) }),
      }));
      const facts = (thread.created ? settingsOf(thread.channelId) : Promise.resolve(undefined)).then((settings) => factsOf(thread, rules, settings));
      facts.catch(() => undefined); // a failure is the signal's, answered when its turn comes
      const error = await signalInTurn(thread, rules.generation, group, items, facts);
      if (error === undefined) ok.push(...group.map((r) => r.id));
      else failed.push({ ids: group.map((r) => r.id), error });
    }));
    return { ok, failed };
  }

  /** Signals not under way yet (waiting for their turn, or for a free signalling slot), by thread. */
  const waitingSignals = new Map<string, Outgoing>();

  /**
   * Signals a thread's messages in its turn; answers once Temporal took them (undefined) or with
   * why it did not. Messages of a thread whose signal still waits for its turn join it: during a
   * burst a thread's next messages are linked (visible) before the first one's turn comes, and one
   * signal for all of them is one workflow task, not one each. Not across conversations or rules
   * generations (the facts of the newest link stand for all its messages, as in the workflow).
   */
  function signalInTurn(thread: LinkedThread, generation: string | undefined, rows: QueueRow[], items: InboundItem[], facts: Promise<LinkedFacts>): Promise<string | undefined> {
    const key = threadKey(thread.channelId, thread.threadKey);
    const waiting = waitingSignals.get(key);
    if (waiting && waiting.conversationId === thread.conversationId && waiting.generation === generation) {
      waiting.rows.push(...rows);
      waiting.items.push(...items);
      waiting.facts.push(facts);
      figures.joined(rows.length);
      return waiting.sent;
    }
    const out: Outgoing = { ref: { channelId: thread.channelId, threadKey: thread.threadKey }, conversationId: thread.conversationId, generation, rows: [...rows], items: [...items], facts: [facts], sent: Promise.resolve(undefined) };
    waitingSignals.set(key, out);
    out.sent = turn(key).then(() =>
      signalling(() => {
        if (waitingSignals.get(key) === out) waitingSignals.delete(key); // under way: what comes now waits for a turn of its own
        return signal(out);
      }));
    return out.sent;
  }

  async function signal(out: Outgoing): Promise<string | undefined> {
    try {
      const linked = mergeLinkedFacts(await Promise.all(out.facts));
      // from here the signal is under way: a relay that hangs in it loses the rows with its lease
      for (const r of out.rows) held.delete(Number(r.id));
      const workflowId = conversationWorkflowId(out.ref);
      await o.client.workflow.signalWithStart('conversationWorkflow', {
        workflowId,
        taskQueue: o.taskQueue ?? TASK_QUEUE,
        args: [{ ref: out.ref } satisfies ConversationInput],
        signal: inboundSignal,
        signalArgs: [{ items: out.items, linked }],
      });
      lastSignalled = workflowId;
      for (const r of out.rows) held.add(Number(r.id)); // accepted: held until the batch is settled
      for (const r of out.rows) figures.handedOver((Date.now() - r.created_at.getTime()) / 1000);
      return undefined;
    } catch (err) {
      figures.failed();
      return String((err as Error).message ?? err);
    }
  }

  /** Claims up to `limit` due rows for this relay's lease; returns them. A thread another relay
   * holds rows of (under its lease) is left to that relay: a thread's messages go through one
   * relay, in order, and join the signal waiting there (migration 017). */
  async function claim(limit: number): Promise<QueueRow[]> {
    const { rows } = await claiming(() => o.db.raw<{ rows: QueueRow[] }>(
      `UPDATE inbound_queue SET next_attempt_at = now() + make_interval(secs => ?), claimed_by = ?
        WHERE id IN (
          SELECT id FROM inbound_queue q
           WHERE next_attempt_at <= now()
             AND NOT EXISTS (SELECT 1 FROM inbound_queue other
                              WHERE other.channel_id = q.channel_id AND other.thread_key = q.thread_key
                                AND other.claimed_by <> ? AND other.next_attempt_at > now())
           ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING id, message_id, channel_id, thread_key, direction, at, attempts, created_at, evaluated`,
      [leaseSeconds, relayId, relayId, limit],
    ));
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Records what the hand-over of claimed rows came to: accepted rows go, failed ones wait. */
  async function settle(rows: QueueRow[], { ok, failed }: { ok: number[]; failed: { ids: number[]; error: string }[] }): Promise<void> {
    for (const r of rows) held.delete(Number(r.id));
    if (ok.length) await o.db('inbound_queue').whereIn('id', ok).delete();
    const attemptsOf = new Map(rows.map((r) => [r.id, r.attempts]));
    for (const f of failed) {
      // A thread's rows fail together; the one tried most sets the pause.
      const attempts = 1 + Math.max(...f.ids.map((id) => attemptsOf.get(id) ?? 0));
      o.logger.warn({ err: f.error, rows: f.ids.length, attempts }, 'relay: hand-over failed; will retry');
      await o.db.raw(
        // no relay's while they wait to be tried again: a relay that dies meanwhile holds no thread up
        `UPDATE inbound_queue SET attempts = attempts + 1, last_error = ?, claimed_by = NULL,
           next_attempt_at = now() + make_interval(secs => ?) WHERE id = ANY(?)`,
        [f.error, backoffSeconds(attempts), f.ids],
      );
    }
  }

  /** Claims and links a batch (awaited: the messages are visible once it returns), and returns
   * the hand-over of its signals, which may still be under way. */
  async function round(limit: number): Promise<{ n: number; signalled: Promise<void> }> {
    const rows = await claim(limit);
    if (rows.length === 0) return { n: 0, signalled: Promise.resolve() };
    for (const r of rows) held.add(Number(r.id));
    const threads = byThread(rows);
    let linked: Map<QueueRow[], LinkedThread>;
    try {
      linked = await link(threads);
    } catch (err) {
      // linking failed as a whole (the database): every row waits for its next try
      const error = String((err as Error).message ?? err);
      await settle(rows, { ok: [], failed: threads.map((g) => ({ ids: g.map((r) => r.id), error })) });
      return { n: rows.length, signalled: Promise.resolve() };
    }
    const signalled = handOver(threads, linked)
      .catch((err) => ({ ok: [], failed: threads.map((g) => ({ ids: g.map((r) => r.id), error: String((err as Error).message ?? err) })) }))
      .then((outcome) => settle(rows, outcome))
      .catch((err) => o.logger.error({ err }, 'relay: settling a hand-over failed; its rows are due again after the lease'));
    return { n: rows.length, signalled };
  }

  let rowsInFlight = 0;

  async function loop() {
    // Claims grow with the backlog: a lagging Temporal means more messages per signal, not more signals.
    let limit = batchSize;
    // The next batch is linked while the signals of the previous ones are under way: a slow
    // Temporal delays the hand-over, never the inbox.
    const inFlight = new Set<Promise<void>>();
    while (!pause.stopped) {
      pause.round();
      let n = 0;
      try {
        const r = await round(limit);
        n = r.n;
        rowsInFlight += n;
        const p = r.signalled.finally(() => {
          inFlight.delete(p);
          rowsInFlight -= r.n;
        });
        inFlight.add(p);
      } catch (err) {
        o.logger.error({ err }, 'relay round failed');
        await pause.sleep(pollMs);
        continue;
      }
      while (inFlight.size >= handOversAhead || rowsInFlight >= maxRowsInFlight) await Promise.race(inFlight);
      limit = n >= limit ? Math.min(maxBatchSize, limit * 2) : batchSize;
      if (n < batchSize) await pause.sleep(pollMs);
    }
    await Promise.all(inFlight);
  }

  // A webhook answered by any process wakes this relay (its own notifications it has seen).
  const listener = listen({
    db: o.db,
    databaseUrl: o.databaseUrl,
    channel: INBOUND_CHANNEL,
    logger: o.logger.child({ component: 'relay' }),
    onNotification: (payload) => {
      const want = parseWant(payload);
      const acting = parseActing(payload);
      if (acting) {
        if (acting.relay === relayId) return;
        if (acting.n > 0) actingElsewhere.set(acting.relay, { n: acting.n, until: Date.now() + ACTING_NOTICE_MS });
        else actingElsewhere.delete(acting.relay);
        void pump();
      } else if (want) {
        wanted.set(want, Date.now() + WANTED_MS);
        void pump();
      } else if (payload !== String(process.pid)) wake();
    },
  });

  const loops = Array.from({ length: o.loops ?? 2 }, () => loop());

  /** Keeps the lease of the rows held, waiting for their signal's turn or their batch's settling (a
   * relay that died renews nothing, and one whose signal hangs does not renew that signal's rows). */
  let renewing: Promise<unknown> = Promise.resolve();
  const renewal = setInterval(() => {
    if (held.size === 0) return;
    renewing = renewing.then(() =>
      o.db
        .raw('UPDATE inbound_queue SET next_attempt_at = greatest(next_attempt_at, now() + make_interval(secs => ?)) WHERE id = ANY(?)', [leaseSeconds, [...held]])
        .catch((err) => o.logger.warn({ err }, 'relay: renewing the lease failed')),
    );
  }, Math.max(200, (leaseSeconds * 1000) / 3));

  /** Measures how long Temporal's workers take to reach the conversation signalled last. */
  async function probe() {
    while (!pause.stopped) {
      await sleep(probeMs);
      const subject = lastSignalled;
      lastSignalled = undefined;
      if (!subject || pause.stopped) continue;
      const started = Date.now();
      // a failure (Temporal unreachable, the run ended) is no sign of a queue: only its time counts
      const answered = Promise.resolve().then(() => o.client.workflow.getHandle(subject).query('__temporal_workflow_metadata'));
      // Unanswered after a round is a slow queue already: the rate is cut at every round the probe
      // waits, not once it is answered (a burst's first probe waited seconds while the relay went
      // on signalling at the full rate; measured, the agents' slowest action went from 2–3 s to 1.1–1.7 s).
      const cutting = setInterval(() => pace.observe(Date.now() - started), probeMs);
      await withTimeout(answered, PROBE_TIMEOUT_MS).catch(() => undefined);
      clearInterval(cutting);
      pace.observe(Date.now() - started);
    }
  }
  const probing = probe();

  // At most one NOTIFY per interval, outside any webhook's transaction.
  let notifyTimer: NodeJS.Timeout | undefined;
  const notifyOthers = () => {
    if (notifyTimer || pause.stopped) return;
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
    acksSlow(slow) {
      acksSlow = slow;
    },
    listening: () => listener.ready(),
    agentsActing(n) {
      actingHere = n;
      if (n === 0) void pump();
      // the relays of the other processes hold their signals back too
      o.db.raw('SELECT pg_notify(?, ?)', [INBOUND_CHANNEL, `acting:${relayId}:${n}`]).catch((err) => o.logger.debug({ err }, 'relay: NOTIFY of agents acting failed'));
    },
    async stop() {
      clearTimeout(notifyTimer);
      clearInterval(renewal);
      pause.stop();
      live.stop();
      await Promise.all(loops);
      await probing;
      await renewing;
      await listener.stop();
    },
  };
}
