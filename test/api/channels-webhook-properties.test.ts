// Property of every webhook endpoint, through the real HTTP endpoint and database: random and
// mutated provider payloads with valid signatures never get a 5xx, and never leave a half-parsed
// message behind: a refused delivery stores nothing, an accepted one stores only whole rows.
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { metaHeaders, sandboxHeaders } from '../support/signing.js';
import { payloadArbitrary } from '../unit/connectors/payload-properties.js';

const fixtures = (type: string) => {
  const dir = new URL(`../fixtures/${type}/`, import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown);
};

const META_SECRET = 'meta-app-secret';
const X_SECRET = 'x-secret';
const SANDBOX_SECRET = 'sandbox-secret';
const xHeaders = (body: string) => ({ 'content-type': 'application/json', 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', X_SECRET).update(body).digest('base64')}` });

// Where nothing listens on loopback: lookups the threads cause (post context) fail at once, never leave the machine.
const NOWHERE = 'http://127.0.0.1:9';

const CHANNELS = {
  messenger: { pageId: '106954381234567', appSecret: META_SECRET, verifyToken: 'v', pageAccessToken: 't', apiBaseUrl: NOWHERE },
  facebook_page: { pageId: '106954381234567', appSecret: META_SECRET, verifyToken: 'v', pageAccessToken: 't', apiBaseUrl: NOWHERE },
  instagram: { instagramAccountId: '17841400000000001', appSecret: META_SECRET, verifyToken: 'v', accessToken: 't', apiBaseUrl: NOWHERE },
  whatsapp: { phoneNumberId: '106540352242922', businessAccountId: '102290129340398', appSecret: META_SECRET, verifyToken: 'v', accessToken: 't', apiBaseUrl: NOWHERE },
  x: { userId: '2244994945', consumerSecret: X_SECRET, accessToken: 't', apiBaseUrl: NOWHERE },
  sandbox: { secret: SANDBOX_SECRET },
} as const;

const SANDBOX_FIXTURES = [
  { id: 'm1', from: { id: 'u1', name: 'Ann' }, text: 'hi', kind: 'private' },
  { id: 'm2', from: { id: 'u2' }, text: 'on the post', kind: 'public', postId: 'p1', timestamp: '2026-03-01T09:00:00Z' },
];

describe('every webhook endpoint under random and mutated signed payloads', () => {
  let stack: ApiStack;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startApiStack();
    for (const [type, config] of Object.entries(CHANNELS)) {
      const res = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type, name: type, config } });
      expect(res.status, res.text).toBe(201);
      ids[type] = res.body.id;
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Row counts of everything a delivery writes, read in one statement (one snapshot). */
  const counts = async () => (await stack.services.db.raw(
    `SELECT (SELECT count(*) FROM messages)::int AS messages, (SELECT count(*) FROM message_events)::int AS events,
            (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM contacts WHERE attributes <> '{}')::int AS profiles`,
  )).rows[0];

  /** Messages that miss what the engine relies on: a thread, a customer, a provider id, an instant, a post
   * for a public one, attachments as a list (read through the database layer: a private message's
   * attachments are stored sealed). */
  const halfParsed = async () => {
    const { rows } = await stack.services.db.raw(
      `SELECT attachments, (thread_key = '' OR contact_provider_id = '' OR provider_message_id IS NULL OR provider_message_id = ''
              OR at IS NULL OR (kind = 'public' AND coalesce(post_id, '') = '')) AS broken
         FROM messages WHERE direction = 'in'`,
    );
    return rows.filter((r: { attachments: unknown; broken: boolean }) => r.broken || !Array.isArray(r.attachments)).length;
  };

  async function check(url: string, sign: (body: string) => Record<string, string>, docs: unknown[]) {
    await fc.assert(
      fc.asyncProperty(payloadArbitrary(docs), async (payload) => {
        const body = JSON.stringify(payload);
        const before = await counts();
        const res = await stack.request('POST', url, { payload: body, headers: sign(body) });
        expect(res.status, res.text).toBeLessThan(500);
        if (res.status !== 200) expect(await counts()).toEqual(before);
        expect(await halfParsed()).toBe(0);
      }),
      { numRuns: 60 },
    );
  }

  it('facebook_page: never 5xx, nothing half stored', async () => {
    await check(`/webhooks/${ids.facebook_page}`, (b) => metaHeaders(META_SECRET, b), fixtures('facebook_page'));
  });

  it('instagram: never 5xx, nothing half stored', async () => {
    await check(`/webhooks/${ids.instagram}`, (b) => metaHeaders(META_SECRET, b), fixtures('instagram'));
  });

  it('whatsapp: never 5xx, nothing half stored', async () => {
    await check(`/webhooks/${ids.whatsapp}`, (b) => metaHeaders(META_SECRET, b), fixtures('whatsapp'));
  });

  it('messenger: never 5xx, nothing half stored', async () => {
    await check(`/webhooks/${ids.messenger}`, (b) => metaHeaders(META_SECRET, b), fixtures('messenger'));
  });

  it("Meta's app-wide /webhooks/meta: never 5xx, nothing half stored", async () => {
    await check('/webhooks/meta', (b) => metaHeaders(META_SECRET, b), [...fixtures('facebook_page'), ...fixtures('instagram'), ...fixtures('whatsapp'), ...fixtures('messenger')]);
  });

  it('x: never 5xx, nothing half stored', async () => {
    await check(`/webhooks/${ids.x}`, xHeaders, fixtures('x'));
  });

  it('sandbox: never 5xx, nothing half stored', async () => {
    await check(`/webhooks/${ids.sandbox}`, (b) => sandboxHeaders(SANDBOX_SECRET, b), SANDBOX_FIXTURES);
  });

  it('stored the well-formed deliveries among them (the property saw accepted payloads, not only refusals)', async () => {
    expect((await counts()).messages).toBeGreaterThan(0);
  });
});
