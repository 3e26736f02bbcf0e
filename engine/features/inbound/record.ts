import type { InboundEvent } from '../../../connectors/types.js';
import type { Db } from '../../platform/database.js';
import { HEALTH_WRITE_SECONDS } from '../channels/health.js';
import Boom from '@hapi/boom';
import { overlongId, storable } from './storable.js';
import { storedAttachments, storedExtra, storedText } from '../encryption/private-data.js';

export const INBOUND_CHANNEL = 'switchboard_inbound';

type Storable = InboundEvent & { unthreaded?: boolean };

/** A message as the record statement takes it. */
export type InboundRow = ReturnType<typeof inboundRow>;

function inboundRow(e: Storable) {
  return {
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
    text: storedText(e.kind, e.text),
    attachments: storedAttachments(e.kind, e.attachments),
    extra: storedExtra(e.kind, e.extra ?? null),
    post_id: e.postId ?? null,
    in_reply_to: e.inReplyTo ?? null,
    // The brand's own reply to a comment not stored: kept, but it opens no conversation.
    queued: !e.unthreaded,
    at: e.at,
  };
}

/** A delivery's messages as stored, once each (a delivery naming one message twice stores it once); a 400 for an id no provider gives. */
export function inboundRows(events: Storable[]): InboundRow[] {
  const tooLong = overlongId(events);
  if (tooLong) throw Boom.badRequest(tooLong);
  const seen = new Set<string>();
  return storable(events).map(inboundRow).filter((r) => !seen.has(r.provider_message_id) && seen.add(r.provider_message_id));
}

export interface RecordedInbound {
  stored: number;
  duplicates: number;
  /** An edit or status that came before one of these messages waits to be applied (record-events.ts). */
  changesWaiting: boolean;
}

/**
 * Records a verified delivery in one statement: new messages and their relay rows together, so a
 * crash can never keep one without the other; it also tells whether changes wait for them. A provider message already stored is skipped (at-least-once
 * delivery), and an echo of our own send is matched to the outbound row we recorded before sending.
 * No NOTIFY here: PostgreSQL serialises the commits of notifying transactions, which capped webhooks
 * near 330/s; the relay is woken after the commit instead (Relay.recorded).
 */
export async function recordInbound(db: Db, channelId: string, events: Storable[]): Promise<RecordedInbound> {
  if (events.length === 0) return { stored: 0, duplicates: 0, changesWaiting: false };
  const rows = inboundRows(events);
  // Echoes of our own sends are rare: match them to the outbound rows first, by their unique outbound id.
  const echoes = rows.filter((r) => r.outbound_id);
  let fresh = rows;
  if (echoes.length) {
    const matched = new Set<string>();
    for (const echo of echoes) {
      const n = await db('messages')
        .where({ channel_id: channelId, outbound_id: echo.outbound_id })
        .update({
          send_status: 'sent',
          delivery_status: db.raw("CASE WHEN delivery_status IS NULL OR delivery_status = 'pending' THEN 'sent' ELSE delivery_status END"),
          provider_message_id: db.raw('coalesce(provider_message_id, ?)', [echo.provider_message_id]) });
      if (n) matched.add(echo.outbound_id!);
    }
    fresh = rows.filter((r) => !r.outbound_id || !matched.has(r.outbound_id));
  }
  if (fresh.length === 0) return { stored: 0, duplicates: events.length, changesWaiting: await changesWaitFor(db, channelId, events) };
  const [{ stored, changesWaiting }] = await insertInbound(db, [{ channelId, rows: fresh }]);
  return { stored, duplicates: events.length - stored, changesWaiting };
}

/**
 * The statement that records deliveries, of one channel or several, in one transaction: messages,
 * their relay rows, the channels' last event. A message two deliveries name is stored for the first.
 */
export async function insertInbound(db: Db, deliveries: { channelId: string; rows: InboundRow[] }[]): Promise<{ stored: number; changesWaiting: boolean }[]> {
  const owner = new Map<string, number>();
  const input: (InboundRow & { channel_id: string })[] = [];
  deliveries.forEach(({ channelId, rows }, d) => {
    for (const row of rows) {
      const key = `${channelId}\u0000${row.provider_message_id}`;
      if (owner.has(key)) continue;
      owner.set(key, d);
      input.push({ ...row, channel_id: channelId });
    }
  });
  const { rows } = await db.raw(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(
         channel_id uuid, provider_message_id text, thread_key text, kind text, direction text, author jsonb,
         contact_provider_id text, text text, attachments jsonb, extra jsonb, post_id text, in_reply_to text,
         queued boolean, at timestamptz)
     ), ins AS (
       INSERT INTO messages (channel_id, provider_message_id, thread_key, kind, direction, author,
                             contact_provider_id, text, attachments, extra, post_id, in_reply_to, at)
       SELECT channel_id, provider_message_id, thread_key, kind, direction, author, contact_provider_id, text,
              attachments, extra, post_id, in_reply_to, at
         FROM input
       ON CONFLICT (channel_id, provider_message_id) DO NOTHING
       RETURNING id, channel_id, thread_key, direction, at, provider_message_id
     ), queued AS (
       INSERT INTO inbound_queue (message_id, channel_id, thread_key, direction, at)
       SELECT ins.id, ins.channel_id, ins.thread_key, ins.direction, ins.at
         FROM ins JOIN input ON input.channel_id = ins.channel_id AND input.provider_message_id = ins.provider_message_id
        WHERE input.queued
       RETURNING 1
     ), health AS (
       -- The channel's last event, at most every few seconds (see channels/health.ts).
       UPDATE channels SET last_event_at = now()
        WHERE id IN (SELECT channel_id FROM ins)
          AND (last_event_at IS NULL OR last_event_at < now() - make_interval(secs => ?))
       RETURNING 1
     )
     SELECT true AS stored, channel_id, provider_message_id FROM ins
     UNION ALL
     -- an edit or status that came before its message (record-events.ts applies it)
     SELECT false, w.channel_id, w.provider_message_id
       FROM message_events w JOIN input ON w.channel_id = input.channel_id AND w.provider_message_id = input.provider_message_id
      WHERE w.applied_at IS NULL`,
    [JSON.stringify(input), HEALTH_WRITE_SECONDS],
  );
  const results = deliveries.map(() => ({ stored: 0, changesWaiting: false }));
  for (const row of rows as { stored: boolean; channel_id: string; provider_message_id: string }[]) {
    const result = results[owner.get(`${row.channel_id}\u0000${row.provider_message_id}`)!];
    if (row.stored) result.stored++;
    else result.changesWaiting = true;
  }
  return results;
}

async function changesWaitFor(db: Db, channelId: string, events: InboundEvent[]): Promise<boolean> {
  const row = await db('message_events')
    .where({ channel_id: channelId })
    .whereNull('applied_at')
    .whereIn('provider_message_id', events.map((e) => e.providerMessageId))
    .first(db.raw('1 AS one'));
  return row !== undefined;
}
