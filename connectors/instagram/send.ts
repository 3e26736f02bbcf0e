// Instagram sends: DMs through `POST /me/messages` within Meta's windows (../meta/window.ts),
// public replies under a comment (`POST /{comment-id}/replies`), private replies to a comment, and
// moderation (hide, unhide, delete). Reference: instagram-platform send-message, comment-moderation.
import { postToGraph } from '../meta/graph.js';
import { checkPrivateReply } from '../meta/private-reply.js';
import { chooseMetaMessagingMode } from '../meta/window.js';
import { PermanentSendError, type ModerationAction, type OutboundMessage, type PostContext, type PrivateReply, type SendResult } from '../types.js';
import { DEFAULT_INSTAGRAM_BASE_URL, type InstagramConfig } from './config.js';

const base = (config: InstagramConfig) => config.apiBaseUrl || DEFAULT_INSTAGRAM_BASE_URL;

export async function sendInstagramMessage(
  message: OutboundMessage,
  config: InstagramConfig,
  fetchImpl: typeof fetch,
): Promise<SendResult> {
  if (message.kind === 'public') return sendCommentReply(message, config, fetchImpl);
  const { messaging_type, ...tag } = chooseMetaMessagingMode(message, new Date(), 'Instagram');
  const answer = await postToGraph(
    {
      apiBaseUrl: base(config),
      path: '/me/messages',
      accessToken: config.accessToken,
      body: { recipient: { id: message.recipientId }, messaging_type, message: { text: message.text }, ...tag },
      what: 'Instagram send',
    },
    fetchImpl,
  );
  return { providerMessageId: idOf(answer, 'message_id', 'Instagram send') };
}

async function sendCommentReply(message: OutboundMessage, config: InstagramConfig, fetchImpl: typeof fetch): Promise<SendResult> {
  // Instagram nests replies one level: a reply goes under the comment answered, else on the media.
  const path = message.inReplyTo
    ? `/${encodeURIComponent(message.inReplyTo)}/replies`
    : message.postId
      ? `/${encodeURIComponent(message.postId)}/comments`
      : undefined;
  if (!path) throw new PermanentSendError('an Instagram comment reply needs the comment it answers (inReplyTo) or the media (postId)');
  const answer = await postToGraph(
    { apiBaseUrl: base(config), path, accessToken: config.accessToken, body: { message: message.text }, what: 'Instagram comment reply' },
    fetchImpl,
  );
  return { providerMessageId: idOf(answer, 'id', 'Instagram comment reply') };
}

/** `POST /me/messages` with `recipient: { comment_id }`: one per comment, within 7 days of it. */
export async function sendInstagramPrivateReply(reply: PrivateReply, config: InstagramConfig, fetchImpl: typeof fetch): Promise<SendResult> {
  checkPrivateReply(reply, new Date(), 'Instagram');
  const answer = await postToGraph(
    {
      apiBaseUrl: base(config),
      path: '/me/messages',
      accessToken: config.accessToken,
      body: { recipient: { comment_id: reply.commentId }, message: { text: reply.text } },
      what: 'Instagram private reply',
    },
    fetchImpl,
  );
  const recipientId = typeof answer.recipient_id === 'string' && answer.recipient_id !== '' ? answer.recipient_id : undefined;
  return { providerMessageId: idOf(answer, 'message_id', 'Instagram private reply'), ...(recipientId ? { recipientId } : {}) };
}

/** Hide/unhide: `POST /{comment-id}` `{ hide }`; delete: `DELETE /{comment-id}`. */
export async function moderateInstagramComment(
  action: ModerationAction,
  commentId: string,
  config: InstagramConfig,
  fetchImpl: typeof fetch,
): Promise<void> {
  const what = `Instagram comment ${action}`;
  const answer = await postToGraph(
    {
      method: action === 'delete' ? 'DELETE' : 'POST',
      apiBaseUrl: base(config),
      path: `/${encodeURIComponent(commentId)}`,
      accessToken: config.accessToken,
      ...(action !== 'delete' && { body: { hide: action === 'hide' } }),
      what,
    },
    fetchImpl,
  );
  if (answer.success !== true) throw new PermanentSendError(`${what}: Instagram did not answer success: ${JSON.stringify(answer).slice(0, 300)}`);
}

function idOf(answer: Record<string, unknown>, key: string, what: string): string {
  const id = answer[key];
  if (typeof id === 'string' && id !== '') return id;
  // Accepted but unidentified: retrying could send it twice; the echo can still reconcile it.
  throw new PermanentSendError(`${what}: answered without ${key}: ${JSON.stringify(answer).slice(0, 300)}`);
}

/** The media a comment thread is about (`GET /{media-id}`): comment deliveries name only its id and type. */
export async function fetchInstagramMedia(mediaId: string, config: InstagramConfig, fetchImpl: typeof fetch): Promise<PostContext> {
  const media = await postToGraph(
    {
      method: 'GET',
      apiBaseUrl: base(config),
      path: `/${encodeURIComponent(mediaId)}?fields=caption,permalink,media_type,media_url,thumbnail_url,username`,
      accessToken: config.accessToken,
      what: 'Instagram media lookup',
    },
    fetchImpl,
  );
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const type = str(media.media_type);
  const url = str(media.media_type === 'VIDEO' ? media.thumbnail_url : media.media_url) ?? str(media.media_url);
  const username = str(media.username);
  return {
    id: mediaId,
    ...(str(media.caption) && { text: str(media.caption) }),
    ...(str(media.permalink) && { link: str(media.permalink) }),
    ...(username && { author: { id: config.instagramAccountId, name: username } }),
    ...(type && { type }),
    ...(url && { media: [{ type: 'image' as const, url }] }),
  };
}
