// Values encrypted at rest: AES-256-GCM (Node's crypto) with a fresh 96-bit IV per value, in a
// compact string that fits the columns the values already live in (text, or a string inside jsonb):
//
//   sb1:<keyId>:<iv>:<tag>:<ciphertext>     a text
//   sb1j:<keyId>:<iv>:<tag>:<ciphertext>    a JSON value (attachments), restored as that value
//
// (iv, tag and ciphertext in base64url). The prefix tells a sealed value from plaintext written
// before encryption existed, the key id says which key of the keyring opens it (so keys rotate),
// and "1" is the format version. The prefix and key id are the GCM associated data: a value moved
// to another key id or kind fails to open instead of decrypting to garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

export type SealedKind = 'text' | 'json';

const PREFIX: Record<SealedKind, string> = { text: 'sb1', json: 'sb1j' };
const IV_BYTES = 12;

/** One sealed value, anchored (the whole string), with its parts captured. */
const WHOLE = /^(sb1j?):([A-Za-z0-9_-]{1,40}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;
/** Sealed values anywhere in a string (SQL may copy one into a larger text, e.g. an e-mail body). */
export const SEALED_ANYWHERE = /(sb1j?):([A-Za-z0-9_-]{1,40}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)/g;

export class SealedValueError extends Error {
  override name = 'SealedValueError';
}

/** The value is sealed under a key this process does not hold. */
export class UnknownKeyError extends SealedValueError {
  override name = 'UnknownKeyError';
  constructor(readonly keyId: string, known: string[]) {
    super(`value is encrypted with key "${keyId}", which is not in the keyring (keys held: ${known.join(', ') || 'none'}); ` +
      'add that key (the data folder\'s key file, or SWITCHBOARD_KEY / SWITCHBOARD_OLD_KEYS) to read it');
  }
}

export function isSealed(value: unknown): boolean {
  return typeof value === 'string' && WHOLE.test(value);
}

/** The key id a sealed value names, or undefined for plaintext. */
export function keyIdOf(value: string): string | undefined {
  return WHOLE.exec(value)?.[2];
}

function sealBytes(ring: Keyring, kind: SealedKind, plain: Buffer): string {
  const { id, key } = ring.current;
  const header = `${PREFIX[kind]}:${id}`;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(header));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${header}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
}

export function sealText(ring: Keyring, text: string): string {
  return sealBytes(ring, 'text', Buffer.from(text, 'utf8'));
}

export function sealJson(ring: Keyring, value: unknown): string {
  return sealBytes(ring, 'json', Buffer.from(JSON.stringify(value), 'utf8'));
}

function openParts(ring: Keyring, prefix: string, keyId: string, iv: string, tag: string, ct: string): Buffer {
  const key = ring.key(keyId);
  if (!key) throw new UnknownKeyError(keyId, ring.ids());
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`${prefix}:${keyId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  } catch {
    throw new SealedValueError(`value sealed with key "${keyId}" does not authenticate: it was altered, or the key of that id is not the one it was sealed with`);
  }
}

/**
 * The plaintext of a sealed value (a string for text, the value for JSON); plaintext comes back
 * as it is. Throws UnknownKeyError or SealedValueError (tampered) with a message saying which.
 */
export function open(ring: Keyring, value: string): unknown {
  const m = WHOLE.exec(value);
  if (!m) {
    if (value.startsWith('sb1:') || value.startsWith('sb1j:')) throw new SealedValueError('value starts like a sealed value but is not one (truncated or malformed)');
    return value;
  }
  const plain = openParts(ring, m[1], m[2], m[3], m[4], m[5]).toString('utf8');
  return m[1] === 'sb1j' ? JSON.parse(plain) : plain;
}

/**
 * Opens every sealed value in a string read from the database, without throwing: a whole sealed
 * value becomes its plaintext (or JSON value), sealed values inside a longer text are replaced by
 * their text. A value that does not open (a key not held, or a customer's text that merely looks
 * like one) is left as it is, and `onFailure` hears why.
 */
export function openLenient(ring: Keyring, value: string, onFailure?: (err: Error) => void): unknown {
  if (!value.includes('sb1')) return value;
  const whole = WHOLE.exec(value);
  if (whole) {
    try {
      return open(ring, value);
    } catch (err) {
      onFailure?.(err as Error);
      return value;
    }
  }
  return value.replace(SEALED_ANYWHERE, (token, prefix: string, keyId: string, iv: string, tag: string, ct: string) => {
    try {
      return openParts(ring, prefix, keyId, iv, tag, ct).toString('utf8');
    } catch (err) {
      onFailure?.(err as Error);
      return token;
    }
  });
}
