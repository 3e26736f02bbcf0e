// Answers on the Page's feed: public replies threaded under the customer's comment, one private
// reply per comment (Messenger, within 7 days of the comment), and moderation (hide, unhide, delete).
// Reference: graph-api reference/object/comments, messenger-platform discovery/private-replies.
import { postToGraph } from '../meta/graph.js';
import { checkPrivateReply } from '../meta/private-reply.js';
import { isObject } from '../shared/json.js';
import {
  PermanentSendError,
  type ModerationAction,
  type OutboundMessage,
  type PostContext,
  type PrivateReply,
  type SendResult,
} from '../types.js';
import type { FacebookPageConfig } from './config.js';

/** `POST /{comment-id}/comments` under the comment answered, else `POST /{post-id}/comments`. */
export async function sendFacebookComment(
  message: OutboundMessage,
  config: FacebookPageConfig,
  fetchImpl: typeof fetch,
): Promise<SendResult> {
  if (message.kind !== 'public') {
    throw new PermanentSendError('Facebook Page conversations are public comments; answer privately with a private reply');
  }
  const target = message.inReplyTo ?? message.postId;
  if (!target) throw new PermanentSendError('a Facebook comment reply needs the comment it answers (inReplyTo) or the post (postId)');
  const answer = await postToGraph(
    {
      apiBaseUrl: config.apiBaseUrl,
      path: `/${encodeURIComponent(target)}/comments`,
      accessToken: config.pageAccessToken,
      body: { message: message.text },
      what: 'Facebook comment reply',
    },
    fetchImpl,
  );
  return { providerMessageId: idOf(answer, 'id', 'Facebook comment reply') };
}

/** `POST /{PAGE-ID}/messages` with `recipient: { comment_id }`: opens a Messenger conversation. */
export async function sendFacebookPrivateReply(
  reply: PrivateReply,
  config: FacebookPageConfig,
  fetchImpl: typeof fetch,
): Promise<SendResult> {
  checkPrivateReply(reply, new Date());
  const answer = await postToGraph(
    {
      apiBaseUrl: config.apiBaseUrl,
      path: `/${encodeURIComponent(config.pageId)}/messages`,
      accessToken: config.pageAccessToken,
      body: { recipient: { comment_id: reply.commentId }, message: { text: reply.text, metadata: reply.outboundId } },
      what: 'Facebook private reply',
    },
    fetchImpl,
  );
  const recipientId = typeof answer.recipient_id === 'string' && answer.recipient_id !== '' ? answer.recipient_id : undefined;
  return { providerMessageId: idOf(answer, 'message_id', 'Facebook private reply'), ...(recipientId ? { recipientId } : {}) };
}

/** Hide/unhide: `POST /{comment-id}` `{ is_hidden }`; delete: `DELETE /{comment-id}`. */
export async function moderateFacebookComment(
  action: ModerationAction,
  commentId: string,
  config: FacebookPageConfig,
  fetchImpl: typeof fetch,
): Promise<void> {
  const what = `Facebook comment ${action}`;
  const answer = await postToGraph(
    {
      method: action === 'delete' ? 'DELETE' : 'POST',
      apiBaseUrl: config.apiBaseUrl,
      path: `/${encodeURIComponent(commentId)}`,
      accessToken: config.pageAccessToken,
      ...(action !== 'delete' && { body: { is_hidden: action === 'hide' } }),
      what,
    },
    fetchImpl,
  );
  if (answer.success !== true) throw new PermanentSendError(`${what}: Graph did not answer success: ${JSON.stringify(answer).slice(0, 300)}`);
}

function idOf(answer: Record<string, unknown>, key: string, what: string): string {
  const id = answer[key];
  if (typeof id === 'string' && id !== '') return id;
  // Accepted but unidentified: retrying could post it twice.
  throw new PermanentSendError(`${what}: Graph answered without ${key}: ${JSON.stringify(answer).slice(0, 300)}`);
}

/**
 * The post a thread is about, as Graph tells it (`GET /{post-id}`): feed deliveries of comments
 * name the post and its link but not its text, author or pictures.
 */
export async function fetchFacebookPost(postId: string, config: FacebookPageConfig, fetchImpl: typeof fetch): Promise<PostContext> {
  const post = await postToGraph(
    {
      method: 'GET',
      apiBaseUrl: config.apiBaseUrl,
      path: `/${encodeURIComponent(postId)}?fields=message,permalink_url,from,full_picture,status_type`,
      accessToken: config.pageAccessToken,
      what: 'Facebook post lookup',
    },
    fetchImpl,
  );
  const text = typeof post.message === 'string' && post.message !== '' ? post.message : undefined;
  const link = typeof post.permalink_url === 'string' ? post.permalink_url : undefined;
  const from = isObject(post.from) && typeof post.from.id === 'string' ? post.from : undefined;
  const picture = typeof post.full_picture === 'string' ? post.full_picture : undefined;
  const type = typeof post.status_type === 'string' ? post.status_type : undefined;
  return {
    id: postId,
    ...(text && { text }),
    ...(link && { link }),
    ...(from && { author: { id: from.id as string, ...(typeof from.name === 'string' && { name: from.name }) } }),
    ...(type && { type }),
    ...(picture && { media: [{ type: 'image' as const, url: picture }] }),
  };
}
