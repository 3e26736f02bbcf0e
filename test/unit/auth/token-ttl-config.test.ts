import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/app/config.js';

describe('SWITCHBOARD_TOKEN_TTL', () => {
  it('defaults to 12 hours', () => {
    expect(loadConfig({}).tokenTtlMs).toBe(12 * 3600 * 1000);
  });

  it('takes seconds, or a number with s, m, h or d', () => {
    expect(loadConfig({ SWITCHBOARD_TOKEN_TTL: '3600' }).tokenTtlMs).toBe(3600 * 1000);
    expect(loadConfig({ SWITCHBOARD_TOKEN_TTL: '90s' }).tokenTtlMs).toBe(90 * 1000);
    expect(loadConfig({ SWITCHBOARD_TOKEN_TTL: '30m' }).tokenTtlMs).toBe(30 * 60 * 1000);
    expect(loadConfig({ SWITCHBOARD_TOKEN_TTL: '8h' }).tokenTtlMs).toBe(8 * 3600 * 1000);
    expect(loadConfig({ SWITCHBOARD_TOKEN_TTL: '7d' }).tokenTtlMs).toBe(7 * 86400 * 1000);
  });

  it('refuses a malformed, too short or too long duration, naming the variable', () => {
    for (const bad of ['soon', '12 hours', '-5m', '1.5h', '30s', '0', '400d']) {
      expect(() => loadConfig({ SWITCHBOARD_TOKEN_TTL: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ SWITCHBOARD_TOKEN_TTL: bad }), bad).toThrow(/^SWITCHBOARD_TOKEN_TTL must be a duration from 1 minute to 365 days.*got "/);
    }
  });
});
