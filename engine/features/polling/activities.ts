// The polling of channels without push (LinkedIn): what the provider lists now, recorded through
// the webhook's recording path (deduplicated by the provider's ids, in one transaction).
import { DEFAULT_POLL_SECONDS, getConnector, isMessageEvent, MIN_POLL_SECONDS, pollLinkedInComments, type LinkedInConfig } from '../../../connectors/index.js';
import type { ChannelPollActivities, ChannelPollInput, ChannelPollResult } from '../../../workflows/channel-polling.js';
import type { Db } from '../../platform/database.js';
import { recordEvents } from '../inbound/record-events.js';

/** The channel types whose messages are polled rather than pushed. */
export const POLLED_CHANNEL_TYPES = ['linkedin'] as const;

export function createPollingActivities({ db, fetch: fetchImpl = fetch }: { db: Db; fetch?: typeof fetch }): ChannelPollActivities {
  async function pollChannel({ channelId, cursor }: ChannelPollInput): Promise<ChannelPollResult> {
    const channel = await db('channels').where({ id: channelId }).whereNull('deleted_at').first('type', 'config');
    if (!channel || channel.type !== 'linkedin' || !getConnector(channel.type)) return { stop: true, pollSeconds: 0, recorded: 0 };
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
