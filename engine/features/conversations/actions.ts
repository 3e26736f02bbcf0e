import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { NotFound, NotReadyYet } from '../../platform/errors.js';
import type { User } from '../people/users-repository.js';
import { askHandOverFirst } from '../inbound/relay.js';
import { getConversationItem, getConversationRef } from './repository.js';

export function actorOf(user: User): Actor {
  return { type: 'user', id: user.id, name: user.name };
}

/**
 * Runs an agent action as a workflow update: the workflow is the single writer of the lifecycle,
 * so its validator decides, and the stored read model is answered once the update is applied.
 * Meanwhile the relays hold their signals back (agent-way.ts).
 */
export async function act<I>(
  ctx: { db: Db; temporal: Client; onAgentActs?: () => () => void },
  user: User,
  conversationId: string,
  update: UpdateDefinition<unknown, [I]>,
  input: I,
) {
  const ref = await getConversationRef(ctx.db, conversationId);
  if (!ref) throw new NotFound('no conversation with that id');
  const acted = ctx.onAgentActs?.();
  try {
    return await updateOnceHandedOver(ctx, user, conversationId, ref, update, input);
  } finally {
    acted?.();
  }
}

async function updateOnceHandedOver<I>(
  ctx: { db: Db; temporal: Client },
  user: User,
  conversationId: string,
  ref: { workflow_id: string; channel_id: string; thread_key: string },
  update: UpdateDefinition<unknown, [I]>,
  input: I,
) {
  const handle = ctx.temporal.workflow.getHandle(ref.workflow_id);
  const deadline = Date.now() + HANDOVER_WAIT_MS;
  let lastTry = false;
  let asked = false;
  for (;;) {
    try {
      await handle.executeUpdate(update, { args: [input] });
      return (await getConversationItem(ctx.db, conversationId, user))!;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || lastTry) throw err;
      // No hand-over due: it may have ended between the update and this look (the relay removes
      // its rows once the workflow took them), so the update is tried once more.
      if (!(await handOverPending(ctx.db, ref))) {
        lastTry = true;
        continue;
      }
      // Ask the relays to hand this thread over before the rest of their backlog (once).
      if (!asked) {
        asked = true;
        await askHandOverFirst(ctx.db, ref.channel_id, ref.thread_key).catch(() => undefined);
      }
      if (Date.now() > deadline) {
        throw new NotReadyYet('this conversation is still being handed to its workflow (the workflow service may be catching up): try again in a moment');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The relay shows a conversation in the inbox before its workflow takes it (architecture.md, "The
 * hot path"): an agent may act in between, and the action waits for the hand-over that is due. */
const HANDOVER_WAIT_MS = 10_000;

async function handOverPending(db: Db, ref: { channel_id: string; thread_key: string }): Promise<boolean> {
  return !!(await db('inbound_queue').where({ channel_id: ref.channel_id, thread_key: ref.thread_key }).first('id'));
}
