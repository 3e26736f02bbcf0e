// Calls to the Graph API, with Meta's errors sorted into "retry later" and "will never work".
import { excerpt, requestJson } from '../shared/http.js';
import { isObject } from '../shared/json.js';
import { PermanentSendError, RateLimitedError } from '../types.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0';

/**
 * Graph error codes Meta documents as temporary: 1 and 2 (unknown / service unavailable, "retry
 * later"), 1200 (Messenger "temporary send message failure"); and its rate limits 4, 17, 32, 613
 * (RateLimitedError: the activity retries with backoff).
 */
const TRANSIENT_GRAPH_CODES = new Set([1, 2, 1200]);
const RATE_LIMIT_GRAPH_CODES = new Set([4, 17, 32, 613]);

export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
}

export interface GraphPost {
  /** POST when absent. */
  method?: 'GET' | 'POST' | 'DELETE';
  apiBaseUrl?: string;
  /** Path below the base URL, e.g. `/123/messages` (a query of its own allowed: `/123?fields=message`). */
  path: string;
  accessToken: string;
  body?: unknown;
  /** Graph error codes that mean "retry later" for this product, besides the common ones (WhatsApp 130429). */
  rateLimitCodes?: readonly number[];
  /** Names the call in error messages, e.g. "Messenger send". */
  what: string;
}

/**
 * POST to Graph with the token as the documented `access_token` query parameter. Resolves to the
 * JSON object answered; throws PermanentSendError for refusals, a plain Error for what may pass.
 */
export async function postToGraph(call: GraphPost, fetchImpl: typeof fetch): Promise<Record<string, unknown>> {
  const base = (call.apiBaseUrl || DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, '');
  const url = `${base}${call.path}${call.path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(call.accessToken)}`;
  // Never let the token reach a log line through an error message.
  const method = call.method ?? 'POST';
  const res = await requestJson(fetchImpl, { method, url, body: call.body, redactedUrl: `${base}${call.path}` });
  if (res.ok) {
    if (isObject(res.json)) return res.json;
    // Accepted, probably delivered: a retry could send it twice, so stop here (an echo carrying
    // our outbound id can still reconcile it).
    throw new PermanentSendError(
      `${call.what}: Graph answered HTTP ${res.status} without a JSON object (${excerpt(res.text) || 'empty body'}); the message may have been delivered`,
    );
  }

  const error = readGraphError(res.json);
  const code = error?.code;
  const codes = code === undefined ? '' : `, Graph error ${code}${error?.error_subcode ? `/${error.error_subcode}` : ''}`;
  const reason = error?.message ?? (excerpt(res.text) || '(empty body)');
  const trace = error?.fbtrace_id ? ` [fbtrace_id ${error.fbtrace_id}]` : '';
  const detail = `${call.what} failed (HTTP ${res.status}${codes}): ${reason}${trace}`;
  if (res.status === 429 || (code !== undefined && (RATE_LIMIT_GRAPH_CODES.has(code) || call.rateLimitCodes?.includes(code)))) {
    throw new RateLimitedError(detail);
  }
  const retryable = res.status >= 500 || res.status < 400 || (code !== undefined && TRANSIENT_GRAPH_CODES.has(code));
  throw retryable ? new Error(detail) : new PermanentSendError(detail, code);
}

function readGraphError(json: unknown): GraphError | undefined {
  if (!isObject(json) || !isObject(json.error)) return undefined;
  const e = json.error;
  return {
    message: typeof e.message === 'string' ? e.message : undefined,
    type: typeof e.type === 'string' ? e.type : undefined,
    code: typeof e.code === 'number' ? e.code : undefined,
    error_subcode: typeof e.error_subcode === 'number' ? e.error_subcode : undefined,
    fbtrace_id: typeof e.fbtrace_id === 'string' ? e.fbtrace_id : undefined,
  };
}
