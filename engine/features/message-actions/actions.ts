// What an agent does to one message or through a channel outside the conversation's lifecycle:
// moderate a public comment, answer it privately, send the channel's template. Each goes straight
// to the provider (these change no conversation state) and leaves an audit event.
import { randomUUID } from 'node:crypto';
import { getConnector, PermanentSendError, type ModerationAction } from '../../../connectors/index.js';
import type { User } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { Conflict, NotFound, ProviderFailed } from '../../platform/errors.js';
import { iso } from '../../platform/org.js';
import { markSent } from '../conversations/activities.js';
import { storedText } from '../encryption/private-data.js';
import { recordInbound } from '../inbound/record.js';
import { recordOutboundRow } from '../lifecycle-settings/activities.js';

const actorOf = (user: User) => ({ type: 'user', id: user.id, name: user.name });

async function publicMessage(db: Db, messageId: string) {
  const row = await db('messages as m')
    .join('channels as ch', 'ch.id', 'm.channel_id')
    .where('m.id', messageId)
    .first('m.id', 'm.kind', 'm.direction', 'm.provider_message_id', 'm.conversation_id', 'm.at', 'm.removed',
      'm.private_reply_sent_at', 'ch.type', 'ch.config', 'ch.route_key');
  if (!row) throw new NotFound('no message with that id');
  if (row.kind !== 'public') throw new Conflict('only public comments can be moderated or answered privately; this message is private');
  if (!row.provider_message_id) throw new Conflict('this message has no provider id yet (it was not sent)');
  return row;
}

function providerError(err: unknown): never {
  if (err instanceof PermanentSendError) throw new Conflict(err.message);
  throw new ProviderFailed(`the provider did not answer as expected: ${String((err as Error).message ?? err)}`);
}

async function audit(db: Db, conversationId: string | null, user: User, type: string, detail: Record<string, unknown>) {
  if (!conversationId) return;
  await db('conversation_events').insert({ conversation_id: conversationId, type, actor: actorOf(user), detail });
}

const STATE: Record<ModerationAction, Record<string, boolean>> = {
  hide: { hidden: true },
  unhide: { hidden: false },
  delete: { removed: true },
};

/** Hide, unhide or delete a public comment at the provider, then record it on the message. */
export async function moderateMessage(db: Db, user: User, messageId: string, action: ModerationAction, fetchImpl: typeof fetch = fetch): Promise<void> {
  const message = await publicMessage(db, messageId);
  const connector = getConnector(message.type);
  if (!connector?.moderate) throw new Conflict(`${message.type} channels do not let us ${action} comments`);
  if (message.removed) throw new Conflict('this comment was deleted');
  await connector.moderate(action, message.provider_message_id, message.config, fetchImpl).catch(providerError);
  await db.transaction(async (trx) => {
    await trx('messages').where({ id: messageId }).update(STATE[action]);
    await audit(trx, message.conversation_id, user, `message.${action === 'delete' ? 'deleted' : action === 'hide' ? 'hidden' : 'unhidden'}`, { messageId });
  });
}

/**
 * One private reply per comment: the comment is claimed (private_reply_sent_at) before the send,
 * so two agents at once cannot both send; a failed send gives the claim back.
 */
export async function privateReply(
  db: Db,
  user: User,
  messageId: string,
  text: string,
  fetchImpl: typeof fetch = fetch,
  onRecorded?: () => void,
): Promise<{ providerMessageId: string; sentAt: string }> {
  const message = await publicMessage(db, messageId);
  const connector = getConnector(message.type);
  if (!connector?.sendPrivateReply) throw new Conflict(`${message.type} channels have no private replies to comments`);
  if (message.direction !== 'in') throw new Conflict("a private reply answers a customer's comment, not one of ours");
  const reply = {
    outboundId: randomUUID(),
    commentId: message.provider_message_id as string,
    commentAt: iso(message.at)!,
    ...(message.private_reply_sent_at ? { privateReplySentAt: iso(message.private_reply_sent_at)! } : {}),
    text,
  };
  const claimed = await db('messages').where({ id: messageId }).whereNull('private_reply_sent_at')
    .update({ private_reply_sent_at: db.fn.now() }).returning('private_reply_sent_at');
  if (claimed.length === 0 && !reply.privateReplySentAt) throw new Conflict('a private reply to this comment is being sent');
  try {
    const { providerMessageId, recipientId } = await connector.sendPrivateReply(reply, message.config, fetchImpl);
    const sentAt = iso(claimed[0].private_reply_sent_at)!;
    // The reply went to the customer's inbox: a private message, sealed in the audit trail too.
    const sent = { outboundId: reply.outboundId, providerMessageId, recipientId, text };
    const stored = await recordPrivateReply(db, user, message, connector.privateRepliesGoTo, sent);
    await audit(db, message.conversation_id, user, 'message.private_reply', { messageId, text: storedText('private', text), providerMessageId, ...stored });
    if (stored.privateChannelId) onRecorded?.();
    return { providerMessageId, sentAt };
  } catch (err) {
    if (claimed.length) await db('messages').where({ id: messageId }).update({ private_reply_sent_at: null });
    return providerError(err);
  }
}

/**
 * The private reply as an outbound message: in the customer's private conversation on the Page's
 * Messenger channel (Instagram: the same channel) when there is one, queued for the relay like an
 * echo so it joins (or opens) that thread, and reconciled with the echo by our outbound id and by
 * the provider's id; otherwise in the comment's own conversation, where the agent answered it.
 */
async function recordPrivateReply(
  db: Db,
  user: User,
  comment: { conversation_id: string | null; route_key: string | null },
  privateType: string | undefined,
  sent: { outboundId: string; providerMessageId: string; recipientId?: string; text: string },
): Promise<{ privateChannelId?: string }> {
  const target = privateType && sent.recipientId && comment.route_key
    ? await db('channels').where({ type: privateType, route_key: comment.route_key }).whereNull('deleted_at').first('id')
    : undefined;
  if (target && sent.recipientId) {
    await db.transaction(async (trx) => {
      await recordInbound(trx, target.id, [{
        providerMessageId: sent.providerMessageId, threadKey: sent.recipientId!, kind: 'private', direction: 'out',
        contact: { providerId: sent.recipientId! }, text: sent.text, attachments: [], at: new Date().toISOString(), outboundId: sent.outboundId,
      }]);
      await trx('messages').where({ channel_id: target.id, provider_message_id: sent.providerMessageId }).update({
        author: actorOf(user), send_status: 'sent', outbound_id: trx.raw('coalesce(outbound_id, ?)', [sent.outboundId]),
        delivery_status: trx.raw("CASE WHEN delivery_status IS NULL OR delivery_status = 'pending' THEN 'sent' ELSE delivery_status END"),
      });
    });
    return { privateChannelId: target.id };
  }
  if (!comment.conversation_id) return {};
  await recordOutboundRow(db, { conversationId: comment.conversation_id, outboundId: sent.outboundId, text: sent.text, actor: actorOf(user) });
  const row = await db('messages').where({ outbound_id: sent.outboundId }).first('id', 'channel_id');
  await markSent(db, row.id, row.channel_id, sent.providerMessageId);
  await db('messages').where({ id: row.id }).update({ extra: { privateReply: true } });
  return {};
}

/** The channel's approved template (WhatsApp outside its 24-hour window), as an outbound message. */
export async function sendTemplate(db: Db, user: User, conversationId: string, fetchImpl: typeof fetch = fetch): Promise<{ messageId: string }> {
  const convo = await db('conversations as c')
    .join('channels as ch', 'ch.id', 'c.channel_id')
    .join('contacts as ct', 'ct.id', 'c.contact_id')
    .where('c.id', conversationId)
    .first('c.id', 'c.channel_id', 'c.reply_window_closes_at', 'c.status', 'ct.provider_id', 'ch.type', 'ch.config');
  if (!convo) throw new NotFound('no conversation with that id');
  const connector = getConnector(convo.type);
  const template = convo.config?.template as { name: string; language: string } | undefined;
  if (!connector?.sendTemplate) throw new Conflict(`${convo.type} channels have no templates: reply instead`);
  if (!template) throw new Conflict("this channel has no template configured: an admin sets config.template { name, language } on the channel");
  const closes = convo.reply_window_closes_at ? Date.parse(iso(convo.reply_window_closes_at)!) : undefined;
  if (closes !== undefined && closes > Date.now()) {
    throw new Conflict(`the reply window is open until ${new Date(closes).toISOString()}: reply normally`);
  }
  const outboundId = randomUUID();
  await recordOutboundRow(db, { conversationId, outboundId, text: `Template ${template.name} (${template.language})`, actor: actorOf(user) });
  const row = await db('messages').where({ outbound_id: outboundId }).first('id');
  try {
    const { providerMessageId } = await connector.sendTemplate(
      { outboundId, recipientId: convo.provider_id, name: template.name, language: template.language },
      convo.config,
      fetchImpl,
    );
    await markSent(db, row.id, convo.channel_id, providerMessageId);
    await audit(db, conversationId, user, 'message.template_sent', { messageId: row.id, template: template.name, language: template.language });
    return { messageId: row.id };
  } catch (err) {
    const reason = String((err as Error).message ?? err);
    await db('messages').where({ id: row.id }).update({ send_status: 'failed', delivery_status: 'failed', send_error: reason });
    return providerError(err);
  }
}
