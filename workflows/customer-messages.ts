// The customer's messages: the relay linked them and signalled the facts (architecture.md, "The
// hot path"); the loop takes in what the relay queued, coalesced, and applies what the messages
// cause. A message that changes nothing in the lifecycle costs one workflow task and no activity.
// `onCustomerMessages` is the one path a customer message takes through the lifecycle (a survey
// answer, a reopening, the offline assignee, automations, out-of-hours, routing); an autoresponder
// script takes it after the automations (scripts.ts).
import { isCancellation, patched } from '@temporalio/workflow';
import type { LinkInboundResult, Trigger } from './activities.js';
import { outOfHours } from './automated-sends.js';
import { carryOutFired, evaluateMessages } from './automations.js';
import type { Transition } from './conversation-state.js';
import { answerSurvey } from './csat.js';
import { checkAssignee } from './presence.js';
import { fetchPostContext } from './post-context.js';
import { durable } from './proxies.js';
import { routeOrDefer } from './routing.js';
import type { Run } from './run.js';
import { scriptOnCustomerMessages } from './scripts.js';
import { mergeLinkedFacts, type ConversationSnapshot, type InboundItem, type LinkedFacts, type QueuedItem } from './shared.js';

/** Links every queued message, under the lock, and applies what the customer's messages cause. */
export async function drain(run: Run): Promise<void> {
  await run.lock.runExclusive(async () => {
    const queued = withoutRelinked(run, dedupe(run.inbox.splice(0, run.inbox.length)));
    if (queued.length === 0) return;
    const before = run.convo.snapshot();
    const facts = linkedFacts(queued, before !== null);
    // The relay linked them before it signalled: the facts came with the signal, no activity runs.
    // Runs that took these signals without facts (or are replayed from then) keep the activity.
    const linked = facts && patched('linked-by-relay') ? facts : await linkWithActivity(run, queued);
    const items = queued.map(({ linked: _facts, ...item }) => item);
    run.progressed = true;
    remember(run, items);
    if (linked.settings && (facts === undefined || run.settings === undefined)) run.settings = linked.settings;
    if (linked.rules) run.rules = linked.rules;
    // A fresh run of a conversation that already existed: its settings were not in the signal.
    if (run.settings === undefined) await run.reloadSettings();
    const customer = items.filter((item) => item.direction === 'in');
    const reopenOrBack = run.convo.linked(linked, items);
    if (customer.length > 0) await onCustomerMessages(run, { before, linked, customer, reopenOrBack });
    if (linked.created && linked.kind === 'public') await fetchPostContext(linked.conversationId);
  });
}

/** The facts the relay sent with every one of these items, merged (the newest link's state, a
 * creation told by any of them); undefined when one came without. A run that already knows the
 * conversation never takes it as created again (a batch the relay hands over a second time). */
function linkedFacts(items: QueuedItem[], known: boolean): LinkedFacts | undefined {
  if (!items.every((item) => item.linked)) return undefined;
  const merged = mergeLinkedFacts(items.map((item) => item.linked!));
  return { ...merged, created: !known && merged.created };
}

async function linkWithActivity(run: Run, items: QueuedItem[]): Promise<LinkInboundResult> {
  try {
    return await durable.linkInbound({
      ref: run.input.ref,
      conversationId: run.convo.conversationId,
      items: items.map(({ linked: _facts, ...item }) => item),
      ...(run.settings === undefined ? { withSettings: true } : {}),
    });
  } catch (err) {
    if (isCancellation(err)) throw err;
    // A non-retryable failure here is a bug (the durable steps retry everything else). Failing
    // the workflow task, rather than the workflow, keeps the conversation alive and retries
    // after a fix is deployed (local activity results of a failed task are not recorded).
    throw new Error(`linking inbound messages failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export interface CustomerMessages {
  /** The state before these messages (null on a fresh run). */
  before: ConversationSnapshot | null;
  linked: LinkInboundResult;
  /** The customer's messages of this batch, oldest first. */
  customer: InboundItem[];
  /** The transition the messages cause (a reopening, back from Pending), not persisted yet. */
  reopenOrBack: Transition | null;
}

/** What the customer's messages cause, in product order. */
export async function onCustomerMessages(run: Run, m: CustomerMessages): Promise<void> {
  const { before, linked, customer, reopenOrBack } = m;
  if (before?.csat && before.status === 'done') {
    if (await answerSurvey(run, before.csat.responseId, customer)) return; // an answer leaves it done
  }
  const reopened = reopenOrBack?.event.type === 'conversation.reopened';
  if (reopenOrBack) await run.persist(reopenOrBack, durable);
  const unassigned = await checkAssignee(run);
  if (run.rules.automations) {
    // Each customer message is one evaluation, on its own text (documents.md, "Evaluation"); the
    // first of the batch is the one that created or reopened the conversation. One activity.
    const first: Trigger[] = ['message.received'];
    if (linked.created) first.push('conversation.created');
    if (reopened) first.push('conversation.reopened');
    // A message on which the relay's prefilter saw no published automation that could fire (with
    // any of these triggers) is not evaluated: its evaluation would fire nothing. A message the
    // relay evaluated as it linked it comes with what fired: only its lifecycle actions are left.
    let evaluations: { messageId: string; triggers: Trigger[] }[] = [];
    const evaluatePending = async () => {
      if (evaluations.length > 0) await evaluateMessages(run, evaluations);
      evaluations = [];
    };
    for (const [i, item] of customer.entries()) {
      if (item.evaluated) {
        await evaluatePending();
        await carryOutFired(run, item.evaluated);
      } else if (item.evaluate !== false) {
        evaluations.push({ messageId: item.messageId, triggers: i === 0 ? first : ['message.received'] });
      }
    }
    await evaluatePending();
  }
  // Autoresponder scripts (documents.md, "Scripts"): on a new or reopened private thread a script
  // starts here, after the automations; while it runs, its questions take the customer's
  // messages, and the out-of-hours message and routing wait for its handover.
  if (await scriptOnCustomerMessages(run, { startsOn: linked.created || reopened, customer })) return;
  if (run.current().status !== 'done') await outOfHours(run);
  const s = run.current();
  if ((linked.created || reopened || unassigned) && run.rules.skillSets && s.status === 'unassigned' && !s.assignee.teamId) {
    await routeOrDefer(run);
  }
}

const REMEMBERED = 2000;

/** The relay delivers at least once: a message this run already linked changes nothing twice. */
function withoutRelinked(run: Run, items: QueuedItem[]): QueuedItem[] {
  const fresh = items.filter((item) => !run.linkedIds.has(item.messageId));
  // runs that linked a message twice before this check keep doing so on replay
  return fresh.length !== items.length && patched('skip-relinked') ? fresh : items;
}

function remember(run: Run, items: InboundItem[]): void {
  for (const item of items) run.linkedIds.add(item.messageId);
  for (const id of run.linkedIds) {
    if (run.linkedIds.size <= REMEMBERED) break;
    run.linkedIds.delete(id); // oldest first: a Set keeps insertion order
  }
}

/** One copy of each recorded message (the relay retries until delivered, so repeats happen). */
function dedupe(items: QueuedItem[]): QueuedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.messageId)) return false;
    seen.add(item.messageId);
    return true;
  });
}
