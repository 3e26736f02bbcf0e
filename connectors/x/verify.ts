// X's Account Activity API security: the CRC check (GET ?crc_token=…, answered within 3 s with
// `sha256=` + base64 HMAC-SHA256 of the token under the consumer secret) and the
// `x-twitter-webhooks-signature` on every POST, the same HMAC over the raw body.
// Reference: developer.x.com account-activity-api securing-webhooks.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue } from '../shared/signature.js';
import type { HandshakeResult, WebhookRequest } from '../types.js';

export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

const BASE64_SHA256 = /^sha256=([A-Za-z0-9+/]{43}=)$/;

export function xCrcResponse(query: Record<string, string | undefined>, consumerSecret: string): HandshakeResult | null {
  const token = query.crc_token;
  if (token === undefined) return null;
  if (token === '' || !consumerSecret) return { status: 400, body: { message: 'crc_token is empty: X sends a token to sign' } };
  return { status: 200, body: { response_token: `sha256=${createHmac('sha256', consumerSecret).update(token).digest('base64')}` } };
}

export function verifyXSignature(req: WebhookRequest, consumerSecret: string): boolean {
  const header = headerValue(req.headers, X_SIGNATURE_HEADER);
  if (!header || !consumerSecret) return false;
  const match = BASE64_SHA256.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1], 'base64');
  const expected = createHmac('sha256', consumerSecret).update(req.rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
