// The parser property for the connectors that predate the per-connector test files' own checks.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { messengerConnector } from '../../../connectors/messenger/index.js';
import { sandboxConnector } from '../../../connectors/sandbox/index.js';
import { checkParserProperty } from './payload-properties.js';

const receivedAt = new Date('2026-03-01T10:00:00.000Z');
const dir = new URL('../../fixtures/messenger/', import.meta.url);
const messengerFixtures = readdirSync(dir).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown);

describe('parser properties', () => {
  it('messenger: random and mutated deliveries never throw anything but MalformedPayloadError nor yield a half-parsed event', () => {
    const config = { pageId: '106954381234567', appSecret: 's', verifyToken: 'v', pageAccessToken: 't' };
    checkParserProperty((raw) => messengerConnector.parseEvents!(raw, config, receivedAt), messengerFixtures);
  });

  it('sandbox: the same for its JSON body', () => {
    const fixtures = [
      { id: 'm1', from: { id: 'u1', name: 'Ann' }, text: 'hi', kind: 'private' },
      { messages: [{ id: 'm2', from: { id: 'u2' }, text: 'on the post', kind: 'public', postId: 'p1', timestamp: '2026-03-01T09:00:00Z' }] },
    ];
    checkParserProperty((raw) => sandboxConnector.parse(raw, { secret: 's' }, receivedAt), fixtures);
  });
});
