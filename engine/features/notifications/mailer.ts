// Delivers the e-mail outbox over SMTP. Rows are leased with FOR UPDATE SKIP LOCKED, so several
// processes may run a mailer; a row leaves `pending` only once the SMTP server accepted it (sent)
// or refused it for good / too often (failed), so a crash or an outage loses no e-mail.
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../../platform/database.js';
import { listen, waker } from '../../platform/listen.js';
import { pool } from '../../platform/pool.js';
import { DEFAULT_MAIL_FROM, MAIL_CHANNEL } from './mail-channel.js';

export interface MailerOptions {
  db: Db;
  /** smtp://user:password@host:587 or smtps://…:465 */
  smtpUrl: string;
  logger: Logger;
  /** The From header (MAIL_FROM). */
  from?: string;
  /** Connection for LISTEN; default: the one `db` was made with. */
  databaseUrl?: string;
  /** Re-check interval when no notification arrives (covers a lost LISTEN connection). */
  pollMs?: number;
  /** First retry after this long, doubling each attempt up to an hour. */
  retryBaseMs?: number;
  /** Attempts before a row is marked failed. */
  maxAttempts?: number;
  batchSize?: number;
}

export interface Mailer {
  stop(): Promise<void>;
  /** Look at the outbox now. */
  wake(): void;
}

/** How long a leased row stays invisible to other mailers; longer than any SMTP timeout below. */
const LEASE_SECONDS = 300;

interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  text: string;
  attempts: number;
}

/** 5yz replies are final (RFC 5321), except 503, a bad command sequence a new session may not repeat. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 && code !== 503;
}

export function startMailer(o: MailerOptions): Mailer {
  const pollMs = o.pollMs ?? 60_000;
  const retryBaseMs = o.retryBaseMs ?? 30_000;
  const maxAttempts = o.maxAttempts ?? 8;
  const batchSize = o.batchSize ?? 20;
  const transport = nodemailer.createTransport({
    url: o.smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const from = o.from ?? DEFAULT_MAIL_FROM;
  const pause = waker();
  const wake = pause.wake;

  async function lease(): Promise<OutboxRow[]> {
    const { rows } = await o.db.raw<{ rows: OutboxRow[] }>(
      `UPDATE email_outbox SET next_attempt_at = now() + make_interval(secs => ?)
        WHERE id IN (SELECT id FROM email_outbox WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, subject, text, attempts`,
      [LEASE_SECONDS, batchSize],
    );
    return rows;
  }

  async function deliver(row: OutboxRow) {
    try {
      await transport.sendMail({ from, to: row.to_address, subject: row.subject, text: row.text });
      await o.db('email_outbox').where({ id: row.id }).update({
        status: 'sent', sent_at: o.db.fn.now(), attempts: row.attempts + 1, last_error: null,
      });
    } catch (err) {
      const attempts = row.attempts + 1;
      const error = String((err as Error).message ?? err).slice(0, 2000);
      const final = isPermanent(err) || attempts >= maxAttempts;
      const delaySeconds = Math.min(3600, (retryBaseMs / 1000) * 2 ** (attempts - 1));
      o.logger.warn({ outboxId: row.id, attempts, final, err: error }, final ? 'mailer: e-mail failed for good' : 'mailer: e-mail failed; will retry');
      await o.db.raw(
        `UPDATE email_outbox SET attempts = ?, last_error = ?, status = ?,
           next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?`,
        [attempts, error, final ? 'failed' : 'pending', delaySeconds, row.id],
      );
    }
  }

  /** Milliseconds until the next pending row is due (a retry's backoff), capped at the poll interval. */
  async function untilNextDue(): Promise<number> {
    const { rows } = await o.db.raw(
      `SELECT extract(epoch FROM min(next_attempt_at) - now()) * 1000 AS ms FROM email_outbox WHERE status = 'pending'`,
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? pollMs : Math.max(10, Math.min(pollMs, Math.ceil(Number(ms))));
  }

  async function loop() {
    while (!pause.stopped) {
      pause.round();
      try {
        const rows = await lease();
        await pool(rows.length, 4, (i) => deliver(rows[i]));
        if (rows.length === batchSize) continue;
        await pause.sleep(await untilNextDue());
      } catch (err) {
        o.logger.error({ err }, 'mailer round failed');
        await pause.sleep(pollMs);
      }
    }
  }

  // An e-mail queued by any process wakes this mailer at once; on (re)connecting, whatever was
  // queued while not listening.
  const listener = listen({
    db: o.db,
    databaseUrl: o.databaseUrl,
    channel: MAIL_CHANNEL,
    logger: o.logger.child({ component: 'mailer' }),
    onNotification: wake,
    onListening: wake,
  });
  const running = loop();

  return {
    wake,
    async stop() {
      pause.stop();
      await running;
      await listener.stop();
      transport.close();
    },
  };
}
