// Shared property check for every connector's parser: random and mutated provider payloads never
// throw anything but MalformedPayloadError and never yield a half-parsed event.
import fc from 'fast-check';
import { expect } from 'vitest';
import { MalformedPayloadError, type ProviderEvent } from '../../../connectors/types.js';

const DELETE = Symbol('delete');
type Json = unknown;

/** Every path (list of keys) in a JSON value, the root included. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** A copy of `value` with the node at `path` replaced (or removed). */
function mutate(value: Json, path: (string | number)[], replacement: Json | typeof DELETE): Json {
  if (path.length === 0) return replacement === DELETE ? null : replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === DELETE) copy.splice(head as number, 1);
    else copy[head as number] = mutate(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  if (rest.length === 0 && replacement === DELETE) delete copy[head as string];
  else copy[head as string] = mutate(copy[head as string], rest, replacement);
  return copy;
}

/** Payloads: the fixtures with 1–4 nodes replaced by random JSON (or removed), and random JSON. */
export function payloadArbitrary(fixtures: Json[]): fc.Arbitrary<Json> {
  const replacement = fc.oneof(
    fc.constant(DELETE),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, '', 0, -1, 1e20, 'x', [], {}, true, '2025-13-45', '99999999999999999999'),
  );
  const mutated = fc
    .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 4 }))
    .map(([fixture, edits]) =>
      edits.reduce<Json>((doc, [n, r]) => {
        const all = paths(doc);
        return mutate(doc, all[n % all.length], r);
      }, fixture),
    );
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) });
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const nonEmpty = (v: unknown) => typeof v === 'string' && v !== '';

/** Every required field present and well-typed: what the engine may store without checking again. */
export function assertWhole(event: ProviderEvent): void {
  expect(ISO.test(event.at), `at ${event.at}`).toBe(true);
  expect(nonEmpty(event.providerMessageId), 'providerMessageId').toBe(true);
  if (event.event === 'update') {
    expect(['edited', 'removed', 'hidden', 'unhidden', 'reaction']).toContain(event.change);
    expect(nonEmpty(event.eventId), 'eventId').toBe(true);
    expect(['private', 'public']).toContain(event.kind);
    if (event.threadKey !== undefined) expect(nonEmpty(event.threadKey), 'threadKey').toBe(true);
    if (event.text !== undefined) expect(typeof event.text).toBe('string');
    if (event.attachments !== undefined) expect(Array.isArray(event.attachments)).toBe(true);
    return;
  }
  if (event.event === 'status') {
    expect(['sent', 'delivered', 'read', 'failed']).toContain(event.status);
    expect(nonEmpty(event.eventId), 'eventId').toBe(true);
    expect(nonEmpty(event.recipientId), 'recipientId').toBe(true);
    return;
  }
  expect(nonEmpty(event.threadKey), 'threadKey').toBe(true);
  expect(['private', 'public']).toContain(event.kind);
  expect(['in', 'out']).toContain(event.direction);
  expect(nonEmpty(event.contact.providerId), 'contact.providerId').toBe(true);
  if (event.contact.name !== undefined) expect(typeof event.contact.name).toBe('string');
  expect(typeof event.text).toBe('string');
  expect(Array.isArray(event.attachments)).toBe(true);
  for (const a of event.attachments) expect(['image', 'video', 'audio', 'file', 'location', 'fallback']).toContain(a.type);
  if (event.kind === 'public') expect(nonEmpty(event.postId), 'postId of a public event').toBe(true);
  if (event.post !== undefined) expect(nonEmpty(event.post.id), 'post.id').toBe(true);
}

/** Runs the property: `parse` of any payload returns whole events or throws MalformedPayloadError. */
export function checkParserProperty(parse: (raw: Buffer) => ProviderEvent[], fixtures: Json[], numRuns = 400): void {
  fc.assert(
    fc.property(payloadArbitrary(fixtures), (payload) => {
      let events: ProviderEvent[];
      try {
        events = parse(Buffer.from(JSON.stringify(payload)));
      } catch (err) {
        if (err instanceof MalformedPayloadError) return;
        throw err;
      }
      expect(Array.isArray(events)).toBe(true);
      for (const e of events) assertWhole(e);
    }),
    { numRuns },
  );
}
