// X DM sends: `POST /2/dm_conversations/with/{participant_id}/messages` `{ text }`. A 429 is X's
// rate limit (200 DM requests per 15 minutes per user): RateLimitedError retried when the window
// resets (`x-rate-limit-reset`, Unix seconds), never a failure.
// Reference: developer.x.com x-api direct-messages manage (POST), rate limits.
import { excerpt, requestJson } from '../shared/http.js';
import { isObject } from '../shared/json.js';
import { PermanentSendError, RateLimitedError, type OutboundMessage, type SendResult } from '../types.js';
import { DEFAULT_X_BASE_URL, type XConfig } from './config.js';
import { oauth1Header } from './oauth1.js';

export async function sendXMessage(message: OutboundMessage, config: XConfig, fetchImpl: typeof fetch): Promise<SendResult> {
  if (message.kind !== 'private') throw new PermanentSendError(`X conversations here are direct messages; cannot send a ${message.kind} message`);
  const base = (config.apiBaseUrl || DEFAULT_X_BASE_URL).replace(/\/+$/, '');
  const url = `${base}/2/dm_conversations/with/${encodeURIComponent(message.recipientId)}/messages`;
  const authorization =
    config.consumerKey && config.accessTokenSecret
      ? oauth1Header('POST', url, {
          consumerKey: config.consumerKey,
          consumerSecret: config.consumerSecret,
          token: config.accessToken,
          tokenSecret: config.accessTokenSecret,
        })
      : `Bearer ${config.accessToken}`;
  const res = await requestJson(fetchImpl, { method: 'POST', url, body: { text: message.text }, headers: { authorization }, redactedUrl: url });
  if (res.ok) {
    const data = isObject(res.json) && isObject(res.json.data) ? res.json.data : undefined;
    const id = data?.dm_event_id;
    if (typeof id === 'string' && id !== '') return { providerMessageId: id };
    // Accepted but unidentified: retrying could send it twice; the webhook's copy still arrives.
    throw new PermanentSendError(`X send: answered HTTP ${res.status} without data.dm_event_id (${excerpt(res.text) || 'empty body'})`);
  }
  const detail = `X send failed (HTTP ${res.status}): ${reason(res.json) ?? (excerpt(res.text) || '(empty body)')}`;
  if (res.status === 429) throw new RateLimitedError(detail, retryAfter(res.headers.get('x-rate-limit-reset'), new Date()));
  if (res.status >= 500) throw new Error(detail);
  throw new PermanentSendError(detail);
}

/** Seconds until the rate-limit window resets (at least 1); undefined when X did not say. */
export function retryAfter(reset: string | null, now: Date): number | undefined {
  if (!reset || !/^\d+$/.test(reset)) return undefined;
  return Math.max(1, Number(reset) - Math.floor(now.getTime() / 1000));
}

/** X v2 errors: `{ title, detail }` (problem JSON) or `{ errors: [{ message }] }`. */
function reason(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  if (typeof json.detail === 'string') return typeof json.title === 'string' ? `${json.title}: ${json.detail}` : json.detail;
  if (Array.isArray(json.errors) && isObject(json.errors[0]) && typeof json.errors[0].message === 'string') return json.errors[0].message;
  return typeof json.title === 'string' ? json.title : undefined;
}
