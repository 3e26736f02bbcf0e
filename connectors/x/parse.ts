// X Account Activity deliveries → events: `direct_message_events[]` of type message_create. The
// thread is the other party; DMs the account sent itself (sender_id = the account) are outbound;
// the customer's profile from `users` goes on the contact as attributes.
// Reference: developer.x.com account-activity-api (data objects), channels.md.
import {
  expectId,
  expectObject,
  isObject,
  optionalArray,
  optionalString,
  parseJsonBody,
  malformed,
  type JsonObject,
} from '../shared/json.js';
import { isStorableInstant } from '../shared/instant.js';
import type { Attachment, InboundEvent } from '../types.js';
import type { XConfig } from './config.js';

export function parseXBody(rawBody: Buffer, config: XConfig, receivedAt: Date): InboundEvent[] {
  const body = expectObject(parseJsonBody(rawBody, 'X webhook body'), 'body');
  const forUser = expectId(body.for_user_id, 'for_user_id');
  // An app's webhook serves every account subscribed to it: this channel takes its own.
  if (forUser !== config.userId) return [];
  const users = body.users === undefined ? {} : expectObject(body.users, 'users');
  const events: InboundEvent[] = [];
  optionalArray(body.direct_message_events, 'direct_message_events').forEach((raw, i) => {
    const path = `direct_message_events[${i}]`;
    const dm = expectObject(raw, path);
    if (dm.type !== 'message_create') return;
    events.push(parseDirectMessage(dm, path, config.userId, users, receivedAt));
  });
  return events;
}

function parseDirectMessage(dm: JsonObject, path: string, userId: string, users: JsonObject, receivedAt: Date): InboundEvent {
  const id = expectId(dm.id, `${path}.id`);
  const create = expectObject(dm.message_create, `${path}.message_create`);
  const senderId = expectId(create.sender_id, `${path}.message_create.sender_id`);
  const target = expectObject(create.target, `${path}.message_create.target`);
  const recipientId = expectId(target.recipient_id, `${path}.message_create.target.recipient_id`);
  const outbound = senderId === userId;
  const customer = outbound ? recipientId : senderId;
  const data = expectObject(create.message_data, `${path}.message_create.message_data`);
  const attachments = attachmentsOf(data, `${path}.message_create.message_data`);
  const extra: JsonObject = {};
  if (isObject(data.quick_reply_response) && data.quick_reply_response.metadata !== undefined) {
    extra.quickReplyMetadata = data.quick_reply_response.metadata;
  }
  if (outbound && create.source_app_id !== undefined) extra.appId = String(create.source_app_id);
  return {
    providerMessageId: id,
    threadKey: customer,
    kind: 'private',
    direction: outbound ? 'out' : 'in',
    contact: contactOf(customer, users[customer], `users.${customer}`),
    text: textOf(data, `${path}.message_create.message_data`),
    attachments,
    at: createdAt(dm.created_timestamp, `${path}.created_timestamp`, receivedAt),
    ...(Object.keys(extra).length > 0 && { extra }),
  };
}

/** The profile X sends beside the events: name on the contact, the rest as attributes. */
function contactOf(id: string, raw: unknown, path: string): InboundEvent['contact'] {
  if (raw === undefined) return { providerId: id };
  const user = expectObject(raw, path);
  const name = optionalString(user.name, `${path}.name`);
  const attributes: Record<string, string> = {};
  const keep = (key: string, from: string) => {
    const value = optionalString(user[from], `${path}.${from}`);
    if (value) attributes[key] = value;
  };
  keep('screenName', 'screen_name');
  keep('location', 'location');
  keep('bio', 'description');
  keep('profileImageUrl', 'profile_image_url_https');
  return { providerId: id, ...(name && { name }), ...(Object.keys(attributes).length > 0 && { attributes }) };
}

/** The text with t.co links expanded, and the link X appends for an attached medium removed. */
function textOf(data: JsonObject, path: string): string {
  let text = optionalString(data.text, `${path}.text`) ?? '';
  const media = isObject(data.attachment) && isObject(data.attachment.media) ? data.attachment.media : undefined;
  const mediaLink = media ? optionalString(media.url, `${path}.attachment.media.url`) : undefined;
  if (mediaLink) text = text.split(mediaLink).join('').trim();
  const entities = isObject(data.entities) ? data.entities : {};
  optionalArray(entities.urls, `${path}.entities.urls`).forEach((u, k) => {
    const url = expectObject(u, `${path}.entities.urls[${k}]`);
    const short = optionalString(url.url, `${path}.entities.urls[${k}].url`);
    const expanded = optionalString(url.expanded_url, `${path}.entities.urls[${k}].expanded_url`);
    if (short && expanded && short !== mediaLink) text = text.split(short).join(expanded);
  });
  return text;
}

function attachmentsOf(data: JsonObject, path: string): Attachment[] {
  if (data.attachment === undefined) return [];
  const attachment = expectObject(data.attachment, `${path}.attachment`);
  if (attachment.type !== 'media' || !isObject(attachment.media)) return [{ type: 'fallback' }];
  const media = attachment.media;
  const mediaId = optionalString(media.id_str, `${path}.attachment.media.id_str`);
  if (media.type === 'photo') {
    const url = optionalString(media.media_url_https, `${path}.attachment.media.media_url_https`);
    return [{ type: 'image', ...(url && { url }), ...(mediaId && { mediaId }) }];
  }
  // Videos and GIFs: the best mp4 variant.
  const variants = isObject(media.video_info) ? optionalArray(media.video_info.variants, `${path}.attachment.media.video_info.variants`) : [];
  const mp4 = variants
    .filter(isObject)
    .filter((v) => v.content_type === 'video/mp4' && typeof v.url === 'string' && v.url !== '')
    .sort((a, b) => (Number(b.bitrate) || 0) - (Number(a.bitrate) || 0))[0];
  const url = mp4 ? (mp4.url as string) : optionalString(media.media_url_https, `${path}.attachment.media.media_url_https`);
  return [{ type: 'video', ...(url && { url }), ...(mediaId && { mediaId }) }];
}

/** `created_timestamp`: milliseconds as a string. */
function createdAt(value: unknown, path: string, receivedAt: Date): string {
  if (value === undefined) return receivedAt.toISOString();
  const ms = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || !isStorableInstant(ms)) {
    throw malformed(`${path} must be Unix milliseconds as a string, e.g. "1392078023603"`);
  }
  return new Date(ms).toISOString();
}

