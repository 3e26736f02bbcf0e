import { createHmac } from 'node:crypto';

export function hmacHex(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Headers of a sandbox delivery signed as api.md says. */
export function sandboxHeaders(secret: string, body: string) {
  return { 'content-type': 'application/json', 'x-switchboard-signature': `sha256=${hmacHex(secret, body)}` };
}

/** Headers of a Meta delivery signed with the app secret. */
export function metaHeaders(appSecret: string, body: string) {
  return { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${hmacHex(appSecret, body)}` };
}
