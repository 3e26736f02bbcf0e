// Shapes of the API's answers that the admin UI reads (api.md, "Auth" and "Conversations"). One
// definition for both sides: the engine's repositories return these types, admin-ui/src/types.ts
// re-exports them. Types only, and nothing of Node, so the UI's compiler and bundler take it as is.
import type { ConversationKind } from '../../rules/facts.js';

export const QUEUES = ['unassigned', 'assigned', 'mine', 'pending', 'done'] as const;
export type Queue = (typeof QUEUES)[number];

export type Kind = ConversationKind;
export type Direction = 'in' | 'out';
export type Role = 'admin' | 'agent';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface LoginResponse {
  token: string;
  user: User;
}

export interface Ref {
  id: string;
  name: string;
}

export interface ConversationSummary {
  id: string;
  channelId: string;
  channelType: string;
  kind: Kind;
  status: string;
  queue: Queue;
  contact: Ref;
  assignee?: Ref | null;
  team?: Ref | null;
  lastMessage: { text: string; at: string; direction: Direction } | null;
  replyWindowClosesAt?: string | null;
  tags: Ref[];
  topic?: Ref | null;
  priority: number | string;
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor?: string | null;
}

export type AttachmentType = 'image' | 'video' | 'audio' | 'file' | 'location' | 'fallback';

export interface Attachment {
  type: AttachmentType;
  url?: string;
  name?: string;
  latitude?: number;
  longitude?: number;
}

/** The contract does not fix the shape of an author or actor: a name, or a small object. */
export type Party = string | { id?: string; name?: string; email?: string; type?: string } | null;

export interface Message {
  id: string;
  direction: Direction;
  author: Party;
  text: string;
  attachments: Attachment[];
  at: string;
  providerMessageId: string | null;
  /** Outbound only: `failed` when the channel refused it for good. */
  sendStatus?: string;
  sendError?: string;
  removed?: boolean;
}

export interface AuditEvent {
  type: string;
  actor: Party;
  at: string;
  detail: unknown;
}

export interface ConversationDetail extends ConversationSummary {
  messages: Message[];
  events: AuditEvent[];
}

export interface ResolutionReason {
  id: string;
  name: string;
  channelTypes: string[];
  kinds: Kind[];
}

/** 4xx/5xx body of every refusal. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}
