// The mailbox read against an IMAP server without IDLE (Dovecot told not to offer it): each round
// reads what is new after its cursor and says the workflow must poll again after a pause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertChannel } from '../../engine/features/channels/repository.js';
import { MAILBOX_POLL_SECONDS } from '../../engine/features/polling/mailbox.js';
import { createPollingActivities } from '../../engine/features/polling/activities.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { startImapStand, type ImapStand } from '../support/imap.js';

const MAILBOX = 'support@example.com';
const raw = (id: string, body: string) =>
  [`From: Ada <ada@example.org>`, `To: ${MAILBOX}`, 'Subject: Kettle', `Message-ID: <${id}>`, `Date: ${new Date().toUTCString()}`, '', body, ''].join('\r\n');

describe('an e-mail channel on a server without IDLE', () => {
  let db: Db;
  let imap: ImapStand;

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    imap = await startImapStand(MAILBOX, 'pw', { idle: false });
  });

  afterAll(async () => {
    await imap?.stop();
    await db?.destroy();
  });

  it('reads only what is new after its cursor and asks to be polled again after a pause', async () => {
    const channel = await insertChannel(db, { type: 'email', name: 'Mailbox', config: { address: MAILBOX, imapUrl: imap.url, smtpUrl: 'smtp://127.0.0.1:9' } });
    const { pollChannel } = createPollingActivities({ db, mailboxIdleMs: 60_000 });
    await imap.deliver(raw('one@example.org', 'first'));
    const first = await pollChannel({ channelId: channel.id });
    expect(first).toMatchObject({ recorded: 1, pollSeconds: MAILBOX_POLL_SECONDS });

    await imap.deliver(raw('two@example.org', 'second'));
    const second = await pollChannel({ channelId: channel.id, cursor: first.cursor });
    expect(second).toMatchObject({ recorded: 1, pollSeconds: MAILBOX_POLL_SECONDS });
    expect(second.cursor).not.toBe(first.cursor);

    const again = await pollChannel({ channelId: channel.id, cursor: second.cursor });
    expect(again).toMatchObject({ recorded: 0, cursor: second.cursor });
    expect(await db('messages').orderBy([{ column: 'at' }, { column: 'created_at' }]).pluck('text')).toEqual(['first', 'second']);
  });

  it("shows a mailbox the server refuses as the channel's last error", async () => {
    const url = new URL(imap.url);
    url.password = 'not-the-password';
    const channel = await insertChannel(db, { type: 'email', name: 'Wrong password', config: { address: MAILBOX, imapUrl: url.toString(), smtpUrl: 'smtp://127.0.0.1:9' } });
    const { pollChannel } = createPollingActivities({ db, mailboxIdleMs: 60_000 });
    await expect(pollChannel({ channelId: channel.id })).rejects.toThrow();
    const row = await db('channels').where({ id: channel.id }).first('last_error_message', 'last_error_at');
    expect(row.last_error_at).not.toBeNull();
    expect(row.last_error_message).toMatch(/^polling failed: /);
  });
});
