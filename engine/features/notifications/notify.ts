// Creating notifications: the in-app rows and the outbox e-mails of one event, written by one
// statement that also applies every recipient's preferences and wakes the mailers.
import type { Db } from '../../platform/database.js';
import { DEFAULT_PREFERENCES, EMAIL_TEMPLATES, type NotificationKind } from './kinds.js';
import { MAIL_CHANNEL } from './mail-channel.js';
import { conversationVisibleSql } from '../permissions/sql.js';
import { oneUser, teamMembers, usersAllowedOnChannel } from './recipients.js';

export type ConversationStatus = 'unassigned' | 'assigned' | 'pending' | 'done';

export interface CustomerMessageInput {
  conversationId: string;
  /** The message started the thread. */
  created: boolean;
  /** The conversation's status when the message arrived, before any transition it causes. */
  statusBefore: ConversationStatus;
  assignee: { userId?: string; teamId?: string };
}

export interface AssignedInput {
  conversationId: string;
  userId?: string;
  teamId?: string;
  actor: { type: string; id?: string; name?: string };
  note?: string;
}

interface Event {
  kind: NotificationKind;
  conversationId: string;
  /** A query selecting `user_id`, possibly using the bindings below and the CTE `convo`. */
  recipients: string;
  userId?: string;
  teamId?: string;
  /** Nobody is told about what they did themselves. */
  exceptUserId?: string;
  /** Kind-specific facts kept with the in-app notification. */
  detail: Record<string, unknown>;
  actorName?: string;
  note?: string;
}

/**
 * Writes one event's notifications, to the recipients who may see the conversation (nobody hears
 * of a private conversation without viewPrivate on its channel). The recipients' names of the assignee ("you" or "your team …")
 * appear in the e-mail, the contact and channel come from the conversation as it is now.
 */
async function notify(db: Db, e: Event): Promise<{ shown: number; mailed: number }> {
  const defaults = DEFAULT_PREFERENCES[e.kind];
  const template = EMAIL_TEMPLATES[e.kind];
  const { rows } = await db.raw(
    `WITH convo AS (
       SELECT c.id, c.channel_id, c.kind, ch.name AS channel_name, ch.type AS channel_type,
              coalesce(ct.name, ct.provider_id) AS contact_name,
              -- a sealed text (a private message, encryption/private-data.ts) is not cut: cut, it would not open
              CASE WHEN c.last_message_text LIKE 'sb1:%' THEN c.last_message_text ELSE left(c.last_message_text, 2000) END AS last_text
         FROM conversations c
         JOIN channels ch ON ch.id = c.channel_id
         JOIN contacts ct ON ct.id = c.contact_id
        WHERE c.id = :conversationId::uuid
     ), recipients AS (
       ${e.recipients}
     ), targets AS (
       SELECT u.id AS user_id, u.email,
              coalesce(p.in_app, :inAppDefault::boolean) AS in_app, coalesce(p.email, :emailDefault::boolean) AS email_on
         FROM (SELECT DISTINCT user_id FROM recipients) r
         JOIN users u ON u.id = r.user_id
         LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = :kind::text
         CROSS JOIN convo
        WHERE u.id IS DISTINCT FROM :exceptUserId::uuid
          AND ${conversationVisibleSql('u.id', 'convo')}
     ), assigned_to AS (
       SELECT coalesce((SELECT 'your team ' || t.name FROM teams t WHERE t.id = :teamPhraseId::uuid), 'you') AS phrase
     ), shown AS (
       INSERT INTO notifications (user_id, kind, conversation_id, detail)
       SELECT t.user_id, :kind, convo.id,
              :detail::jsonb || jsonb_build_object('contactName', convo.contact_name, 'channelName', convo.channel_name,
                'channelType', convo.channel_type, 'text', CASE WHEN convo.last_text LIKE 'sb1:%' THEN convo.last_text ELSE left(convo.last_text, 280) END)
         FROM targets t, convo WHERE t.in_app
       RETURNING 1
     ), mailed AS (
       INSERT INTO email_outbox (to_address, subject, text, user_id, conversation_id, kind)
       SELECT t.email,
              format(:subjectTemplate::text, convo.contact_name, convo.channel_name, convo.last_text, convo.id, :actorName::text, a.phrase, :noteLine::text),
              format(:bodyTemplate::text, convo.contact_name, convo.channel_name, convo.last_text, convo.id, :actorName::text, a.phrase, :noteLine::text),
              t.user_id, convo.id, :kind
         FROM targets t, convo, assigned_to a WHERE t.email_on
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM shown) AS shown, (SELECT count(*) FROM mailed) AS mailed,
            (SELECT pg_notify(:mailChannel::text, '') WHERE EXISTS (SELECT 1 FROM mailed)) AS wake_mailers`,
    {
      conversationId: e.conversationId,
      userId: e.userId ?? null,
      teamId: e.teamId ?? null,
      teamPhraseId: e.userId ? null : (e.teamId ?? null),
      exceptUserId: e.exceptUserId ?? null,
      kind: e.kind,
      inAppDefault: defaults.inApp,
      emailDefault: defaults.email,
      detail: JSON.stringify(e.detail),
      subjectTemplate: template.subject,
      bodyTemplate: template.text,
      actorName: e.actorName ?? 'Switchboard',
      noteLine: e.note ? `Note: ${e.note}\n` : '',
      mailChannel: MAIL_CHANNEL,
    },
  );
  return { shown: Number(rows[0]?.shown ?? 0), mailed: Number(rows[0]?.mailed ?? 0) };
}

/**
 * A customer message was linked to its conversation. A new thread, or a reply to a Done or
 * unassigned thread, alerts every user allowed on the channel; a reply to an assigned or pending
 * thread alerts its assignee user, or every member of its team when only a team has it (and, if
 * nobody has it, everyone on the channel as for an unattended reply).
 */
export async function notifyCustomerMessage(db: Db, input: CustomerMessageInput): Promise<void> {
  const { conversationId, created, statusBefore, assignee } = input;
  const channelUsers = usersAllowedOnChannel('(SELECT channel_id FROM convo)');
  const attended = !created && (statusBefore === 'assigned' || statusBefore === 'pending');
  if (attended && assignee.userId) {
    await notify(db, { kind: 'reply.assigned', conversationId, recipients: oneUser(), userId: assignee.userId, detail: { status: statusBefore } });
  } else if (attended && assignee.teamId) {
    await notify(db, { kind: 'reply.assigned', conversationId, recipients: teamMembers(), teamId: assignee.teamId, detail: { status: statusBefore, teamId: assignee.teamId } });
  } else {
    await notify(db, {
      kind: created ? 'conversation.new' : 'reply.unattended',
      conversationId,
      recipients: channelUsers,
      detail: created ? {} : { status: statusBefore },
    });
  }
}

/**
 * A conversation was assigned: its assignee user (or every member of the team, when only a team
 * was given) is told in the app and by e-mail, each per their preferences. Whoever made the
 * assignment is not told about it.
 */
export async function notifyAssigned(db: Db, input: AssignedInput): Promise<void> {
  const { conversationId, userId, teamId, actor, note } = input;
  if (!userId && !teamId) return;
  await notify(db, {
    kind: 'conversation.assigned',
    conversationId,
    recipients: userId ? oneUser() : teamMembers(),
    userId,
    teamId,
    exceptUserId: actor.type === 'user' ? actor.id : undefined,
    detail: {
      actor,
      ...(userId ? { userId } : {}),
      ...(teamId ? { teamId } : {}),
      ...(note ? { note } : {}),
    },
    actorName: actor.name ?? (actor.type === 'user' ? 'A colleague' : actor.type === 'automation' ? 'An automation' : 'Switchboard'),
    note,
  });
}
