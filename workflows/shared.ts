// Message definitions and input types of the conversation workflow. The API and the relay import
// this module, never the workflow body.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConversationKind } from '../rules/facts.js';
import type { ScriptDocument } from '../rules/script-document.js';
import type { ScriptState } from '../rules/script-machine.js';
import type { FiredAutomation, LinkInboundResult } from './activities.js';

export const TASK_QUEUE = 'switchboard-conversations';

export type ConversationStatus = 'unassigned' | 'assigned' | 'pending' | 'done';
export type { ConversationKind };

export interface ConversationRef {
  channelId: string;
  threadKey: string;
}

export function conversationWorkflowId(ref: ConversationRef): string {
  return `conversation:${ref.channelId}:${ref.threadKey}`;
}

export type Actor =
  | { type: 'user'; id: string; name?: string }
  | { type: 'customer'; id?: string; name?: string }
  | { type: 'system' }
  | { type: 'automation'; id: string; name: string; version?: number }
  | { type: 'script'; id: string; name: string; version: number };

export interface Assignee {
  userId?: string;
  teamId?: string;
}

/** Reply windows of the channel for this conversation's kind, in seconds (absent: no window). */
export interface WindowPolicy {
  standardWindowSeconds?: number;
  humanAgentWindowSeconds?: number;
}

/** The lifecycle state the workflow owns; carried across continue-as-new. */
export interface ConversationSnapshot {
  conversationId: string;
  status: ConversationStatus;
  assignee: Assignee;
  /** How the conversation last reached Done. */
  doneBy?: 'resolved' | 'dismissed';
  lastCustomerMessageAt?: string;
  /** An agent replied since the conversation was last opened or reopened. */
  repliedSinceOpen: boolean;
  policy: WindowPolicy;
  /** The last message either way, or the last lifecycle change (auto-resolve counts from it). */
  lastActivityAt?: string;
  /** The closed period (keyed by when it ends) whose out-of-hours message was sent. */
  outOfHoursSentFor?: string;
  /** Route when the channel opens, at this instant (outside hours, routing "atOpening"). */
  routeAt?: string;
  /** Routed to a target where nobody could take it: waits for an agent to become available. */
  routingWaiting?: boolean;
  /** The assignee went offline: unassign at this instant if they still are when it comes. */
  unassignCheck?: { userId: string; at: string };
  /** A CSAT survey was sent and waits for the customer's answer until `expiresAt`. */
  csat?: { responseId: string; expiresAt: string };
  /** The autoresponder script that runs (documents.md "Scripts"): the published version it
   * started with, kept whole so a publish never changes a running script. */
  script?: RunningScript;
}

/** A script running on the conversation: its document as published when it started, the step
 * machine's state, and when the waiting question times out (workflow time). */
export interface RunningScript {
  id: string;
  name: string;
  version: number;
  document: ScriptDocument;
  state: ScriptState;
  /** The waiting question's timeout (ISO); absent while no question waits. */
  dueAt?: string;
}

/** One recorded message handed to the workflow by the relay. */
export interface InboundItem {
  messageId: string;
  direction: 'in' | 'out';
  at: string;
  /** A customer message: whether a published automation could fire on it, as the relay's
   * prefilter saw the published rules (false: its evaluation is skipped; absent: evaluated). */
  evaluate?: boolean;
  /** A customer message the relay evaluated as it linked it: the automations that fired with
   * actions for the workflow to carry out (empty: none). Absent: the workflow evaluates it. */
  evaluated?: FiredAutomation[];
}

/** What the relay knows once it linked the messages (architecture.md, "The hot path"): the
 * workflow needs no activity to learn it. `settings` come with a new conversation only. */
export type LinkedFacts = LinkInboundResult & {
  /** The published rules generation the relay's `evaluate` hints were decided with. */
  generation?: string;
};

/** The facts of several links of one thread, oldest first, as one: the newest link's state, a
 * creation (and the settings that come with it) told by any of them. */
export function mergeLinkedFacts(all: LinkedFacts[]): LinkedFacts {
  const newest = all[all.length - 1]!;
  const settings = all.find((f) => f.settings)?.settings;
  return { ...newest, created: all.some((f) => f.created), ...(settings ? { settings } : {}) };
}

/** A queued item, with the facts of the signal that brought it (absent: link it with the activity). */
export type QueuedItem = InboundItem & { linked?: LinkedFacts };

export interface InboundSignal {
  items: InboundItem[];
  /** Present when the relay linked the items before signalling. */
  linked?: LinkedFacts;
}

export interface ConversationInput {
  ref: ConversationRef;
  /** Present after continue-as-new. */
  state?: ConversationSnapshot;
  /** The conversation's kind, carried with the state (absent from runs that did not record it). */
  kind?: ConversationKind;
  /** Items that arrived but were not yet applied when the previous run continued-as-new. */
  pending?: QueuedItem[];
  /** Continue-as-new once history passes this many events (the server may suggest it earlier). */
  historyLimit?: number;
}

export interface AssignInput {
  actor: Actor;
  userId?: string;
  teamId?: string;
  note?: string;
}
export interface ReplyInput {
  actor: Actor;
  text: string;
}
export interface ResolveInput {
  actor: Actor;
  reasonId?: string;
}
export interface ActorInput {
  actor: Actor;
}

export const inboundSignal = defineSignal<[InboundSignal]>('inbound');
export const assignUpdate = defineUpdate<ConversationSnapshot, [AssignInput]>('assign');
export const replyUpdate = defineUpdate<ConversationSnapshot, [ReplyInput]>('reply');
export const resolveUpdate = defineUpdate<ConversationSnapshot, [ResolveInput]>('resolve');
export const dismissUpdate = defineUpdate<ConversationSnapshot, [ActorInput]>('dismiss');
export const reopenUpdate = defineUpdate<ConversationSnapshot, [ActorInput]>('reopen');
/** An agent marks the conversation as waiting on the customer. */
export const pendingUpdate = defineUpdate<ConversationSnapshot, [ActorInput]>('pending');
/** An admin changed a lifecycle setting (auto-resolve, business hours, unassign, pending after
 * reply, CSAT): the workflow reloads its settings and recomputes its timers. */
export const settingsChangedSignal = defineSignal<[]>('settingsChanged');
/** Routing capacity appeared (an agent came online or finished a conversation): a conversation
 * waiting for an agent tries its skill set's target again. */
export const agentAvailableSignal = defineSignal<[]>('agentAvailable');
export const stateQuery = defineQuery<ConversationSnapshot | null>('state');

/** ApplicationFailure type of a refused action: the API answers 409 with its message. */
export const ILLEGAL_TRANSITION = 'IllegalTransition';

/** ApplicationFailure type of an action refused for what it says (a missing or foreign resolution
 * reason): the API answers 400 with its message. */
export const INVALID_ACTION = 'InvalidAction';

/** ApplicationFailure type of a reply the channel did not accept (after retries, or at once for a
 * PermanentSendError); its message says why, its details are `[{ outboundId, reason }]`. */
export const SEND_FAILED = 'SendFailed';

/** ApplicationFailure type of a send the provider refuses until a template opens its window
 * (WhatsApp outside the 24-hour window): the API answers 409 saying a template is needed. */
export const TEMPLATE_REQUIRED = 'TemplateRequired';

/** ApplicationFailure type of an outbound message whose conversation no longer exists (it is
 * never recorded, so never sent). */
export const UNKNOWN_CONVERSATION = 'UnknownConversation';
