// The lifecycle of one conversation (one thread of one channel) as an entity workflow.
//
// Started by the relay with signal-with-start; the inbound signal only queues recorded messages and
// the main loop links them (coalesced) to the conversation. Agent actions are updates: a
// synchronous validator refuses illegal transitions, the handler waits for the state to be known,
// takes the lock, checks again, persists through an activity, then commits. What an action causes
// later (automations, the CSAT survey) is queued as a follow-up, so the agent gets the answer at once.
//
// Every timer (auto-resolve, routing at opening, the offline assignee, the CSAT timeout) is one
// deadline computed from the state and the settings on each turn of the loop (deadlines.ts), in
// workflow time. The run continues as new before its history grows large, carrying its state and
// any messages not yet linked.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { status as hoursStatus } from '../rules/business-hours/index.js';
import type { FiredAutomation, LifecycleAction, LifecycleSettings, Trigger } from './activities.js';
import { Conversation, windowOpen, type Transition } from './conversation-state.js';
import { nextDeadline, type Deadline } from './deadlines.js';
import { Lock } from './lock.js';
import { channel, durable, interactive } from './proxies.js';
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
  settingsChangedSignal,
  stateQuery,
  type Actor,
  type ConversationInput,
  type ConversationSnapshot,
  type InboundItem,
} from './shared.js';

export const DEFAULT_HISTORY_LIMIT = 2000;

const SYSTEM: Actor = { type: 'system' };

function transitionInput(t: Transition, previous: ConversationSnapshot['assignee'] | undefined, at: string) {
  return {
    conversationId: t.next.conversationId,
    status: t.next.status,
    assignee: t.next.assignee,
    event: { ...t.event, at },
    ...(previous ? { previous } : {}),
  };
}

/** The reason a send failed, as the channel (or the activity) put it. */
function sendFailureReason(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

const nowIso = (): string => new Date().toISOString();

export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  const { ref } = input;
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const convo = new Conversation(input.state);
  const lock = new Lock();
  /** Recorded messages handed over by the relay and not linked yet. */
  const inbox: InboundItem[] = [...(input.pending ?? [])];
  /** What agent actions cause afterwards (automations, the survey), run by the loop under the lock. */
  const followUps: Array<() => Promise<void>> = [];
  let settings: LifecycleSettings | undefined;
  /** A carried-over state has no settings yet: load them before the first timer. */
  let settingsStale = convo.known;
  let agentAvailable = false;
  /** Whether published automations / skill sets exist, as of the last link. */
  let rules = { automations: true, skillSets: true };
  /** This run has done something worth carrying over (guards against continuing as new in a loop). */
  let progressed = false;

  const current = (): ConversationSnapshot => convo.snapshot()!;

  /** Writes a transition and its audit event, then commits it. `at`: the instant it happened (a
   * timer's due instant; default now). */
  const persist = async (t: Transition, activities = interactive, at = nowIso()): Promise<ConversationSnapshot> => {
    const previous = convo.snapshot()?.assignee;
    t.next.lastActivityAt = at;
    await activities.applyTransition(transitionInput(t, previous, at));
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

  // ---- sending on the workflow's own initiative ------------------------------------------------

  /** Records and sends an automated message within the channel's standard window; false when it
   * could not be sent (window closed, nothing to send, the channel refused). Never throws. */
  const sendAutomated = async (actor: Actor, content: { text?: string; savedReplyId?: string }): Promise<boolean> => {
    const s = current();
    if (!windowOpen(s, actor, Date.now())) return false;
    const outboundId = uuid4();
    const recorded = await durable.recordAutomated({ conversationId: s.conversationId, outboundId, actor, ...content });
    if (!recorded.recorded) return false;
    try {
      await channel.sendOutbound({ outboundId });
      return true;
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('automated message not sent', { outboundId, reason: sendFailureReason(err) });
      return false;
    }
  };

  /** After any resolution: the channel's CSAT survey, when an agent took part in the conversation. */
  const sendSurvey = async (): Promise<void> => {
    const s = current();
    if (!settings?.csat || !s.repliedSinceOpen || !windowOpen(s, SYSTEM, Date.now())) return;
    const outboundId = uuid4();
    const at = nowIso();
    const { responseId } = await durable.recordSurvey({ conversationId: s.conversationId, surveyId: settings.csat.surveyId, outboundId, at });
    if (!responseId) return;
    try {
      await channel.sendOutbound({ outboundId });
    } catch (err) {
      if (isCancellation(err)) throw err;
      await durable.closeSurvey({ responseId, at: nowIso() });
      return;
    }
    const expiresAt = new Date(Date.parse(at) + settings.csat.timeoutSeconds * 1000).toISOString();
    convo.update((state) => {
      state.csat = { responseId, expiresAt };
    });
  };

  // ---- automations and routing -----------------------------------------------------------------

  const applyLifecycleAction = async (fired: FiredAutomation, action: LifecycleAction): Promise<void> => {
    const actor: Actor = { type: 'automation', id: fired.id, name: fired.name, ...(fired.version !== undefined ? { version: fired.version } : {}) };
    if (action.type === 'sendSavedReply') {
      await sendAutomated(actor, { savedReplyId: action.savedReplyId });
      return;
    }
    if (current().status === 'done') return; // an earlier action resolved it
    if (action.type === 'resolve') {
      await persist(convo.planResolve({ actor, reasonId: action.reasonId }, true), durable);
      await sendSurvey();
      return;
    }
    const target = action.type === 'assignTeam' ? { teamId: action.teamId } : { userId: action.userId };
    await persist(convo.planAssign({ actor, ...target }), durable);
  };

  /** One evaluation of the published automations; the activity applied the data actions. */
  const evaluate = async (triggers: Trigger[], messageId?: string): Promise<void> => {
    const result = await durable.evaluateAutomations({
      conversationId: current().conversationId,
      triggers,
      ...(messageId ? { messageId } : {}),
      at: nowIso(),
    });
    rules.skillSets = result.hasSkillSets;
    for (const fired of result.fired) for (const action of fired.lifecycle) await applyLifecycleAction(fired, action);
  };

  /** Routes by the skill sets, and takes in where the conversation went. */
  const route = async (retry: boolean, at = nowIso()): Promise<void> => {
    const s = current();
    if (s.status === 'done' || s.assignee.userId) return;
    const result = await durable.routeConversation({ conversationId: s.conversationId, at, ...(retry ? { retry } : {}) });
    const next = current();
    if (result.outcome === 'assigned') {
      next.status = 'assigned';
      next.assignee = { userId: result.userId, ...(result.teamId ? { teamId: result.teamId } : {}) };
      next.lastActivityAt = at;
      convo.commit(next);
    } else if (result.outcome === 'waiting') {
      next.status = result.teamId ? 'assigned' : 'unassigned';
      next.assignee = result.teamId ? { teamId: result.teamId } : {};
      next.routingWaiting = true;
      convo.commit(next);
    } else if (retry) {
      convo.update((state) => delete state.routingWaiting);
    }
  };

  /** Outside business hours with routing "atOpening", routing waits for the opening. */
  const routeOrDefer = async (): Promise<void> => {
    const hours = settings?.businessHours;
    if (hours && hours.outsideHours.routing === 'atOpening') {
      const now = hoursStatus(hours, new Date());
      if (!now.open) {
        const opensAt = now.nextOpenAt;
        if (opensAt) convo.update((state) => (state.routeAt = opensAt.toISOString()));
        return;
      }
    }
    await route(false);
  };

  /** The out-of-hours message, at most once per conversation per closed period. */
  const outOfHours = async (): Promise<void> => {
    const hours = settings?.businessHours;
    if (!hours?.outsideHours.messageText) return;
    const now = hoursStatus(hours, new Date());
    if (now.open) return;
    const period = now.nextOpenAt?.toISOString() ?? 'never';
    if (current().outOfHoursSentFor === period) return;
    convo.update((state) => (state.outOfHoursSentFor = period));
    await sendAutomated(SYSTEM, { text: hours.outsideHours.messageText });
  };

  // ---- the assignee's presence ---------------------------------------------------------------

  /** When the customer writes while the assignee is offline: unassign once they have been offline
   * long enough, or check again at that instant. True when it unassigned. */
  const checkAssignee = async (at?: number): Promise<boolean> => {
    const s = current();
    const userId = s.assignee.userId;
    if (!settings?.unassign.enabled || !userId || (s.status !== 'assigned' && s.status !== 'pending')) return false;
    const presence = await durable.presenceOf({ userId });
    if (presence.status === 'online') {
      convo.update((state) => delete state.unassignCheck);
      return false;
    }
    const due = Date.parse(presence.since) + settings.unassign.offlineAfterSeconds * 1000;
    if ((at ?? Date.now()) >= due) {
      await persist(
        convo.planUnassign('assignee offline', { presence: presence.status, since: presence.since }),
        durable,
        new Date(Math.max(due, at ?? 0)).toISOString(),
      );
      return true;
    }
    convo.update((state) => (state.unassignCheck = { userId, at: new Date(due).toISOString() }));
    return false;
  };

  // ---- handlers --------------------------------------------------------------------------------

  setHandler(stateQuery, () => convo.snapshot());

  setHandler(inboundSignal, ({ items }) => {
    inbox.push(...(items ?? []));
  });

  setHandler(settingsChangedSignal, () => {
    settingsStale = true;
  });

  setHandler(agentAvailableSignal, () => {
    agentAvailable = true;
  });

  setHandler(
    assignUpdate,
    (i) =>
      act(async () => {
        const snapshot = await persist(convo.planAssign(i));
        followUps.push(() => evaluate(['conversation.assigned']));
        return snapshot;
      }),
    { validator: (i) => convo.assertCanAssign(i) },
  );

  setHandler(
    resolveUpdate,
    (i) =>
      act(async () => {
        const snapshot = await persist(convo.planResolve(i));
        followUps.push(async () => {
          await sendSurvey();
          await evaluate(['conversation.resolved']);
        });
        return snapshot;
      }),
    { validator: (i) => convo.assertCanResolve(i) },
  );

  setHandler(dismissUpdate, (i) => act(() => persist(convo.planDismiss(i))), {
    validator: (i) => convo.assertCanDismiss(i),
  });

  setHandler(reopenUpdate, (i) => act(() => persist(convo.planReopen(i.actor))), {
    validator: (i) => convo.assertCanReopen(i),
  });

  setHandler(pendingUpdate, (i) => act(() => persist(convo.planPending(i))), {
    validator: (i) => convo.assertCanSetPending(i),
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
        let snapshot = current();
        for (const t of convo.planReplied(i, outboundId)) snapshot = await persist(t, durable);
        if (settings?.pendingAfterReply && snapshot.status !== 'pending') {
          snapshot = await persist(convo.planPending({ actor: i.actor }, true), durable);
        }
        return snapshot;
      }),
    { validator: (i) => convo.assertCanReply(i, Date.now()) },
  );

  // ---- the customer's messages -----------------------------------------------------------------

  /** Links everything queued so far in one call, then applies what the customer's messages cause:
   * a survey answer, a reopening, the offline assignee, automations, out-of-hours, routing. */
  const drain = async (): Promise<void> => {
    await lock.runExclusive(async () => {
      const items = dedupe(inbox.splice(0, inbox.length));
      if (items.length === 0) return;
      const before = convo.snapshot();
      let linked;
      try {
        linked = await durable.linkInbound({
          ref,
          conversationId: convo.conversationId,
          items,
          ...(settings === undefined ? { withSettings: true } : {}),
        });
      } catch (err) {
        if (isCancellation(err)) throw err;
        // A non-retryable failure here is a bug (the durable steps retry everything else). Failing
        // the workflow task, rather than the workflow, keeps the conversation alive and retries
        // after a fix is deployed (local activity results of a failed task are not recorded).
        throw new Error(`linking inbound messages failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      progressed = true;
      if (linked.settings) settings = linked.settings;
      if (linked.rules) rules = linked.rules;
      const reopenOrBack = convo.linked(linked, items);
      const customer = items.filter((item) => item.direction === 'in');
      if (customer.length === 0) return;

      if (before?.csat && before.status === 'done') {
        convo.update((state) => delete state.csat);
        const thanksOutboundId = uuid4();
        const answer = await durable.answerSurvey({
          responseId: before.csat.responseId,
          messageIds: customer.map((item) => item.messageId),
          thanksOutboundId,
          at: nowIso(),
        });
        if (answer.answered) {
          await channel.sendOutbound({ outboundId: thanksOutboundId }).catch((err: unknown) => {
            if (isCancellation(err)) throw err;
            log.warn('CSAT thanks not sent', { reason: sendFailureReason(err) });
          });
          return; // an answer to the survey leaves the conversation done
        }
      }

      const reopened = reopenOrBack?.event.type === 'conversation.reopened';
      if (reopenOrBack) await persist(reopenOrBack, durable);
      const unassigned = await checkAssignee();
      if (rules.automations) {
        const triggers: Trigger[] = ['message.received'];
        if (linked.created) triggers.push('conversation.created');
        if (reopened) triggers.push('conversation.reopened');
        await evaluate(triggers, customer[customer.length - 1].messageId);
      }
      if (current().status !== 'done') await outOfHours();
      const s = current();
      if ((linked.created || reopened || unassigned) && rules.skillSets && s.status === 'unassigned' && !s.assignee.teamId) {
        await routeOrDefer();
      }
    });
  };

  // ---- timers ----------------------------------------------------------------------------------

  /** A timer's work, recorded at the instant it was due (the timer fires then; the task that runs
   * it may start a few milliseconds later). */
  const onDeadline = async (d: Deadline): Promise<void> => {
    const s = current();
    const at = new Date(d.at).toISOString();
    switch (d.kind) {
      case 'autoResolveNew':
      case 'autoResolvePending': {
        const queue = d.kind === 'autoResolveNew' ? 'new' : 'pending';
        await persist(convo.planAutoResolve(queue, settings!.autoResolve[queue]!), durable, at);
        await sendSurvey();
        return;
      }
      case 'routeAtOpening':
        convo.update((state) => delete state.routeAt);
        if (s.status === 'unassigned' && !s.assignee.userId && !s.assignee.teamId) await route(false, at);
        return;
      case 'unassignCheck':
        convo.update((state) => delete state.unassignCheck);
        if (await checkAssignee(d.at)) {
          if (rules.skillSets) await routeOrDefer();
        }
        return;
      case 'csatTimeout':
        convo.update((state) => delete state.csat);
        await durable.closeSurvey({ responseId: s.csat!.responseId, at });
        return;
    }
  };

  /** Runs every timer that is due, under the lock (the state may have moved while it waited). */
  const runDueTimers = async (): Promise<void> => {
    for (;;) {
      const ran = await lock.runExclusive(async () => {
        const d = nextDeadline(convo.snapshot(), settings);
        if (!d || d.at > Date.now()) return false;
        await onDeadline(d);
        progressed = true;
        return true;
      });
      if (!ran) return;
    }
  };

  const continueAsNewDue = (): boolean => {
    // Only a run that has done something continues as new, so a tiny limit cannot loop; and the
    // carried-over messages of a fresh run are linked first (the state must be known).
    // Follow-ups and a pending wake-up are closures and flags: finish them in this run.
    if (!progressed || !convo.known || followUps.length > 0 || agentAvailable) return false;
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= historyLimit;
  };

  /** The deadline the loop is waiting for; a handler that moves it (a state change) wakes the loop. */
  let waitingFor: number | undefined;
  const deadlineMoved = (): boolean => nextDeadline(convo.snapshot(), settings)?.at !== waitingFor;
  const hasWork = (): boolean =>
    inbox.length > 0 ||
    followUps.length > 0 ||
    (settingsStale && convo.known) ||
    agentAvailable ||
    deadlineMoved() ||
    continueAsNewDue();

  for (;;) {
    const due = nextDeadline(convo.snapshot(), settings);
    waitingFor = due?.at;
    if (!due) await condition(hasWork);
    else if (due.at > Date.now()) await condition(hasWork, Math.max(1, due.at - Date.now()));
    if (continueAsNewDue()) break;
    if (settingsStale && convo.known) {
      settingsStale = false;
      settings = await durable.lifecycleSettings({ channelId: ref.channelId });
    }
    if (inbox.length > 0) await drain();
    while (followUps.length > 0) await lock.runExclusive(followUps.shift()!);
    if (agentAvailable && convo.known) {
      agentAvailable = false;
      if (current().routingWaiting) await lock.runExclusive(() => route(true));
    }
    await runDueTimers();
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
