// Creating notifications: the in-app rows and the outbox e-mails of one event, written by one
// statement that also applies every recipient's preferences and wakes the mailers.
import type { Db } from '../../platform/database.js';
import { DEFAULT_PREFERENCES, EMAIL_TEMPLATES, type NotificationKind } from './kinds.js';
import { MAIL_CHANNEL } from './mail-channel.js';
import { conversationVisibleSql } from '../permissions/sql.js';
import { usersAllowedOnChannel } from './recipients.js';

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
  /** Who hears of it: one user (`userId`), the members of a team (`teamId`), or every user of the channel. */
  recipients: 'user' | 'team' | 'channel';
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
 * Writes the notifications of several events in one statement, each to the recipients who may see
 * its conversation (nobody hears of a private conversation without viewPrivate on its channel). The
 * recipients' names of the assignee ("you" or "your team …") appear in the e-mail, the contact and
 * channel come from the conversation as it is now.
 */
async function notifyAll(db: Db, events: Event[]): Promise<{ shown: number; mailed: number }> {
  if (events.length === 0) return { shown: 0, mailed: 0 };
  const input = events.map((e, n) => ({
    n,
    conversation_id: e.conversationId,
    kind: e.kind,
    recipients: e.recipients,
    user_id: e.userId ?? null,
    team_id: e.teamId ?? null,
    team_phrase_id: e.userId ? null : (e.teamId ?? null),
    except_user_id: e.exceptUserId ?? null,
    detail: e.detail,
    in_app_default: DEFAULT_PREFERENCES[e.kind].inApp,
    email_default: DEFAULT_PREFERENCES[e.kind].email,
    subject_template: EMAIL_TEMPLATES[e.kind].subject,
    body_template: EMAIL_TEMPLATES[e.kind].text,
    actor_name: e.actorName ?? 'Switchboard',
    note_line: e.note ? `Note: ${e.note}\n` : '',
  }));
  const { rows } = await db.raw(
    `WITH ev AS (
       SELECT * FROM jsonb_to_recordset(:events::jsonb) AS e(n int, conversation_id uuid, kind text, recipients text,
         user_id uuid, team_id uuid, team_phrase_id uuid, except_user_id uuid, detail jsonb, in_app_default boolean,
         email_default boolean, subject_template text, body_template text, actor_name text, note_line text)
     ), convo AS (
       SELECT ev.n, c.id, c.channel_id, c.kind, ch.name AS channel_name, ch.type AS channel_type,
              coalesce(ct.name, ct.provider_id) AS contact_name,
              -- a sealed text (a private message, encryption/private-data.ts) is not cut: cut, it would not open
              CASE WHEN c.last_message_text LIKE 'sb1:%' THEN c.last_message_text ELSE left(c.last_message_text, 2000) END AS last_text
         FROM ev
         JOIN conversations c ON c.id = ev.conversation_id
         JOIN channels ch ON ch.id = c.channel_id
         JOIN contacts ct ON ct.id = c.contact_id
     ), recipients AS (
       SELECT ev.n, ev.user_id FROM ev WHERE ev.recipients = 'user'
       UNION ALL
       SELECT ev.n, tm.user_id FROM ev JOIN team_members tm ON tm.team_id = ev.team_id WHERE ev.recipients = 'team'
       UNION ALL
       SELECT ev.n, allowed.user_id FROM ev JOIN convo ON convo.n = ev.n
         CROSS JOIN LATERAL (${usersAllowedOnChannel('convo.channel_id')}) allowed
        WHERE ev.recipients = 'channel'
     ), targets AS (
       SELECT DISTINCT ON (r.n, u.id) r.n, u.id AS user_id, u.email,
              coalesce(p.in_app, ev.in_app_default) AS in_app, coalesce(p.email, ev.email_default) AS email_on
         FROM recipients r
         JOIN ev ON ev.n = r.n
         JOIN convo ON convo.n = r.n
         JOIN users u ON u.id = r.user_id
         LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = ev.kind
        WHERE u.id IS DISTINCT FROM ev.except_user_id
          AND ${conversationVisibleSql('u.id', 'convo')}
     ), assigned_to AS (
       SELECT ev.n, coalesce((SELECT 'your team ' || t.name FROM teams t WHERE t.id = ev.team_phrase_id), 'you') AS phrase FROM ev
     ), shown AS (
       -- at the precision of a page cursor (milliseconds): the notifications of a batch share one
       -- instant, and their order within it is the id's (platform/keyset.ts)
       INSERT INTO notifications (user_id, kind, conversation_id, channel_id, conversation_kind, detail, created_at)
       SELECT t.user_id, ev.kind, convo.id, convo.channel_id, convo.kind,
              ev.detail || jsonb_build_object('contactName', convo.contact_name, 'channelName', convo.channel_name,
                'channelType', convo.channel_type, 'text', CASE WHEN convo.last_text LIKE 'sb1:%' THEN convo.last_text ELSE left(convo.last_text, 280) END),
              date_trunc('milliseconds', now())
         FROM targets t JOIN ev ON ev.n = t.n JOIN convo ON convo.n = t.n
        WHERE t.in_app
        ORDER BY t.n, t.user_id
       RETURNING 1
     ), mailed AS (
       INSERT INTO email_outbox (to_address, subject, text, user_id, conversation_id, kind)
       SELECT t.email,
              format(ev.subject_template, convo.contact_name, convo.channel_name, convo.last_text, convo.id, ev.actor_name, a.phrase, ev.note_line),
              format(ev.body_template, convo.contact_name, convo.channel_name, convo.last_text, convo.id, ev.actor_name, a.phrase, ev.note_line),
              t.user_id, convo.id, ev.kind
         FROM targets t JOIN ev ON ev.n = t.n JOIN convo ON convo.n = t.n JOIN assigned_to a ON a.n = t.n
        WHERE t.email_on
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM shown) AS shown, (SELECT count(*) FROM mailed) AS mailed,
            (SELECT pg_notify(:mailChannel::text, '') WHERE EXISTS (SELECT 1 FROM mailed)) AS wake_mailers`,
    { events: JSON.stringify(input), mailChannel: MAIL_CHANNEL },
  );
  return { shown: Number(rows[0]?.shown ?? 0), mailed: Number(rows[0]?.mailed ?? 0) };
}

async function notify(db: Db, e: Event): Promise<{ shown: number; mailed: number }> {
  return notifyAll(db, [e]);
}

/**
 * A customer message was linked to its conversation. A new thread, or a reply to a Done or
 * unassigned thread, alerts every user allowed on the channel; a reply to an assigned or pending
 * thread alerts its assignee user, or every member of its team when only a team has it (and, if
 * nobody has it, everyone on the channel as for an unattended reply).
 */
export async function notifyCustomerMessage(db: Db, input: CustomerMessageInput): Promise<void> {
  await notifyCustomerMessages(db, [input]);
}

/** notifyCustomerMessage for many conversations at once, in one statement (the relay's batch). */
export async function notifyCustomerMessages(db: Db, inputs: CustomerMessageInput[]): Promise<void> {
  await notifyAll(db, inputs.map(customerMessageEvent));
}

function customerMessageEvent({ conversationId, created, statusBefore, assignee }: CustomerMessageInput): Event {
  const attended = !created && (statusBefore === 'assigned' || statusBefore === 'pending');
  if (attended && assignee.userId) {
    return { kind: 'reply.assigned', conversationId, recipients: 'user', userId: assignee.userId, detail: { status: statusBefore } };
  }
  if (attended && assignee.teamId) {
    return { kind: 'reply.assigned', conversationId, recipients: 'team', teamId: assignee.teamId, detail: { status: statusBefore, teamId: assignee.teamId } };
  }
  return { kind: created ? 'conversation.new' : 'reply.unattended', conversationId, recipients: 'channel', detail: created ? {} : { status: statusBefore } };
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
    recipients: userId ? 'user' : 'team',
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
