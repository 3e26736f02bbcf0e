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
  /** When the token stops working (SWITCHBOARD_TOKEN_TTL); logout or an admin's change ends it sooner. */
  expiresAt: string;
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
  /** Admins only: the conversation's Temporal workflow id. */
  workflowId?: string;
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

// ---- the inbox's context panel, profile, live updates, metrics, tag suggestions, channel health

export type Language = 'en' | 'fr';

/** GET/PUT /api/me. */
export interface Profile extends User {
  /** null: the browser's. */
  language: Language | null;
  /** IANA zone; null: the organisation's, else UTC. */
  timeZone: string | null;
}

/** GET /api/contacts/{id}/notes (newest first), POST, PATCH /api/notes/{id}. */
export interface Note {
  id: string;
  contactId: string;
  text: string;
  /** null once the author's account is gone. */
  author: Ref | null;
  createdAt: string;
  updatedAt: string;
}

/** GET/PUT /api/settings/contact-attributes: which attributes agents see, in which order. */
export interface ContactAttributeDisplay {
  key: string;
  label: string;
  shown: boolean;
  position: number;
}

/** One event of GET /api/events (its SSE `event:` is `kind`, its `id:` is `id`). */
export type LiveEvent =
  | (LiveEventBase & { kind: 'conversation.created' | 'conversation.updated'; conversationId: string; conversation: ConversationSummary; change: AuditEvent })
  | (LiveEventBase & { kind: 'message.created' | 'message.updated'; conversationId: string; conversation: ConversationSummary; message: Message })
  | (LiveEventBase & { kind: 'notification'; conversationId: string; notification: LiveNotification; unreadCount: number })
  | (LiveEventBase & { kind: 'contact.updated'; contactId: string; change: 'contact' | 'note.created' | 'note.updated' | 'note.deleted'; noteId?: string });

export interface LiveEventBase {
  /** The position: send it back as Last-Event-ID to resume. */
  id: string;
  /** When the change was committed. */
  at: string;
}

export interface LiveNotification {
  id: string;
  kind: string;
  conversationId: string;
  createdAt: string;
  readAt: string | null;
  detail: Record<string, unknown>;
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

export interface MetricFigures {
  received: number;
  created: number;
  resolved: number;
  firstResponseSeconds: Percentiles;
  resolutionSeconds: Percentiles;
  csat: { responses: number; average: number | null };
}

/** GET /api/metrics. */
export interface Metrics {
  timeZone: string;
  interval: 'day' | 'week';
  from: string;
  to: string;
  series: (MetricFigures & { at: string; date: string })[];
  totals: MetricFigures;
}

/** GET /api/conversations/{id}/tag-suggestions (best first). */
export interface TagSuggestion {
  tag: Ref;
  score: number;
  because: { conversationId: string; excerpt: string; sharedTerms: string[] };
}

/** GET /api/channels items' `health`. */
/** GET /api/meta. */
export interface Meta {
  namespace: string;
  temporalUiUrl: string | null;
}

/** GET /api/teams items. */
export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  members?: Ref[];
}

export interface ChannelHealth {
  lastEventAt?: string;
  lastError?: { at: string; message: string };
}

/** GET/PUT /api/settings/organisation. */
export interface Organisation {
  name: string;
  /** IANA zone users without their own default to; null: UTC. */
  timeZone: string | null;
}
