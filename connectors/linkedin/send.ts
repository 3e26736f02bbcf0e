// Replies on LinkedIn are comments posted as the organization:
// `POST /rest/socialActions/{postUrn}/comments` `{ actor, object, message: { text }, parentComment? }`.
import { isObject } from '../shared/json.js';
import { PermanentSendError, type OutboundMessage, type SendResult } from '../types.js';
import { linkedinCall, organizationUrn } from './api.js';
import type { LinkedInConfig } from './config.js';

export async function sendLinkedInComment(message: OutboundMessage, config: LinkedInConfig, fetchImpl: typeof fetch): Promise<SendResult> {
  if (message.kind !== 'public') throw new PermanentSendError('LinkedIn Page conversations are public comments');
  const postUrn = message.postId;
  if (!postUrn) throw new PermanentSendError('a LinkedIn reply needs the post it belongs to (postId)');
  const body = {
    actor: organizationUrn(config),
    object: postUrn,
    message: { text: message.text },
    ...(message.inReplyTo && { parentComment: message.inReplyTo }),
  };
  const res = await linkedinCall(config, 'POST', `/rest/socialActions/${encodeURIComponent(postUrn)}/comments`, body, 'LinkedIn comment', fetchImpl);
  // The created comment's URN: in the body when LinkedIn returns the entity, else the x-restli-id header.
  const json = isObject(res.json) ? res.json : {};
  const fromBody = [json.commentUrn, json.$URN].find((v): v is string => typeof v === 'string' && v.startsWith('urn:li:comment:'));
  const header = res.headers.get('x-restli-id');
  const id = fromBody ?? (header ? decodeURIComponent(header) : undefined) ?? (typeof json.id === 'string' && json.id ? json.id : undefined);
  if (!id) throw new PermanentSendError(`LinkedIn comment: answered HTTP ${res.status} without the comment's URN`);
  return { providerMessageId: commentUrn(id, message.inReplyTo, postUrn) };
}

/**
 * The comment's URN as the poller lists it (`urn:li:comment:({activity},{id})`), so the reply we
 * sent and the comment polled later are one message. A bare id (the x-restli-id of a create
 * without the entity) is placed under the activity of the comment it answers, which the poller
 * names alike; under the post itself when it answers none.
 */
export function commentUrn(id: string, parentComment: string | undefined, postUrn: string): string {
  if (id.startsWith('urn:li:comment:')) return id;
  const activity = parentComment ? /^urn:li:comment:\((.+),[^,()]+\)$/.exec(parentComment)?.[1] : undefined;
  return `urn:li:comment:(${activity ?? postUrn},${id})`;
}
