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
