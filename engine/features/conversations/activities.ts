import { ApplicationFailure } from '@temporalio/common';
import { getConnector } from '../../../connectors/index.js';
import { PermanentSendError, RateLimitedError, TemplateRequiredError } from '../../../connectors/index.js';
import type { ConversationKind } from '../../../rules/facts.js';
import type {
  ConversationActivities,
  LinkInboundInput,
  LinkInboundResult,
  RecordOutboundInput,
  TransitionInput,
} from '../../../workflows/activities.js';
import { conversationWorkflowId, TEMPLATE_REQUIRED, type WindowPolicy } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { recordChannelError } from '../channels/health.js';
import { iso } from '../../platform/org.js';
import { publishedRules } from '../automation/published.js';
import { loadLifecycleSettings, recordOutboundRow } from '../lifecycle-settings/activities.js';
import { notifyAssigned, notifyCustomerMessage } from '../notifications/index.js';
import { applyWaitingChanges } from '../inbound/record-events.js';
import { notifyCapacity } from '../routing/dispatcher.js';
import { threadContext } from './thread-context.js';
import { writeTransition } from './transitions.js';

/** The provider took the message: sent (forward only), under the provider's id. */
export async function markSent(db: Db, messageId: string, channelId: string, providerMessageId: string): Promise<void> {
  // An echo may have stored the provider id first; never let the unique key fail the send.
  await db.raw(
    `UPDATE messages SET send_status = 'sent', send_error = NULL,
       delivery_status = CASE WHEN delivery_status IS NULL OR delivery_status = 'pending' THEN 'sent' ELSE delivery_status END,
       provider_message_id = CASE WHEN provider_message_id IS NULL AND NOT EXISTS (
         SELECT 1 FROM messages o WHERE o.channel_id = ? AND o.provider_message_id = ?) THEN ? ELSE provider_message_id END
     WHERE id = ?`,
    [channelId, providerMessageId, providerMessageId, messageId],
  );
}

/** How long a send may wait for a provider's rate limit before its message fails (below the
 * 12-hour schedule-to-close of the queued send). */
export const RATE_LIMIT_GIVE_UP_MS = 11 * 3_600_000;

export interface ActivityDeps {
  db: Db;
  fetch?: typeof fetch;
}

function policyOf(channel: { type: string; config: Record<string, unknown> }, kind: ConversationKind): WindowPolicy {
  return getConnector(channel.type)?.policy(kind, channel.config) ?? {};
}

/** Messages and transitions of a conversation: linking inbound, recording and sending outbound. */
export function createConversationActivities({ db, fetch: fetchImpl = fetch }: ActivityDeps): Pick<
  ConversationActivities,
  'linkInbound' | 'applyTransition' | 'recordOutbound' | 'sendOutbound'
> {
  // Channel policies change only when an admin edits a channel: a short cache spares a query per message.
  const policies = new Map<string, { at: number; channel: { type: string; config: Record<string, unknown> } | undefined }>();
  async function channelOf(channelId: string) {
    const hit = policies.get(channelId);
    if (hit && Date.now() - hit.at < 10_000) return hit.channel;
    const channel = await db('channels').where({ id: channelId }).first('type', 'config');
    policies.set(channelId, { at: Date.now(), channel });
    return channel;
  }

  /**
   * One statement (one round trip, one implicit transaction) on the hottest path: it reads the
   * recorded messages, upserts the contact and the conversation, links the messages and writes
   * `conversation.created` for a new thread.
   */
  async function linkInbound({ ref, items, withSettings }: LinkInboundInput): Promise<LinkInboundResult> {
    const channel = await channelOf(ref.channelId);
    if (!channel) throw ApplicationFailure.nonRetryable(`channel ${ref.channelId} does not exist`, 'UnknownChannel');
    const kinds = { private: policyOf(channel, 'private'), public: policyOf(channel, 'public') };
    const windowOf = (p: WindowPolicy) => p.humanAgentWindowSeconds ?? p.standardWindowSeconds ?? null;
    const { rows } = await db.raw(
      `WITH msgs AS (
         SELECT id, direction, text, at, kind, author, contact_provider_id, post_id
           FROM messages WHERE id = ANY(:ids::uuid[])
       ), last AS (
         SELECT * FROM msgs ORDER BY at DESC, id DESC LIMIT 1
       ), customer AS (
         SELECT max(at) AS last_at,
                (array_agg(author->>'name' ORDER BY at DESC) FILTER (WHERE author->>'name' IS NOT NULL))[1] AS name
           FROM msgs WHERE direction = 'in'
       ), contact AS (
         INSERT INTO contacts (channel_id, provider_id, name)
         SELECT :channelId, last.contact_provider_id, customer.name FROM last, customer
         ON CONFLICT (channel_id, provider_id) DO UPDATE SET name = coalesce(excluded.name, contacts.name), updated_at = now()
         RETURNING id
       ), convo AS (
         INSERT INTO conversations AS c (channel_id, thread_key, workflow_id, kind, status, contact_id, post_id,
             last_message_text, last_message_direction, last_message_at, last_customer_message_at, reply_window_closes_at)
         SELECT :channelId, :threadKey, :workflowId, last.kind, 'unassigned', contact.id, last.post_id,
                last.text, last.direction, last.at, customer.last_at,
                customer.last_at + make_interval(secs => CASE last.kind WHEN 'public' THEN :publicWindow::float8 ELSE :privateWindow::float8 END)
           FROM last, customer, contact
         ON CONFLICT (channel_id, thread_key) DO UPDATE SET
           last_message_text = CASE WHEN excluded.last_message_at >= c.last_message_at THEN excluded.last_message_text ELSE c.last_message_text END,
           last_message_direction = CASE WHEN excluded.last_message_at >= c.last_message_at THEN excluded.last_message_direction ELSE c.last_message_direction END,
           last_message_at = greatest(c.last_message_at, excluded.last_message_at),
           last_customer_message_at = greatest(c.last_customer_message_at, excluded.last_customer_message_at),
           reply_window_closes_at = greatest(c.reply_window_closes_at, excluded.reply_window_closes_at),
           updated_at = now()
         RETURNING id, kind, status, assignee_user_id, team_id, last_customer_message_at, (xmax = 0) AS created
       ), linked AS (
         UPDATE messages m SET conversation_id = convo.id FROM convo WHERE m.id = ANY(:ids::uuid[]) RETURNING 1
       ), created_event AS (
         INSERT INTO conversation_events (conversation_id, type, actor, detail)
         SELECT convo.id, 'conversation.created',
                jsonb_strip_nulls(jsonb_build_object('type', 'customer', 'id', last.contact_provider_id, 'name', customer.name)),
                jsonb_build_object('channelId', :channelId::text, 'kind', last.kind)
           FROM convo, last, customer WHERE convo.created
         RETURNING 1
       )
       SELECT convo.*, (SELECT count(*) FROM linked) AS linked, (SELECT count(*) FROM created_event) AS events FROM convo`,
      {
        ids: items.map((i) => i.messageId),
        channelId: ref.channelId,
        threadKey: ref.threadKey,
        workflowId: conversationWorkflowId(ref),
        privateWindow: windowOf(kinds.private),
        publicWindow: windowOf(kinds.public),
      },
    );
    const conversation = rows[0];
    if (!conversation) throw ApplicationFailure.nonRetryable('none of the messages to link exists', 'UnknownMessages');
    const assignee = {
      ...(conversation.assignee_user_id ? { userId: conversation.assignee_user_id } : {}),
      ...(conversation.team_id ? { teamId: conversation.team_id } : {}),
    };
    if (items.some((i) => i.direction === 'in')) {
      // The status before the workflow applies what the message causes (a reply to a Done thread).
      await notifyCustomerMessage(db, { conversationId: conversation.id, created: conversation.created, statusBefore: conversation.status, assignee });
    }
    const rules = await publishedRules(db);
    return {
      conversationId: conversation.id,
      created: conversation.created,
      kind: conversation.kind,
      status: conversation.status,
      assignee,
      lastCustomerMessageAt: iso(conversation.last_customer_message_at),
      policy: kinds[conversation.kind as ConversationKind],
      rules: { automations: rules.counts.automations > 0, skillSets: rules.counts.skillSets > 0, scripts: rules.counts.scripts > 0 },
      ...(withSettings ? { settings: await loadLifecycleSettings(db, ref.channelId) } : {}),
    };
  }

  async function applyTransition({ conversationId, status, assignee, event, previous }: TransitionInput): Promise<void> {
    await db.transaction((trx) => writeTransition(trx, { conversationId, status, assignee, event }));
    if (event.type === 'conversation.assigned') {
      const detail = event.detail ?? {};
      await notifyAssigned(db, {
        conversationId,
        ...(assignee.userId ? { userId: assignee.userId } : {}),
        ...(assignee.teamId ? { teamId: assignee.teamId } : {}),
        actor: event.actor,
        ...(typeof detail.note === 'string' ? { note: detail.note } : {}),
      });
    }
    // The previous assignee has one conversation less: someone waiting in their team may come.
    if (previous?.userId && (status === 'done' || assignee.userId !== previous.userId)) await notifyCapacity(db, previous.userId);
  }

  async function recordOutbound(input: RecordOutboundInput): Promise<void> {
    await recordOutboundRow(db, input);
  }

  async function sendOutbound({ outboundId }: { outboundId: string }): Promise<{ providerMessageId: string }> {
    const row = await db('messages as m')
      .join('conversations as c', 'c.id', 'm.conversation_id')
      .join('contacts as ct', 'ct.id', 'c.contact_id')
      .join('channels as ch', 'ch.id', 'm.channel_id')
      .where('m.outbound_id', outboundId)
      .first('m.id', 'm.text', 'm.author', 'm.at', 'm.send_status', 'm.provider_message_id', 'm.channel_id', 'm.conversation_id', 'c.thread_key', 'c.kind',
        'c.post_id', 'c.last_customer_message_at', 'ct.provider_id', 'ch.type', 'ch.config');
    if (!row) throw ApplicationFailure.nonRetryable(`no outbound message ${outboundId}`, 'UnknownOutbound');
    if (row.send_status === 'sent') return { providerMessageId: row.provider_message_id ?? '' };
    const connector = getConnector(row.type);
    if (!connector) throw ApplicationFailure.nonRetryable(`channel type ${row.type} cannot send`, 'PermanentSendError');
    const context = await threadContext(db, row.conversation_id, row.type);
    try {
      const { providerMessageId } = await connector.send(
        {
          outboundId,
          threadKey: row.thread_key,
          kind: row.kind,
          recipientId: row.provider_id,
          text: row.text,
          lastCustomerMessageAt: iso(row.last_customer_message_at),
          byHuman: row.author?.type === 'user',
          ...(context.inReplyTo ? { inReplyTo: context.inReplyTo } : {}),
          ...(row.post_id ? { postId: row.post_id } : {}),
          ...(context.email ? { email: context.email } : {}),
        },
        row.config,
        fetchImpl,
      );
      await db.transaction(async (trx) => {
        await markSent(trx, row.id, row.channel_id, providerMessageId);
        // A status may have come before the provider's answer did.
        await applyWaitingChanges(trx, row.channel_id, { providerMessageIds: [providerMessageId], outboundIds: [outboundId] });
      });
      return { providerMessageId };
    } catch (err) {
      const reason = String((err as Error).message ?? err);
      await recordChannelError(db, row.channel_id, `a send failed: ${reason}`);
      if (err instanceof TemplateRequiredError) {
        await db('messages').where({ id: row.id }).update({ send_status: 'failed', delivery_status: 'failed', send_error: err.message });
        throw ApplicationFailure.nonRetryable(err.message, TEMPLATE_REQUIRED);
      }
      if (err instanceof PermanentSendError) {
        await db('messages').where({ id: row.id }).update({ send_status: 'failed', delivery_status: 'failed', send_error: err.message });
        throw ApplicationFailure.nonRetryable(err.message, 'PermanentSendError');
      }
      if (err instanceof RateLimitedError) {
        // Not a failure of the reply: Temporal tries again once the provider's limit has reset;
        // short of the queued send's schedule-to-close (workflows/proxies.ts), the message fails.
        if (Date.now() - new Date(row.at).getTime() > RATE_LIMIT_GIVE_UP_MS) {
          const gaveUp = `the provider's rate limit did not let the message go within ${RATE_LIMIT_GIVE_UP_MS / 3_600_000} hours: ${err.message}`;
          await db('messages').where({ id: row.id }).update({ send_status: 'failed', delivery_status: 'failed', send_error: gaveUp });
          throw ApplicationFailure.nonRetryable(gaveUp, 'PermanentSendError');
        }
        await db('messages').where({ id: row.id }).update({ send_error: err.message });
        throw ApplicationFailure.create({
          message: err.message,
          type: 'RateLimited',
          // The workflow reads the delay from the details (a failure's nextRetryDelay does not reach it).
          details: [{ retryAfterSeconds: err.retryAfterSeconds ?? null }],
          ...(err.retryAfterSeconds !== undefined ? { nextRetryDelay: `${Math.max(1, err.retryAfterSeconds)} seconds` } : {}),
        });
      }
      await db('messages').where({ id: row.id }).update({ send_error: reason });
      throw err;
    }
  }

  return {
    linkInbound,
    applyTransition,
    recordOutbound,
    sendOutbound,
  };
}
