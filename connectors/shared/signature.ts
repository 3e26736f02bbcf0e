// Signature and secret checks shared by the connectors. Every comparison is constant time so a
// forger cannot learn a valid signature (or verify token) byte by byte from response timings.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const SHA256_HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * True when `header` is `sha256=<hex HMAC-SHA256(secret, rawBody)>`. Computed over the raw bytes
 * as received: re-serialised JSON would differ (whitespace, `\/`, `\u00e9` escapes) and fail.
 */
export function hasValidSha256Signature(
  rawBody: Buffer,
  secret: string,
  header: string | undefined,
): boolean {
  if (!header || !secret) return false;
  const match = SHA256_HEADER.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(given, expected);
}

/** Constant-time equality of two strings of any length (hashing first equalises the lengths). */
export function safeEqualText(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * One header's value, looked up case-insensitively (Node lower-cases names, hand-built requests
 * may not). A header sent twice is ambiguous for a signature, so it counts as absent.
 */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
    return value;
  }
  return undefined;
}
