// The lifecycle of one conversation (one thread of one channel) as an entity workflow.
//
// Started by the relay with signal-with-start; the inbound signal only queues recorded messages and
// the main loop links them (coalesced) to the conversation. Agent actions are updates: a
// synchronous validator refuses illegal transitions, the handler waits for the state to be known,
// takes the lock, checks again, persists through an activity, then commits. The run continues as
// new before its history grows large, carrying its state and any messages not yet linked.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ConversationActivities } from './activities.js';
import { Conversation, type Transition } from './conversation-state.js';
import { Lock } from './lock.js';
import {
  assignUpdate,
  dismissUpdate,
  inboundSignal,
  reopenUpdate,
  replyUpdate,
  resolveUpdate,
  SEND_FAILED,
  stateQuery,
  type ConversationInput,
  type ConversationSnapshot,
  type InboundItem,
} from './shared.js';

export const DEFAULT_HISTORY_LIMIT = 2000;

// Steps the workflow must not give up on (linking the customer's messages, recording what was
// already sent): retried with backoff until the database answers.
const durable = proxyLocalActivities<ConversationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Steps of an agent action someone is waiting for: a few retries, then the action fails and the
// state stays as it was.
const interactive = proxyLocalActivities<ConversationActivities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

// Sending through the channel's API: an ordinary activity, idempotent on our outbound id.
const channel = proxyActivities<ConversationActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '20 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['PermanentSendError'],
  },
});

function transitionInput(conversationId: string, t: Transition) {
  return { conversationId, status: t.next.status, assignee: t.next.assignee, event: t.event };
}

/** The reason a send failed, as the channel (or the activity) put it. */
function sendFailureReason(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  const { ref } = input;
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const convo = new Conversation(input.state);
  const lock = new Lock();
  /** Recorded messages handed over by the relay and not linked yet. */
  const inbox: InboundItem[] = [...(input.pending ?? [])];
  /** This run has done something worth carrying over (guards against continuing as new in a loop). */
  let progressed = false;

  const persist = async (t: Transition, activities = interactive): Promise<ConversationSnapshot> => {
    await activities.applyTransition(transitionInput(t.next.conversationId, t));
    return convo.commit(t.next);
  };

  /** Runs an agent action once the state is known, under the lock. */
  const act = async (fn: () => Promise<ConversationSnapshot>): Promise<ConversationSnapshot> => {
    await condition(() => convo.known);
    try {
      return await lock.runExclusive(fn);
    } finally {
      progressed = true;
    }
  };

  setHandler(stateQuery, () => convo.snapshot());

  setHandler(inboundSignal, ({ items }) => {
    inbox.push(...(items ?? []));
  });

  setHandler(assignUpdate, (i) => act(() => persist(convo.planAssign(i))), {
    validator: (i) => convo.assertCanAssign(i),
  });

  setHandler(resolveUpdate, (i) => act(() => persist(convo.planResolve(i))), {
    validator: (i) => convo.assertCanResolve(i),
  });

  setHandler(dismissUpdate, (i) => act(() => persist(convo.planDismiss(i))), {
    validator: (i) => convo.assertCanDismiss(i),
  });

  setHandler(reopenUpdate, (i) => act(() => persist(convo.planReopen(i.actor))), {
    validator: (i) => convo.assertCanReopen(i),
  });

  setHandler(
    replyUpdate,
    (i) =>
      act(async () => {
        convo.assertCanReply(i, Date.now());
        const conversationId = convo.conversationId!;
        const outboundId = uuid4();
        await interactive.recordOutbound({ conversationId, outboundId, text: i.text, actor: i.actor });
        try {
          await channel.sendOutbound({ outboundId });
        } catch (err) {
          const reason = sendFailureReason(err);
          throw ApplicationFailure.create({
            type: SEND_FAILED,
            message: `The channel did not accept the reply: ${reason}`,
            nonRetryable: true,
            details: [{ outboundId, reason }],
            cause: err instanceof Error ? err : undefined,
          });
        }
        // Sent: from here on the facts must be recorded, however long the database takes.
        let snapshot = convo.snapshot()!;
        for (const t of convo.planReplied(i, outboundId)) snapshot = await persist(t, durable);
        return snapshot;
      }),
    { validator: (i) => convo.assertCanReply(i, Date.now()) },
  );

  /** Links everything queued so far in one call, then applies what the customer's messages cause. */
  const drain = async (): Promise<void> => {
    await lock.runExclusive(async () => {
      const items = dedupe(inbox.splice(0, inbox.length));
      if (items.length === 0) return;
      try {
        const result = await durable.linkInbound({ ref, conversationId: convo.conversationId, items });
        const t = convo.linked(result, items);
        if (t) await persist(t, durable);
      } catch (err) {
        if (isCancellation(err)) throw err;
        // A non-retryable failure here is a bug (the durable steps retry everything else). Failing
        // the workflow task, rather than the workflow, keeps the conversation alive and retries
        // after a fix is deployed (local activity results of a failed task are not recorded).
        throw new Error(`linking inbound messages failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      progressed = true;
    });
  };

  const continueAsNewDue = (): boolean => {
    // Only a run that has done something continues as new, so a tiny limit cannot loop; and the
    // carried-over messages of a fresh run are linked first (the state must be known).
    if (!progressed || !convo.known) return false;
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= historyLimit;
  };

  for (;;) {
    // Timers (reply window, auto-resolve) will join here as `condition(wake, untilNextDeadline)`,
    // recomputing the deadline on each turn.
    await condition(() => inbox.length > 0 || continueAsNewDue());
    if (continueAsNewDue()) break;
    await drain();
  }

  await condition(allHandlersFinished);
  await continueAsNew<typeof conversationWorkflow>({
    ref,
    state: convo.snapshot() ?? undefined,
    pending: inbox,
    historyLimit: input.historyLimit,
  });
}

/** One copy of each recorded message (the relay retries until delivered, so repeats happen). */
function dedupe(items: InboundItem[]): InboundItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.messageId)) return false;
    seen.add(item.messageId);
    return true;
  });
}
