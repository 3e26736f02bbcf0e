// WhatsApp Cloud API webhooks → events. `entry[].changes[]` with field `messages` carries, per
// business number (`value.metadata.phone_number_id`), the customers' `messages[]` (one private
// thread per wa_id) and the `statuses[]` of what we sent (StatusEvents, applied monotonically).
// Reference: developers.facebook.com whatsapp cloud-api webhooks components/payload examples.
import { toMetaDate } from '../meta/messaging.js';
import { asMetaDelivery } from '../meta/route.js';
import {
  expectId,
  expectNonEmptyString,
  expectObject,
  isObject,
  optionalArray,
  optionalString,
  parseJsonBody,
  type JsonObject,
} from '../shared/json.js';
import {
  isMessageEvent,
  type Attachment,
  type DeliveryStatus,
  type InboundEvent,
  type MessageUpdateEvent,
  type ProviderEvent,
  type StatusEvent,
} from '../types.js';
import type { WhatsAppConfig } from './config.js';

const MEDIA_TYPES: Record<string, Attachment['type']> = {
  image: 'image',
  sticker: 'image',
  video: 'video',
  audio: 'audio',
  voice: 'audio',
  document: 'file',
};

const STATUSES = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);

export function parseWhatsAppEvents(rawBody: Buffer, config: WhatsAppConfig, receivedAt: Date): ProviderEvent[] {
  return parseWhatsAppEntries(parseJsonBody(rawBody, 'WhatsApp webhook body'), config, receivedAt);
}

export function parseWhatsAppBody(rawBody: Buffer, config: WhatsAppConfig, receivedAt: Date): InboundEvent[] {
  return parseWhatsAppEvents(rawBody, config, receivedAt).filter(isMessageEvent);
}

/** The events of `config.phoneNumberId`'s changes; other numbers' changes are skipped. */
export function parseWhatsAppEntries(payload: unknown, config: WhatsAppConfig, receivedAt: Date): ProviderEvent[] {
  const delivery = asMetaDelivery(payload);
  if (delivery.object !== 'whatsapp_business_account') return [];
  const events: ProviderEvent[] = [];
  delivery.entry.forEach((raw, i) => {
    const entry = expectObject(raw, `entry[${i}]`);
    optionalArray(entry.changes, `entry[${i}].changes`).forEach((c, j) => {
      const path = `entry[${i}].changes[${j}]`;
      const change = expectObject(c, path);
      if (change.field !== 'messages') return;
      const value = expectObject(change.value, `${path}.value`);
      const metadata = expectObject(value.metadata, `${path}.value.metadata`);
      if (expectId(metadata.phone_number_id, `${path}.value.metadata.phone_number_id`) !== config.phoneNumberId) return;
      const names = contactNames(value, `${path}.value`);
      optionalArray(value.messages, `${path}.value.messages`).forEach((m, k) => {
        const event = parseMessage(expectObject(m, `${path}.value.messages[${k}]`), `${path}.value.messages[${k}]`, names, receivedAt);
        if (event) events.push(event);
      });
      optionalArray(value.statuses, `${path}.value.statuses`).forEach((s, k) => {
        const event = parseStatus(expectObject(s, `${path}.value.statuses[${k}]`), `${path}.value.statuses[${k}]`, receivedAt);
        if (event) events.push(event);
      });
    });
  });
  return events;
}

/** wa_id → profile name, from `value.contacts[]`. */
function contactNames(value: JsonObject, path: string): Map<string, string> {
  const names = new Map<string, string>();
  optionalArray(value.contacts, `${path}.contacts`).forEach((c, k) => {
    const contact = expectObject(c, `${path}.contacts[${k}]`);
    const waId = expectId(contact.wa_id, `${path}.contacts[${k}].wa_id`);
    const name = isObject(contact.profile) ? optionalString(contact.profile.name, `${path}.contacts[${k}].profile.name`) : undefined;
    if (name) names.set(waId, name);
  });
  return names;
}

function parseMessage(message: JsonObject, path: string, names: Map<string, string>, receivedAt: Date): ProviderEvent | null {
  const from = expectId(message.from, `${path}.from`);
  const id = expectNonEmptyString(message.id, `${path}.id`);
  const at = (message.timestamp === undefined ? receivedAt : toMetaDate(message.timestamp, `${path}.timestamp`)).toISOString();
  const type = expectNonEmptyString(message.type, `${path}.type`);
  if (type === 'system') return null; // "customer changed their number": nothing the customer said.
  if (type === 'reaction') return parseReaction(message, path, from, at);

  const extra: JsonObject = {};
  let text = '';
  const attachments: Attachment[] = [];
  const body = (key: string) => expectObject(message[key], `${path}.${key}`);
  if (type === 'text') {
    text = optionalString(body('text').body, `${path}.text.body`) ?? '';
  } else if (MEDIA_TYPES[type]) {
    const media = body(type);
    attachments.push(
      withDefined({
        type: MEDIA_TYPES[type],
        mediaId: expectId(media.id, `${path}.${type}.id`),
        mimeType: optionalString(media.mime_type, `${path}.${type}.mime_type`),
        name: optionalString(media.filename, `${path}.${type}.filename`),
      }),
    );
    text = optionalString(media.caption, `${path}.${type}.caption`) ?? '';
  } else if (type === 'location') {
    const loc = body('location');
    attachments.push(
      withDefined({
        type: 'location',
        latitude: coordinate(loc.latitude),
        longitude: coordinate(loc.longitude),
        name: optionalString(loc.name, `${path}.location.name`) ?? optionalString(loc.address, `${path}.location.address`),
        url: optionalString(loc.url, `${path}.location.url`),
      }),
    );
  } else if (type === 'interactive') {
    // The customer tapped a reply button or picked a list row: its title is what they "said".
    const interactive = body('interactive');
    const kind = expectNonEmptyString(interactive.type, `${path}.interactive.type`);
    const reply = isObject(interactive[kind]) ? interactive[kind] : {};
    text = optionalString(reply.title, `${path}.interactive.${kind}.title`) ?? '';
    extra.interactive = { type: kind, ...(reply.id !== undefined && { id: reply.id }) };
  } else if (type === 'button') {
    // A template's quick-reply button.
    const button = body('button');
    text = optionalString(button.text, `${path}.button.text`) ?? '';
    if (button.payload !== undefined) extra.buttonPayload = button.payload;
  } else {
    // contacts, order, unsupported, unknown…: kept so the agent sees something came.
    attachments.push({ type: 'fallback', name: type });
    extra.type = type;
    if (message[type] !== undefined) extra[type] = message[type];
    if (message.errors !== undefined) extra.errors = message.errors;
  }
  const context = isObject(message.context) ? message.context : undefined;
  const inReplyTo = context ? optionalString(context.id, `${path}.context.id`) : undefined;
  if (context?.forwarded === true || context?.frequently_forwarded === true) extra.forwarded = true;
  if (message.referral !== undefined) extra.referral = message.referral;
  const name = names.get(from);
  return {
    providerMessageId: id,
    threadKey: from,
    kind: 'private',
    direction: 'in',
    contact: { providerId: from, ...(name !== undefined && { name }) },
    text,
    attachments,
    at,
    ...(inReplyTo && { inReplyTo }),
    ...(Object.keys(extra).length > 0 && { extra }),
  };
}

/** `{ reaction: { message_id, emoji } }`; no emoji: the reaction was taken back. */
function parseReaction(message: JsonObject, path: string, from: string, at: string): MessageUpdateEvent {
  const reaction = expectObject(message.reaction, `${path}.reaction`);
  return {
    event: 'update',
    change: 'reaction',
    eventId: expectNonEmptyString(message.id, `${path}.id`),
    providerMessageId: expectNonEmptyString(reaction.message_id, `${path}.reaction.message_id`),
    threadKey: from,
    kind: 'private',
    at,
    text: optionalString(reaction.emoji, `${path}.reaction.emoji`) ?? '',
  };
}

/** `{ id, status, timestamp, recipient_id, biz_opaque_callback_data?, errors? }`; unknown statuses are skipped. */
function parseStatus(status: JsonObject, path: string, receivedAt: Date): StatusEvent | null {
  const id = expectNonEmptyString(status.id, `${path}.id`);
  const value = expectNonEmptyString(status.status, `${path}.status`) as DeliveryStatus;
  if (!STATUSES.has(value)) return null; // e.g. `deleted`, `warning`
  const recipientId = expectId(status.recipient_id, `${path}.recipient_id`);
  const at = (status.timestamp === undefined ? receivedAt : toMetaDate(status.timestamp, `${path}.timestamp`)).toISOString();
  const outboundId = optionalString(status.biz_opaque_callback_data, `${path}.biz_opaque_callback_data`);
  const event: StatusEvent = { event: 'status', status: value, eventId: `${id}:${value}`, providerMessageId: id, recipientId, at };
  if (outboundId) event.outboundId = outboundId;
  if (value === 'failed') {
    const first = optionalArray(status.errors, `${path}.errors`)[0];
    const e = isObject(first) ? first : {};
    const details = isObject(e.error_data) ? optionalString(e.error_data.details, `${path}.errors[0].error_data.details`) : undefined;
    event.error = withDefined({
      code: typeof e.code === 'number' ? e.code : undefined,
      title: optionalString(e.title, `${path}.errors[0].title`),
      message: details ?? optionalString(e.message, `${path}.errors[0].message`),
    });
  }
  return event;
}

/** WhatsApp sends coordinates as numbers (older payloads: strings). */
function coordinate(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function withDefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
