// Page `feed` changes → events: visitors' comments, replies and posts become public messages (one
// thread per customer per post), the Page's own comments outbound; edits, removals and moderation
// become MessageUpdateEvents; reactions and likes create nothing.
// Reference: developers.facebook.com graph-api webhooks reference/page (feed), channels.md.
import { asMetaDelivery } from '../meta/route.js';
import { toMetaDate } from '../meta/messaging.js';
import {
  expectId,
  expectObject,
  isObject,
  optionalArray,
  optionalString,
  parseJsonBody,
  type JsonObject,
} from '../shared/json.js';
import { isMessageEvent, type Attachment, type InboundEvent, type MessageUpdateEvent, type PostContext, type ProviderEvent } from '../types.js';
import type { FacebookPageConfig } from './config.js';

/** Items that are a post on the Page (a visitor's post creates a thread; the Page's own creates nothing). */
const POST_ITEMS = new Set(['post', 'status', 'photo', 'video', 'share']);

const UPDATE_VERBS: Record<string, MessageUpdateEvent['change']> = {
  edited: 'edited',
  edit: 'edited',
  remove: 'removed',
  hide: 'hidden',
  unhide: 'unhidden',
};

export function parseFacebookPageEvents(rawBody: Buffer, config: FacebookPageConfig, receivedAt: Date): ProviderEvent[] {
  return parseFeedEntries(parseJsonBody(rawBody, 'Facebook Page webhook body'), config, receivedAt);
}

export function parseFacebookPageBody(rawBody: Buffer, config: FacebookPageConfig, receivedAt: Date): InboundEvent[] {
  return parseFacebookPageEvents(rawBody, config, receivedAt).filter(isMessageEvent);
}

/** The feed events of `config.pageId`'s entries; other Pages' entries and other fields are skipped. */
export function parseFeedEntries(payload: unknown, config: FacebookPageConfig, receivedAt: Date): ProviderEvent[] {
  const delivery = asMetaDelivery(payload);
  if (delivery.object !== 'page') return [];
  const events: ProviderEvent[] = [];
  delivery.entry.forEach((raw, i) => {
    const path = `entry[${i}]`;
    const entry = expectObject(raw, path);
    if (expectId(entry.id, `${path}.id`) !== config.pageId) return;
    const fallbackAt = entry.time === undefined ? receivedAt : toMetaDate(entry.time, `${path}.time`);
    optionalArray(entry.changes, `${path}.changes`).forEach((c, j) => {
      const change = expectObject(c, `${path}.changes[${j}]`);
      if (change.field !== 'feed') return;
      const event = parseFeedValue(expectObject(change.value, `${path}.changes[${j}].value`), `${path}.changes[${j}].value`, config.pageId, fallbackAt);
      if (event) events.push(event);
    });
  });
  return events;
}

function parseFeedValue(value: JsonObject, path: string, pageId: string, fallbackAt: Date): ProviderEvent | null {
  const item = optionalString(value.item, `${path}.item`);
  const isComment = item === 'comment';
  if (!isComment && !(item && POST_ITEMS.has(item))) return null; // reaction, like, rating, …
  const verb = optionalString(value.verb, `${path}.verb`) ?? 'add';
  const postId = expectId(value.post_id, `${path}.post_id`);
  const id = isComment ? expectId(value.comment_id, `${path}.comment_id`) : postId;
  const from = value.from === undefined ? undefined : expectObject(value.from, `${path}.from`);
  const fromId = from === undefined ? undefined : expectId(from.id, `${path}.from.id`);
  const fromName = from === undefined ? undefined : optionalString(from.name, `${path}.from.name`);
  const date = value.created_time === undefined ? fallbackAt : createdTime(value.created_time, `${path}.created_time`);
  const at = date.toISOString();
  const byPage = fromId === pageId;
  const threadKey = fromId === undefined ? undefined : byPage ? pageThreadKey(postId) : `${postId}:${fromId}`;

  if (verb !== 'add') {
    const change = UPDATE_VERBS[verb];
    if (!change) return null; // `block`, `mute`, … change no message.
    const u: MessageUpdateEvent = {
      event: 'update',
      change,
      // channels.md: (comment_id or post_id, verb, created_time).
      eventId: `${id}:${verb}:${Math.floor(date.getTime() / 1000)}`,
      providerMessageId: id,
      kind: 'public',
      at,
      ...(threadKey !== undefined && { threadKey }),
    };
    if (change === 'edited') {
      u.text = optionalString(value.message, `${path}.message`) ?? '';
      u.attachments = attachmentsOf(value, item!, path);
    }
    return u;
  }

  // No author: nobody to thread it under (Meta leaves `from` out for some users): acknowledged, dropped.
  if (fromId === undefined || threadKey === undefined) return null;
  // The Page's own posts are the context of threads, not messages.
  if (!isComment && byPage) return null;

  const text = optionalString(value.message, `${path}.message`) ?? '';
  const parentId = value.parent_id === undefined ? undefined : expectId(value.parent_id, `${path}.parent_id`);
  const post: PostContext = isComment ? commentPost(value, postId, path) : visitorPost(value, postId, text, fromId, fromName, item!, path);
  const extra: JsonObject = {};
  if (item && item !== 'comment') extra.item = item;
  return {
    providerMessageId: id,
    threadKey,
    kind: 'public',
    direction: byPage ? 'out' : 'in',
    // For the Page's own comment the customer is whoever wrote the comment it answers (inReplyTo).
    contact: byPage ? { providerId: pageId } : { providerId: fromId, ...(fromName !== undefined && { name: fromName }) },
    text,
    attachments: attachmentsOf(value, item!, path),
    at,
    postId,
    post,
    ...(isComment && parentId !== undefined && parentId !== postId && { inReplyTo: parentId }),
    ...(Object.keys(extra).length > 0 && { extra }),
  };
}

/**
 * The thread of the Page's own comments on a post. A Page reply answers a customer whose id the
 * delivery does not give: the engine files it under the thread of the comment it answers
 * (`inReplyTo`) when it has it, and under this key otherwise.
 */
export function pageThreadKey(postId: string): string {
  return `${postId}:page`;
}

/** A comment delivery names its post (`post: { id, permalink_url, status_type }`) but not its text. */
function commentPost(value: JsonObject, postId: string, path: string): PostContext {
  const post = isObject(value.post) ? value.post : {};
  const link = optionalString(post.permalink_url, `${path}.post.permalink_url`);
  const type = optionalString(post.status_type, `${path}.post.status_type`);
  return { id: postId, ...(link !== undefined && { link }), ...(type !== undefined && { type }) };
}

function visitorPost(
  value: JsonObject,
  postId: string,
  text: string,
  fromId: string,
  fromName: string | undefined,
  item: string,
  path: string,
): PostContext {
  const media = attachmentsOf(value, item, path);
  const link = optionalString(value.link, `${path}.link`);
  return {
    id: postId,
    ...(text !== '' && { text }),
    // A photo's or video's `link` is the media itself, a share's the page shared.
    ...(link !== undefined && item !== 'photo' && item !== 'video' && { link }),
    author: { id: fromId, ...(fromName !== undefined && { name: fromName }) },
    type: item,
    ...(media.length > 0 && { media }),
  };
}

/** A comment's `photo`/`video` (a GIF comes as `video`); a post's photo(s) or video. */
function attachmentsOf(value: JsonObject, item: string, path: string): Attachment[] {
  const out: Attachment[] = [];
  const photo = optionalString(value.photo, `${path}.photo`);
  const video = optionalString(value.video, `${path}.video`);
  if (photo) out.push({ type: 'image', url: photo });
  if (video) out.push({ type: 'video', url: video });
  if (item === 'photo') {
    const url = optionalString(value.link, `${path}.link`);
    const mediaId = value.photo_id === undefined ? undefined : expectId(value.photo_id, `${path}.photo_id`);
    if (url || mediaId) out.push({ type: 'image', ...(url && { url }), ...(mediaId && { mediaId }) });
  }
  if (item === 'video') {
    const url = optionalString(value.link, `${path}.link`);
    const mediaId = value.video_id === undefined ? undefined : expectId(value.video_id, `${path}.video_id`);
    if (url || mediaId) out.push({ type: 'video', ...(url && { url }), ...(mediaId && { mediaId }) });
  }
  optionalArray(value.photos, `${path}.photos`).forEach((p, k) => {
    if (typeof p === 'string' && p !== '') out.push({ type: 'image', url: p });
    else optionalString(p, `${path}.photos[${k}]`);
  });
  return out;
}

/** Feed `created_time` is Unix seconds (a number, sometimes a string; older deliveries an ISO date). */
function createdTime(value: unknown, path: string): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(date.getTime())) return date;
  }
  return toMetaDate(value, path);
}
