// Links recorded messages to their conversations: many threads in one statement, with what the
// inbox needs (the conversation and its contact when new, the last-message fields, the reply
// window, `conversation.created`) and the customers' notifications, in one transaction. Once it
// commits the messages are in their queues, whether or not Temporal has run anything yet.
//
// Linking is idempotent: a message already linked is not linked again, so a batch linked twice (a
// relay killed between its commit and its signals, a retried activity) writes no second live
// event and no second notification, and the last-message fields keep the latest message.
import { getConnector } from '../../../connectors/index.js';
import type { ConversationKind } from '../../../rules/facts.js';
import type { LinkInboundResult } from '../../../workflows/activities.js';
import type { WindowPolicy } from '../../../workflows/shared.js';
import { conversationWorkflowId } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { iso } from '../../platform/org.js';
import { notifyCustomerMessages, type CustomerMessageInput } from '../notifications/index.js';

export interface ThreadToLink {
  channelId: string;
  threadKey: string;
  messageIds: string[];
}

/** The stored facts of one thread's conversation after linking. */
/** A thread as the relay linked it: the workflow's link facts (status and assignee as stored; the
 * workflow writes them), where `created` also holds when an earlier link of this very batch created
 * it but its hand-over did not happen (a relay killed before it signalled). */
export interface LinkedThread extends Pick<LinkInboundResult, 'conversationId' | 'created' | 'kind' | 'status' | 'assignee' | 'lastCustomerMessageAt' | 'policy'> {
  channelId: string;
  threadKey: string;
  /** The linked messages' texts, by id (for what the relay decides before it signals). */
  texts: Map<string, string>;
  /** The channel's type. */
  channelType: string;
}

interface ChannelRow {
  type: string;
  config: Record<string, unknown>;
}

/** Channel policies change only when an admin edits a channel: a short cache spares a query per batch. */
const channelCache = new WeakMap<Db, Map<string, { at: number; channel: ChannelRow | undefined }>>();

async function channelsOf(db: Db, ids: string[]): Promise<Map<string, ChannelRow | undefined>> {
  let cache = channelCache.get(db);
  if (!cache) channelCache.set(db, (cache = new Map()));
  const out = new Map<string, ChannelRow | undefined>();
  const missing: string[] = [];
  for (const id of ids) {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < 10_000) out.set(id, hit.channel);
    else missing.push(id);
  }
  if (missing.length) {
    const rows: (ChannelRow & { id: string })[] = await db('channels').whereIn('id', missing).select('id', 'type', 'config');
    for (const id of missing) {
      const channel = rows.find((r) => r.id === id);
      const row = channel ? { type: channel.type, config: channel.config } : undefined;
      cache.set(id, { at: Date.now(), channel: row });
      out.set(id, row);
    }
  }
  return out;
}

function policyOf(channel: ChannelRow | undefined, kind: ConversationKind): WindowPolicy {
  return (channel && getConnector(channel.type)?.policy(kind, channel.config)) ?? {};
}

const windowOf = (p: WindowPolicy) => p.humanAgentWindowSeconds ?? p.standardWindowSeconds ?? null;

/**
 * Links each thread's messages to its conversation, in one transaction: one statement for every
 * thread, then one for the notifications of the threads that got a customer message linked for
 * the first time. Threads none of whose messages exist are left out of the answer.
 */
export async function linkThreads(db: Db, threads: ThreadToLink[]): Promise<LinkedThread[]> {
  if (threads.length === 0) return [];
  const channels = await channelsOf(db, [...new Set(threads.map((t) => t.channelId))]);
  const input = threads.map((t, grp) => {
    const channel = channels.get(t.channelId);
    return {
      grp,
      channel_id: t.channelId,
      thread_key: t.threadKey,
      workflow_id: conversationWorkflowId(t),
      private_window: windowOf(policyOf(channel, 'private')),
      public_window: windowOf(policyOf(channel, 'public')),
    };
  });
  const wanted = threads.flatMap((t, grp) => t.messageIds.map((id) => ({ grp, id })));
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw(
      `WITH threads AS (
         SELECT * FROM jsonb_to_recordset(:threads::jsonb) AS t(grp int, channel_id uuid, thread_key text, workflow_id text,
                                                                 private_window float8, public_window float8)
       ), wanted AS (
         SELECT * FROM jsonb_to_recordset(:wanted::jsonb) AS w(grp int, id uuid)
       ), msgs AS (
         SELECT w.grp, m.id, m.direction, m.text, m.at, m.kind, m.author, m.contact_provider_id, m.post_id
           FROM wanted w JOIN messages m ON m.id = w.id
       ), last AS (
         SELECT DISTINCT ON (grp) * FROM msgs ORDER BY grp, at DESC, id DESC
       ), customer AS (
         SELECT last.grp, max(m.at) AS last_at,
                (array_agg(m.author->>'name' ORDER BY m.at DESC) FILTER (WHERE m.author->>'name' IS NOT NULL))[1] AS name
           FROM last LEFT JOIN msgs m ON m.grp = last.grp AND m.direction = 'in'
          GROUP BY last.grp
       ), contact_input AS (
         -- one row per contact, even when it writes in several threads of this batch
         SELECT DISTINCT ON (t.channel_id, last.contact_provider_id) t.channel_id, last.contact_provider_id AS provider_id, customer.name
           FROM threads t JOIN last ON last.grp = t.grp JOIN customer ON customer.grp = t.grp
          ORDER BY t.channel_id, last.contact_provider_id, customer.name IS NULL, customer.last_at DESC NULLS LAST
       ), contact AS (
         INSERT INTO contacts (channel_id, provider_id, name)
         SELECT channel_id, provider_id, name FROM contact_input
         ON CONFLICT (channel_id, provider_id) DO UPDATE SET name = coalesce(excluded.name, contacts.name), updated_at = now()
         RETURNING id, channel_id, provider_id
       ), convo AS (
         INSERT INTO conversations AS c (channel_id, thread_key, workflow_id, kind, status, contact_id, post_id,
             last_message_text, last_message_direction, last_message_at, last_customer_message_at, reply_window_closes_at)
         SELECT t.channel_id, t.thread_key, t.workflow_id, last.kind, 'unassigned', contact.id, last.post_id,
                last.text, last.direction, last.at, customer.last_at,
                customer.last_at + make_interval(secs => CASE last.kind WHEN 'public' THEN t.public_window ELSE t.private_window END)
           FROM threads t
           JOIN last ON last.grp = t.grp
           JOIN customer ON customer.grp = t.grp
           JOIN contact ON contact.channel_id = t.channel_id AND contact.provider_id = last.contact_provider_id
         ON CONFLICT (channel_id, thread_key) DO UPDATE SET
           last_message_text = CASE WHEN excluded.last_message_at >= c.last_message_at THEN excluded.last_message_text ELSE c.last_message_text END,
           last_message_direction = CASE WHEN excluded.last_message_at >= c.last_message_at THEN excluded.last_message_direction ELSE c.last_message_direction END,
           last_message_at = greatest(c.last_message_at, excluded.last_message_at),
           last_customer_message_at = greatest(c.last_customer_message_at, excluded.last_customer_message_at),
           reply_window_closes_at = greatest(c.reply_window_closes_at, excluded.reply_window_closes_at),
           updated_at = now()
         RETURNING id, channel_id, thread_key, kind, status, assignee_user_id, team_id, last_customer_message_at, (xmax = 0) AS created
       ), placed AS (
         SELECT t.grp, convo.* FROM convo JOIN threads t ON t.channel_id = convo.channel_id AND t.thread_key = convo.thread_key
       ), linked AS (
         -- only messages not linked yet: a batch linked again writes no second live event
         UPDATE messages m SET conversation_id = placed.id
           FROM placed JOIN wanted w ON w.grp = placed.grp
          WHERE m.id = w.id AND m.conversation_id IS DISTINCT FROM placed.id
         RETURNING w.grp, m.direction
       ), created_event AS (
         INSERT INTO conversation_events (conversation_id, type, actor, detail)
         SELECT placed.id, 'conversation.created',
                jsonb_strip_nulls(jsonb_build_object('type', 'customer', 'id', last.contact_provider_id, 'name', customer.name)),
                jsonb_build_object('channelId', placed.channel_id::text, 'kind', last.kind)
           FROM placed JOIN last ON last.grp = placed.grp JOIN customer ON customer.grp = placed.grp
          WHERE placed.created
         RETURNING 1
       )
       SELECT placed.grp, placed.id, placed.kind, placed.status, placed.assignee_user_id, placed.team_id,
              placed.last_customer_message_at, placed.created AS inserted,
              -- the statement's snapshot: messages linked by an earlier, committed link of this batch show here
              placed.created OR NOT EXISTS (
                SELECT 1 FROM messages o WHERE o.conversation_id = placed.id
                   AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.grp = placed.grp AND w.id = o.id)) AS created,
              (SELECT count(*) FROM linked l WHERE l.grp = placed.grp AND l.direction = 'in')::int AS fresh_customer,
              (SELECT jsonb_object_agg(m.id, m.text) FROM msgs m WHERE m.grp = placed.grp) AS texts,
              (SELECT count(*) FROM created_event)::int AS events
         FROM placed`,
      { threads: JSON.stringify(input), wanted: JSON.stringify(wanted) },
    );
    const linked: LinkedThread[] = [];
    const notifications: CustomerMessageInput[] = [];
    for (const row of rows) {
      const thread = threads[row.grp];
      const channel = channels.get(thread.channelId);
      const assignee = {
        ...(row.assignee_user_id ? { userId: row.assignee_user_id } : {}),
        ...(row.team_id ? { teamId: row.team_id } : {}),
      };
      if (row.fresh_customer > 0) {
        // The status before the workflow applies what the message causes (a reply to a Done thread).
        notifications.push({ conversationId: row.id, created: row.inserted, statusBefore: row.status, assignee });
      }
      linked.push({
        channelId: thread.channelId,
        threadKey: thread.threadKey,
        conversationId: row.id,
        created: row.created,
        kind: row.kind,
        status: row.status,
        assignee,
        lastCustomerMessageAt: iso(row.last_customer_message_at),
        policy: policyOf(channel, row.kind),
        texts: new Map(Object.entries((row.texts ?? {}) as Record<string, string>)),
        channelType: channel?.type ?? '',
      });
    }
    await notifyCustomerMessages(trx, notifications);
    return linked;
  });
}
