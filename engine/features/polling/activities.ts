// The polling of channels without push (LinkedIn): what the provider lists now, recorded through
// the webhook's recording path (deduplicated by the provider's ids, in one transaction).
import { DEFAULT_POLL_SECONDS, getConnector, isMessageEvent, MIN_POLL_SECONDS, pollLinkedInComments, type EmailConfig, type LinkedInConfig } from '../../../connectors/index.js';
import type { ChannelPollActivities, ChannelPollInput, ChannelPollResult } from '../../../workflows/channel-polling.js';
import type { Db } from '../../platform/database.js';
import { recordChannelError } from '../channels/health.js';
import { recordEvents } from '../inbound/record-events.js';
import { MAILBOX_POLL_SECONDS, readMailbox } from './mailbox.js';

/** The channel types whose messages are polled rather than pushed. */
export const POLLED_CHANNEL_TYPES = ['linkedin', 'email'] as const;

export interface PollingDeps {
  db: Db;
  fetch?: typeof fetch;
  /** How long one round waits in IMAP IDLE for the next e-mail (below the activity's timeout). */
  mailboxIdleMs?: number;
}

export function createPollingActivities({ db, fetch: fetchImpl = fetch, mailboxIdleMs = 50_000 }: PollingDeps): ChannelPollActivities {
  async function pollChannel(input: ChannelPollInput): Promise<ChannelPollResult> {
    try {
      return await pollOnce(input);
    } catch (err) {
      // Retried by the workflow; meanwhile the channel list says why nothing new arrives.
      await recordChannelError(db, input.channelId, `polling failed: ${String((err as Error).message ?? err)}`).catch(() => undefined);
      throw err;
    }
  }

  async function pollOnce({ channelId, cursor }: ChannelPollInput): Promise<ChannelPollResult> {
    const channel = await db('channels').where({ id: channelId }).whereNull('deleted_at').first('type', 'config');
    if (!channel || !(POLLED_CHANNEL_TYPES as readonly string[]).includes(channel.type) || !getConnector(channel.type)) {
      return { stop: true, pollSeconds: 0, recorded: 0 };
    }
    if (channel.type === 'email') {
      const round = await readMailbox(db, channelId, channel.config as EmailConfig, cursor, { idleMs: mailboxIdleMs });
      return { cursor: round.cursor, recorded: round.recorded, pollSeconds: round.idle ? 0 : MAILBOX_POLL_SECONDS };
    }
    const config = channel.config as LinkedInConfig;
    const pollSeconds = Math.max(MIN_POLL_SECONDS, config.pollSeconds ?? DEFAULT_POLL_SECONDS);
    const { events } = await pollLinkedInComments(config, fetchImpl);
    // Comments older than the cursor were recorded by an earlier round; changes are deduplicated by their own ids.
    const fresh = events.filter((e) => !isMessageEvent(e) || !cursor || e.at >= cursor);
    const { stored } = await recordEvents(db, channelId, fresh);
    const newest = events.filter(isMessageEvent).reduce<string | undefined>((max, e) => (!max || e.at > max ? e.at : max), cursor);
    return { ...(newest ? { cursor: newest } : {}), pollSeconds, recorded: stored };
  }
  return { pollChannel };
}
