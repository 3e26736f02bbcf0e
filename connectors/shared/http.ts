// The one way connectors call a provider: POST JSON, read JSON back. Network failures become a
// plain Error (the send activity retries); each connector classifies HTTP statuses itself.

export interface JsonResponse {
  status: number;
  ok: boolean;
  /** The parsed body; undefined when it is empty or not JSON. */
  json: unknown;
  /** The raw text, for error messages when the body is not JSON. */
  text: string;
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
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    text = await response.text();
  } catch (err) {
    throw new Error(`POST ${redactedUrl} failed before a response: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, ok: response.ok, json, text };
}

/** A short excerpt of a response body for an error message. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
