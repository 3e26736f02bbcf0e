import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/app/config.js';

describe('e-mail configuration', () => {
  it('leaves e-mail off without SMTP_URL and uses a default From', () => {
    const config = loadConfig({});
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe('Switchboard <switchboard@localhost>');
  });

  it('takes an smtp or smtps URL and a From with or without a name', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://desk:secret@mail.example.com:465' }).smtpUrl).toBe('smtps://desk:secret@mail.example.com:465');
    expect(loadConfig({ MAIL_FROM: 'Support <support@example.com>' }).mailFrom).toBe('Support <support@example.com>');
    expect(loadConfig({ MAIL_FROM: 'support@example.com' }).mailFrom).toBe('support@example.com');
  });

  it('refuses a bad SMTP_URL naming the variable without echoing its password', () => {
    for (const bad of ['http://user:hunter2@mail.example.com', 'not a url hunter2', 'smtp://']) {
      let err: unknown;
      try {
        loadConfig({ SMTP_URL: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/^SMTP_URL must be/);
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('refuses a MAIL_FROM that is not an address', () => {
    expect(() => loadConfig({ MAIL_FROM: 'Support desk' })).toThrow(/MAIL_FROM must be an e-mail address/);
    expect(() => loadConfig({ MAIL_FROM: 'a@b.c, d@e.f' })).toThrow(ConfigError);
  });
});
