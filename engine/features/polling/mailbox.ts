// An e-mail channel's INBOX read over IMAP (imapflow): every message after the cursor's UID is
// parsed (parseEmailMessage) and recorded through the webhook's recording path. Where the server
// offers IDLE the read then waits in IDLE for the next message (the round returns as soon as one
// arrives); elsewhere the workflow polls again after a pause.
import { Context } from '@temporalio/activity';
import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { MalformedPayloadError, parseEmailMessage, type EmailConfig, type ProviderEvent } from '../../../connectors/index.js';
import type { Db } from '../../platform/database.js';
import { recordEvents } from '../inbound/record-events.js';

/** Pause between reads of a server without IDLE. */
export const MAILBOX_POLL_SECONDS = 60;

export interface MailboxRound {
  /** `{uidValidity}:{last UID read}`: a new UIDVALIDITY means the mailbox was rebuilt, read it again. */
  cursor: string;
  recorded: number;
  /** Whether the server offered IDLE (then the next round may start at once). */
  idle: boolean;
}

export async function readMailbox(
  db: Db,
  channelId: string,
  config: EmailConfig,
  cursor: string | undefined,
  o: { idleMs: number; logger?: Logger },
): Promise<MailboxRound> {
  const url = new URL(config.imapUrl);
  const secure = url.protocol === 'imaps:';
  const client = new ImapFlow({
    host: url.hostname,
    port: Number(url.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const box = client.mailbox;
      const validity = box ? String(box.uidValidity) : '0';
      const [seenValidity, seenUid] = (cursor ?? '').split(':');
      let last = seenValidity === validity ? Number(seenUid) || 0 : 0;
      let recorded = 0;
      const read = async () => {
        const r = await readAfter(client, db, channelId, config, last, o.logger);
        last = r.last;
        recorded += r.recorded;
      };
      await read();
      const idle = client.capabilities.has('IDLE');
      if (idle && o.idleMs > 0) {
        await nextMessage(client, o.idleMs);
        await read();
      }
      return { cursor: `${validity}:${last}`, recorded, idle };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

async function readAfter(client: ImapFlow, db: Db, channelId: string, config: EmailConfig, last: number, logger?: Logger) {
  const raws: { uid: number; source: Buffer }[] = [];
  if (client.mailbox && client.mailbox.exists > 0) {
    // `n:*` also names the newest message when its UID is below n: keep only the new ones.
    for await (const message of client.fetch(`${last + 1}:*`, { uid: true, source: true }, { uid: true })) {
      if (message.uid > last && message.source) raws.push({ uid: message.uid, source: message.source });
    }
  }
  const events: ProviderEvent[] = [];
  for (const raw of raws) {
    try {
      events.push(await parseEmailMessage(raw.source, config, new Date()));
    } catch (err) {
      // A message no parser can read is skipped (and logged), never retried forever.
      if (!(err instanceof MalformedPayloadError)) throw err;
      logger?.warn({ channelId, uid: raw.uid, err: err.message }, 'e-mail: skipped an unreadable message');
    }
  }
  const { stored } = await recordEvents(db, channelId, events);
  return { last: Math.max(last, ...raws.map((r) => r.uid)), recorded: stored };
}

/** Resolves when a message arrives, after `ms`, or when the activity is cancelled (worker shutdown). */
function nextMessage(client: ImapFlow, ms: number): Promise<void> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    context = undefined;
  }
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      clearInterval(beat);
      client.off('exists', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const beat = setInterval(() => context?.heartbeat(), 5_000);
    client.on('exists', done);
    context?.cancelled.catch(done);
    // IDLE now (not after imapflow's inactivity delay); the next command ends it.
    client.idle().catch(done);
  });
}
