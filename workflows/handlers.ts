// Agent actions, signals and the state query, wired to the state class: each update's synchronous
// validator asks the state class whether the action is allowed; the handler waits until every rule
// can be checked, takes the lock, plans the transition (which checks again), persists it, commits
// it. What an action causes later (automations, the survey) is queued as a follow-up, so the agent
// gets the answer at once.
import { ApplicationFailure, patched, setHandler, uuid4 } from '@temporalio/workflow';
import { sendFailureReason } from './automated-sends.js';
import { evaluate } from './automations.js';
import { sendSurvey } from './csat.js';
import { agentSend, channel, durable, interactive } from './proxies.js';
import { queueSend, rateLimited, sendFailure } from './queued-sends.js';
import { nowIso } from './run.js';
import type { Run } from './run.js';
import { endScript } from './scripts.js';
import {
  agentAvailableSignal,
  assignUpdate,
  dismissUpdate,
  inboundSignal,
  pendingUpdate,
  reopenUpdate,
  replyUpdate,
  resolveUpdate,
  SEND_FAILED,
  TEMPLATE_REQUIRED,
  UNKNOWN_CONVERSATION,
  settingsChangedSignal,
  stateQuery,
  type ConversationSnapshot,
  type ReplyInput,
} from './shared.js';

export function setHandlers(run: Run): void {
  const { convo } = run;
  setHandler(stateQuery, () => convo.snapshot());
  setHandler(inboundSignal, ({ items, linked }) => {
    run.inbox.push(...(items ?? []).map((item) => (linked ? { ...item, linked } : item)));
  });
  setHandler(settingsChangedSignal, () => run.settingsChanged());
  setHandler(agentAvailableSignal, () => {
    run.agentAvailable = true;
  });

  // An agent's assign, reply, resolve, dismiss or pending stops a running script at once: halted
  // as the update is accepted (a script turn in flight sends nothing more), ended under the lock.
  const agentAct = (fn: () => Promise<ConversationSnapshot>) => {
    run.haltScript();
    return run.act(async () => {
      await endScript(run, 'agent', nowIso(), interactive);
      return fn();
    });
  };

  setHandler(
    assignUpdate,
    (i) =>
      agentAct(async () => {
        const snapshot = await run.persist(convo.planAssign(i));
        run.followUps.push(() => evaluate(run, ['conversation.assigned']));
        return snapshot;
      }),
    { validator: (i) => convo.assertCanAssign(i) },
  );
  setHandler(
    resolveUpdate,
    (i) =>
      agentAct(async () => {
        const snapshot = await run.persist(convo.planResolve(i));
        run.followUps.push(async () => {
          await sendSurvey(run);
          await evaluate(run, ['conversation.resolved']);
        });
        return snapshot;
      }),
    { validator: (i) => convo.assertCanResolve(i) },
  );
  setHandler(dismissUpdate, (i) => agentAct(() => run.persist(convo.planDismiss(i))), {
    validator: (i) => convo.assertCanDismiss(i),
  });
  setHandler(reopenUpdate, (i) => run.act(() => run.persist(convo.planReopen(i.actor))), {
    validator: (i) => convo.assertCanReopen(i),
  });
  setHandler(pendingUpdate, (i) => agentAct(() => run.persist(convo.planPending(i))), {
    validator: (i) => convo.assertCanSetPending(i),
  });
  setHandler(replyUpdate, (i) => agentAct(() => reply(run, i)), {
    validator: (i) => convo.assertCanReply(i, Date.now()),
  });
}

/** An agent's reply: recorded, sent through the channel, then what the send causes. */
async function reply(run: Run, i: ReplyInput): Promise<ConversationSnapshot> {
  const { convo } = run;
  convo.assertCanReply(i, Date.now());
  const conversationId = convo.conversationId!;
  const outboundId = uuid4();
  const recorded = { conversationId, outboundId, text: i.text, actor: i.actor };
  // Recorded and sent in one local activity (the agent waits for it: each activity more was one
  // more activation behind a burst's); replies that were under way when this came in keep two.
  const oneActivity = patched('reply-one-activity');
  if (!oneActivity) await interactive.recordOutbound(recorded);
  try {
    if (oneActivity) await agentSend.replyOutbound(recorded);
    // replies that were under way when this came in keep the ordinary activity on replay
    else await (patched('reply-sent-locally') ? agentSend : channel).sendOutbound({ outboundId });
  } catch (err) {
    // A conversation that is gone is no refusal of the channel: the reply was not even recorded.
    if (sendFailure(err)?.type === UNKNOWN_CONVERSATION) throw err;
    // The provider's rate limit is no failure of the reply: recorded, it goes once the limit resets.
    const limit = rateLimited(err);
    if (limit && patched('queued-send')) {
      queueSend(run, outboundId, limit.retryAfterSeconds);
      return replied(run, i, outboundId);
    }
    const reason = sendFailureReason(err);
    const templateRequired = sendFailure(err)?.type === TEMPLATE_REQUIRED;
    throw ApplicationFailure.create({
      type: templateRequired ? TEMPLATE_REQUIRED : SEND_FAILED,
      message: `The channel did not accept the reply: ${reason}`,
      nonRetryable: true,
      details: [{ outboundId, reason }],
      cause: err instanceof Error ? err : undefined,
    });
  }
  return replied(run, i, outboundId);
}

/** The reply went (or is queued): from here on the facts must be recorded, however long the
 * database takes. */
async function replied(run: Run, i: ReplyInput, outboundId: string): Promise<ConversationSnapshot> {
  const { convo } = run;
  let snapshot = run.current();
  for (const t of convo.planReplied(i, outboundId)) snapshot = await run.persist(t, durable);
  if (run.settings?.pendingAfterReply && snapshot.status !== 'pending') {
    snapshot = await run.persist(convo.planPending({ actor: i.actor }, true), durable);
  }
  return snapshot;
}
