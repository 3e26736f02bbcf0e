// Generated webhook deliveries for every webhook endpoint: well-formed provider bodies with random
// content, the same bodies mutated, huge strings, unicode edge cases and deep nesting, each signed as
// the channel's provider would sign it (a few deliberately unsigned or mis-signed). Shared by
// `npm run fuzz` and the small run in `npm test`.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';

export interface FuzzChannel {
  type: string;
  id: string;
  config: Record<string, string>;
}

export interface FuzzTarget {
  name: string;
  url: string;
  /** Headers that sign `raw` for this endpoint. */
  sign(raw: string): Record<string, string>;
  body: fc.Arbitrary<unknown>;
}

const hex = (secret: string, raw: string) => createHmac('sha256', secret).update(raw).digest('hex');

/** Strings a parser or PostgreSQL may choke on: NUL, lone surrogates, RTL marks, emoji, combining marks, huge. */
export const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\u202e\u2066evil', '🧑‍🚀'.repeat(50), 'e\u0301\u0301\u0301', '\uFEFF', '\\u0000', '%00', "'; DROP TABLE messages; --", '') },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 600_000 }).map((n) => 'ü'.repeat(n)) },
);

/** JSON-able values, sometimes nested deep. */
const anyJson = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 1500 }).map((depth) => { let v: unknown = 'bottom'; for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }; return v; }) },
  { weight: 1, arbitrary: nastyString },
);

const id = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,24}$/), nastyString);

function sandboxMessage() {
  return fc.record(
    {
      id,
      from: fc.record({ id, name: fc.option(nastyString, { nil: undefined }) }, { requiredKeys: ['id'] }),
      text: nastyString,
      kind: fc.constantFrom('private', 'public', 'other'),
      postId: fc.option(id, { nil: undefined }),
      timestamp: fc.option(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), nastyString), { nil: undefined }),
    },
    { requiredKeys: ['id', 'from', 'text', 'kind'] },
  );
}

function metaEntry(object: string, routeKey: string) {
  const messaging = fc.record({
    sender: fc.record({ id }),
    recipient: fc.record({ id: fc.constant(routeKey) }),
    timestamp: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), anyJson),
    message: fc.record({ mid: id, text: fc.option(nastyString, { nil: undefined }), is_echo: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['mid'] }),
  });
  const change = fc.record({
    field: fc.constantFrom('feed', 'messages', 'comments', 'mentions'),
    value: fc.record({
      item: fc.constantFrom('comment', 'post', 'status'),
      verb: fc.constantFrom('add', 'edited', 'remove'),
      comment_id: id,
      post_id: id,
      message: nastyString,
      from: fc.record({ id, name: nastyString }),
      created_time: fc.integer({ min: 0, max: 4_102_444_800 }),
      messages: fc.array(fc.record({ id, from: id, timestamp: fc.string(), type: fc.constant('text'), text: fc.record({ body: nastyString }) }), { maxLength: 3 }),
    }, { requiredKeys: [] }),
  });
  return fc.record({
    object: fc.constant(object),
    entry: fc.array(fc.record({ id: fc.constant(routeKey), time: fc.integer(), messaging: fc.array(messaging, { maxLength: 3 }), changes: fc.array(change, { maxLength: 3 }) }, { requiredKeys: ['id'] }), { minLength: 1, maxLength: 3 }),
  });
}

function xEvent(userId: string) {
  return fc.record({
    for_user_id: fc.constant(userId),
    direct_message_events: fc.array(fc.record({ type: fc.constant('message_create'), id, created_timestamp: fc.string(), message_create: fc.record({ sender_id: id, target: fc.record({ recipient_id: fc.constant(userId) }), message_data: fc.record({ text: nastyString }) }) }), { maxLength: 3 }),
    tweet_create_events: fc.array(fc.record({ id_str: id, text: nastyString, user: fc.record({ id_str: id, name: nastyString }) }), { maxLength: 2 }),
  }, { requiredKeys: ['for_user_id'] });
}

/** A well-formed body, or one mutated: a field replaced by anything, fields dropped, or no JSON at all. */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const replaceOne = fc.tuple(valid, anyJson, fc.nat()).map(([v, junk, pick]) => {
    if (!v || typeof v !== 'object') return junk;
    const copy = structuredClone(v) as Record<string, unknown>;
    const keys = Object.keys(copy);
    if (keys.length) copy[keys[pick % keys.length]] = junk;
    return copy;
  });
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 3, arbitrary: replaceOne }, { weight: 1, arbitrary: anyJson });
}

export function targets(channels: FuzzChannel[]): FuzzTarget[] {
  const out: FuzzTarget[] = [];
  for (const c of channels) {
    const url = `/webhooks/${c.id}`;
    if (c.type === 'sandbox') {
      out.push({ name: `sandbox ${url}`, url, body: mutated(fc.oneof(sandboxMessage(), fc.record({ messages: fc.array(sandboxMessage(), { maxLength: 5 }) }))), sign: (raw) => ({ 'x-switchboard-signature': `sha256=${hex(c.config.secret, raw)}` }) });
    } else if (['messenger', 'facebook_page', 'instagram', 'whatsapp'].includes(c.type)) {
      const object = c.type === 'instagram' ? 'instagram' : c.type === 'whatsapp' ? 'whatsapp_business_account' : 'page';
      const routeKey = c.config.pageId ?? c.config.instagramAccountId ?? c.config.businessAccountId;
      out.push({ name: `${c.type} ${url}`, url, body: mutated(metaEntry(object, routeKey)), sign: (raw) => ({ 'x-hub-signature-256': `sha256=${hex(c.config.appSecret, raw)}` }) });
    } else if (c.type === 'x') {
      out.push({ name: `x ${url}`, url, body: mutated(xEvent(c.config.userId ?? '42')), sign: (raw) => ({ 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', c.config.consumerSecret).update(raw).digest('base64')}` }) });
    }
  }
  const meta = channels.find((c) => c.type === 'messenger');
  if (meta) {
    out.push({ name: 'meta /webhooks/meta', url: '/webhooks/meta', body: mutated(metaEntry('page', meta.config.pageId)), sign: (raw) => ({ 'x-hub-signature-256': `sha256=${hex(meta.config.appSecret, raw)}` }) });
  }
  return out;
}

/** A delivery: its raw bytes (usually JSON of the body, sometimes cut or not JSON) and whether to sign it right. */
export const delivery = (body: fc.Arbitrary<unknown>) =>
  fc.record({
    body,
    encoding: fc.constantFrom('json', 'json', 'json', 'json', 'json', 'json', 'truncated', 'garbage'),
    signature: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'wrong', 'missing'),
    garbage: fc.uint8Array({ maxLength: 200 }),
  }).map((d) => {
    let raw = JSON.stringify(d.body) ?? 'null';
    if (d.encoding === 'truncated') raw = raw.slice(0, Math.max(0, raw.length - 1 - (raw.length % 7)));
    if (d.encoding === 'garbage') raw = Buffer.from(d.garbage).toString('latin1');
    return { raw, signature: d.signature };
  });
