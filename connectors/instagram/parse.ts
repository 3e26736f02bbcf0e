// Instagram webhooks (`object: "instagram"`) → events: DMs in `entry[].messaging[]` exactly like
// Messenger's (echoes outbound, unsends as removals), and comments on the account's media
// (`changes[]` field `comments`) as public threads, one per customer per media.
// Reference: developers.facebook.com instagram-platform webhooks (messages, comments), channels.md.
import { parseMessagingEntries, toMetaDate } from '../meta/messaging.js';
import { asMetaDelivery } from '../meta/route.js';
import { expectId, expectObject, optionalArray, optionalString, parseJsonBody, type JsonObject } from '../shared/json.js';
import { isMessageEvent, type InboundEvent, type ProviderEvent } from '../types.js';
import type { InstagramConfig } from './config.js';

export function parseInstagramEvents(rawBody: Buffer, config: InstagramConfig, receivedAt: Date): ProviderEvent[] {
  return parseInstagramEntries(parseJsonBody(rawBody, 'Instagram webhook body'), config, receivedAt);
}

export function parseInstagramBody(rawBody: Buffer, config: InstagramConfig, receivedAt: Date): InboundEvent[] {
  return parseInstagramEvents(rawBody, config, receivedAt).filter(isMessageEvent);
}

export function parseInstagramEntries(payload: unknown, config: InstagramConfig, receivedAt: Date): ProviderEvent[] {
  const owner = config.instagramAccountId;
  const events = parseMessagingEntries(payload, { object: 'instagram', ownerId: owner }, receivedAt);
  const delivery = asMetaDelivery(payload);
  if (delivery.object !== 'instagram') return events;
  delivery.entry.forEach((raw, i) => {
    const path = `entry[${i}]`;
    const entry = expectObject(raw, path);
    if (expectId(entry.id, `${path}.id`) !== owner) return;
    const at = (entry.time === undefined ? receivedAt : toMetaDate(entry.time, `${path}.time`)).toISOString();
    optionalArray(entry.changes, `${path}.changes`).forEach((c, j) => {
      const change = expectObject(c, `${path}.changes[${j}]`);
      if (change.field !== 'comments') return;
      const event = parseComment(expectObject(change.value, `${path}.changes[${j}].value`), `${path}.changes[${j}].value`, owner, at);
      if (event) events.push(event);
    });
  });
  return events;
}

/** `{ from: { id, username }, media: { id, media_product_type }, id, parent_id?, text }`. */
function parseComment(value: JsonObject, path: string, owner: string, at: string): InboundEvent | null {
  const id = expectId(value.id, `${path}.id`);
  const media = expectObject(value.media, `${path}.media`);
  const mediaId = expectId(media.id, `${path}.media.id`);
  const mediaType = optionalString(media.media_product_type, `${path}.media.media_product_type`);
  const from = expectObject(value.from, `${path}.from`);
  const fromId = expectId(from.id, `${path}.from.id`);
  const username = optionalString(from.username, `${path}.from.username`);
  const parentId = value.parent_id === undefined ? undefined : expectId(value.parent_id, `${path}.parent_id`);
  const byAccount = fromId === owner;
  return {
    providerMessageId: id,
    // The account's own replies answer a customer the delivery does not name: the engine files them
    // under the thread of the comment they answer (inReplyTo), else under this key.
    threadKey: byAccount ? `${mediaId}:account` : `${mediaId}:${fromId}`,
    kind: 'public',
    direction: byAccount ? 'out' : 'in',
    contact: byAccount ? { providerId: owner } : { providerId: fromId, ...(username !== undefined && { name: username }) },
    text: optionalString(value.text, `${path}.text`) ?? '',
    attachments: [],
    at,
    postId: mediaId,
    post: { id: mediaId, ...(mediaType !== undefined && { type: mediaType }) },
    ...(parentId !== undefined && { inReplyTo: parentId }),
  };
}
