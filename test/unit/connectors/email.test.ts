import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailConnector as email, parseEmailMessage, type EmailConfig } from '../../../connectors/email/index.js';
import { getConnector } from '../../../connectors/index.js';
import { MalformedPayloadError, PermanentSendError, type OutboundMessage } from '../../../connectors/types.js';
import { startSmtpStand, type SmtpStand } from '../../support/smtp.js';
import { assertWhole } from './payload-properties.js';

const config: EmailConfig = {
  address: 'support@kettle.example',
  imapUrl: 'imaps://support%40kettle.example:pw@imap.kettle.example:993',
  smtpUrl: 'smtps://support%40kettle.example:pw@smtp.kettle.example:465',
};
const receivedAt = new Date('2026-03-01T10:00:00.000Z');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/email/${name}.eml`, import.meta.url));
const parse = (name: string) => parseEmailMessage(fixture(name), config, receivedAt);

describe('email config', () => {
  it('takes the address, IMAP and SMTP URLs, naming each mistake', () => {
    expect(email.validateConfig(config)).toEqual([]);
    const problems = email.validateConfig({ address: 'support', imapUrl: 'imaps://imap.example.com', smtpUrl: 'https://smtp.example.com' });
    expect(problems).toEqual([
      { key: 'address', message: 'address must be an e-mail address such as support@example.com' },
      { key: 'imapUrl', message: "imapUrl must carry the mailbox's user and password (e.g. imaps://user:password@imap.example.com:993)" },
      { key: 'smtpUrl', message: 'smtpUrl must start with smtp:// or smtps:// (e.g. smtps://user:password@smtp.example.com:465)' },
    ]);
    expect(email.secretKeys).toEqual(['imapUrl', 'smtpUrl']);
    expect(email.routeKey?.({ ...config, address: 'Support@Kettle.example' })).toBe('support@kettle.example');
    expect(getConnector('email')).toBe(email);
    expect(email.verify({ headers: {}, rawBody: Buffer.from('x') }, config)).toBe(false);
  });
});

describe('email parse', () => {
  it('parses a new message: its own id as thread key, sanitised HTML beside the text, attachments described', async () => {
    const event = await parse('first');
    expect(event).toMatchObject({
      providerMessageId: 'CAFirst.123@mail.example.org',
      threadKey: 'CAFirst.123@mail.example.org',
      kind: 'private',
      direction: 'in',
      contact: { providerId: 'jane@example.org', name: 'Jane Doe' },
      text: 'Bonjour,\n\nThe lid of my kettle arrived broken. Photo attached.\nWhere can I get a new one? — Jane',
      attachments: [
        { type: 'file', name: 'receipt-42.pdf', mimeType: 'application/pdf', size: 84 },
        { type: 'image', name: 'lid.jpg', mimeType: 'image/jpeg', size: 238 },
      ],
      at: '2025-06-16T07:15:00.000Z',
      extra: { subject: 'Broken lid on order #42' },
    });
    expect(event).not.toHaveProperty('inReplyTo');
    const html = event.extra!.html as string;
    expect(html).toContain('<b>broken</b>');
    expect(html).toContain('<a href="https://shop.example/orders/42" target="_blank" rel="noopener noreferrer nofollow">Order #42</a>');
    expect(html).toContain('<img src="cid:lid-photo@example.org" alt="lid" />');
    expect(html).toContain('<a target="_blank" rel="noopener noreferrer nofollow">x</a>');
    expect(html.match(/<img/g)).toHaveLength(1);
    for (const gone of ['<script', 'alert(1)', 'onclick', 'javascript:', 'tracker.example', '<iframe', '<style', 'color:red']) {
      expect(html, gone).not.toContain(gone);
    }
  });

  it('threads a reply under the root of References, answering In-Reply-To', async () => {
    expect(await parse('reply')).toMatchObject({
      providerMessageId: 'CAThird.789@mail.example.org',
      threadKey: 'CAFirst.123@mail.example.org',
      inReplyTo: 'out-7f3a@kettle.example',
      direction: 'in',
      extra: { subject: 'Re: Broken lid on order #42', references: ['CAFirst.123@mail.example.org', 'out-7f3a@kettle.example'] },
    });
  });

  it('makes a text version of an HTML-only body, decoding the subject', async () => {
    const event = await parse('html-only');
    expect(event.text).toBe('Is the café kettle & its lid dishwasher-safe?\nThanks\nMarc');
    expect(event.contact).toEqual({ providerId: 'marc@example.net' });
    expect(event.extra).toMatchObject({ subject: 'Café kettle' });
  });

  it("stores the mailbox's own message as outbound to its recipient, in the customer's thread", async () => {
    expect(await parse('outbound')).toMatchObject({
      providerMessageId: 'sent-from-webmail.55@kettle.example',
      threadKey: 'CAFirst.123@mail.example.org',
      direction: 'out',
      contact: { providerId: 'jane@example.org', name: 'Jane Doe' },
    });
  });

  it('dates a message whose Date has no usable four-digit year when it was received', async () => {
    for (const date of ['Mon, 16 Jun 200200', 'Mon, 16 Jun 2025 99:99:99 +0000', 'soon']) {
      const raw = fixture('first').toString('latin1').replace(/^Date: .*$/m, `Date: ${date}`);
      expect((await parseEmailMessage(Buffer.from(raw, 'latin1'), config, receivedAt)).at, date).toBe('2026-03-01T10:00:00.000Z');
    }
  });

  it('gives a message without Message-ID a stable id of its bytes', async () => {
    const a = await parse('no-message-id');
    expect(a.providerMessageId).toMatch(/^generated-[0-9a-f]{32}@switchboard$/);
    expect((await parse('no-message-id')).providerMessageId).toBe(a.providerMessageId);
    expect(a.threadKey).toBe(a.providerMessageId);
  });

  it('refuses what is not an e-mail, saying why', async () => {
    await expect(parseEmailMessage(Buffer.from('hello there'), config, receivedAt)).rejects.toThrowError(MalformedPayloadError);
    await expect(parseEmailMessage(Buffer.from('hello there'), config, receivedAt)).rejects.toThrowError('the message has no From address');
  });

  it('never throws anything but MalformedPayloadError nor yields a half-parsed event (random and mutated messages)', async () => {
    const sources = ['first', 'reply', 'html-only', 'outbound', 'no-message-id'].map((n) => fixture(n).toString('latin1'));
    const mutated = fc
      .tuple(fc.constantFrom(...sources), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 4 }))
      .map(([src, edits]) => edits.reduce((s, [at, del, ins]) => s.slice(0, at % (s.length + 1)) + ins + s.slice((at % (s.length + 1)) + del), src));
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.string()), async (text) => {
        try {
          assertWhole(await parseEmailMessage(Buffer.from(text, 'latin1'), config, receivedAt));
        } catch (err) {
          if (!(err instanceof MalformedPayloadError)) throw err;
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('email send', () => {
  let smtp: SmtpStand;
  const reply = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    outboundId: 'out-7f3a',
    threadKey: 'CAFirst.123@mail.example.org',
    kind: 'private',
    recipientId: 'jane@example.org',
    text: 'We are sending a new lid today.',
    byHuman: true,
    inReplyTo: 'CAFirst.123@mail.example.org',
    email: { references: ['CAFirst.123@mail.example.org'], subject: 'Broken lid on order #42' },
    ...over,
  });

  beforeAll(async () => {
    smtp = await startSmtpStand();
  });
  afterAll(() => smtp.stop());
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.refuse = () => undefined;
  });

  it('sends over SMTP threaded under the customer message, with a Message-ID made of our outbound id', async () => {
    const result = await email.send(reply(), { ...config, smtpUrl: smtp.url, fromName: 'Kettle Shop' }, fetch);
    expect(result).toEqual({ providerMessageId: 'out-7f3a@kettle.example' });
    const mail = await smtp.mailTo('jane@example.org');
    expect(mail.from).toBe('support@kettle.example');
    const parsed = await parseEmailMessage(Buffer.from(mail.raw), config, receivedAt);
    expect(parsed).toMatchObject({
      providerMessageId: 'out-7f3a@kettle.example',
      threadKey: 'CAFirst.123@mail.example.org',
      inReplyTo: 'CAFirst.123@mail.example.org',
      direction: 'out',
      text: 'We are sending a new lid today.',
      extra: { subject: 'Re: Broken lid on order #42', references: ['CAFirst.123@mail.example.org'] },
    });
    expect(mail.raw).toMatch(/^From: Kettle Shop <support@kettle\.example>\r?$/m);
    expect(mail.raw).toMatch(/^In-Reply-To: <CAFirst\.123@mail\.example\.org>\r?$/m);
    expect(mail.raw).toMatch(/^References: <CAFirst\.123@mail\.example\.org>\r?$/m);
  });

  it('adds the message answered to References and keeps an existing "Re:"', async () => {
    await email.send(
      reply({ inReplyTo: 'CAThird.789@mail.example.org', email: { references: ['CAFirst.123@mail.example.org', 'out-7f3a@kettle.example'], subject: 'Re: Broken lid' } }),
      { ...config, smtpUrl: smtp.url },
      fetch,
    );
    const mail = await smtp.mailTo('jane@example.org');
    expect(mail.raw).toMatch(/^References: <CAFirst\.123@mail\.example\.org> <out-7f3a@kettle\.example>\s+<CAThird\.789@mail\.example\.org>\r?$/m);
    expect(mail.raw).toMatch(/^Subject: Re: Broken lid\r?$/m);
  });

  it('refuses for good on a 5xx recipient refusal, lets a 4xx be retried', async () => {
    smtp.refuse = () => 550;
    const permanent = await email.send(reply(), { ...config, smtpUrl: smtp.url }, fetch).catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(PermanentSendError);
    expect((permanent as Error).message).toMatch(/SMTP 550/);
    smtp.refuse = () => 451;
    const transient = await email.send(reply(), { ...config, smtpUrl: smtp.url }, fetch).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(Error);
    expect(transient).not.toBeInstanceOf(PermanentSendError);
  });
});
