// The one interface every channel implements. Connectors are pure apart from `send`, which
// talks to the provider through the fetch it is given; they know nothing of the database or
// Temporal, and import nothing else of ours but the pure vocabulary of rules/.
import type { ConversationKind } from '../rules/facts.js';

export type { ConversationKind };

export interface Attachment {
  type: 'image' | 'video' | 'audio' | 'file' | 'location' | 'fallback';
  url?: string;
  name?: string;
  latitude?: number;
  longitude?: number;
  /** The provider's id of the media when it gives one instead of a URL (WhatsApp: fetch it with the token). */
  mediaId?: string;
  mimeType?: string;
  /** Size in bytes (e-mail attachments). */
  size?: number;
}

/** The post a public thread is about (Facebook Page, Instagram media, LinkedIn post), for the agent's context. */
export interface PostContext {
  id: string;
  text?: string;
  /** Where the post can be seen (permalink). */
  link?: string;
  author?: { id: string; name?: string };
  /** What kind of post: status, photo, video, FEED, REELS, … as the provider says it. */
  type?: string;
  /** Photos or videos of the post. */
  media?: Attachment[];
}

/**
 * One message a provider told us about, already tied to the thread it belongs to. `parse` returns
 * only these; `parseEvents` also returns the changes to stored messages (MessageUpdateEvent,
 * StatusEvent), told apart by `event` (absent or 'message' here).
 */
export interface InboundEvent {
  event?: 'message';
  /** Provider's id of the message: the dedupe key within a channel. */
  providerMessageId: string;
  /** Stable key of the thread within the channel (private: the customer; public: post + customer). */
  threadKey: string;
  kind: ConversationKind;
  /** `out` for echoes of what the brand itself sent (never a customer message). */
  direction: 'in' | 'out';
  /** The customer (for an echo: the recipient). */
  contact: {
    providerId: string;
    name?: string;
    /** What the provider says about the customer, to be merged into the contact's attributes (X profile). */
    attributes?: Record<string, string>;
  };
  text: string;
  attachments: Attachment[];
  /** ISO 8601 instant the provider says the message was sent. */
  at: string;
  postId?: string;
  /** The post of a public thread, as much as the delivery tells (the engine keeps the latest). */
  post?: PostContext;
  /** Provider id of the message this one answers (a reply to a comment, an e-mail's In-Reply-To). */
  inReplyTo?: string;
  /** For echoes: our own outbound id when the provider hands it back (Messenger `metadata`). */
  outboundId?: string;
  /** Provider extras worth keeping (postback payload, …). */
  extra?: Record<string, unknown>;
}

/**
 * A change to a message already stored (or about to be: deliveries can arrive out of order):
 * `edited` carries the new text and attachments; `removed` means the author or a moderator deleted
 * it (keep it, marked); `hidden`/`unhidden` record a moderation state; `reaction` is the customer's
 * emoji on it ('' when they took it back). Facebook feed verbs, Instagram unsends, WhatsApp reactions.
 */
export interface MessageUpdateEvent {
  event: 'update';
  change: 'edited' | 'removed' | 'hidden' | 'unhidden' | 'reaction';
  /** Dedupe key of this change itself (the same change delivered twice is applied once). */
  eventId: string;
  /** Provider id of the message it changes: how the engine finds it. */
  providerMessageId: string;
  /** The message's thread when the delivery says (a removal may not name the author). */
  threadKey?: string;
  kind: ConversationKind;
  at: string;
  /** edited: the new text; reaction: the emoji. */
  text?: string;
  attachments?: Attachment[];
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/**
 * The provider's word on an outbound message (WhatsApp statuses). They can arrive out of order and
 * skip states: apply them with `advanceDeliveryStatus` (connectors/shared/delivery-status.ts).
 */
export interface StatusEvent {
  event: 'status';
  status: DeliveryStatus;
  /** Dedupe key: (message id, status). */
  eventId: string;
  /** Provider id of the outbound message. */
  providerMessageId: string;
  /** Our outbound id when the provider hands it back (WhatsApp biz_opaque_callback_data). */
  outboundId?: string;
  /** The customer the message went to: the thread key of private channels. */
  recipientId: string;
  at: string;
  /** Why it failed, in the provider's words. */
  error?: { code?: number; title?: string; message?: string };
}

/** Everything a webhook body may tell: new messages, changes to messages, delivery statuses. */
export type ProviderEvent = InboundEvent | MessageUpdateEvent | StatusEvent;

export function isMessageEvent(event: ProviderEvent): event is InboundEvent {
  return event.event === undefined || event.event === 'message';
}

export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface HandshakeResult {
  status: number;
  /** Sent as text/plain when a string, JSON otherwise. */
  body: string | Record<string, unknown>;
}

/** Thrown by `parse` when a verified body is not what the provider sends: the webhook answers 400. */
export class MalformedPayloadError extends Error {
  override name = 'MalformedPayloadError';
}

/** Thrown by `send` when the provider refuses for good (a retry would not help). */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
  constructor(
    message: string,
    /** The provider's error code when it gave one (Graph `error.code`). */
    readonly providerCode?: number,
  ) {
    super(message);
  }
}

/**
 * Thrown by `send` when the provider's rate limit refused it: retry, after `retryAfterSeconds`
 * when the provider said when (X's x-rate-limit-reset), else with the activity's backoff.
 */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface OutboundMessage {
  /** Our id for this send, recorded before sending; passed to the provider where it takes one. */
  outboundId: string;
  threadKey: string;
  kind: ConversationKind;
  /** The customer's provider id. */
  recipientId: string;
  text: string;
  /** When the customer last wrote (ISO): decides standard vs. human-agent messaging on Meta. */
  lastCustomerMessageAt?: string;
  /** Whether a human agent sends it (automated sends never use the human-agent allowance). */
  byHuman: boolean;
  /**
   * Provider id of the message this answers: public replies are threaded under it (Facebook,
   * Instagram and LinkedIn comments), e-mail sets In-Reply-To. The customer's latest message.
   */
  inReplyTo?: string;
  /** The thread's post (public threads), as the events gave it in `postId`. */
  postId?: string;
  /** E-mail: the thread's Message-IDs, oldest first (References), and its subject. */
  email?: { references?: string[]; subject?: string };
}

export type ModerationAction = 'hide' | 'unhide' | 'delete';

/** A private answer to a public comment (Facebook: one per comment, within 7 days of it). */
export interface PrivateReply {
  outboundId: string;
  /** Provider id of the comment. */
  commentId: string;
  /** When the comment was written (ISO). */
  commentAt: string;
  /** When a private reply to this comment was already sent, if one was. */
  privateReplySentAt?: string;
  text: string;
}

/** A pre-approved template (WhatsApp: the only thing sendable outside the 24-hour window). */
export interface TemplateMessage {
  outboundId: string;
  recipientId: string;
  name: string;
  /** Language code of the approved translation, e.g. en_US. */
  language: string;
  /** The template's components (header/body/button parameters) as the provider takes them. */
  components?: unknown[];
}

export interface SendResult {
  providerMessageId: string;
  /** The customer's id in the private conversation the message went to, when the provider names it
   * (a private reply to a comment: Meta's `recipient_id`, the PSID / Instagram-scoped id). */
  recipientId?: string;
}

export interface ChannelPolicy {
  /** Seconds after the customer's last message during which automated sends are allowed; absent: no window. */
  standardWindowSeconds?: number;
  /** Seconds after the customer's last message during which a human agent may still reply. */
  humanAgentWindowSeconds?: number;
}

export interface ConfigProblem {
  key: string;
  message: string;
}

/**
 * A provider endpoint shared by several channels (Meta's one callback per app): it says which
 * channels own a delivery; each owner verifies and parses it as for its own webhook URL.
 */
export interface SharedEndpoint {
  /** The channel types whose deliveries arrive here (and whose verify tokens answer its handshake). */
  readonly channelTypes: readonly string[];
  /** Why the request cannot be a signed delivery at all (checked before any owner is looked up). */
  missingSignature(req: WebhookRequest): string | undefined;
  /** The distinct owners of a delivery, by channel type and route key; MalformedPayloadError if malformed. */
  owners(rawBody: Buffer): { channelType: string; routeKey: string }[];
}

export interface Connector<Config = Record<string, unknown>> {
  readonly type: string;
  /** Config keys whose values are secrets: never returned by the API. */
  readonly secretKeys: readonly string[];
  /** Problems with an admin-given config (empty when valid). */
  validateConfig(config: unknown): ConfigProblem[];
  /** The id a provider-wide endpoint routes on (Meta: the Page id); absent when none. */
  routeKey?(config: Config): string | undefined;
  /** Answer a provider's GET handshake; null when the request is not one. */
  handshake?(query: Record<string, string | undefined>, config: Config): HandshakeResult | null;
  /** Constant-time check of the provider's signature over the raw body. */
  verify(req: WebhookRequest, config: Config): boolean;
  /** Every new message of a verified body; throws MalformedPayloadError when the shape is wrong. */
  parse(rawBody: Buffer, config: Config, receivedAt: Date): InboundEvent[];
  /**
   * Every event of a verified body, messages and changes to messages alike, in delivery order
   * (absent: `parse` is all there is). `parse` is this filtered by isMessageEvent.
   */
  parseEvents?(rawBody: Buffer, config: Config, receivedAt: Date): ProviderEvent[];
  send(message: OutboundMessage, config: Config, fetchImpl: typeof fetch): Promise<SendResult>;
  policy(kind: ConversationKind, config: Config): ChannelPolicy;
  /** Hide, unhide or delete a public comment (providers with moderation). */
  moderate?(action: ModerationAction, providerMessageId: string, config: Config, fetchImpl: typeof fetch): Promise<void>;
  /** Answer a public comment privately (Facebook, Instagram). */
  sendPrivateReply?(reply: PrivateReply, config: Config, fetchImpl: typeof fetch): Promise<SendResult>;
  /** The channel type (same route key) holding the private conversation a private reply starts:
   * Facebook Page → `messenger`, Instagram → itself. */
  readonly privateRepliesGoTo?: string;
  /** Send an approved template (WhatsApp outside its window). */
  sendTemplate?(template: TemplateMessage, config: Config, fetchImpl: typeof fetch): Promise<SendResult>;
}
