// Meta's subscription handshake: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…,
// answered with the challenge as plain text when the token is ours.
import { safeEqualText } from '../shared/signature.js';
import type { HandshakeResult } from '../types.js';

/** null when the request is not a Meta handshake at all. */
export function metaHandshake(
  query: Record<string, string | undefined>,
  verifyToken: string,
): HandshakeResult | null {
  if (query['hub.mode'] !== 'subscribe') return null;
  const token = query['hub.verify_token'];
  if (token === undefined || !verifyToken || !safeEqualText(token, verifyToken)) {
    return { status: 403, body: { message: "hub.verify_token does not match this channel's verifyToken" } };
  }
  const challenge = query['hub.challenge'];
  if (challenge === undefined || challenge === '') {
    return { status: 400, body: { message: 'hub.challenge is missing: Meta sends it with every handshake' } };
  }
  return { status: 200, body: challenge };
}
