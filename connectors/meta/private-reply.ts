// Meta's private replies to public comments (Facebook Page and Instagram): one per comment, within
// 7 days of it. Reference: messenger-platform discovery/private-replies.
import { PermanentSendError, type PrivateReply } from '../types.js';

export const PRIVATE_REPLY_WINDOW_SECONDS = 7 * 24 * 3600;

/** Whether a private reply may be sent now; PermanentSendError saying why not otherwise. */
export function checkPrivateReply(
  reply: Pick<PrivateReply, 'commentAt' | 'privateReplySentAt'>,
  now: Date,
  product = 'Facebook',
): void {
  if (reply.privateReplySentAt) {
    throw new PermanentSendError(
      `${product} allows one private reply per comment and one was already sent at ${reply.privateReplySentAt}: continue in the private conversation`,
    );
  }
  const commentAt = Date.parse(reply.commentAt);
  if (Number.isNaN(commentAt)) throw new PermanentSendError(`commentAt is not an ISO instant: ${reply.commentAt}`);
  const closes = new Date(commentAt + PRIVATE_REPLY_WINDOW_SECONDS * 1000);
  if (now >= closes) {
    throw new PermanentSendError(`${product} allows a private reply within 7 days of the comment; that closed at ${closes.toISOString()}`);
  }
}
