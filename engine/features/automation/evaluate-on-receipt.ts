// The automations of customer messages, evaluated by the relay as it links them (architecture.md,
// "The hot path"), when the published set allows it (rules/receipt.ts): the workflow then takes in
// what fired instead of calling an activity per hand-over. Each message is still one evaluation,
// in order, each seeing the data actions of the ones before (documents.md, "Evaluation").
import type { Trigger } from '../../../rules/index.js';
import type { FiredAutomation } from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';
import { factsOfConversations } from './facts.js';
import { addBatchedTags, applyFiring, insertFiredEvents, type FiredEvent, type TagAdditions } from './firing.js';
import type { PublishedRules } from './published.js';

export interface ReceivedMessage {
  /** Its inbound_queue row: what fired is kept there until the hand-over. */
  queueId: number;
  messageId: string;
  triggers: Trigger[];
}

export interface ReceivedThread {
  conversationId: string;
  /** Customer messages, oldest first. */
  messages: ReceivedMessage[];
}

/** Conversations per transaction: linking the next batch waits for the rows an evaluation holds. */
const CHUNK = 50;

/**
 * Evaluates every message, a few conversations per transaction, and keeps what fired on its queue
 * row in the same transaction, so a relay killed before its signals evaluates nothing twice; a
 * message whose row another relay evaluated meanwhile is answered from that row. Answers, by
 * message id, the firings with lifecycle actions (empty: nothing for the workflow to carry out).
 */
export async function evaluateOnReceipt(
  db: Db,
  rules: PublishedRules,
  threads: readonly ReceivedThread[],
  /** Awaited before each transaction (the relay gives way to webhooks there). */
  beforeChunk: () => Promise<void> = async () => undefined,
): Promise<Map<string, FiredAutomation[]>> {
  const out = new Map<string, FiredAutomation[]>();
  // Conversations in one order in every transaction that evaluates: two relays never wait on each other in a cycle.
  const sorted = [...threads].sort((a, b) => (a.conversationId < b.conversationId ? -1 : 1));
  for (let i = 0; i < sorted.length; i += CHUNK) {
    await beforeChunk();
    for (const [id, fired] of await evaluateChunk(db, rules, sorted.slice(i, i + CHUNK))) out.set(id, fired);
  }
  return out;
}

async function evaluateChunk(db: Db, rules: PublishedRules, threads: readonly ReceivedThread[]): Promise<Map<string, FiredAutomation[]>> {
  const out = new Map<string, FiredAutomation[]>();
  const all = threads.flatMap((t) => t.messages);
  if (all.length === 0) return out;
  const at = new Date().toISOString();
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw<{ rows: { id: string; evaluated: FiredAutomation[] | null }[] }>(
      'SELECT id, evaluated FROM inbound_queue WHERE id = ANY(?) ORDER BY id FOR UPDATE',
      [all.map((m) => m.queueId)],
    );
    const open = new Set<number>();
    const done = new Map<number, FiredAutomation[]>();
    for (const r of rows) {
      if (r.evaluated) done.set(Number(r.id), r.evaluated);
      else open.add(Number(r.id));
    }
    for (const m of all) {
      const earlier = done.get(m.queueId);
      if (earlier) out.set(m.messageId, earlier);
    }
    const todo = threads.map((t) => ({ ...t, messages: t.messages.filter((m) => open.has(m.queueId)) })).filter((t) => t.messages.length > 0);
    if (todo.length === 0) return out;
    const contacts = new Map<string, string>(
      (await trx('conversations').whereIn('id', todo.map((t) => t.conversationId)).select('id', 'contact_id')).map((r) => [r.id, r.contact_id]),
    );
    const written: { id: number; fired: FiredAutomation[] }[] = [];
    const events: FiredEvent[] = [];
    const tagAdditions: TagAdditions = [];
    // Round k evaluates the k-th message of every thread: one read of the facts per round, each
    // after the data actions of the messages before it.
    for (let k = 0; ; k++) {
      const round = todo.filter((t) => t.messages.length > k);
      if (round.length === 0) break;
      const facts = await factsOfConversations(
        trx,
        round.map((t) => ({ conversationId: t.conversationId, messageId: t.messages[k].messageId, at: new Date(at) })),
        rules.contactGroups,
      );
      for (const [i, t] of round.entries()) {
        const m = t.messages[k];
        const evaluation = await rules.automations.evaluate(facts[i], m.triggers);
        const fired =
          evaluation.fired.length === 0
            ? []
            : await applyFiring(
                trx,
                {
                  conversationId: t.conversationId,
                  contactId: contacts.get(t.conversationId)!,
                  evaluation,
                  triggers: m.triggers,
                  messageId: m.messageId,
                  generation: rules.generation,
                  at,
                  facts: facts[i],
                },
                events,
                tagAdditions,
              );
        const forWorkflow = fired.filter((f) => f.lifecycle.length > 0);
        out.set(m.messageId, forWorkflow);
        written.push({ id: m.queueId, fired: forWorkflow });
      }
      await addBatchedTags(trx, tagAdditions);
      await insertFiredEvents(trx, events);
    }
    await trx.raw(
      `UPDATE inbound_queue q SET evaluated = v.fired
         FROM jsonb_to_recordset(?::jsonb) AS v(id bigint, fired jsonb) WHERE q.id = v.id`,
      [JSON.stringify(written)],
    );
    return out;
  });
}
