import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getConnector } from '../../../connectors/index.js';
import { metaRoutes, splitMetaDelivery } from '../../../connectors/meta/index.js';

const PAGE_A = '106954381234567';
const PAGE_B = '203040506070809';
const json = (dir: string, name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/${dir}/${name}.json`, import.meta.url), 'utf8'));
const receivedAt = new Date('2026-03-01T10:00:00.000Z');

// Configs whose only relevant part is the routing id; the rest is never read by parse.
const configFor = (type: string, routeKey: string): Record<string, unknown> => {
  const meta = { appSecret: 's', verifyToken: 'v' };
  switch (type) {
    case 'messenger':
    case 'facebook_page':
      return { ...meta, pageId: routeKey, pageAccessToken: 't' };
    case 'instagram':
      return { ...meta, instagramAccountId: routeKey, accessToken: 't' };
    default:
      return { ...meta, phoneNumberId: routeKey, businessAccountId: 'w', accessToken: 't' };
  }
};

describe('Meta delivery split per (channel type, routing id)', () => {
  it('gives a Page entry with DMs and feed changes to messenger and facebook_page separately', () => {
    const shares = splitMetaDelivery(json('facebook_page', 'batch-feed-and-messaging'));
    expect(shares.map((s) => [s.channelType, s.routeKey, s.delivery.entry.length])).toEqual([
      ['messenger', PAGE_A, 1],
      ['facebook_page', PAGE_A, 1],
      ['facebook_page', PAGE_B, 1],
    ]);
    const feed = shares[1].delivery.entry[0] as { changes: { field: string }[]; messaging?: unknown };
    // The ratings change of the same entry is nobody's.
    expect(feed.changes.map((c) => c.field)).toEqual(['feed']);
    expect(shares[0].delivery.entry[0]).not.toHaveProperty('changes');
  });

  it('routes Instagram by account (messages and comments) and WhatsApp by phone number id, change by change', () => {
    expect(metaRoutes(json('instagram', 'comments'))).toEqual([{ channelType: 'instagram', routeKey: '17841400000000001' }]);
    const whatsapp = splitMetaDelivery(json('whatsapp', 'two-numbers'));
    expect(whatsapp.map((s) => [s.channelType, s.routeKey])).toEqual([
      ['whatsapp', '106540352242922'],
      ['whatsapp', '106540352240000'],
    ]);
    for (const share of whatsapp) {
      const [entry] = share.delivery.entry as { id: string; changes: { value: { metadata: { phone_number_id: string } } }[] }[];
      expect(entry.id).toBe('102290129340398');
      expect(entry.changes.map((c) => c.value.metadata.phone_number_id)).toEqual([share.routeKey]);
    }
  });

  it("hands each owner exactly the events its parser takes from the whole delivery", () => {
    const deliveries = [
      json('facebook_page', 'batch-feed-and-messaging'),
      json('facebook_page', 'comments'),
      json('messenger', 'batch-two-pages'),
      json('messenger', 'standby'),
      json('instagram', 'messages'),
      json('instagram', 'comments'),
      json('whatsapp', 'two-numbers'),
      json('whatsapp', 'statuses'),
    ];
    for (const delivery of deliveries) {
      const whole = Buffer.from(JSON.stringify(delivery));
      const shares = splitMetaDelivery(delivery);
      expect(shares.length).toBeGreaterThan(0);
      for (const share of shares) {
        const connector = getConnector(share.channelType)!;
        const config = configFor(share.channelType, share.routeKey);
        expect(connector.routeKey?.(config)).toBe(share.routeKey);
        const fromShare = connector.parseEvents!(Buffer.from(JSON.stringify(share.delivery)), config, receivedAt);
        expect(fromShare, `${share.channelType} ${share.routeKey}`).toEqual(connector.parseEvents!(whole, config, receivedAt));
        expect(fromShare.length).toBeGreaterThan(0);
      }
    }
  });

  it('leaves out entries no channel can own', () => {
    expect(splitMetaDelivery({ object: 'page', entry: [{ id: PAGE_A, changes: [{ field: 'ratings' }] }, 'junk', { changes: [] }] })).toEqual([]);
    expect(splitMetaDelivery({ object: 'user', entry: [{ id: '1', changes: [{ field: 'name' }] }] })).toEqual([]);
  });
});
