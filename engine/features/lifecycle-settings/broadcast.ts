// A changed lifecycle setting must reach running conversations without restarting them: each
// conversation's workflow holds its settings and timers, so it is told to reload them. Only
// workflows with something to time are told: open conversations, and done ones whose CSAT survey
// still waits for an answer.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { settingsChangedSignal } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { pool } from '../../platform/pool.js';

const CONCURRENCY = 16;

/** Signals every affected conversation of the channel (or of every channel); returns how many. */
export async function broadcastSettingsChanged(ctx: { db: Db; temporal: Client; logger: Logger }, scope: { channelId?: string } = {}): Promise<number> {
  const ids: string[] = await ctx.db('conversations as c')
    .where((q) => {
      q.whereNot('c.status', 'done').orWhereExists((s) => {
        s.select(ctx.db.raw('1')).from('csat_responses as r').whereRaw('r.conversation_id = c.id').andWhere('r.status', 'sent');
      });
    })
    .modify((q) => {
      if (scope.channelId) q.where('c.channel_id', scope.channelId);
    })
    .pluck('c.workflow_id');
  let failed = 0;
  await pool(ids.length, CONCURRENCY, async (i) => {
    try {
      await ctx.temporal.workflow.getHandle(ids[i]).signal(settingsChangedSignal);
    } catch (err) {
      // A workflow that has ended has no timers to move.
      if (!(err instanceof WorkflowNotFoundError)) failed++;
    }
  });
  if (failed) ctx.logger.warn({ failed, total: ids.length }, 'some conversations were not told about a settings change');
  return ids.length;
}
