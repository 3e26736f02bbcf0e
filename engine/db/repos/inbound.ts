import type { InboundEvent } from '../../../connectors/types.js';
import type { Db } from '../database.js';

export const INBOUND_CHANNEL = 'switchboard_inbound';

/**
 * Records a verified delivery in one statement: new messages and their relay rows together, so a
 * crash can never keep one without the other. A provider message already stored is skipped (at-least-once
 * delivery), and an echo of our own send is matched to the outbound row we recorded before sending.
 */
export async function recordInbound(db: Db, channelId: string, events: InboundEvent[]): Promise<{ stored: number; duplicates: number }> {
  if (events.length === 0) return { stored: 0, duplicates: 0 };
  const rows = events.map((e) => ({
    provider_message_id: e.providerMessageId,
    outbound_id: e.outboundId ?? null,
    thread_key: e.threadKey,
    kind: e.kind,
    direction: e.direction,
    author: e.direction === 'in'
      ? { type: 'customer', id: e.contact.providerId, ...(e.contact.name ? { name: e.contact.name } : {}) }
      : { type: 'channel' },
    contact_provider_id: e.contact.providerId,
    contact_name: e.contact.name ?? null,
    text: e.text,
    attachments: e.attachments,
    extra: e.extra ?? null,
    post_id: e.postId ?? null,
    at: e.at,
  }));
  const result = await db.raw(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(
         provider_message_id text, outbound_id text, thread_key text, kind text, direction text, author jsonb,
         contact_provider_id text, text text, attachments jsonb, extra jsonb, post_id text, at timestamptz)
     ), echoed AS (
       UPDATE messages m
          SET provider_message_id = coalesce(m.provider_message_id, i.provider_message_id), send_status = 'sent'
         FROM input i
        WHERE i.outbound_id IS NOT NULL AND m.channel_id = ? AND m.outbound_id = i.outbound_id
       RETURNING i.provider_message_id
     ), ins AS (
       INSERT INTO messages (channel_id, provider_message_id, thread_key, kind, direction, author,
                             contact_provider_id, text, attachments, extra, post_id, at)
       SELECT ?, provider_message_id, thread_key, kind, direction, author, contact_provider_id, text,
              attachments, extra, post_id, at
         FROM input
        WHERE provider_message_id NOT IN (SELECT provider_message_id FROM echoed)
       ON CONFLICT (channel_id, provider_message_id) DO NOTHING
       RETURNING id, channel_id, thread_key, direction, at
     ), queued AS (
       INSERT INTO inbound_queue (message_id, channel_id, thread_key, direction, at)
       SELECT id, channel_id, thread_key, direction, at FROM ins
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM queued)::int AS stored, pg_notify(?, '') AS notified`,
    [JSON.stringify(rows), channelId, channelId, INBOUND_CHANNEL],
  );
  const stored = result.rows[0].stored as number;
  return { stored, duplicates: events.length - stored };
}
