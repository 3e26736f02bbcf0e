import type { ConversationKind } from '../../../rules/facts.js';
import type { ConversationDetail, ConversationSummary, Message, Post, Queue } from '../../http/contract.js';
import type { Db } from '../../platform/database.js';
import { afterCursor, pageOf } from '../../platform/keyset.js';
import { iso } from '../../platform/org.js';
import type { User } from '../people/users-repository.js';
import { conversationVisibleSql } from '../permissions/sql.js';

export type { Queue };

export interface ListFilters {
  queue?: Queue;
  channelId?: string;
  kind?: ConversationKind;
  assigneeId?: string;
  teamId?: string;
  /** A tag name, ignoring case. */
  tag?: string;
  /** One contact's conversations (the context panel). */
  contactId?: string;
  /** Only conversations whose last message is this recent (an interval, e.g. '6 months'). */
  lastMessageWithin?: string;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

function baseQuery(db: Db) {
  return db('conversations as c')
    .join('channels as ch', 'ch.id', 'c.channel_id')
    .join('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_user_id')
    .leftJoin('teams as t', 't.id', 'c.team_id')
    .leftJoin('topics as tp', 'tp.id', 'c.topic_id')
    .select(
      'c.id', 'c.channel_id', 'ch.type as channel_type', 'c.kind', 'c.status', 'c.priority',
      'c.contact_id', 'ct.name as contact_name', 'ct.provider_id as contact_provider_id',
      'c.assignee_user_id', 'u.name as assignee_name', 'c.team_id', 't.name as team_name',
      'c.last_message_text', 'c.last_message_at', 'c.last_message_direction', 'c.reply_window_closes_at',
      'c.topic_id', 'tp.name as topic_name',
      // A correlated subquery keeps the listing one statement; PostgreSQL evaluates it only for
      // the rows the page returns, through the (conversation_id, tag_id) primary key.
      db.raw(`coalesce((SELECT json_agg(json_build_object('id', tg.id, 'name', tg.name) ORDER BY lower(tg.name), tg.id)
                          FROM conversation_tags ctg JOIN tags tg ON tg.id = ctg.tag_id
                         WHERE ctg.conversation_id = c.id), '[]'::json) AS tags`),
    );
}

export type ConversationRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['first']>>;

export function toListItem(row: NonNullable<ConversationRow>, viewer?: User): ConversationSummary {
  const queue: Queue = row.status === 'assigned' && viewer && row.assignee_user_id === viewer.id ? 'mine' : row.status;
  return {
    id: row.id as string,
    channelId: row.channel_id as string,
    channelType: row.channel_type as string,
    kind: row.kind as ConversationKind,
    status: row.status as string,
    queue,
    contact: { id: row.contact_id as string, name: (row.contact_name ?? row.contact_provider_id) as string },
    ...(row.assignee_user_id ? { assignee: { id: row.assignee_user_id, name: row.assignee_name } } : {}),
    ...(row.team_id ? { team: { id: row.team_id, name: row.team_name } } : {}),
    lastMessage: { text: row.last_message_text as string, at: iso(row.last_message_at)!, direction: row.last_message_direction as 'in' | 'out' },
    ...(row.reply_window_closes_at ? { replyWindowClosesAt: iso(row.reply_window_closes_at) } : {}),
    tags: row.tags as { id: string; name: string }[],
    ...(row.topic_id ? { topic: { id: row.topic_id as string, name: row.topic_name as string } } : {}),
    priority: row.priority as string,
  };
}

export type ConversationListItem = ReturnType<typeof toListItem>;

export async function listConversations(db: Db, viewer: User, teamIds: string[], f: ListFilters) {
  const q = baseQuery(db);
  switch (f.queue) {
    case 'unassigned':
    case 'pending':
    case 'done':
      q.where('c.status', f.queue);
      break;
    case 'mine':
      q.where('c.status', 'assigned').andWhere('c.assignee_user_id', viewer.id);
      break;
    case 'assigned':
      q.where('c.status', 'assigned');
      // Agents see what is theirs or their teams'; admins see every assigned conversation.
      if (viewer.role !== 'admin') {
        q.andWhere((w) => {
          w.where('c.assignee_user_id', viewer.id);
          if (teamIds.length) w.orWhereIn('c.team_id', teamIds);
        });
      }
      break;
    default:
      break;
  }
  // Private conversations the viewer may not see are simply not listed.
  if (viewer.role !== 'admin') q.whereRaw(conversationVisibleSql('?::uuid'), [viewer.id]);
  if (f.channelId) q.where('c.channel_id', f.channelId);
  if (f.kind) q.where('c.kind', f.kind);
  if (f.assigneeId) q.where('c.assignee_user_id', f.assigneeId);
  if (f.teamId) q.where('c.team_id', f.teamId);
  if (f.contactId) q.where('c.contact_id', f.contactId);
  if (f.lastMessageWithin) q.whereRaw('c.last_message_at >= now() - ?::interval', [f.lastMessageWithin]);
  if (f.tag) {
    q.whereExists((e) => {
      e.select(db.raw('1')).from('conversation_tags as ftg').join('tags as ft', 'ft.id', 'ftg.tag_id')
        .whereRaw('ftg.conversation_id = c.id').andWhereRaw('lower(ft.name) = lower(?)', [f.tag!.trim()]);
    });
  }
  const rows = await afterCursor(q, { at: 'c.last_message_at', id: 'c.id', order: f.order, limit: f.limit, cursor: f.cursor });
  const { page, nextCursor } = pageOf(rows, f.limit, (r) => ({ at: iso(r.last_message_at)!, id: r.id }));
  return { items: page.map((r) => toListItem(r, viewer)), ...(nextCursor ? { nextCursor } : {}) };
}

export async function getConversationItem(db: Db, id: string, viewer?: User) {
  const row = await baseQuery(db).where('c.id', id).first();
  return row ? toListItem(row, viewer) : undefined;
}

/** The stored rows of several conversations at once, for toListItem (live updates describe each once). */
export async function getConversationRows(db: Db, ids: string[]): Promise<Map<string, NonNullable<ConversationRow>>> {
  if (ids.length === 0) return new Map();
  const rows = await baseQuery(db).whereIn('c.id', ids);
  return new Map(rows.map((r) => [r.id as string, r]));
}

export const MESSAGE_COLUMNS = ['id', 'conversation_id', 'direction', 'author', 'text', 'attachments', 'at', 'provider_message_id', 'outbound_id', 'send_status', 'send_error', 'removed',
  'delivery_status', 'hidden', 'edited_at', 'reaction', 'in_reply_to', 'private_reply_sent_at'] as const;

/** A stored message as the API shows it. */
export function toMessage(m: Record<string, any>): Message {
  return {
    id: m.id as string,
    direction: m.direction as 'in' | 'out',
    author: m.author as Message['author'],
    text: m.text as string,
    attachments: m.attachments as Message['attachments'],
    at: iso(m.at)!,
    providerMessageId: (m.provider_message_id ?? null) as string | null,
    ...(m.send_status ? { sendStatus: m.send_status as string } : {}),
    ...(m.send_error ? { sendError: m.send_error as string } : {}),
    ...(m.direction === 'out' && m.delivery_status ? { status: m.delivery_status as Message['status'] } : {}),
    ...(m.removed ? { removed: true } : {}),
    ...(m.hidden ? { hidden: true } : {}),
    ...(m.edited_at ? { editedAt: iso(m.edited_at)! } : {}),
    ...(m.reaction ? { reaction: m.reaction as string } : {}),
    ...(m.in_reply_to ? { inReplyTo: m.in_reply_to as string } : {}),
    ...(m.private_reply_sent_at ? { privateReplySentAt: iso(m.private_reply_sent_at)! } : {}),
  };
}

export function getConversationRef(db: Db, id: string): Promise<{ id: string; workflow_id: string; channel_id: string; thread_key: string } | undefined> {
  return db('conversations').where({ id }).first('id', 'workflow_id', 'channel_id', 'thread_key');
}

export async function getConversationDetail(db: Db, id: string, viewer: User): Promise<ConversationDetail | undefined> {
  const item = await getConversationItem(db, id, viewer);
  if (!item) return undefined;
  const [messages, events, running, post] = await Promise.all([
    db('messages').where({ conversation_id: id }).orderBy([{ column: 'at' }, { column: 'created_at' }])
      .select(MESSAGE_COLUMNS),
    db('conversation_events').where({ conversation_id: id }).orderBy('id').select('type', 'actor', 'at', 'detail'),
    db('conversations').where({ id }).first('script', 'workflow_id'),
    postOf(db, id),
  ]);
  return {
    ...item,
    // the autoresponder script that runs now (documents.md "Scripts"); absent otherwise
    ...(running?.script ? { script: running.script as { id: string; name: string; version: number; stepId: string } } : {}),
    // Admins follow "why did this happen" in the Temporal Web UI (GET /api/meta gives its URL).
    ...(viewer.role === 'admin' && running?.workflow_id ? { workflowId: running.workflow_id as string } : {}),
    ...(post ? { post } : {}),
    messages: messages.map(toMessage),
    events: await withNames(db, events.map((e) => ({ type: e.type, actor: e.actor, at: iso(e.at)!, detail: e.detail }))),
  };
}

/** The post of a public thread as stored (posts table), or just its id when nothing was told. */
async function postOf(db: Db, conversationId: string): Promise<Post | undefined> {
  const row = await db('conversations as c')
    .leftJoin('posts as p', function () {
      this.on('p.channel_id', 'c.channel_id').andOn('p.post_id', 'c.post_id');
    })
    .where('c.id', conversationId)
    .whereNotNull('c.post_id')
    .first('c.post_id', 'p.data');
  if (!row) return undefined;
  return { ...(row.data ?? {}), id: row.post_id as string };
}

/** Audit details name users and teams by id; add their current names so people can read the trail. */
async function withNames<E extends { detail: Record<string, unknown> }>(db: Db, events: E[]): Promise<E[]> {
  const ids = (key: string) => [...new Set(events.map((e) => e.detail?.[key]).filter((v): v is string => typeof v === 'string'))];
  const [users, teams] = await Promise.all([
    ids('userId').length ? db('users').whereIn('id', ids('userId')).select('id', 'name') : [],
    ids('teamId').length ? db('teams').whereIn('id', ids('teamId')).select('id', 'name') : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return events.map((e) => {
    const { userId, teamId } = e.detail ?? {};
    if (!userName.has(userId as string) && !teamName.has(teamId as string)) return e;
    return {
      ...e,
      detail: {
        ...e.detail,
        ...(userName.has(userId as string) ? { userName: userName.get(userId as string) } : {}),
        ...(teamName.has(teamId as string) ? { teamName: teamName.get(teamId as string) } : {}),
      },
    };
  });
}
