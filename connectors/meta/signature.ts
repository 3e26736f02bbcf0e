// Every Meta product (Messenger, Page feed, Instagram, WhatsApp) signs its webhooks the same way.
import { hasValidSha256Signature, headerValue } from '../shared/signature.js';
import type { WebhookRequest } from '../types.js';

export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`; missing or garbled: false. */
export function verifyMetaSignature(req: WebhookRequest, appSecret: string): boolean {
  return hasValidSha256Signature(req.rawBody, appSecret, headerValue(req.headers, META_SIGNATURE_HEADER));
}
