// WhatsApp Cloud API sends: free-form text within the 24-hour customer-service window (refreshed
// by each customer message), approved templates at any time. Our outbound id rides along as
// `biz_opaque_callback_data`, which every status of the message hands back.
// Reference: whatsapp cloud-api reference/messages, guides/send-message-templates, error codes.
import { postToGraph } from '../meta/graph.js';
import { PermanentSendError, type ChannelPolicy, type OutboundMessage, type SendResult, type TemplateMessage } from '../types.js';
import type { WhatsAppConfig } from './config.js';

export const WHATSAPP_POLICY = { standardWindowSeconds: 24 * 3600 } as const satisfies ChannelPolicy;

/**
 * Throughput errors: 130429 (rate limit: 80 messages/s per number), 131056 (too many messages to one
 * customer), 80007 (business account rate limit). Retried with backoff.
 */
const RATE_LIMIT_CODES = [130429, 131056, 80007] as const;
/** "More than 24 hours since the customer last replied": Meta's own word that a template is needed. */
const REENGAGEMENT_CODE = 131047;

/** Free-form text refused because the 24-hour window is closed: only a template can go (sendTemplate). */
export class TemplateRequiredError extends PermanentSendError {
  override name = 'TemplateRequiredError';
}

export function checkWhatsAppWindow(message: Pick<OutboundMessage, 'lastCustomerMessageAt'>, now: Date): void {
  if (!message.lastCustomerMessageAt) {
    throw new TemplateRequiredError('WhatsApp: the customer has not written, so only an approved template can be sent');
  }
  const last = Date.parse(message.lastCustomerMessageAt);
  if (Number.isNaN(last)) throw new PermanentSendError(`lastCustomerMessageAt is not an ISO instant: ${message.lastCustomerMessageAt}`);
  const closes = new Date(last + WHATSAPP_POLICY.standardWindowSeconds * 1000);
  if (now >= closes) {
    throw new TemplateRequiredError(
      `WhatsApp's 24-hour customer service window closed at ${closes.toISOString()}: only an approved template can be sent until the customer writes again`,
    );
  }
}

export async function sendWhatsAppMessage(message: OutboundMessage, config: WhatsAppConfig, fetchImpl: typeof fetch): Promise<SendResult> {
  if (message.kind !== 'private') throw new PermanentSendError(`WhatsApp conversations are private; cannot send a ${message.kind} message`);
  checkWhatsAppWindow(message, new Date());
  return post(
    config,
    { messaging_product: 'whatsapp', to: message.recipientId, type: 'text', text: { body: message.text }, biz_opaque_callback_data: message.outboundId },
    'WhatsApp send',
    fetchImpl,
  );
}

export async function sendWhatsAppTemplate(template: TemplateMessage, config: WhatsAppConfig, fetchImpl: typeof fetch): Promise<SendResult> {
  if (!template.name) throw new PermanentSendError('a WhatsApp template send needs the template name');
  if (!template.language) throw new PermanentSendError('a WhatsApp template send needs the language code of an approved translation, e.g. en_US');
  return post(
    config,
    {
      messaging_product: 'whatsapp',
      to: template.recipientId,
      type: 'template',
      template: { name: template.name, language: { code: template.language }, ...(template.components && { components: template.components }) },
      biz_opaque_callback_data: template.outboundId,
    },
    'WhatsApp template send',
    fetchImpl,
  );
}

async function post(config: WhatsAppConfig, body: Record<string, unknown>, what: string, fetchImpl: typeof fetch): Promise<SendResult> {
  let answer: Record<string, unknown>;
  try {
    answer = await postToGraph(
      {
        apiBaseUrl: config.apiBaseUrl,
        path: `/${encodeURIComponent(config.phoneNumberId)}/messages`,
        accessToken: config.accessToken,
        body,
        rateLimitCodes: RATE_LIMIT_CODES,
        what,
      },
      fetchImpl,
    );
  } catch (err) {
    if (err instanceof PermanentSendError && err.providerCode === REENGAGEMENT_CODE) throw new TemplateRequiredError(err.message, err.providerCode);
    throw err;
  }
  const messages = Array.isArray(answer.messages) ? answer.messages : [];
  const id = messages[0] && typeof messages[0] === 'object' ? (messages[0] as Record<string, unknown>).id : undefined;
  if (typeof id !== 'string' || id === '') {
    // Accepted but unidentified: retrying could deliver it twice; statuses still carry our outbound id.
    throw new PermanentSendError(`${what}: answered without messages[0].id: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  return { providerMessageId: id };
}

export interface WhatsAppMedia {
  /** Short-lived download URL; fetch it with the same token (Authorization: Bearer). */
  url: string;
  mimeType?: string;
  size?: number;
}

/** Where a received medium can be downloaded (`GET /{media-id}`): messages carry only its id. */
export async function whatsappMediaUrl(mediaId: string, config: WhatsAppConfig, fetchImpl: typeof fetch): Promise<WhatsAppMedia> {
  const media = await postToGraph(
    { method: 'GET', apiBaseUrl: config.apiBaseUrl, path: `/${encodeURIComponent(mediaId)}`, accessToken: config.accessToken, what: 'WhatsApp media lookup' },
    fetchImpl,
  );
  if (typeof media.url !== 'string' || media.url === '') throw new PermanentSendError(`WhatsApp media lookup: no url for ${mediaId}`);
  return {
    url: media.url,
    ...(typeof media.mime_type === 'string' && { mimeType: media.mime_type }),
    ...(typeof media.file_size === 'number' && { size: media.file_size }),
  };
}
