// SWITCHBOARD_KEY and SWITCHBOARD_OLD_KEYS as `npm start` reads them: a bad value stops start-up
// with a message naming the variable, and never the key itself.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/app/config.js';

const key = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64');

describe('encryption key configuration', () => {
  it('is optional: without it the data folder supplies the key', () => {
    const config = loadConfig({});
    expect(config.encryptionKey).toBeUndefined();
    expect(config.oldEncryptionKeys).toEqual([]);
  });

  it('reads the current key with its id, and older keys separated by commas', () => {
    const config = loadConfig({ SWITCHBOARD_KEY: `2026-q4:${key(1)}`, SWITCHBOARD_OLD_KEYS: `2026-q3:${key(2)}, ${key(3)}` });
    expect(config.encryptionKey).toEqual({ id: '2026-q4', key: Buffer.alloc(32, 1) });
    expect(config.oldEncryptionKeys.map((k) => k.id)).toEqual(['2026-q3', expect.stringMatching(/^env-/)]);
  });

  it('refuses a key of the wrong size or a bad id, naming the variable and not echoing the key', () => {
    const short = key(9, 16);
    expect(() => loadConfig({ SWITCHBOARD_KEY: short })).toThrow(ConfigError);
    expect(() => loadConfig({ SWITCHBOARD_KEY: short })).toThrow(/^SWITCHBOARD_KEY must be 32 random bytes in base64/);
    try {
      loadConfig({ SWITCHBOARD_KEY: short });
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
    }
    expect(() => loadConfig({ SWITCHBOARD_OLD_KEYS: `${key(1)},nope` })).toThrow(/SWITCHBOARD_OLD_KEYS \(key 2\) must be 32 random bytes/);
    expect(() => loadConfig({ SWITCHBOARD_KEY: `a b:${key(1)}` })).toThrow(/SWITCHBOARD_KEY: the key id before ":"/);
  });
});
