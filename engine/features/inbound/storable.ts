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

/** The same for every kind of provider event: messages, their posts and replies, updates and statuses. */
export function overlongEventId(events: readonly object[]): string | undefined {
  for (const [i, e] of events.entries()) {
    const ids = e as { eventId?: unknown; providerMessageId?: unknown; outboundId?: unknown; threadKey?: unknown; inReplyTo?: unknown; postId?: unknown; post?: { id?: unknown }; contact?: { providerId?: unknown } };
    const named: [string, unknown][] = [
      ['event id', ids.eventId], ['message id', ids.providerMessageId], ['outbound id', ids.outboundId], ['thread', ids.threadKey],
      ['replied-to id', ids.inReplyTo], ['post id', ids.postId], ['post id', ids.post?.id], ['sender id', ids.contact?.providerId],
    ];
    for (const [name, value] of named) {
      if (typeof value === 'string' && value.length > MAX_ID_LENGTH) return `event ${i + 1}: the ${name} is ${value.length} characters long; ids of at most ${MAX_ID_LENGTH} are accepted`;
    }
  }
  return undefined;
}
