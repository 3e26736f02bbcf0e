// The retention purge itself: plain SQL, idempotent (a second run at the same moment removes nothing),
// in batches so that a large first purge never holds one long transaction.
import type { Db } from '../../platform/database.js';
import type { EndWorkflows } from './end-workflows.js';
import { getRetention, type RetentionSettings } from './settings.js';

export interface PurgeResult {
  orgId: string;
  limits: RetentionSettings;
  messagesRemoved: number;
  linkedinConversationsRemoved: number;
  /** Workflows of removed conversations that were still running and were ended. */
  workflowsEnded: number;
  conversationsEmptied: number;
}

export interface PurgeOptions {
  /** Ends the workflows of removed conversations (engine: terminate through Temporal). */
  endWorkflows: EndWorkflows;
}

const BATCH = 5000;
/** LinkedIn threads per transaction: their workflows are ended while the rows are locked. */
const THREAD_BATCH = 200;

async function inBatches(run: () => Promise<number>, size = BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < size) return total;
  }
}

/** Purges every organisation by its own limits, as of `now`, and records one purge_runs row each. */
export async function purgeExpired(db: Db, now: Date, options: PurgeOptions): Promise<PurgeResult[]> {
  const orgs = await db('organisations').select('id');
  const results: PurgeResult[] = [];
  for (const { id: orgId } of orgs as { id: string }[]) {
    const limits = await getRetention(db, orgId);
    const startedAt = new Date();
    const messageCutoff = new Date(now.getTime() - limits.messagesDays * 86_400_000);
    const linkedinCutoff = new Date(now.getTime() - limits.linkedinInactiveDays * 86_400_000);

    // LinkedIn threads without activity: the conversation goes with its messages (the rows that point
    // at it cascade; e-mails already queued keep their row without the link), and its workflow ends.
    // The workflows end while the rows are locked and before they go: a crash in between leaves rows
    // the next run finds again (ending a finished workflow is a no-op), never a workflow without rows.
    // A customer message racing the purge may have been signalled to a run that is now ended, so the
    // thread's messages not yet linked are queued again: the relay starts a fresh run for them.
    let workflowsEnded = 0;
    const linkedinConversationsRemoved = await inBatches(() =>
      db.transaction(async (trx) => {
        const stale = (await trx.raw(
          `SELECT c.id, c.workflow_id, c.channel_id, c.thread_key FROM conversations c JOIN channels ch ON ch.id = c.channel_id
            WHERE ch.org_id = ? AND ch.type = 'linkedin' AND c.last_message_at < ? LIMIT ? FOR UPDATE OF c SKIP LOCKED`,
          [orgId, linkedinCutoff, THREAD_BATCH],
        )).rows as { id: string; workflow_id: string; channel_id: string; thread_key: string }[];
        if (!stale.length) return 0;
        const ids = stale.map((c) => c.id);
        workflowsEnded += await options.endWorkflows(
          [...new Set(stale.map((c) => c.workflow_id))],
          `retention: LinkedIn thread removed after ${limits.linkedinInactiveDays} days without activity`,
        );
        await trx('messages').whereIn('conversation_id', ids).delete();
        await trx('conversations').whereIn('id', ids).delete();
        await trx.raw(
          `INSERT INTO inbound_queue (message_id, channel_id, thread_key, direction, at)
           SELECT m.id, m.channel_id, m.thread_key, m.direction, m.at FROM messages m
            WHERE m.conversation_id IS NULL AND m.at >= ?
              AND (m.channel_id, m.thread_key) IN (SELECT * FROM unnest(?::uuid[], ?::text[]))
              AND NOT EXISTS (SELECT 1 FROM inbound_queue q WHERE q.message_id = m.id)`,
          [linkedinCutoff, stale.map((c) => c.channel_id), stale.map((c) => c.thread_key)],
        );
        return ids.length;
      }), THREAD_BATCH,
    );
    // LinkedIn messages never linked to a conversation (still queued) follow the same rule.
    await db.raw(
      `DELETE FROM messages m USING channels ch WHERE ch.id = m.channel_id AND ch.org_id = ? AND ch.type = 'linkedin'
          AND m.conversation_id IS NULL AND m.at < ?`,
      [orgId, linkedinCutoff],
    );

    const touched = new Set<string>();
    const messagesRemoved = await inBatches(async () => {
      const { rows } = await db.raw(
        `DELETE FROM messages WHERE id IN (
           SELECT m.id FROM messages m JOIN channels ch ON ch.id = m.channel_id
            WHERE ch.org_id = ? AND m.at < ? LIMIT ?)
         RETURNING conversation_id`,
        [orgId, messageCutoff, BATCH],
      );
      for (const r of rows as { conversation_id: string | null }[]) if (r.conversation_id) touched.add(r.conversation_id);
      return rows.length;
    });

    // A kept conversation must not show a purged message as its preview.
    let conversationsEmptied = 0;
    const touchedIds = [...touched];
    for (let i = 0; i < touchedIds.length; i += BATCH) {
      const { rowCount } = await db.raw(
        `UPDATE conversations c SET last_message_text = '', updated_at = now()
          WHERE c.id = ANY(?::uuid[]) AND c.last_message_text <> ''
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.at >= c.last_message_at)`,
        [touchedIds.slice(i, i + BATCH)],
      );
      conversationsEmptied += rowCount ?? 0;
    }

    const result = { orgId, limits, messagesRemoved, linkedinConversationsRemoved, workflowsEnded, conversationsEmptied };
    await db('purge_runs').insert({
      org_id: orgId,
      started_at: startedAt,
      limits: JSON.stringify(limits),
      messages_removed: messagesRemoved,
      linkedin_conversations_removed: linkedinConversationsRemoved,
      conversations_emptied: conversationsEmptied,
    });
    results.push(result);
  }
  return results;
}
