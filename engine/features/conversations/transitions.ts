// The one writer of lifecycle transitions: the status, the assignee and the audit event, in one
// statement (in the caller's transaction, if any). Every transition the conversation's state class
// plans is written here, by applyTransition or, for routing, inside the capacity transaction that
// picked the agent.
import type { TransitionInput } from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';

export async function writeTransition(trx: Db, { conversationId, status, assignee, event }: TransitionInput): Promise<void> {
  const settled = status === 'done' || assignee.userId !== undefined;
  // One statement, atomic on its own: an agent's action waits for it, and under a burst every
  // round trip to a lowered server process costs a wait for the CPU (a transaction was four).
  const written = await trx.raw(
    `WITH moved AS (
       UPDATE conversations
          SET status = :status, assignee_user_id = :userId, team_id = :teamId, updated_at = now()
              ${settled ? ', routing_target = NULL, routing_waiting_since = NULL' : ''}
        WHERE id = :conversationId
       RETURNING id)
     INSERT INTO conversation_events (conversation_id, type, actor, detail, at)
     SELECT id, :type, :actor::jsonb, :detail::jsonb, coalesce(:at::timestamptz, now()) FROM moved
     RETURNING id`,
    {
      status,
      userId: assignee.userId ?? null,
      teamId: assignee.teamId ?? null,
      conversationId,
      type: event.type,
      actor: JSON.stringify(event.actor),
      detail: JSON.stringify(event.detail ?? {}),
      at: event.at ?? null,
    },
  );
  if (written.rowCount !== 1) throw new Error(`no conversation ${conversationId} to write the transition to`);
}
