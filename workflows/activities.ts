// The activities the conversation workflow calls. Declared here as types only; engine/activities
// implements them against PostgreSQL and the connectors.
import type { BusinessHoursSchedule } from '../rules/business-hours/index.js';
import type { ScalarValue, Trigger } from '../rules/document.js';
import type { Facts } from '../rules/facts.js';
import type { ScriptDocument } from '../rules/script-document.js';
import type { ScriptEndReason } from '../rules/script-machine.js';
import type {
  Actor,
  Assignee,
  ConversationKind,
  ConversationRef,
  ConversationStatus,
  InboundItem,
  WindowPolicy,
} from './shared.js';

export type { Trigger };

export interface LinkInboundInput {
  ref: ConversationRef;
  /** Known once the conversation exists; absent on a fresh workflow run. */
  conversationId?: string;
  items: InboundItem[];
  /** Also return the lifecycle settings (the first link of a run needs them). */
  withSettings?: boolean;
}

/** The stored facts of the conversation after linking, so a fresh run can pick up where the DB is. */
export interface LinkInboundResult {
  conversationId: string;
  created: boolean;
  kind: ConversationKind;
  status: ConversationStatus;
  assignee: Assignee;
  lastCustomerMessageAt?: string;
  /** Whether an agent replied since the conversation was last opened, when the DB can tell (a fresh
   * run of an existing conversation needs it to allow Resolve). Absent: false. */
  repliedSinceOpen?: boolean;
  policy: WindowPolicy;
  /** Whether published automations / skill sets / scripts exist now (evaluation is skipped when none). */
  rules?: { automations: boolean; skillSets: boolean; scripts?: boolean };
  /** Present when asked for with `withSettings`. */
  settings?: LifecycleSettings;
}

/** Everything admins set that the workflow's timers and choices depend on, for one channel. */
export interface LifecycleSettings {
  /** Resolve after this long without activity: `new` (Unassigned) and `pending` conversations. */
  autoResolve: { new?: AutoResolveRule; pending?: AutoResolveRule };
  pendingAfterReply: boolean;
  /** Unassign a conversation whose assignee has been offline this long when the customer writes. */
  unassign: { enabled: boolean; offlineAfterSeconds: number };
  /** Absent: the channel is always open. */
  businessHours?: BusinessHoursSchedule;
  /** The channel's CSAT survey, if it has one. */
  csat?: { surveyId: string; timeoutSeconds: number };
  /** The resolution reasons that apply to this channel's type, by conversation kind: resolving
   * requires one of them exactly where the list is not empty (absent: none anywhere). */
  resolutionReasons?: Record<ConversationKind, ResolutionReasonRef[]>;
}

export interface ResolutionReasonRef {
  id: string;
  name: string;
}

export interface AutoResolveRule {
  afterSeconds: number;
  reasonId?: string;
}

export interface Presence {
  status: 'online' | 'away' | 'offline';
  /** Since when the agent has had their current effective status (ISO). */
  since: string;
}

/** An automation that fired, as the evaluation reports it; lifecycle actions are for the workflow. */
export interface FiredAutomation {
  id: string;
  name: string;
  version?: number;
  /** The customer message whose evaluation fired it (evaluations of several messages). */
  messageId?: string;
  /** Actions the workflow must carry out itself (they change the lifecycle or send). */
  lifecycle: LifecycleAction[];
}

export type LifecycleAction =
  | { type: 'assignTeam'; teamId: string }
  | { type: 'assignUser'; userId: string }
  | { type: 'resolve'; reasonId?: string }
  | { type: 'sendSavedReply'; savedReplyId: string };

export interface EvaluateInput {
  conversationId: string;
  /** The triggers of a single evaluation (an agent's action, or one message). */
  triggers: Trigger[];
  /** The customer message this evaluation is for. */
  messageId?: string;
  /** Several evaluations, one per customer message, in order, each with its own triggers (then
   * `triggers` and `messageId` are not read). */
  messages?: { messageId: string; triggers: Trigger[] }[];
  /** Workflow time of the evaluation (ISO): ages and business hours are computed at it. */
  at: string;
}

export interface EvaluateResult {
  /** The published rules generation evaluated (recorded, so a replay uses the same answer). */
  generation: string;
  fired: FiredAutomation[];
  /** Whether published skill sets exist (routing is worth asking for). */
  hasSkillSets: boolean;
}

/** A lifecycle change the state class planned before the routing pick: the pick fills in who. */
export interface PlannedTransition {
  status: ConversationStatus;
  event: { type: string; actor: Actor; detail?: Record<string, unknown> };
}

/** The transitions routing may make, as the conversation's state class planned them. The routing
 * activity picks the agent under its capacity locks and writes the one that applies in that same
 * transaction (see workflows/routing-plan.ts). */
export interface RoutingPlan {
  /** An agent was picked: the assignee becomes that agent (within the target's team, if any). */
  assigned: PlannedTransition;
  /** Nobody can take it and the target is a team: it waits in the team's queue. */
  waitingForTeam: PlannedTransition;
  /** Nobody can take it and the target is a list of agents (no queue): it waits as it is. */
  waitingUnassigned: PlannedTransition;
}

export interface RouteInput {
  conversationId: string;
  at: string;
  /** Try the target the conversation waits for again (an agent became available). */
  retry?: boolean;
  /** Absent only for callers outside a workflow (the default plan applies). */
  plan?: RoutingPlan;
}

export type RouteResult =
  | { outcome: 'assigned'; userId: string; teamId?: string; skillSetId?: string }
  | { outcome: 'waiting'; teamId?: string; skillSetId: string }
  | { outcome: 'noMatch' }
  | { outcome: 'skipped'; reason: string };

export interface SendAutomatedInput {
  conversationId: string;
  outboundId: string;
  actor: Actor;
  /** Plain text, or a saved reply to resolve to text. */
  text?: string;
  savedReplyId?: string;
}

export type SurveyAnswer = { answered: true; score: number; comment?: string } | { answered: false };

export interface TransitionInput {
  conversationId: string;
  status: ConversationStatus;
  assignee: Assignee;
  /** Audit trail entry written in the same transaction. */
  event: { type: string; actor: Actor; detail?: Record<string, unknown>; at?: string };
  /** The assignee before the transition (a release of an agent's load wakes routing). */
  previous?: Assignee;
}

export interface RecordOutboundInput {
  conversationId: string;
  outboundId: string;
  text: string;
  actor: Actor;
}

/** The script a conversation runs, as the audit trail and `GET /api/conversations/{id}` name it. */
export interface ScriptRef {
  id: string;
  name: string;
  version: number;
}

export interface ScriptFactsInput {
  conversationId: string;
  /** The customer message the facts are for (its text is `message.text`); default: the latest. */
  messageId?: string;
  /** Workflow time (ISO): ages and business hours are computed at it. */
  at: string;
}

export interface SelectScriptResult {
  /** The first published, enabled script whose selection matches, with its published document. */
  script?: ScriptRef & { document: ScriptDocument };
  /** The conversation's facts at that moment (what the script's branches start from). */
  facts: Facts;
}

/** What a script wrote, in order, for `recordScript` to write in one transaction. */
export type ScriptWrite =
  | { type: 'started' }
  | { type: 'answered'; stepId: string; attribute: string; value: ScalarValue }
  | { type: 'setAttribute'; stepId: string; key: string; value: ScalarValue }
  | { type: 'invalidAnswer'; stepId: string; attempt: number }
  | { type: 'ended'; stepId: string; reason: ScriptEndReason; detail?: Record<string, unknown> };

export interface RecordScriptInput {
  conversationId: string;
  script: ScriptRef;
  /** Workflow time of the writes (ISO): a timeout's is its due instant. */
  at: string;
  writes: ScriptWrite[];
  /** The conversation's `script` afterwards: running at this step, or null (it ended). */
  running: { stepId: string } | null;
}

export interface ConversationActivities {
  /** Links recorded messages to their conversation (created with its contact when new), updates the
   * last-message fields, and returns the stored lifecycle facts. Idempotent. */
  linkInbound(input: LinkInboundInput): Promise<LinkInboundResult>;
  /** Writes the lifecycle fields and one audit event, atomically. */
  applyTransition(input: TransitionInput): Promise<void>;
  /** Records an outbound message under our own id before anything is sent. Idempotent. */
  recordOutbound(input: RecordOutboundInput): Promise<void>;
  /** Sends a recorded outbound message through the channel; a no-op when it was already sent. */
  sendOutbound(input: { outboundId: string }): Promise<{ providerMessageId: string }>;
  /** An agent's reply: recordOutbound then sendOutbound, as one local activity (the agent waits for
   * it, and each activity more is one more workflow activation to wait for under a burst). */
  replyOutbound(input: RecordOutboundInput): Promise<{ providerMessageId: string }>;

  /** The channel's lifecycle settings, fresh (after an admin changed one). */
  lifecycleSettings(input: { channelId: string }): Promise<LifecycleSettings>;
  /** An agent's effective presence now. */
  presenceOf(input: { userId: string }): Promise<Presence>;
  /** Evaluates the published automations; applies their data actions (tags, topic, priority,
   * contact attributes) and writes `automation.fired` events; returns what is left for the workflow. */
  evaluateAutomations(input: EvaluateInput): Promise<EvaluateResult>;
  /** Routes by the published skill sets (or, when `retry`, the target the conversation waits for)
   * and writes the planned transition that applies, with its audit event, in the capacity transaction. */
  routeConversation(input: RouteInput): Promise<RouteResult>;
  /** Records an automated message (standard window only) and returns its text; nothing is sent. */
  recordAutomated(input: SendAutomatedInput): Promise<{ recorded: boolean; reason?: string }>;
  /** Records a CSAT survey as sent and the question as an outbound message (language of the contact). */
  recordSurvey(input: { conversationId: string; surveyId: string; outboundId: string; at: string }): Promise<{ responseId?: string; reason?: string }>;
  /** Parses the customer's messages as an answer to the survey: an answer is stored and the thanks
   * message recorded under `thanksOutboundId`; anything else closes the survey as unanswered. */
  answerSurvey(input: { responseId: string; messageIds: string[]; thanksOutboundId: string; at: string }): Promise<SurveyAnswer>;
  /** The survey got no answer in time, or the customer wrote something else. */
  closeSurvey(input: { responseId: string; at: string }): Promise<void>;

  /** Which published script starts on this conversation now (documents.md "Scripts"), if any;
   * recorded in the history, so a replay keeps the version it chose. */
  selectScript(input: ScriptFactsInput): Promise<SelectScriptResult>;
  /** The conversation's facts for a script's branches (and the answer's text as `message.text`). */
  scriptFacts(input: ScriptFactsInput): Promise<{ facts: Facts }>;
  /** Writes what a script did: contact attributes, `script.*` audit events and the conversation's
   * running script, in one transaction. */
  recordScript(input: RecordScriptInput): Promise<void>;
}
