// Messenger webhook deliveries → InboundEvents. Pure: a verified body in, every event out.
// Reference: developers.facebook.com messenger-platform webhook-events (messages,
// message_echoes, messaging_postbacks, standby) and channels.md.
import { asMetaDelivery } from '../meta/route.js';
import {
  expectId,
  expectNonEmptyString,
  expectObject,
  isObject,
  malformed,
  optionalArray,
  optionalString,
  parseJsonBody,
  type JsonObject,
} from '../shared/json.js';
import type { InboundEvent } from '../types.js';
import { toAttachment } from './attachments.js';
import type { MessengerConfig } from './config.js';

interface ItemContext {
  pageId: string;
  /** Fallback instant when an item has no timestamp: the entry's `time`, else when we received it. */
  fallbackAt: Date;
  /** Delivered under `standby[]`: another app holds the thread (handover protocol). */
  standby: boolean;
}

export function parseMessengerBody(rawBody: Buffer, config: MessengerConfig, receivedAt: Date): InboundEvent[] {
  return parseMessengerEntries(parseJsonBody(rawBody, 'Messenger webhook body'), config, receivedAt);
}

/**
 * The events of `config.pageId`'s entries in a parsed delivery. Entries of other Pages belong to
 * other channels and are skipped, so the same delivery can be handed to each owner in turn.
 */
export function parseMessengerEntries(payload: unknown, config: MessengerConfig, receivedAt: Date): InboundEvent[] {
  const delivery = asMetaDelivery(payload);
  if (delivery.object !== 'page') return [];
  const events: InboundEvent[] = [];
  delivery.entry.forEach((raw, i) => {
    const path = `entry[${i}]`;
    const entry = expectObject(raw, path);
    if (expectId(entry.id, `${path}.id`) !== config.pageId) return;
    const fallbackAt = entry.time === undefined ? receivedAt : toDate(entry.time, `${path}.time`);
    for (const field of ['messaging', 'standby'] as const) {
      const context: ItemContext = { pageId: config.pageId, fallbackAt, standby: field === 'standby' };
      optionalArray(entry[field], `${path}.${field}`).forEach((item, j) => {
        const event = parseItem(item, `${path}.${field}[${j}]`, context);
        if (event) events.push(event);
      });
    }
  });
  return events;
}

/** null for what creates no message: reads, deliveries, reactions, opt-ins, handover notices, user_ref senders. */
function parseItem(raw: unknown, path: string, context: ItemContext): InboundEvent | null {
  const item = expectObject(raw, path);
  if (item.message !== undefined) return parseMessage(item, path, context);
  if (item.postback !== undefined) return parsePostback(item, path, context);
  return null;
}

function parseMessage(item: JsonObject, path: string, context: ItemContext): InboundEvent | null {
  const message = expectObject(item.message, `${path}.message`);
  const mid = expectNonEmptyString(message.mid, `${path}.message.mid`);
  const senderId = isObject(item.sender) ? item.sender.id : undefined;
  // An echo is what the Page sent: the customer is the recipient. A Page-sent message without
  // the flag is still never a customer message.
  const isEcho = message.is_echo === true || String(senderId) === context.pageId;
  const psid = isEcho ? customerId(item.recipient, `${path}.recipient`) : customerId(item.sender, `${path}.sender`);
  if (psid === null) return null;

  const attachments = optionalArray(message.attachments, `${path}.message.attachments`).map((a, k) =>
    toAttachment(expectObject(a, `${path}.message.attachments[${k}]`)),
  );
  const extra: JsonObject = {};
  if (isObject(message.quick_reply) && message.quick_reply.payload !== undefined) extra.quickReplyPayload = message.quick_reply.payload;
  if (isObject(message.reply_to) && typeof message.reply_to.mid === 'string') extra.replyToMid = message.reply_to.mid;
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
    at: timestampOf(item, path, context),
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

function event(e: Omit<InboundEvent, 'threadKey' | 'kind' | 'contact'> & { psid: string }): InboundEvent {
  const { psid, outboundId, extra, ...rest } = e;
  return {
    ...rest,
    threadKey: psid,
    kind: 'private',
    // Messenger sends no names; the engine may look one up later.
    contact: { providerId: psid },
    ...(outboundId !== undefined && { outboundId }),
    ...(extra && Object.keys(extra).length > 0 && { extra }),
  };
}

function withStandby(extra: JsonObject, context: ItemContext): JsonObject {
  return context.standby ? { ...extra, standby: true } : extra;
}

/**
 * The customer's PSID; null when the party is known only by a `user_ref` (checkbox plugin, guest
 * chat): there is no thread to put it in, so the event is acknowledged and dropped.
 */
function customerId(party: unknown, path: string): string | null {
  const p = expectObject(party, path);
  if (p.id !== undefined) return expectId(p.id, `${path}.id`);
  if (p.user_ref !== undefined) return null;
  throw malformed(`${path}.id must be the customer's PSID (a string)`);
}

function timestampOf(item: JsonObject, path: string, context: ItemContext): string {
  const date = item.timestamp === undefined ? context.fallbackAt : toDate(item.timestamp, `${path}.timestamp`);
  return date.toISOString();
}

/**
 * Messenger timestamps are milliseconds. Some documented examples show seconds (and strings), so a
 * value below 1e11 (in ms: March 1973; in s: year 5138) is read as seconds.
 */
function toDate(value: unknown, path: string): Date {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw malformed(`${path} must be a Unix time in milliseconds`);
  }
  const date = new Date(n < 1e11 ? n * 1000 : n);
  if (Number.isNaN(date.getTime())) throw malformed(`${path} must be a Unix time in milliseconds`);
  return date;
}
