// Meta's messaging windows (Messenger, Instagram): answer within 24 h of the customer's last message
// (messaging_type RESPONSE); after that only a human agent, for up to 7 days, with the HUMAN_AGENT
// tag. Automated messages never use that tag (Meta's message-tags policy).
import { PermanentSendError, type ChannelPolicy, type OutboundMessage } from '../types.js';

export const META_MESSAGING_POLICY = {
  standardWindowSeconds: 24 * 3600,
  humanAgentWindowSeconds: 7 * 24 * 3600,
} as const satisfies ChannelPolicy;

export type MessagingMode =
  | { messaging_type: 'RESPONSE' }
  | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

/** How this message may be sent now, or PermanentSendError saying which window closed when. */
export function chooseMetaMessagingMode(
  message: Pick<OutboundMessage, 'lastCustomerMessageAt' | 'byHuman'>,
  now: Date,
  product: string,
): MessagingMode {
  if (!message.lastCustomerMessageAt) {
    throw new PermanentSendError(`${product} only allows replies to a customer who has written: lastCustomerMessageAt is missing`);
  }
  const last = Date.parse(message.lastCustomerMessageAt);
  if (Number.isNaN(last)) {
    throw new PermanentSendError(`lastCustomerMessageAt is not an ISO instant: ${message.lastCustomerMessageAt}`);
  }
  const standardClose = new Date(last + META_MESSAGING_POLICY.standardWindowSeconds * 1000);
  const humanClose = new Date(last + META_MESSAGING_POLICY.humanAgentWindowSeconds * 1000);
  if (now < standardClose) return { messaging_type: 'RESPONSE' };
  if (now < humanClose) {
    if (message.byHuman) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    throw new PermanentSendError(
      `${product}'s 24-hour window closed at ${standardClose.toISOString()}: automated messages may not be sent after it ` +
        `(a human agent may still reply until ${humanClose.toISOString()})`,
    );
  }
  throw new PermanentSendError(
    `${product}'s 7-day human-agent window closed at ${humanClose.toISOString()} ` +
      `(the customer last wrote at ${new Date(last).toISOString()}): nothing can be sent until they write again`,
  );
}
