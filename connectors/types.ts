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
}

/** One message a provider told us about, already tied to the thread it belongs to. */
export interface InboundEvent {
  /** Provider's id of the message: the dedupe key within a channel. */
  providerMessageId: string;
  /** Stable key of the thread within the channel (private: the customer; public: post + customer). */
  threadKey: string;
  kind: ConversationKind;
  /** `out` for echoes of what the brand itself sent (never a customer message). */
  direction: 'in' | 'out';
  /** The customer (for an echo: the recipient). */
  contact: { providerId: string; name?: string };
  text: string;
  attachments: Attachment[];
  /** ISO 8601 instant the provider says the message was sent. */
  at: string;
  postId?: string;
  /** For echoes: our own outbound id when the provider hands it back (Messenger `metadata`). */
  outboundId?: string;
  /** Provider extras worth keeping (postback payload, …). */
  extra?: Record<string, unknown>;
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
}

export interface SendResult {
  providerMessageId: string;
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
  /** Every event of a verified body; throws MalformedPayloadError when the shape is wrong. */
  parse(rawBody: Buffer, config: Config, receivedAt: Date): InboundEvent[];
  send(message: OutboundMessage, config: Config, fetchImpl: typeof fetch): Promise<SendResult>;
  policy(kind: ConversationKind, config: Config): ChannelPolicy;
}
