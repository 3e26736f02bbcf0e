// Sandbox replies: POSTed as JSON to replyUrl when one is set, so a test or a demo can watch
// them; otherwise only stored by the engine.
import { excerpt, postJson } from '../shared/http.js';
import { isObject } from '../shared/json.js';
import { PermanentSendError, type OutboundMessage, type SendResult } from '../types.js';
import type { SandboxConfig } from './config.js';

export async function sendSandboxReply(
  message: OutboundMessage,
  config: SandboxConfig,
  fetchImpl: typeof fetch,
): Promise<SendResult> {
  const fallbackId = `sandbox:${message.outboundId}`;
  if (!config.replyUrl) return { providerMessageId: fallbackId };

  const body = { to: message.recipientId, text: message.text, outboundId: message.outboundId };
  const res = await postJson(fetchImpl, config.replyUrl, body, config.replyUrl);
  if (!res.ok) {
    const detail = `replyUrl answered HTTP ${res.status}: ${excerpt(res.text) || '(empty body)'}`;
    // 408 and 429 mean "later", like 5xx; any other 4xx means this request will never succeed.
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429 || res.status < 400;
    throw retryable ? new Error(detail) : new PermanentSendError(detail);
  }
  const id = isObject(res.json) ? res.json.id : undefined;
  const providerMessageId = typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : fallbackId;
  return { providerMessageId };
}
