// What every registered connector promises the engine, checked on each one's recorded payloads.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, connectorTypes, getConnector } from '../../../connectors/index.js';
import { isMessageEvent } from '../../../connectors/types.js';

const receivedAt = new Date('2026-03-01T10:00:00.000Z');

/** Channels that take no webhooks: their fixtures are API answers or mailbox messages. */
const POLLED = new Set(['linkedin', 'email']);

/** A valid config per type, with the routing ids the fixtures use. */
const configs: Record<string, Record<string, unknown>> = {
  sandbox: { secret: 's' },
  messenger: { pageId: '106954381234567', appSecret: 's', verifyToken: 'v', pageAccessToken: 't' },
  facebook_page: { pageId: '106954381234567', appSecret: 's', verifyToken: 'v', pageAccessToken: 't' },
  instagram: { instagramAccountId: '17841400000000001', appSecret: 's', verifyToken: 'v', accessToken: 't' },
  whatsapp: { phoneNumberId: '106540352242922', businessAccountId: '102290129340398', appSecret: 's', verifyToken: 'v', accessToken: 't' },
  x: { userId: '2244994945', consumerSecret: 's', accessToken: 't', consumerKey: 'k', accessTokenSecret: 'ts' },
  linkedin: { organizationId: '5515715', accessToken: 't' },
  email: { address: 'support@kettle.example', imapUrl: 'imaps://u:p@imap.example.com', smtpUrl: 'smtps://u:p@smtp.example.com' },
};

function webhookFixtures(type: string): Buffer[] {
  const dir = new URL(`../../fixtures/${type}/`, import.meta.url);
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(new URL(f, dir)));
  } catch {
    return [];
  }
}

describe('connector contract', () => {
  it('registers every channel type of the API contract', () => {
    expect([...connectorTypes].sort()).toEqual(Object.keys(configs).sort());
    expect([...CHANNEL_TYPES].sort()).toEqual(Object.keys(configs).sort());
  });

  for (const type of Object.keys(configs)) {
    const connector = getConnector(type)!;
    const config = configs[type];

    it(`${type}: accepts its documented config and names the key of each problem`, () => {
      expect(connector.validateConfig(config)).toEqual([]);
      expect(connector.validateConfig('nope')).toEqual([{ key: '', message: 'config must be an object' }]);
      const problems = connector.validateConfig({ ...config, typo: 1 });
      expect(problems.map((p) => p.key)).toContain('typo');
      for (const key of connector.secretKeys) expect(Object.keys(config)).toContain(key);
    });

    it(`${type}: parse is parseEvents' messages, on every recorded payload`, () => {
      if (POLLED.has(type)) {
        expect(connector.verify({ headers: {}, rawBody: Buffer.from('{}') }, config)).toBe(false);
        return;
      }
      expect(webhookFixtures(type).length).toBeGreaterThan(0);
      for (const raw of webhookFixtures(type)) {
        const messages = connector.parse(raw, config, receivedAt);
        if (connector.parseEvents) expect(connector.parseEvents(raw, config, receivedAt).filter(isMessageEvent)).toEqual(messages);
      }
    });
  }
});
