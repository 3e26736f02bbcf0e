import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import type { User } from '../people/users-repository.js';
import { getConversationItem, getConversationRef } from './repository.js';

export function actorOf(user: User): Actor {
  return { type: 'user', id: user.id, name: user.name };
}

/**
 * Runs an agent action as a workflow update: the workflow is the single writer of the lifecycle,
 * so its validator decides, and the stored read model is answered once the update is applied.
 */
export async function act<I>(
  ctx: { db: Db; temporal: Client },
  user: User,
  conversationId: string,
  update: UpdateDefinition<unknown, [I]>,
  input: I,
) {
  const ref = await getConversationRef(ctx.db, conversationId);
  if (!ref) throw new NotFound('no conversation with that id');
  await ctx.temporal.workflow.getHandle(ref.workflow_id).executeUpdate(update, { args: [input] });
  return (await getConversationItem(ctx.db, conversationId, user))!;
}
