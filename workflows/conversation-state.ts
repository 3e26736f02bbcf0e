// The lifecycle state machine of one conversation: pure (no activities, no timers, no clock of its
// own), so it can be unit-tested without Temporal. Every rule of a lifecycle action lives here,
// whoever acts (an agent, an automation, a timer, routing): the workflow asks it whether an action
// is allowed (`assertCan…`, used by the synchronous update validators and again under the lock),
// asks it for the transition (`plan…`: the next snapshot and the audit event), persists the
// transition through one activity, then `commit`s it. The admin's settings it needs (the
// resolution reasons) are handed in with `useSettings` whenever the workflow (re)loads them.
import { ApplicationFailure } from '@temporalio/workflow';
import type {
  AutoResolveRule,
  LifecycleSettings,
  LinkInboundResult,
  ResolutionReasonRef,
  RouteResult,
  RoutingPlan,
  TransitionInput,
} from './activities.js';
import { routedTransition, routingPlan } from './routing-plan.js';
import {
  ILLEGAL_TRANSITION,
  INVALID_ACTION,
  type Actor,
  type ActorInput,
  type AssignInput,
  type Assignee,
  type ConversationKind,
  type ConversationSnapshot,
  type InboundItem,
  type ReplyInput,
  type ResolveInput,
} from './shared.js';

export type AuditEvent = TransitionInput['event'];

/** A lifecycle change to persist (then commit): the state after it and its audit event. */
export interface Transition {
  next: ConversationSnapshot;
  event: AuditEvent;
  /** Only an audit event (an action that was not carried out): the state and its activity clock stay. */
  auditOnly?: boolean;
}

const CUSTOMER: Actor = { type: 'customer' };
const SYSTEM: Actor = { type: 'system' };

export function illegal(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, ILLEGAL_TRANSITION);
}

/** A refusal for what the action says rather than for the state it finds (the API answers 400). */
export function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, INVALID_ACTION);
}

function copy(s: ConversationSnapshot): ConversationSnapshot {
  return {
    ...s,
    assignee: { ...s.assignee },
    policy: { ...s.policy },
    ...(s.unassignCheck ? { unassignCheck: { ...s.unassignCheck } } : {}),
    ...(s.csat ? { csat: { ...s.csat } } : {}),
    // the document and the machine's states are never mutated: a shallow copy is enough
    ...(s.script ? { script: { ...s.script } } : {}),
  };
}

/** Drops keys whose value is undefined, so audit details stay clean. */
function defined(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined));
}

/** The later of two ISO instants (either may be absent). */
export function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The time of the newest customer message among the items, if any. */
export function lastCustomerMessageOf(items: readonly InboundItem[]): string | undefined {
  let last: string | undefined;
  for (const item of items) if (item.direction === 'in') last = latest(last, item.at);
  return last;
}

function durationWords(seconds: number): { adjective: string; noun: string } {
  // Windows up to two days read best in hours ("the 24-hour window").
  const units: Array<[number, string]> = [
    ...(seconds > 2 * 86_400 ? ([[86_400, 'day']] as Array<[number, string]>) : []),
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, unit] of units) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return { adjective: `${n}-${unit}`, noun: `${n} ${unit}${n === 1 ? '' : 's'}` };
    }
  }
  return { adjective: `${seconds}-second`, noun: `${seconds} seconds` };
}

/** The reply window that applies to an actor: human agents get the human-agent window when the
 * channel has one, else the standard window; automated senders get the standard window. */
export function replyWindowFor(
  policy: ConversationSnapshot['policy'],
  actor: Actor,
): { seconds: number; name: string } | undefined {
  if (actor.type === 'user' && policy.humanAgentWindowSeconds !== undefined) {
    return { seconds: policy.humanAgentWindowSeconds, name: 'human-agent' };
  }
  if (policy.standardWindowSeconds !== undefined) {
    return { seconds: policy.standardWindowSeconds, name: 'standard' };
  }
  return undefined;
}

/** Whether a message from `actor` may be sent now (no window, or the window is still open). */
export function windowOpen(s: ConversationSnapshot, actor: Actor, now: number): boolean {
  const window = replyWindowFor(s.policy, actor);
  if (!window) return true;
  if (s.lastCustomerMessageAt === undefined) return false;
  return now <= Date.parse(s.lastCustomerMessageAt) + window.seconds * 1000;
}

export class Conversation {
  private state: ConversationSnapshot | null;
  private settings: LifecycleSettings | undefined;
  /** Private or public (the resolution reasons differ); learnt from the first link of a run. */
  private conversationKind: ConversationKind | undefined;

  constructor(snapshot?: ConversationSnapshot, kind?: ConversationKind) {
    this.state = snapshot ? copy(snapshot) : null;
    this.conversationKind = kind;
  }

  get kind(): ConversationKind | undefined {
    return this.conversationKind;
  }

  /** The state is known once the first link of a fresh run returned (or a snapshot was carried). */
  get known(): boolean {
    return this.state !== null;
  }

  /** Known, with the admin's settings loaded: every rule can be checked. */
  get ready(): boolean {
    return this.state !== null && this.settings !== undefined;
  }

  /** The admin's settings as of now (the workflow loads them and reloads them on `settingsChanged`). */
  useSettings(settings: LifecycleSettings): void {
    this.settings = settings;
  }

  get conversationId(): string | undefined {
    return this.state?.conversationId;
  }

  snapshot(): ConversationSnapshot | null {
    return this.state ? copy(this.state) : null;
  }

  private current(): ConversationSnapshot {
    if (!this.state) throw new Error('conversation state used before the first link');
    return this.state;
  }

  commit(next: ConversationSnapshot): ConversationSnapshot {
    const s = copy(next);
    // Once someone has it (or it is done), nothing waits for routing any more; an offline
    // check only concerns the agent it was set for.
    if (s.status === 'done' || s.assignee.userId) {
      delete s.routeAt;
      delete s.routingWaiting;
    }
    if (s.unassignCheck && (s.status === 'done' || s.assignee.userId !== s.unassignCheck.userId)) delete s.unassignCheck;
    this.state = s;
    return copy(s);
  }

  // ---- inbound messages --------------------------------------------------------------------

  /**
   * Takes in the result of linking a batch of recorded messages: on a fresh run it initialises the
   * state from the database's facts; it always refreshes the channel policy and the time of the
   * customer's last message. Returns the lifecycle transition the customer's message causes, if
   * any (Done → reopened into Unassigned; Pending → back to Assigned/Unassigned).
   */
  linked(result: LinkInboundResult, items: readonly InboundItem[]): Transition | null {
    const fromItems = lastCustomerMessageOf(items);
    if (!this.state) {
      this.state = {
        conversationId: result.conversationId,
        status: result.status,
        assignee: { ...result.assignee },
        lastCustomerMessageAt: result.lastCustomerMessageAt,
        repliedSinceOpen: result.repliedSinceOpen ?? false,
        policy: { ...result.policy },
      };
    }
    const s = this.state;
    this.conversationKind = result.kind;
    s.policy = { ...result.policy };
    s.lastCustomerMessageAt = latest(latest(s.lastCustomerMessageAt, result.lastCustomerMessageAt), fromItems);
    for (const item of items) s.lastActivityAt = latest(s.lastActivityAt, item.at);

    if (fromItems === undefined) return null; // echoes of our own messages change nothing
    if (s.status === 'done') return this.planReopen(CUSTOMER);
    if (s.status === 'pending') {
      const next = copy(s);
      next.status = next.assignee.userId || next.assignee.teamId ? 'assigned' : 'unassigned';
      return { next, event: { type: 'conversation.customer_replied', actor: CUSTOMER } };
    }
    return null;
  }

  // ---- agent actions -----------------------------------------------------------------------
  // Each assertCan… checks the input always and the state only when it is known (an update may
  // arrive before the first link of a run; its handler waits, then checks again).

  assertCanAssign(input: AssignInput): void {
    if (!input.userId && !input.teamId) throw illegal('Choose a user or a team to assign the conversation to.');
    if (this.state?.status === 'done') throw illegal('This conversation is done: reopen it first to assign it.');
  }

  planAssign(input: AssignInput): Transition {
    this.assertCanAssign(input);
    const next = copy(this.current());
    next.status = 'assigned';
    next.assignee = defined({ userId: input.userId, teamId: input.teamId }) as ConversationSnapshot['assignee'];
    return {
      next,
      event: {
        type: 'conversation.assigned',
        actor: input.actor,
        detail: defined({ userId: input.userId, teamId: input.teamId, note: input.note }),
      },
    };
  }

  /** `now` is the workflow's clock, in epoch milliseconds. */
  assertCanReply(input: ReplyInput, now: number): void {
    if (typeof input.text !== 'string' || input.text.trim() === '') throw illegal('The reply is empty: write some text.');
    const s = this.state;
    if (!s) return;
    if (s.status === 'done') throw illegal('This conversation is done: reopen it first to reply.');
    const window = replyWindowFor(s.policy, input.actor);
    if (!window) return;
    if (s.lastCustomerMessageAt === undefined) {
      throw illegal(
        `The ${window.name} reply window is not open: the customer has not written in this conversation yet.`,
      );
    }
    const closesAt = Date.parse(s.lastCustomerMessageAt) + window.seconds * 1000;
    if (now > closesAt) {
      const words = durationWords(window.seconds);
      throw illegal(
        `The ${words.adjective} ${window.name} reply window closed at ${new Date(closesAt).toISOString()} ` +
          `(${words.noun} after the customer's last message): the channel no longer accepts a reply.`,
      );
    }
  }

  /**
   * The transitions a successful send causes: `message.sent`, and — when an agent replies to an
   * unassigned conversation — its assignment to that agent.
   */
  planReplied(input: ReplyInput, outboundId: string): Transition[] {
    const s = this.current();
    const sent = copy(s);
    sent.repliedSinceOpen = true;
    const out: Transition[] = [{ next: sent, event: { type: 'message.sent', actor: input.actor, detail: { outboundId } } }];
    if (s.status === 'unassigned' && input.actor.type === 'user') {
      const assigned = copy(sent);
      assigned.status = 'assigned';
      assigned.assignee = { userId: input.actor.id };
      out.push({
        next: assigned,
        event: { type: 'conversation.assigned', actor: input.actor, detail: { userId: input.actor.id, auto: true } },
      });
    }
    return out;
  }

  /** The reasons one of which resolving requires (empty: a reason is optional). A run carried over
   * without its kind cannot tell until the customer writes again, so nothing is required then. */
  private requiredReasons(): ResolutionReasonRef[] {
    const kind = this.conversationKind;
    if (!kind) return [];
    return this.settings?.resolutionReasons?.[kind] ?? [];
  }

  /** What is wrong with `reasonId` where the admin made reasons mandatory (undefined: nothing). */
  reasonProblem(reasonId: string | undefined): string | undefined {
    const allowed = this.requiredReasons();
    if (allowed.length === 0 || (reasonId !== undefined && allowed.some((r) => r.id === reasonId))) return undefined;
    const what = reasonId === undefined ? 'a resolution reason is required' : `reasonId "${reasonId}" does not apply`;
    const list = allowed.map((r) => `${r.id} (${r.name})`).join(', ');
    return `${what} for ${this.conversationKind} conversations of this channel; choose one of: ${list}`;
  }

  assertCanResolve(input: ResolveInput): void {
    const s = this.state;
    if (!s) return;
    if (s.status === 'done') throw illegal('This conversation is already done.');
    if (!s.repliedSinceOpen) throw illegal('Nobody has replied yet: reply first, or dismiss it.');
    const problem = this.reasonProblem(input.reasonId);
    if (problem) throw invalid(problem);
  }

  planResolve(input: ResolveInput): Transition {
    this.assertCanResolve(input);
    return this.resolved(input);
  }

  private resolved(input: ResolveInput): Transition {
    const next = copy(this.current());
    next.status = 'done';
    next.doneBy = 'resolved';
    return {
      next,
      event: { type: 'conversation.resolved', actor: input.actor, detail: defined({ reasonId: input.reasonId }) },
    };
  }

  /**
   * An automation's resolve (or a script's resolve step, with the script as the actor): not bound
   * by "reply first", but a mandatory reason must still be given by `reasonId`. Without one it is not carried out: the audit trail says why. Null when
   * there is nothing to do (an earlier action already made it done).
   */
  planAutomationResolve(input: ResolveInput): Transition | null {
    const s = this.current();
    if (s.status === 'done') return null;
    const problem = this.reasonProblem(input.reasonId);
    if (!problem) return this.resolved(input);
    return {
      next: copy(s),
      event: {
        type: 'automation.action_skipped',
        actor: input.actor,
        detail: defined({ action: 'resolve', reasonId: input.reasonId, reason: problem }),
      },
      auditOnly: true,
    };
  }

  /**
   * An automation's assignment (or a script's handover to its team, `earlier` undefined). Within one evaluation `assignTeam` and `assignUser` combine (the
   * user within that team, as an agent's assign with both would), whichever comes first:
   * `earlier` is what this evaluation assigned before. Null when the conversation is done.
   */
  planAutomationAssign(input: AssignInput, earlier: Assignee | undefined): Transition | null {
    if (this.current().status === 'done') return null;
    return this.planAssign({
      actor: input.actor,
      ...defined({ userId: input.userId ?? earlier?.userId, teamId: input.teamId ?? earlier?.teamId }),
    });
  }

  assertCanDismiss(_input: ActorInput): void {
    if (this.state?.status === 'done') throw illegal('This conversation is already done.');
  }

  planDismiss(input: ActorInput): Transition {
    this.assertCanDismiss(input);
    const next = copy(this.current());
    next.status = 'done';
    next.doneBy = 'dismissed';
    return { next, event: { type: 'conversation.dismissed', actor: input.actor } };
  }

  /**
   * Auto-resolve after `rule.afterSeconds` without activity; `queue` says which preference fired.
   */
  planAutoResolve(queue: 'new' | 'pending', rule: AutoResolveRule): Transition {
    // The admin chose this timer and its reason (the settings route checks the reason exists):
    // neither "reply first" nor the mandatory-reason rule holds it back.
    if (this.current().status === 'done') throw illegal('This conversation is already done.');
    const t = this.resolved({ actor: SYSTEM, reasonId: rule.reasonId });
    t.event.detail = defined({ reasonId: rule.reasonId, auto: queue, afterSeconds: rule.afterSeconds });
    return t;
  }

  assertCanSetPending(_input: ActorInput): void {
    const s = this.state;
    if (!s) return;
    if (s.status === 'done') throw illegal('This conversation is done: reopen it first.');
    if (s.status === 'pending') throw illegal('This conversation is already pending.');
  }

  /** Waiting on the customer; an unassigned conversation goes to the agent who set it. */
  planPending(input: ActorInput, auto = false): Transition {
    this.assertCanSetPending(input);
    const next = copy(this.current());
    next.status = 'pending';
    if (!next.assignee.userId && !next.assignee.teamId && input.actor.type === 'user') next.assignee = { userId: input.actor.id };
    return { next, event: { type: 'conversation.pending', actor: input.actor, detail: defined({ auto: auto || undefined }) } };
  }

  /** Back to New because the assignee is offline while the customer waits. */
  planUnassign(reason: string, detail: Record<string, unknown>): Transition {
    const s = this.current();
    const next = copy(s);
    next.status = 'unassigned';
    next.assignee = {};
    delete next.unassignCheck;
    return {
      next,
      event: { type: 'conversation.unassigned', actor: SYSTEM, detail: { ...detail, reason, userId: s.assignee.userId } },
    };
  }

  // ---- routing ---------------------------------------------------------------------------------

  /** The transitions routing may make now, for the routing activity to write in its capacity
   * transaction; null when routing has nothing to do (done, or an agent has it). */
  planRouting(): RoutingPlan | null {
    const s = this.current();
    if (s.status === 'done' || s.assignee.userId) return null;
    return routingPlan(SYSTEM);
  }

  /**
   * Where routing sent the conversation, as a transition the routing activity already persisted
   * (null when it went nowhere). A conversation that waits remembers it, so an available agent
   * wakes it; `retry` without a match means it waits no more.
   */
  planRouted(plan: RoutingPlan, result: RouteResult, retry: boolean): Transition | null {
    const s = this.current();
    if (result.outcome === 'assigned' || result.outcome === 'waiting') {
      const outcome =
        result.outcome === 'assigned'
          ? { assigned: { userId: result.userId, ...(result.teamId ? { teamId: result.teamId } : {}) } }
          : { waiting: result.teamId ? { teamId: result.teamId } : {} };
      const written = routedTransition(s.conversationId, plan, outcome);
      const next = copy(s);
      next.status = written.status;
      next.assignee = written.assignee;
      if (result.outcome === 'waiting') next.routingWaiting = true;
      return { next, event: written.event };
    }
    if (retry) delete s.routingWaiting;
    return null;
  }

  /** Changes that need no audit event of their own (timers' bookkeeping). */
  update(fn: (s: ConversationSnapshot) => void): void {
    fn(this.current());
  }

  assertCanReopen(_input: ActorInput): void {
    const s = this.state;
    if (s && s.status !== 'done') throw illegal(`This conversation is not done (it is ${s.status}): there is nothing to reopen.`);
  }

  planReopen(actor: Actor): Transition {
    const s = this.current();
    if (s.status !== 'done') throw illegal(`This conversation is not done (it is ${s.status}): there is nothing to reopen.`);
    const next = copy(s);
    next.status = 'unassigned';
    next.assignee = {};
    delete next.doneBy;
    delete next.csat;
    delete next.routeAt;
    delete next.routingWaiting;
    delete next.unassignCheck;
    next.repliedSinceOpen = false;
    return { next, event: { type: 'conversation.reopened', actor } };
  }
}
