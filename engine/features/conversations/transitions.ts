// The one writer of lifecycle transitions: the status, the assignee and the audit event, in the
// caller's transaction. Every transition the conversation's state class plans is written here,
// by applyTransition or, for routing, inside the capacity transaction that picked the agent.
import type { TransitionInput } from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';

export async function writeTransition(trx: Db, { conversationId, status, assignee, event }: TransitionInput): Promise<void> {
  const settled = status === 'done' || assignee.userId !== undefined;
  await trx('conversations').where({ id: conversationId }).update({
    status,
    assignee_user_id: assignee.userId ?? null,
    team_id: assignee.teamId ?? null,
    // Once someone has it (or it is done) it no longer waits for routing.
    ...(settled ? { routing_target: null, routing_waiting_since: null } : {}),
    updated_at: trx.fn.now(),
  });
  await trx('conversation_events').insert({
    conversation_id: conversationId,
    type: event.type,
    actor: event.actor,
    detail: event.detail ?? {},
    ...(event.at ? { at: event.at } : {}),
  });
}
