// Meta's `entry[].messaging[]` (and `standby[]`) items → events. Messenger (`object: "page"`) and
// Instagram (`object: "instagram"`) share this shape: message, echo, postback, reaction, read.
// Reference: developers.facebook.com messenger-platform webhook-events and instagram-platform
// webhooks (messages, message_echoes, messaging_postbacks, message_reactions), channels.md.
import {
  expectId,
  expectNonEmptyString,
  expectObject,
  isObject,
  malformed,
  optionalArray,
  optionalString,
  type JsonObject,
} from '../shared/json.js';
import { isStorableInstant } from '../shared/instant.js';
import type { InboundEvent, MessageUpdateEvent, ProviderEvent } from '../types.js';
import { toAttachment } from './attachments.js';
import { asMetaDelivery } from './route.js';

export interface MessagingOwner {
  /** `page` for Messenger, `instagram` for Instagram. */
  object: 'page' | 'instagram';
  /** The Page id or Instagram account id: entries of other owners are skipped. */
  ownerId: string;
}

interface ItemContext {
  ownerId: string;
  /** Fallback instant when an item has no timestamp: the entry's `time`, else when we received it. */
  fallbackAt: Date;
  /** Delivered under `standby[]`: another app holds the thread (handover protocol). */
  standby: boolean;
}

/**
 * The events of `owner`'s entries in a parsed delivery. Entries of other owners belong to other
 * channels and are skipped, so the same delivery can be handed to each owner in turn.
 */
export function parseMessagingEntries(payload: unknown, owner: MessagingOwner, receivedAt: Date): ProviderEvent[] {
  const delivery = asMetaDelivery(payload);
  if (delivery.object !== owner.object) return [];
  const events: ProviderEvent[] = [];
  delivery.entry.forEach((raw, i) => {
    const path = `entry[${i}]`;
    const entry = expectObject(raw, path);
    if (expectId(entry.id, `${path}.id`) !== owner.ownerId) return;
    const fallbackAt = entry.time === undefined ? receivedAt : toMetaDate(entry.time, `${path}.time`);
    for (const field of ['messaging', 'standby'] as const) {
      const context: ItemContext = { ownerId: owner.ownerId, fallbackAt, standby: field === 'standby' };
      optionalArray(entry[field], `${path}.${field}`).forEach((item, j) => {
        const event = parseItem(item, `${path}.${field}[${j}]`, context);
        if (event) events.push(event);
      });
    }
  });
  return events;
}

/** null for what creates nothing: reads, deliveries, opt-ins, handover notices, user_ref senders. */
function parseItem(raw: unknown, path: string, context: ItemContext): ProviderEvent | null {
  const item = expectObject(raw, path);
  if (item.message !== undefined) return parseMessage(item, path, context);
  if (item.postback !== undefined) return parsePostback(item, path, context);
  if (item.reaction !== undefined) return parseReaction(item, context);
  return null;
}

function parseMessage(item: JsonObject, path: string, context: ItemContext): ProviderEvent | null {
  const message = expectObject(item.message, `${path}.message`);
  const mid = expectNonEmptyString(message.mid, `${path}.message.mid`);
  const senderId = isObject(item.sender) ? item.sender.id : undefined;
  // An echo is what the owner sent: the customer is the recipient. An owner-sent message without
  // the flag is still never a customer message.
  const isEcho = message.is_echo === true || String(senderId) === context.ownerId;
  const psid = isEcho ? customerId(item.recipient, `${path}.recipient`) : customerId(item.sender, `${path}.sender`);
  if (psid === null) return null;
  const at = timestampOf(item, path, context);

  // Instagram: the customer unsent a message; the same mid comes back flagged.
  if (message.is_deleted === true) {
    return update({ change: 'removed', eventId: `${mid}:removed`, providerMessageId: mid, threadKey: psid, at });
  }

  const attachments = optionalArray(message.attachments, `${path}.message.attachments`).map((a, k) =>
    toAttachment(expectObject(a, `${path}.message.attachments[${k}]`)),
  );
  const extra: JsonObject = {};
  if (isObject(message.quick_reply) && message.quick_reply.payload !== undefined) extra.quickReplyPayload = message.quick_reply.payload;
  if (isObject(message.reply_to) && typeof message.reply_to.mid === 'string') extra.replyToMid = message.reply_to.mid;
  if (isObject(message.reply_to) && isObject(message.reply_to.story)) extra.replyToStory = message.reply_to.story;
  if (message.is_unsupported === true) extra.unsupported = true;
  if (isEcho && message.app_id !== undefined) extra.appId = String(message.app_id);
  // Our Send API calls pass the outbound id as `metadata`; echoes of sends made elsewhere
  // (Page inbox, another app) have none.
  const outboundId = isEcho ? optionalString(message.metadata, `${path}.message.metadata`) : undefined;

  return event({
    providerMessageId: mid,
    direction: isEcho ? 'out' : 'in',
    psid,
    text: optionalString(message.text, `${path}.message.text`) ?? '',
    attachments,
    at,
    outboundId,
    extra: withStandby(extra, context),
  });
}

function parsePostback(item: JsonObject, path: string, context: ItemContext): InboundEvent | null {
  const postback = expectObject(item.postback, `${path}.postback`);
  const psid = customerId(item.sender, `${path}.sender`);
  if (psid === null) return null;
  const at = timestampOf(item, path, context);
  const extra: JsonObject = {};
  if (postback.payload !== undefined) extra.postbackPayload = postback.payload;
  if (postback.referral !== undefined) extra.referral = postback.referral;
  return event({
    // Older postbacks carry no mid: derive one from what every redelivery repeats, so dedupe holds.
    providerMessageId: optionalString(postback.mid, `${path}.postback.mid`) || `postback:${psid}:${Date.parse(at)}`,
    direction: 'in',
    psid,
    // The button's label is what the customer "said".
    text: optionalString(postback.title, `${path}.postback.title`) ?? '',
    attachments: [],
    at,
    extra: withStandby(extra, context),
  });
}

/**
 * A customer's reaction to a message: a change to that message, never a message of its own. A
 * reaction is an extra: one that lacks what it needs is dropped rather than failing the delivery.
 */
function parseReaction(item: JsonObject, context: ItemContext): MessageUpdateEvent | null {
  const reaction = isObject(item.reaction) ? item.reaction : {};
  const sender = isObject(item.sender) ? item.sender.id : undefined;
  const psid = typeof sender === 'string' || (typeof sender === 'number' && Number.isSafeInteger(sender)) ? String(sender) : '';
  const mid = typeof reaction.mid === 'string' ? reaction.mid : '';
  if (psid === '' || psid === context.ownerId || mid === '') return null;
  let at: string;
  try {
    at = timestampOf(item, '', context);
  } catch {
    return null;
  }
  const emoji = [reaction.emoji, reaction.reaction].find((v): v is string => typeof v === 'string') ?? '';
  return update({
    change: 'reaction',
    eventId: `${mid}:reaction:${psid}:${Date.parse(at)}`,
    providerMessageId: mid,
    threadKey: psid,
    at,
    text: reaction.action === 'unreact' ? '' : emoji,
  });
}

function update(u: Omit<MessageUpdateEvent, 'event' | 'kind'>): MessageUpdateEvent {
  return { event: 'update', kind: 'private', ...u };
}

function event(e: Omit<InboundEvent, 'threadKey' | 'kind' | 'contact'> & { psid: string }): InboundEvent {
  const { psid, outboundId, extra, ...rest } = e;
  return {
    ...rest,
    threadKey: psid,
    kind: 'private',
    // Meta sends no names in messaging webhooks; the engine may look one up later.
    contact: { providerId: psid },
    ...(outboundId !== undefined && { outboundId }),
    ...(extra && Object.keys(extra).length > 0 && { extra }),
  };
}

function withStandby(extra: JsonObject, context: ItemContext): JsonObject {
  return context.standby ? { ...extra, standby: true } : extra;
}

/**
 * The customer's id; null when the party is known only by a `user_ref` (checkbox plugin, guest
 * chat): there is no thread to put it in, so the event is acknowledged and dropped.
 */
function customerId(party: unknown, path: string): string | null {
  const p = expectObject(party, path);
  if (p.id !== undefined) return expectId(p.id, `${path}.id`);
  if (p.user_ref !== undefined) return null;
  throw malformed(`${path}.id must be the customer's PSID (a string)`);
}

function timestampOf(item: JsonObject, path: string, context: ItemContext): string {
  const date = item.timestamp === undefined ? context.fallbackAt : toMetaDate(item.timestamp, `${path}.timestamp`);
  return date.toISOString();
}

/**
 * Meta timestamps: milliseconds in messaging, seconds in `changes` and some documented examples
 * (sometimes as strings), so a value below 1e11 (in ms: March 1973; in s: year 5138) is read as
 * seconds.
 */
export function toMetaDate(value: unknown, path: string): Date {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw malformed(`${path} must be a Unix time in milliseconds`);
  }
  const ms = n < 1e11 ? n * 1000 : n;
  if (!isStorableInstant(ms)) throw malformed(`${path} must be a Unix time in milliseconds`);
  return new Date(ms);
}
