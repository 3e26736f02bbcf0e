import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { getConnector } from '../../../connectors/index.js';
import { PermanentSendError, RateLimitedError, TemplateRequiredError } from '../../../connectors/index.js';
import type {
  ConversationActivities,
  LinkInboundInput,
  LinkInboundResult,
  RecordOutboundInput,
  TransitionInput,
} from '../../../workflows/activities.js';
import { TEMPLATE_REQUIRED } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { recordChannelError } from '../channels/health.js';
import { iso } from '../../platform/org.js';
import { publishedRules } from '../automation/published.js';
import { loadLifecycleSettings, recordOutboundRow } from '../lifecycle-settings/activities.js';
import { notifyAssigned } from '../notifications/index.js';
import { applyWaitingChanges } from '../inbound/record-events.js';
import { linkThreads } from '../inbound/link.js';
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
/** The longest rate-limit reset an agent's reply waits for before its send is queued. */
const LOCAL_RATE_LIMIT_WAIT_SECONDS = 10;

/** Whether this runs as a local activity (false when called directly, outside any activity). */
function runsLocally(): boolean {
  try {
    return Context.current().info.isLocal;
  } catch {
    return false;
  }
}

export interface ActivityDeps {
  db: Db;
  fetch?: typeof fetch;
}

/** Messages and transitions of a conversation: linking inbound, recording and sending outbound. */
export function createConversationActivities({ db, fetch: fetchImpl = fetch }: ActivityDeps): Pick<
  ConversationActivities,
  'linkInbound' | 'applyTransition' | 'recordOutbound' | 'sendOutbound' | 'replyOutbound'
> {
  /** The relay links before it signals (inbound/link.ts); this activity serves the signals that
   * carry no linked facts (recorded before that, or carried over by continue-as-new). */
  async function linkInbound({ ref, items, withSettings }: LinkInboundInput): Promise<LinkInboundResult> {
    const [conversation] = await linkThreads(db, [{ ...ref, messageIds: items.map((i) => i.messageId) }]);
    if (!conversation) throw ApplicationFailure.nonRetryable('none of the messages to link exists', 'UnknownMessages');
    const rules = await publishedRules(db);
    return {
      conversationId: conversation.conversationId,
      created: conversation.created,
      kind: conversation.kind,
      status: conversation.status,
      assignee: conversation.assignee,
      lastCustomerMessageAt: conversation.lastCustomerMessageAt,
      policy: conversation.policy,
      rules: { automations: rules.counts.automations > 0, skillSets: rules.counts.skillSets > 0, scripts: rules.counts.scripts > 0 },
      ...(withSettings ? { settings: await loadLifecycleSettings(db, ref.channelId) } : {}),
    };
  }

  async function applyTransition({ conversationId, status, assignee, event, previous }: TransitionInput): Promise<void> {
    await writeTransition(db, { conversationId, status, assignee, event });
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
        // An agent's reply (a local attempt, workflows/proxies.ts) waits for no long reset: the
        // workflow queues the send and answers the agent.
        const longWait = runsLocally() && (err.retryAfterSeconds ?? 0) > LOCAL_RATE_LIMIT_WAIT_SECONDS;
        throw ApplicationFailure.create({
          message: err.message,
          type: 'RateLimited',
          nonRetryable: longWait,
          // The workflow reads the delay from the details (a failure's nextRetryDelay does not reach it).
          details: [{ retryAfterSeconds: err.retryAfterSeconds ?? null }],
          ...(err.retryAfterSeconds !== undefined ? { nextRetryDelay: `${Math.max(1, err.retryAfterSeconds)} seconds` } : {}),
        });
      }
      await db('messages').where({ id: row.id }).update({ send_error: reason });
      throw err;
    }
  }

  async function replyOutbound(input: RecordOutboundInput): Promise<{ providerMessageId: string }> {
    await recordOutbound(input);
    return sendOutbound({ outboundId: input.outboundId });
  }

  return {
    linkInbound,
    applyTransition,
    recordOutbound,
    sendOutbound,
    replyOutbound,
  };
}
