import { describe, expect, it } from 'vitest';
import { connectorTypes, getConnector } from '../../../connectors/index.js';

describe('connector registry', () => {
  it('knows the sandbox and Messenger channels by type', () => {
    expect(connectorTypes).toEqual(['sandbox', 'messenger', 'facebook_page', 'instagram', 'whatsapp', 'x', 'linkedin', 'email']);
    for (const type of connectorTypes) expect(getConnector(type)?.type).toBe(type);
  });

  it('knows no other type, not even Object.prototype members', () => {
    expect(getConnector('telegram')).toBeUndefined();
    expect(getConnector('constructor')).toBeUndefined();
    expect(getConnector('__proto__')).toBeUndefined();
  });
});
