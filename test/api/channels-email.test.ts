// An e-mail channel against a real IMAP server (Dovecot on loopback) and a real SMTP server
// (smtp-server on loopback): mail filed in the INBOX becomes a conversation (read in IMAP IDLE),
// threads follow Message-ID / In-Reply-To / References, replies go out over SMTP threaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { startImapStand, type ImapStand } from '../support/imap.js';
import { startSmtpStand, type SmtpStand } from '../support/smtp.js';

const MAILBOX = 'support@example.com';

function mail(o: { from: string; to?: string; id: string; subject: string; body: string; inReplyTo?: string; references?: string[]; html?: string; at?: number }) {
  const headers = [
    `From: ${o.from}`,
    `To: ${o.to ?? MAILBOX}`,
    `Subject: ${o.subject}`,
    `Message-ID: <${o.id}>`,
    // Date headers have whole seconds: each test's mails are dated apart from our replies.
    `Date: ${new Date(o.at ?? Date.now() - 60_000).toUTCString()}`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}>`] : []),
    ...(o.references ? [`References: ${o.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
  ];
  if (!o.html) return [...headers, 'Content-Type: text/plain; charset=utf-8', '', o.body, ''].join('\r\n');
  return [
    ...headers,
    'Content-Type: multipart/alternative; boundary="b1"', '',
    '--b1', 'Content-Type: text/plain; charset=utf-8', '', o.body,
    '--b1', 'Content-Type: text/html; charset=utf-8', '', o.html,
    '--b1--', '',
  ].join('\r\n');
}

describe('email channel end to end', () => {
  let stack: ApiStack;
  let imap: ImapStand;
  let smtp: SmtpStand;
  let channelId: string;

  beforeAll(async () => {
    imap = await startImapStand(MAILBOX, 'mailbox-password');
    smtp = await startSmtpStand();
    stack = await startApiStack();
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'email', name: 'Support mailbox', config: { address: MAILBOX, imapUrl: imap.url, smtpUrl: smtp.url, fromName: 'Kettle Shop' } },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.config.imapUrl).toBeUndefined();
    channelId = res.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
    await imap?.stop();
    await smtp?.stop();
  });

  const detail = async (id: string) => (await stack.request('GET', `/api/conversations/${id}`, { token: stack.adminToken })).body;
  const threadOf = (threadKey: string) =>
    stack.eventually(async () => (await stack.services.db('conversations').where({ channel_id: channelId, thread_key: threadKey }).first()) ?? false, 60_000);
  const withMessages = (id: string, n: number) => stack.eventually(async () => {
    const d = await detail(id);
    return d.messages?.length === n ? d : false;
  }, 60_000);

  let thread: string;

  it('turns a message filed in the INBOX into a conversation, its HTML sanitised, a second copy stored once', async () => {
    const raw = mail({
      from: 'Ada Lovelace <ada@example.org>', id: 'first-1@example.org', subject: 'Order 42', body: 'Where is my order?',
      html: '<p>Where is my order?</p><script>alert(1)</script><img src="https://tracker.example/p.gif">',
    });
    await imap.deliver(raw);
    await imap.deliver(raw);
    thread = (await threadOf('first-1@example.org')).id;
    const d = await withMessages(thread, 1);
    expect(d).toMatchObject({ kind: 'private', channelType: 'email', contact: { name: 'Ada Lovelace' } });
    expect(d.messages[0]).toMatchObject({ direction: 'in', text: 'Where is my order?', providerMessageId: 'first-1@example.org' });
    const stored = await stack.services.db('messages').where({ channel_id: channelId }).select('extra');
    expect(stored).toHaveLength(1);
    expect(stored[0].extra.subject).toBe('Order 42');
    expect(stored[0].extra.html).toContain('<p>Where is my order?</p>');
    expect(stored[0].extra.html).not.toMatch(/script|tracker/);
  });

  it('sends a reply over SMTP threaded under the customer message', async () => {
    const res = await stack.request('POST', `/api/conversations/${thread}/reply`, { token: stack.adminToken, payload: { text: 'It left today.' } });
    expect(res.status, res.text).toBe(200);
    const sent = await smtp.mailTo('ada@example.org');
    expect(sent.from).toBe(MAILBOX);
    expect(sent.raw).toMatch(/^Subject: Re: Order 42\r?$/m);
    expect(sent.raw).toMatch(/^In-Reply-To: <first-1@example\.org>\r?$/m);
    expect(sent.raw).toMatch(/^References: <first-1@example\.org>\r?$/m);
    expect(sent.raw).toContain('It left today.');
    const out = (await detail(thread)).messages.find((m: any) => m.direction === 'out');
    expect(out).toMatchObject({ status: 'sent', text: 'It left today.' });
    expect(sent.raw).toContain(`Message-ID: <${out.providerMessageId}>`);
  });

  it("files the customer's answer to our reply, and a message the mailbox sent from elsewhere, in the same thread", async () => {
    const out = (await detail(thread)).messages.find((m: any) => m.direction === 'out');
    await imap.deliver(mail({
      from: 'Ada Lovelace <ada@example.org>', id: 'second-2@example.org', subject: 'Re: Order 42', body: 'Thanks!',
      inReplyTo: out.providerMessageId, references: ['first-1@example.org', out.providerMessageId], at: Date.now() + 5_000,
    }));
    await imap.deliver(mail({
      from: `Kettle Shop <${MAILBOX}>`, to: 'ada@example.org', id: 'from-webmail-3@example.com', subject: 'Re: Order 42', body: 'You are welcome',
      inReplyTo: 'second-2@example.org', references: ['first-1@example.org', out.providerMessageId, 'second-2@example.org'], at: Date.now() + 10_000,
    }));
    const d = await withMessages(thread, 4);
    expect(d.messages.map((m: any) => [m.direction, m.text])).toEqual([
      ['in', 'Where is my order?'], ['out', 'It left today.'], ['in', 'Thanks!'], ['out', 'You are welcome'],
    ]);
    expect(await stack.services.db('conversations').where({ channel_id: channelId }).count('* as n').first()).toMatchObject({ n: 1 });
  });
});
