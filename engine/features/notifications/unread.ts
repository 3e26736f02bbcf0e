// Read markers of conversations and the per-queue counts of the inbox. A conversation is unread for
// a user when it has a customer message newer than what that user last read of it.
import type { Db } from '../../platform/database.js';
import { iso } from '../../platform/org.js';
import type { Queue } from '../conversations/repository.js';
import type { User } from '../people/users-repository.js';
import { conversationVisibleSql } from '../permissions/sql.js';

export const QUEUES: Queue[] = ['unassigned', 'assigned', 'mine', 'pending', 'done'];

/**
 * Marks the conversation read for the user up to its latest customer message, and their
 * notifications about it read too (they have now seen what those pointed at). Answers undefined
 * when there is no such conversation.
 */
export async function markConversationRead(db: Db, userId: string, conversationId: string) {
  const { rows } = await db.raw(
    `WITH marker AS (
       INSERT INTO conversation_reads AS r (user_id, conversation_id, read_at, read_through)
       SELECT :userId::uuid, c.id, now(), c.last_customer_message_at FROM conversations c WHERE c.id = :conversationId::uuid
       ON CONFLICT (user_id, conversation_id) DO UPDATE SET
         read_at = excluded.read_at,
         read_through = greatest(r.read_through, excluded.read_through)
       RETURNING read_at, read_through
     ), seen AS (
       UPDATE notifications SET read_at = now()
        WHERE user_id = :userId::uuid AND conversation_id = :conversationId::uuid AND read_at IS NULL
          AND EXISTS (SELECT 1 FROM marker)
       RETURNING 1
     )
     SELECT read_at, read_through, (SELECT count(*) FROM seen) AS notifications FROM marker`,
    { userId, conversationId },
  );
  const row = rows[0];
  if (!row) return undefined;
  return { conversationId, readAt: iso(row.read_at)!, readThrough: iso(row.read_through) ?? null, notificationsRead: Number(row.notifications) };
}

export type QueueCounts = Record<Queue, { total: number; unread: number }>;

/**
 * Totals and unread conversations of each queue as the user sees it, with the same meaning as the
 * listing (engine/features/conversations/repository.ts), counting only what the user may see: assigned = to the user or one of their teams (an
 * admin: everything assigned), mine = assigned to the user.
 */
export async function queueCounts(db: Db, viewer: User, teamIds: string[]): Promise<{ queues: QueueCounts }> {
  const { rows } = await db.raw(
    `WITH seen AS (
       SELECT c.status, c.assignee_user_id, c.team_id,
              c.last_customer_message_at > coalesce(r.read_through, '-infinity'::timestamptz) AS unread
         FROM conversations c
         LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = :userId::uuid
        WHERE ${conversationVisibleSql(':userId::uuid')}
     ), queued AS (
       SELECT unread,
              CASE WHEN status = 'assigned' THEN (:isAdmin OR assignee_user_id = :userId::uuid OR team_id = ANY(:teamIds::uuid[]))
                   ELSE false END AS in_assigned,
              status = 'assigned' AND assignee_user_id = :userId::uuid AS in_mine,
              status
         FROM seen
     )
     SELECT count(*) FILTER (WHERE status = 'unassigned') AS unassigned_total,
            count(*) FILTER (WHERE status = 'unassigned' AND unread) AS unassigned_unread,
            count(*) FILTER (WHERE in_assigned) AS assigned_total,
            count(*) FILTER (WHERE in_assigned AND unread) AS assigned_unread,
            count(*) FILTER (WHERE in_mine) AS mine_total,
            count(*) FILTER (WHERE in_mine AND unread) AS mine_unread,
            count(*) FILTER (WHERE status = 'pending') AS pending_total,
            count(*) FILTER (WHERE status = 'pending' AND unread) AS pending_unread,
            count(*) FILTER (WHERE status = 'done') AS done_total,
            count(*) FILTER (WHERE status = 'done' AND unread) AS done_unread
       FROM queued`,
    { userId: viewer.id, isAdmin: viewer.role === 'admin', teamIds },
  );
  const row = rows[0];
  return {
    queues: Object.fromEntries(
      QUEUES.map((q) => [q, { total: Number(row[`${q}_total`]), unread: Number(row[`${q}_unread`]) }]),
    ) as QueueCounts,
  };
}
