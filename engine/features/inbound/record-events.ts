// Everything one verified delivery tells, recorded in one transaction: new messages (with their
// post, what they answer and the customer's profile), changes to stored messages and delivery
// statuses. Nothing of a delivery is ever half stored, and a delivery seen twice is stored once.
import {
  isMessageEvent,
  type InboundEvent,
  type MessageUpdateEvent,
  type ProviderEvent,
  type StatusEvent,
} from '../../../connectors/index.js';
import { advanceDeliveryStatus, type StoredDeliveryStatus } from '../../../connectors/shared/delivery-status.js';
import type { Db } from '../../platform/database.js';
import Boom from '@hapi/boom';
import { recordChannelError, recordChannelEvent } from '../channels/health.js';
import { recordInbound } from './record.js';
import { recordInboundGrouped } from './group-commit.js';
import { overlongEventId, storable } from './storable.js';
import { storedAttachments, storedChange, storedText } from '../encryption/private-data.js';

export interface Recorded {
  stored: number;
  duplicates: number;
  /** Update and status events seen for the first time (applied now or once their message arrives). */
  changes: number;
}

type ChangeEvent = MessageUpdateEvent | StatusEvent;

export async function recordEvents(db: Db, channelId: string, delivered: ProviderEvent[]): Promise<Recorded> {
  // Updates and statuses go into jsonb too: the characters PostgreSQL cannot store are replaced first.
  const events = storable(delivered);
  if (events.length === 0) return { stored: 0, duplicates: 0, changes: 0 };
  const tooLong = overlongEventId(events);
  if (tooLong) throw Boom.badRequest(tooLong);
  if (onlyNewCustomerMessages(events)) {
    // The common delivery (customer messages, nothing else): one statement, atomic by itself,
    // shared with the deliveries that arrive meanwhile (group-commit.ts).
    // Changes that came before these messages are applied after it; until they are, the
    // provider has no 200 and delivers again, so none is left unapplied.
    const { stored, duplicates, changesWaiting } = await recordInboundGrouped(db, channelId, events);
    if (changesWaiting) {
      await db.transaction((trx) => applyWaitingChanges(trx, channelId, { providerMessageIds: events.map((e) => e.providerMessageId), outboundIds: [] }));
    }
    return { stored, duplicates, changes: 0 };
  }
  return db.transaction(async (trx) => {
    const messages = await ownSendsOf(trx, channelId, await threadOwnReplies(trx, channelId, events.filter(isMessageEvent)));
    const { stored, duplicates } = await recordInbound(trx, channelId, messages);
    await storePosts(trx, channelId, messages);
    await mergeContactAttributes(trx, channelId, messages);
    const changes = await recordChanges(trx, channelId, events.filter((e): e is ChangeEvent => !isMessageEvent(e)));
    // A delivery of statuses or changes only is news from the channel too.
    if (changes > 0 && stored === 0) await recordChannelEvent(trx, channelId);
    await applyWaitingChanges(trx, channelId, {
      providerMessageIds: events.map((e) => e.providerMessageId),
      outboundIds: events.flatMap((e) => ('outboundId' in e && e.outboundId ? [e.outboundId] : [])),
    });
    return { stored, duplicates, changes };
  });
}

/** A delivery that only brings customers' messages: no change, post, profile or own send to match. */
function onlyNewCustomerMessages(events: ProviderEvent[]): events is InboundEvent[] {
  return events.every((e) =>
    isMessageEvent(e) && e.direction === 'in' && !e.outboundId && !e.post
    && !(e.contact.attributes && Object.keys(e.contact.attributes).length > 0));
}

/**
 * A reply by the brand itself on a public post (the Page's, the Instagram account's or the
 * organisation's comment) names the comment it answers but not the customer: it belongs in that
 * comment's thread. When that comment is not stored, it is kept without opening a conversation.
 */
async function threadOwnReplies(db: Db, channelId: string, messages: InboundEvent[]): Promise<(InboundEvent & { unthreaded?: boolean })[]> {
  const own = messages.filter((m) => m.direction === 'out' && m.kind === 'public' && !m.outboundId);
  if (own.length === 0) return messages;
  const answered = [...new Set(own.flatMap((m) => (m.inReplyTo ? [m.inReplyTo] : [])))];
  const stored = answered.length
    ? await db('messages').where({ channel_id: channelId }).whereIn('provider_message_id', answered)
      .select('provider_message_id', 'thread_key', 'contact_provider_id', 'direction')
    : [];
  const threads = new Map<string, { threadKey: string; customer: string; ownReply: boolean }>(
    stored.map((r) => [r.provider_message_id, { threadKey: r.thread_key, customer: r.contact_provider_id, ownReply: r.direction === 'out' }]),
  );
  // The same delivery may carry the comment and its answer.
  for (const m of messages) {
    if (m.direction === 'in') threads.set(m.providerMessageId, { threadKey: m.threadKey, customer: m.contact.providerId, ownReply: false });
  }
  return messages.map((m) => {
    if (!own.includes(m)) return m;
    const thread = m.inReplyTo ? threads.get(m.inReplyTo) : undefined;
    if (!thread) return { ...m, unthreaded: true };
    threads.set(m.providerMessageId, thread);
    return { ...m, threadKey: thread.threadKey, contact: { providerId: thread.customer } };
  });
}

/**
 * The provider may tell us of our own message before it answers our send (Graph delivers the
 * Page's comment, X the account's DM, while the POST is still open): such a message is the one we
 * recorded and are sending, not a new one. It takes our outbound id (recordInbound then marks that
 * row sent under the provider's id) when the thread has a message of ours not yet sent with the
 * same text.
 */
async function ownSendsOf<T extends InboundEvent & { unthreaded?: boolean }>(db: Db, channelId: string, messages: T[]): Promise<T[]> {
  const candidates = messages.filter((m) => m.direction === 'out' && !m.outboundId && !m.unthreaded);
  if (candidates.length === 0) return messages;
  const known = await db('messages').where({ channel_id: channelId }).whereIn('provider_message_id', candidates.map((m) => m.providerMessageId)).pluck('provider_message_id');
  const fresh = candidates.filter((m) => !known.includes(m.providerMessageId));
  if (fresh.length === 0) return messages;
  const pending = await db('messages')
    .where({ channel_id: channelId, direction: 'out' })
    .whereIn('thread_key', [...new Set(fresh.map((m) => m.threadKey))])
    .whereNotNull('outbound_id')
    .whereNull('provider_message_id')
    .whereNot('send_status', 'failed')
    .orderBy([{ column: 'at' }, { column: 'id' }])
    .select('outbound_id', 'thread_key', 'text');
  const taken = new Set<string>();
  return messages.map((m) => {
    if (!fresh.includes(m)) return m;
    const mine = pending.find((p) => !taken.has(p.outbound_id) && p.thread_key === m.threadKey && String(p.text).trim() === m.text.trim());
    if (!mine) return m;
    taken.add(mine.outbound_id);
    return { ...m, outboundId: mine.outbound_id as string };
  });
}

/** The post of a public thread: what this delivery says, over what earlier ones said. */
async function storePosts(db: Db, channelId: string, messages: InboundEvent[]): Promise<void> {
  const posts = new Map<string, Record<string, unknown>>();
  for (const m of messages) {
    if (!m.post) continue;
    posts.set(m.post.id, { ...(posts.get(m.post.id) ?? {}), ...m.post });
  }
  if (posts.size === 0) return;
  await db.raw(
    `INSERT INTO posts (channel_id, post_id, data)
     SELECT ?, x.key, x.value FROM jsonb_each(?::jsonb) AS x
     ON CONFLICT (channel_id, post_id) DO UPDATE SET data = posts.data || excluded.data, updated_at = now()`,
    [channelId, JSON.stringify(Object.fromEntries(posts))],
  );
}

/** What the provider says about the customer (X profile) joins the contact's attributes. */
async function mergeContactAttributes(db: Db, channelId: string, messages: InboundEvent[]): Promise<void> {
  const contacts = new Map<string, { name?: string; attributes: Record<string, string> }>();
  for (const m of messages) {
    if (m.direction !== 'in' || !m.contact.attributes || Object.keys(m.contact.attributes).length === 0) continue;
    const before = contacts.get(m.contact.providerId);
    contacts.set(m.contact.providerId, {
      name: m.contact.name ?? before?.name,
      attributes: { ...(before?.attributes ?? {}), ...m.contact.attributes },
    });
  }
  if (contacts.size === 0) return;
  await db.raw(
    `INSERT INTO contacts (channel_id, provider_id, name, attributes)
     SELECT ?, x.key, x.value->>'name', x.value->'attributes' FROM jsonb_each(?::jsonb) AS x
     ON CONFLICT (channel_id, provider_id) DO UPDATE SET
       attributes = contacts.attributes || excluded.attributes,
       name = coalesce(excluded.name, contacts.name), updated_at = now()`,
    [channelId, JSON.stringify(Object.fromEntries(contacts))],
  );
}

/** Each change once, by its eventId; applied by applyWaitingChanges. */
async function recordChanges(db: Db, channelId: string, changes: ChangeEvent[]): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = changes.map((e) => ({
    event_id: e.eventId,
    provider_message_id: e.providerMessageId,
    outbound_id: e.event === 'status' ? (e.outboundId ?? null) : null,
    event: e.event === 'status' ? e : storedChange(e),
  }));
  const { rows: inserted } = await db.raw(
    `INSERT INTO message_events (channel_id, event_id, provider_message_id, outbound_id, event)
     SELECT ?, x.event_id, x.provider_message_id, x.outbound_id, x.event
       FROM jsonb_to_recordset(?::jsonb) AS x(event_id text, provider_message_id text, outbound_id text, event jsonb)
     ON CONFLICT (channel_id, event_id) DO NOTHING
     RETURNING event_id`,
    [channelId, JSON.stringify(rows)],
  );
  return inserted.length;
}

interface StoredMessage {
  id: string;
  conversation_id: string | null;
  direction: 'in' | 'out';
  kind: string;
  text: string;
  delivery_status: StoredDeliveryStatus | null;
}

/**
 * Applies the recorded changes that wait for these messages (by provider id, or our outbound id
 * for statuses), oldest first. A change whose message is still unknown keeps waiting.
 */
export async function applyWaitingChanges(db: Db, channelId: string, ids: { providerMessageIds: string[]; outboundIds: string[] }): Promise<void> {
  const providerIds = [...new Set(ids.providerMessageIds)];
  const outboundIds = [...new Set(ids.outboundIds)];
  if (providerIds.length === 0 && outboundIds.length === 0) return;
  const waiting = await db('message_events')
    .where({ channel_id: channelId })
    .whereNull('applied_at')
    .where((w) => {
      w.whereIn('provider_message_id', providerIds);
      if (outboundIds.length) w.orWhereIn('outbound_id', outboundIds);
    })
    .orderBy([{ column: 'received_at' }, { column: 'event_id' }])
    .forUpdate()
    .select('event_id', 'event');
  const ordered = waiting.sort((a, b) => String(a.event.at).localeCompare(String(b.event.at)));
  for (const { event_id: eventId, event } of ordered as { event_id: string; event: ChangeEvent }[]) {
    const message = await findMessage(db, channelId, event);
    if (!message) continue;
    if (event.event === 'status') await applyStatus(db, channelId, message, event);
    else await applyUpdate(db, message, event);
    await db('message_events').where({ channel_id: channelId, event_id: eventId }).update({ applied_at: db.fn.now() });
  }
}

async function findMessage(db: Db, channelId: string, event: ChangeEvent): Promise<StoredMessage | undefined> {
  const columns = ['id', 'conversation_id', 'direction', 'kind', 'text', 'delivery_status'];
  if (event.event === 'status' && event.outboundId) {
    const byOutbound = await db('messages').where({ channel_id: channelId, outbound_id: event.outboundId }).first(columns);
    if (byOutbound) return byOutbound;
  }
  return db('messages').where({ channel_id: channelId, provider_message_id: event.providerMessageId }).first(columns);
}

async function applyStatus(db: Db, channelId: string, message: StoredMessage, event: StatusEvent): Promise<void> {
  if (message.direction !== 'out') return;
  const next = advanceDeliveryStatus(message.delivery_status ?? 'pending', event.status);
  if (next === message.delivery_status) return;
  const error = event.error ? [event.error.title, event.error.message].filter(Boolean).join(': ') || `error ${event.error.code}` : undefined;
  await db('messages').where({ id: message.id }).update({
    delivery_status: next,
    ...(next === 'failed' ? { send_status: 'failed', send_error: error ?? 'the provider reports the message failed' } : {}),
    ...(next !== 'failed' ? { send_status: 'sent' } : {}),
  });
  if (next === 'failed') await recordChannelError(db, channelId, `a message failed: ${error ?? 'the provider reports the message failed'}`);
}

const AUDIT: Record<MessageUpdateEvent['change'], string | undefined> = {
  edited: 'message.edited',
  removed: 'message.removed',
  hidden: 'message.hidden',
  unhidden: 'message.unhidden',
  reaction: undefined,
};

async function applyUpdate(db: Db, message: StoredMessage, event: MessageUpdateEvent): Promise<void> {
  switch (event.change) {
    case 'edited':
      await db('messages').where({ id: message.id }).update({
        text: storedText(message.kind, event.text ?? ''),
        ...(event.attachments ? { attachments: JSON.stringify(storedAttachments(message.kind, event.attachments)) } : {}),
        edited_at: event.at,
      });
      break;
    case 'removed':
      await db('messages').where({ id: message.id }).update({ removed: true });
      break;
    case 'hidden':
    case 'unhidden':
      await db('messages').where({ id: message.id }).update({ hidden: event.change === 'hidden' });
      break;
    case 'reaction':
      await db('messages').where({ id: message.id }).update({ reaction: event.text ? event.text : null });
      break;
  }
  const type = AUDIT[event.change];
  if (!type) return;
  const audit = {
    type,
    actor: { type: 'provider' },
    detail: {
      messageId: message.id,
      ...(event.change === 'edited' ? { previousText: storedText(message.kind, message.text), text: storedText(message.kind, event.text ?? '') } : {}),
    },
    at: event.at,
  };
  // Not linked yet: the statement that links it writes the event (migration 015's trigger).
  if (message.conversation_id) await db('conversation_events').insert({ conversation_id: message.conversation_id, ...audit });
  else await db('pending_message_audits').insert({ message_id: message.id, ...audit });
}
