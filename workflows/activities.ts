// The activities the conversation workflow calls. Declared here as types only; engine/activities
// implements them against PostgreSQL and the connectors.
import type {
  Actor,
  Assignee,
  ConversationRef,
  ConversationStatus,
  InboundItem,
  WindowPolicy,
} from './shared.js';

export interface LinkInboundInput {
  ref: ConversationRef;
  /** Known once the conversation exists; absent on a fresh workflow run. */
  conversationId?: string;
  items: InboundItem[];
}

/** The stored facts of the conversation after linking, so a fresh run can pick up where the DB is. */
export interface LinkInboundResult {
  conversationId: string;
  created: boolean;
  status: ConversationStatus;
  assignee: Assignee;
  lastCustomerMessageAt?: string;
  /** Whether an agent replied since the conversation was last opened, when the DB can tell (a fresh
   * run of an existing conversation needs it to allow Resolve). Absent: false. */
  repliedSinceOpen?: boolean;
  policy: WindowPolicy;
}

export interface TransitionInput {
  conversationId: string;
  status: ConversationStatus;
  assignee: Assignee;
  /** Audit trail entry written in the same transaction. */
  event: { type: string; actor: Actor; detail?: Record<string, unknown> };
}

export interface RecordOutboundInput {
  conversationId: string;
  outboundId: string;
  text: string;
  actor: Actor;
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
}
