// Messenger Send API. Meta allows a Page to answer within 24 h of the customer's last message
// (messaging_type RESPONSE); after that only a human agent, for up to 7 days, with the
// HUMAN_AGENT tag. Automated messages never use that tag (Meta's message-tags policy).
import { postToGraph } from '../meta/graph.js';
import { PermanentSendError, type ChannelPolicy, type OutboundMessage, type SendResult } from '../types.js';
import type { MessengerConfig } from './config.js';

export const MESSENGER_POLICY = {
  standardWindowSeconds: 24 * 3600,
  humanAgentWindowSeconds: 7 * 24 * 3600,
} as const satisfies ChannelPolicy;

export type MessagingMode =
  | { messaging_type: 'RESPONSE' }
  | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

/** How this message may be sent now, or PermanentSendError saying which window closed when. */
export function chooseMessagingMode(
  message: Pick<OutboundMessage, 'lastCustomerMessageAt' | 'byHuman'>,
  now: Date,
): MessagingMode {
  if (!message.lastCustomerMessageAt) {
    throw new PermanentSendError('Messenger only allows replies to a customer who has written: lastCustomerMessageAt is missing');
  }
  const last = Date.parse(message.lastCustomerMessageAt);
  if (Number.isNaN(last)) {
    throw new PermanentSendError(`lastCustomerMessageAt is not an ISO instant: ${message.lastCustomerMessageAt}`);
  }
  const standardClose = new Date(last + MESSENGER_POLICY.standardWindowSeconds * 1000);
  const humanClose = new Date(last + MESSENGER_POLICY.humanAgentWindowSeconds * 1000);
  if (now < standardClose) return { messaging_type: 'RESPONSE' };
  if (now < humanClose) {
    if (message.byHuman) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    throw new PermanentSendError(
      `Messenger's 24-hour window closed at ${standardClose.toISOString()}: automated messages may not be sent after it ` +
        `(a human agent may still reply until ${humanClose.toISOString()})`,
    );
  }
  throw new PermanentSendError(
    `Messenger's 7-day human-agent window closed at ${humanClose.toISOString()} ` +
      `(the customer last wrote at ${new Date(last).toISOString()}): nothing can be sent until they write again`,
  );
}

export async function sendMessengerMessage(
  message: OutboundMessage,
  config: MessengerConfig,
  fetchImpl: typeof fetch,
): Promise<SendResult> {
  if (message.kind !== 'private') {
    throw new PermanentSendError(`Messenger conversations are private; cannot send a ${message.kind} message`);
  }
  const mode = chooseMessagingMode(message, new Date());
  const { messaging_type, ...tag } = mode;
  const body = {
    recipient: { id: message.recipientId },
    messaging_type,
    // metadata comes back in the echo, so the echo is matched to the record made before sending.
    message: { text: message.text, metadata: message.outboundId },
    ...tag,
  };
  const answer = await postToGraph(
    {
      apiBaseUrl: config.apiBaseUrl,
      path: `/${encodeURIComponent(config.pageId)}/messages`,
      accessToken: config.pageAccessToken,
      body,
      what: 'Messenger send',
    },
    fetchImpl,
  );
  if (typeof answer.message_id !== 'string' || answer.message_id === '') {
    // Accepted but unidentified: retrying could deliver it twice; the echo can still reconcile it.
    throw new PermanentSendError(`Messenger send: Graph answered without message_id: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  return { providerMessageId: answer.message_id };
}
