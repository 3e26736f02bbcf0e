// The one way connectors call a provider: POST JSON, read JSON back. Network failures become a
// plain Error (the send activity retries); each connector classifies HTTP statuses itself.

export interface JsonResponse {
  status: number;
  ok: boolean;
  /** The parsed body; undefined when it is empty or not JSON. */
  json: unknown;
  /** The raw text, for error messages when the body is not JSON. */
  text: string;
  /** Response headers (rate-limit resets). */
  headers: Headers;
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  /** Sent as JSON when present. */
  body?: unknown;
  headers?: Record<string, string>;
  /** What error messages show: the real URL may carry an access token. */
  redactedUrl: string;
}

/**
 * `redactedUrl` is what error messages show: the real URL may carry an access token.
 */
export async function postJson(
  fetchImpl: typeof fetch,
  url: string,
  body: unknown,
  redactedUrl: string,
): Promise<JsonResponse> {
  return requestJson(fetchImpl, { method: 'POST', url, body, redactedUrl });
}

/** Any method; a body is sent as JSON. */
export async function requestJson(fetchImpl: typeof fetch, req: JsonRequest): Promise<JsonResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(req.url, {
      method: req.method,
      headers: {
        accept: 'application/json',
        ...(req.body !== undefined && { 'content-type': 'application/json' }),
        ...req.headers,
      },
      ...(req.body !== undefined && { body: JSON.stringify(req.body) }),
    });
    text = await response.text();
  } catch (err) {
    throw new Error(`${req.method} ${req.redactedUrl} failed before a response: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, ok: response.ok, json, text, headers: response.headers };
}

/** A short excerpt of a response body for an error message. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
