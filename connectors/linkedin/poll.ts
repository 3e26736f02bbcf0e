// The pure part of LinkedIn polling (LinkedIn pushes nothing to ordinary apps): list the
// organization's recent posts, then each post's comments, and map them to events. The engine's
// per-channel workflow calls this on its schedule and records the events like a webhook's;
// dedupe is by comment URN, so polling the same comments again stores nothing twice.
// Reference: learn.microsoft.com linkedin marketing community-management posts-api, comments-api.
import {
  expectArray,
  expectNonEmptyString,
  expectObject,
  isObject,
  malformed,
  optionalArray,
  optionalString,
  type JsonObject,
} from '../shared/json.js';
import { isStorableInstant } from '../shared/instant.js';
import type { Attachment, InboundEvent, MessageUpdateEvent, PostContext, ProviderEvent } from '../types.js';
import { linkedinCall, organizationUrn } from './api.js';
import type { LinkedInConfig } from './config.js';

/** What LinkedIn shows for a member whose name it does not give out. */
export const PRIVATE_USER = 'Private user';

export interface PollOptions {
  /** How many of the most recent posts to look at; default 10. */
  posts?: number;
  /** Comments per page (LinkedIn allows up to 100); default 50. */
  pageSize?: number;
  /** Pages of comments per post at most; default 5. */
  maxPages?: number;
}

export interface PollResult {
  posts: PostContext[];
  /** New comments (messages) and edits of known ones (updates), oldest first. */
  events: ProviderEvent[];
}

export async function pollLinkedInComments(config: LinkedInConfig, fetchImpl: typeof fetch, options: PollOptions = {}): Promise<PollResult> {
  const posts = await listRecentPosts(config, fetchImpl, options.posts ?? 10);
  const events: ProviderEvent[] = [];
  for (const post of posts) {
    const comments = await listComments(config, post.id, fetchImpl, options);
    events.push(...commentsToEvents(comments, post, config));
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return { posts, events };
}

/** `GET /rest/posts?author={org}&q=author`: the organization's posts, newest first. */
export async function listRecentPosts(config: LinkedInConfig, fetchImpl: typeof fetch, count = 10): Promise<PostContext[]> {
  const author = encodeURIComponent(organizationUrn(config));
  const res = await linkedinCall(config, 'GET', `/rest/posts?author=${author}&q=author&count=${count}&sortBy=LAST_MODIFIED`, undefined, 'LinkedIn posts', fetchImpl);
  const body = expectObject(res.json, 'LinkedIn posts answer');
  return expectArray(body.elements, 'LinkedIn posts answer.elements').map((p, i) => toPost(expectObject(p, `elements[${i}]`), `elements[${i}]`));
}

function toPost(post: JsonObject, path: string): PostContext {
  const id = expectNonEmptyString(post.id, `${path}.id`);
  const text = optionalString(post.commentary, `${path}.commentary`);
  const author = optionalString(post.author, `${path}.author`);
  const type = /^urn:li:(\w+):/.exec(id)?.[1];
  return {
    id,
    ...(text && { text }),
    link: `https://www.linkedin.com/feed/update/${id}/`,
    ...(author && { author: { id: author } }),
    ...(type && { type }),
  };
}

/**
 * `GET /rest/socialActions/{postUrn}/comments`, page after page, and the replies of every comment
 * that has some (`GET /rest/socialActions/{commentUrn}/comments`).
 */
export async function listComments(config: LinkedInConfig, targetUrn: string, fetchImpl: typeof fetch, options: PollOptions = {}): Promise<JsonObject[]> {
  const pageSize = options.pageSize ?? 50;
  const maxPages = options.maxPages ?? 5;
  const out: JsonObject[] = [];
  for (let page = 0; page < maxPages; page++) {
    const path = `/rest/socialActions/${encodeURIComponent(targetUrn)}/comments?start=${page * pageSize}&count=${pageSize}`;
    const res = await linkedinCall(config, 'GET', path, undefined, 'LinkedIn comments', fetchImpl);
    const body = expectObject(res.json, 'LinkedIn comments answer');
    const elements = expectArray(body.elements, 'LinkedIn comments answer.elements').map((c, i) => expectObject(c, `elements[${i}]`));
    out.push(...elements);
    for (const comment of elements) {
      const summary = isObject(comment.commentsSummary) ? comment.commentsSummary : {};
      const replies = Number(summary.totalFirstLevelComments ?? summary.aggregatedTotalComments ?? 0);
      const urn = commentUrnOf(comment);
      // Replies are listed under their comment; a reply's own replies are not (LinkedIn nests once).
      if (replies > 0 && urn && !targetUrn.startsWith('urn:li:comment:')) {
        out.push(...(await listComments(config, urn, fetchImpl, { ...options, maxPages: 1 })));
      }
    }
    const paging = isObject(body.paging) ? body.paging : {};
    const total = typeof paging.total === 'number' ? paging.total : undefined;
    if (elements.length < pageSize || (total !== undefined && (page + 1) * pageSize >= total)) break;
  }
  return out;
}

/**
 * Comments of one post → events: one thread per commenter per post; the organization's own
 * comments outbound; a comment edited since it was written also yields an `edited` update.
 * A comment that does not have the documented shape throws MalformedPayloadError.
 */
export function commentsToEvents(comments: unknown[], post: PostContext, config: Pick<LinkedInConfig, 'organizationId'>): ProviderEvent[] {
  const org = organizationUrn(config);
  const events: ProviderEvent[] = [];
  comments.forEach((raw, i) => {
    const path = `comments[${i}]`;
    const comment = expectObject(raw, path);
    const urn = commentUrnOf(comment);
    if (!urn) throw malformed(`${path}.commentUrn must be the comment's URN (urn:li:comment:(…))`);
    const created = expectObject(comment.created, `${path}.created`);
    const at = millis(created.time, `${path}.created.time`);
    // An empty actor is no actor: the comment goes to the post's "Private user" thread.
    const actor = optionalString(comment.actor, `${path}.actor`) || optionalString(created.actor, `${path}.created.actor`) || undefined;
    const byOrg = actor === org;
    const message = comment.message === undefined ? {} : expectObject(comment.message, `${path}.message`);
    const text = optionalString(message.text, `${path}.message.text`) ?? '';
    const parent = optionalString(comment.parentComment, `${path}.parentComment`);
    const member = actor ?? 'private';
    const threadKey = byOrg ? `${post.id}:organization` : `${post.id}:${member}`;
    const event: InboundEvent = {
      providerMessageId: urn,
      threadKey,
      kind: 'public',
      direction: byOrg ? 'out' : 'in',
      contact: byOrg ? { providerId: org } : { providerId: member, name: nameOf(comment) ?? PRIVATE_USER },
      text,
      attachments: attachmentsOf(comment, path),
      at,
      postId: post.id,
      post,
      ...(parent && { inReplyTo: parent }),
    };
    events.push(event);
    const modified = isObject(comment.lastModified) && comment.lastModified.time !== undefined ? millis(comment.lastModified.time, `${path}.lastModified.time`) : undefined;
    if (modified && modified > at) {
      const edit: MessageUpdateEvent = {
        event: 'update',
        change: 'edited',
        eventId: `${urn}:edited:${Date.parse(modified)}`,
        providerMessageId: urn,
        threadKey,
        kind: 'public',
        at: modified,
        text,
        attachments: event.attachments,
      };
      events.push(edit);
    }
  });
  return events;
}

function commentUrnOf(comment: JsonObject): string | undefined {
  for (const key of ['commentUrn', '$URN']) {
    const v = comment[key];
    if (typeof v === 'string' && v.startsWith('urn:li:comment:')) return v;
  }
  return undefined;
}

/** A name only when LinkedIn decorated the actor (`actor~`); members are otherwise private. */
function nameOf(comment: JsonObject): string | undefined {
  const actor = isObject(comment['actor~']) ? comment['actor~'] : undefined;
  if (!actor) return undefined;
  if (typeof actor.localizedName === 'string' && actor.localizedName) return actor.localizedName;
  const name = [actor.localizedFirstName, actor.localizedLastName].filter((s) => typeof s === 'string' && s).join(' ');
  return name || undefined;
}

function attachmentsOf(comment: JsonObject, path: string): Attachment[] {
  return optionalArray(comment.content, `${path}.content`).flatMap((c, k) => {
    const content = expectObject(c, `${path}.content[${k}]`);
    const url = optionalString(content.url, `${path}.content[${k}].url`);
    const type = content.type === 'IMAGE' ? 'image' : content.type === 'VIDEO' ? 'video' : 'fallback';
    return [{ type, ...(url && { url }) } as Attachment];
  });
}

function millis(value: unknown, path: string): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || !isStorableInstant(value)) {
    throw malformed(`${path} must be Unix milliseconds`);
  }
  return new Date(value).toISOString();
}
