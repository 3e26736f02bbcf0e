import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../engine/platform/database.js';
import { MAIL_CHANNEL } from '../../../engine/features/notifications/mail-channel.js';
import { startMailer, type Mailer } from '../../../engine/features/notifications/mailer.js';
import { notifyAssigned } from '../../../engine/features/notifications/notify.js';
import { freshDatabase } from '../../support/database.js';
import { startSmtpStand, type SmtpStand } from '../../support/smtp.js';
import { seedConversation, seedOrg, type Org } from './seed.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('the mailer', () => {
  let db: Db;
  let url: string;
  let org: Org;
  let smtp: SmtpStand;
  let mailer: Mailer | undefined;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    org = await seedOrg(db);
    smtp = await startSmtpStand();
  });
  afterEach(async () => {
    await mailer?.stop();
    mailer = undefined;
    smtp.refuse = () => undefined;
  });
  afterAll(async () => {
    await smtp?.stop();
    await db?.destroy();
  });

  /** Queues an e-mail the way notify does: the row, then a NOTIFY. */
  async function queue(to: string, subject = 'Hello') {
    const [row] = await db('email_outbox').insert({ to_address: to, subject, text: 'Body' }).returning('id');
    await db.raw('SELECT pg_notify(?, ?)', [MAIL_CHANNEL, '']);
    return row.id as number;
  }

  const outboxRow = (id: number) => db('email_outbox').where({ id }).first();

  async function until<T>(check: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('delivers an assignment e-mail over SMTP as soon as it is queued, and marks it sent', async () => {
    // A poll interval far beyond the test's patience: only the NOTIFY can make this fast.
    mailer = startMailer({ db, smtpUrl: smtp.url, logger, from: 'Support desk <desk@example.com>', databaseUrl: url, pollMs: 600_000 });
    await new Promise((r) => setTimeout(r, 300)); // let it LISTEN and find the outbox empty
    const convo = await seedConversation(db, org, { text: 'Where is my refund?' });
    await notifyAssigned(db, { conversationId: convo.id, userId: org.bea.id, actor: { type: 'user', id: org.admin.id, name: 'ada' }, note: 'Call her back' });

    const mail = await smtp.mailTo('bea@example.com', 5_000);
    expect(mail.from).toBe('desk@example.com');
    expect(mail.raw).toMatch(/^From: Support desk <desk@example\.com>/m);
    expect(mail.raw).toMatch(new RegExp(`^Subject: Conversation with ${convo.contactName} assigned to you`, 'm'));
    expect(mail.raw).toContain('Call her back');
    expect(mail.raw).toContain('Where is my refund?');

    const row = await until(async () => {
      const r = await db('email_outbox').where({ conversation_id: convo.id }).first();
      return r?.status === 'sent' ? r : undefined;
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('sends what was queued before it started', async () => {
    const id = await queue('early@example.com');
    mailer = startMailer({ db, smtpUrl: smtp.url, logger, databaseUrl: url, pollMs: 600_000 });
    await smtp.mailTo('early@example.com');
    await until(async () => (await outboxRow(id))?.status === 'sent');
  });

  it('marks an e-mail the server refuses for good failed, with the attempt and the error, and keeps the row', async () => {
    smtp.refuse = (address) => (address === 'gone@example.com' ? 550 : undefined);
    mailer = startMailer({ db, smtpUrl: smtp.url, logger, databaseUrl: url, pollMs: 600_000 });
    const id = await queue('gone@example.com', 'Refused');
    const row = await until(async () => {
      const r = await outboxRow(id);
      return r?.status === 'failed' ? r : undefined;
    });
    expect(row).toMatchObject({ to_address: 'gone@example.com', subject: 'Refused', text: 'Body', attempts: 1, sent_at: null });
    expect(row.last_error).toMatch(/550/);

    // Others still go out.
    const next = await queue('fine@example.com');
    await until(async () => (await outboxRow(next))?.status === 'sent');
  });

  it('retries a temporary refusal with backoff until the server takes it', async () => {
    let refusals = 0;
    smtp.refuse = (address) => (address === 'busy@example.com' && refusals++ < 2 ? 451 : undefined);
    mailer = startMailer({ db, smtpUrl: smtp.url, logger, databaseUrl: url, pollMs: 600_000, retryBaseMs: 200 });
    const id = await queue('busy@example.com');

    const waiting = await until(async () => {
      const r = await outboxRow(id);
      return r && r.attempts >= 1 ? r : undefined;
    });
    expect(waiting.status).toBe('pending');
    expect(waiting.last_error).toMatch(/451/);

    const sent = await until(async () => {
      const r = await outboxRow(id);
      return r?.status === 'sent' ? r : undefined;
    });
    expect(sent).toMatchObject({ attempts: 3, last_error: null });
    expect(refusals).toBe(3); // two refusals, then the accepted attempt asked once more
    await smtp.mailTo('busy@example.com');
  });

  it('keeps e-mails when no SMTP server answers, then gives up after the last attempt', async () => {
    const closed = await startSmtpStand();
    await closed.stop(); // a port nobody listens on any more
    mailer = startMailer({ db, smtpUrl: closed.url, logger, databaseUrl: url, pollMs: 600_000, retryBaseMs: 100, maxAttempts: 3 });
    const id = await queue('later@example.com');

    const first = await until(async () => {
      const r = await outboxRow(id);
      return r && r.attempts >= 1 ? r : undefined;
    });
    expect(first.last_error).toMatch(/ECONNREFUSED|connect/i);

    const failed = await until(async () => {
      const r = await outboxRow(id);
      return r?.status === 'failed' ? r : undefined;
    });
    expect(failed).toMatchObject({ attempts: 3, to_address: 'later@example.com', sent_at: null });
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('leaves e-mails that are not due yet alone, and two mailers never send one twice', async () => {
    const notYet = (await db('email_outbox')
      .insert({ to_address: 'tomorrow@example.com', subject: 'Later', text: 'Body', next_attempt_at: db.raw("now() + interval '1 day'") })
      .returning('id'))[0].id;
    const other = startMailer({ db, smtpUrl: smtp.url, logger, databaseUrl: url, pollMs: 600_000 });
    mailer = startMailer({ db, smtpUrl: smtp.url, logger, databaseUrl: url, pollMs: 600_000 });
    try {
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) ids.push(await queue(`twice-${i}@example.com`));
      await until(async () => {
        const rows = await db('email_outbox').whereIn('id', ids).where({ status: 'sent' }).count<{ n: number }[]>('* as n');
        return Number(rows[0].n) === ids.length;
      });
      for (let i = 0; i < 30; i++) {
        expect(smtp.received.filter((m) => m.to.includes(`twice-${i}@example.com`)).length).toBe(1);
      }
      expect((await outboxRow(notYet)).status).toBe('pending');
      expect(smtp.received.some((m) => m.to.includes('tomorrow@example.com'))).toBe(false);
    } finally {
      await other.stop();
    }
  });
});
