// Calls to LinkedIn's versioned REST API (Community Management): bearer token, LinkedIn-Version,
// Rest.li 2.0. Errors sorted into "retry later" and "will never work", like the other providers.
import { excerpt, requestJson, type JsonResponse } from '../shared/http.js';
import { isObject } from '../shared/json.js';
import { PermanentSendError, RateLimitedError } from '../types.js';
import { DEFAULT_LINKEDIN_BASE_URL, DEFAULT_LINKEDIN_VERSION, type LinkedInConfig } from './config.js';

export function organizationUrn(config: Pick<LinkedInConfig, 'organizationId'>): string {
  return config.organizationId.startsWith('urn:li:') ? config.organizationId : `urn:li:organization:${config.organizationId}`;
}

/** `method` `path` (below the base, query included); the JSON answer, or a sorted error. */
export async function linkedinCall(
  config: LinkedInConfig,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  what: string,
  fetchImpl: typeof fetch,
): Promise<JsonResponse> {
  const base = (config.apiBaseUrl || DEFAULT_LINKEDIN_BASE_URL).replace(/\/+$/, '');
  const res = await requestJson(fetchImpl, {
    method,
    url: `${base}${path}`,
    body,
    headers: {
      authorization: `Bearer ${config.accessToken}`,
      'linkedin-version': config.apiVersion || DEFAULT_LINKEDIN_VERSION,
      'x-restli-protocol-version': '2.0.0',
    },
    redactedUrl: `${base}${path}`,
  });
  if (res.ok) return res;
  const message = isObject(res.json) && typeof res.json.message === 'string' ? res.json.message : excerpt(res.text) || '(empty body)';
  const detail = `${what} failed (HTTP ${res.status}): ${message}`;
  if (res.status === 429) {
    const retry = res.headers.get('retry-after');
    throw new RateLimitedError(detail, retry && /^\d+$/.test(retry) ? Number(retry) : undefined);
  }
  if (res.status >= 500) throw new Error(detail);
  throw new PermanentSendError(detail);
}
