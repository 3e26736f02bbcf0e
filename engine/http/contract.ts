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
  /** Outbound only: pending → sent → delivered → read, or failed (`sendError` says why). */
  status?: 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
  removed?: boolean;
  /** A moderator hid this public comment (it stays visible to its author). */
  hidden?: boolean;
  /** When its author last edited it. */
  editedAt?: string;
  /** The customer's reaction to it (an emoji). */
  reaction?: string;
  /** Provider id of the message this one answers. */
  inReplyTo?: string;
  /** When a private reply to this public comment was sent (one per comment). */
  privateReplySentAt?: string;
}

/** The post a public thread is about (Facebook Page post, Instagram media, LinkedIn post). */
export interface Post {
  id: string;
  text?: string;
  link?: string;
  author?: { id: string; name?: string };
  type?: string;
  media?: Attachment[];
}

export interface AuditEvent {
  type: string;
  actor: Party;
  at: string;
  detail: unknown;
}

export interface ConversationDetail extends ConversationSummary {
  /** Public threads: the post, as much as the provider told. */
  post?: Post;
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
