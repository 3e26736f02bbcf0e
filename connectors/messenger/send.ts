// Messenger Send API, within Meta's messaging windows (../meta/window.ts).
import { postToGraph } from '../meta/graph.js';
import { chooseMetaMessagingMode, META_MESSAGING_POLICY, type MessagingMode } from '../meta/window.js';
import { PermanentSendError, type OutboundMessage, type SendResult } from '../types.js';
import type { MessengerConfig } from './config.js';

export const MESSENGER_POLICY = META_MESSAGING_POLICY;

export type { MessagingMode } from '../meta/window.js';

/** How this message may be sent now, or PermanentSendError saying which window closed when. */
export function chooseMessagingMode(message: Pick<OutboundMessage, 'lastCustomerMessageAt' | 'byHuman'>, now: Date): MessagingMode {
  return chooseMetaMessagingMode(message, now, 'Messenger');
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
