// A channel's health for the channel list: when it last received an event (a message, a change to
// one, a delivery status), and its last failure (a send the provider refused, a message the
// provider reports failed, a webhook refused for its signature or shape, a poll that failed). Written on the
// paths that see them, at most every few seconds per channel for the same news, so a burst of
// webhooks (or of forged ones) does not queue on the channel's row.
import type { ChannelHealth } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { iso } from '../../platform/org.js';
import { storable } from '../inbound/storable.js';

/** Seconds within which a repeated write of the same news is skipped. */
export const HEALTH_WRITE_SECONDS = 5;
const MESSAGE_MAX = 500;

export type { ChannelHealth };

export async function recordChannelError(db: Db, channelId: string, message: string): Promise<void> {
  // The message may quote the refused body, NUL characters included (found by fuzzing).
  const text = storable(message.slice(0, MESSAGE_MAX));
  await db.raw(
    `UPDATE channels SET last_error_at = now(), last_error_message = ?
      WHERE id = ? AND (last_error_at IS NULL OR last_error_message IS DISTINCT FROM ?
                        OR last_error_at < now() - make_interval(secs => ?))`,
    [text, channelId, text, HEALTH_WRITE_SECONDS],
  );
}

/** The channel received something (new messages record it themselves, in the same statement). */
export async function recordChannelEvent(db: Db, channelId: string): Promise<void> {
  await db.raw(
    `UPDATE channels SET last_event_at = now()
      WHERE id = ? AND (last_event_at IS NULL OR last_event_at < now() - make_interval(secs => ?))`,
    [channelId, HEALTH_WRITE_SECONDS],
  );
}

export function healthOf(row: { last_event_at?: Date | null; last_error_at?: Date | null; last_error_message?: string | null }): ChannelHealth {
  return {
    ...(row.last_event_at ? { lastEventAt: iso(row.last_event_at) } : {}),
    ...(row.last_error_at ? { lastError: { at: iso(row.last_error_at)!, message: row.last_error_message ?? '' } } : {}),
  };
}
