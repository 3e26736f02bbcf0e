// PostgreSQL cannot store a NUL character in text or jsonb, nor a lone UTF-16 surrogate in jsonb: a
// delivery holding one made the webhook answer 500 (found by `npm run fuzz`), so the provider would
// retry it forever. Such characters become U+FFFD, the Unicode replacement character, before storing.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)])) as T;
  }
  return value;
}

/** Ids longer than this are no provider's: PostgreSQL could not index them (a 500, found by fuzzing). */
export const MAX_ID_LENGTH = 1000;

/** The first id of a delivery too long to be a provider's, named for the 400 answer. */
export function overlongId(events: { providerMessageId: string; threadKey: string; contact: { providerId: string }; postId?: string }[]): string | undefined {
  for (const [i, e] of events.entries()) {
    for (const [name, value] of [['message id', e.providerMessageId], ['thread', e.threadKey], ['sender id', e.contact.providerId], ['post id', e.postId ?? '']] as const) {
      if (value.length > MAX_ID_LENGTH) return `event ${i + 1}: the ${name} is ${value.length} characters long; ids of at most ${MAX_ID_LENGTH} are accepted`;
    }
  }
  return undefined;
}
