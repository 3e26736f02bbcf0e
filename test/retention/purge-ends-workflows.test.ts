// The retention purge with its real activity (PostgreSQL) on the time-skipping server, beside running
// conversation workflows (their own activities stubbed): a LinkedIn thread it removes leaves no
// running workflow behind, a kept one runs on, and the next purge finds nothing more to end.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../engine/platform/database.js';
import { orgId } from '../../engine/platform/org.js';
import { createRetentionActivities } from '../../engine/features/retention/activities.js';
import { conversationWorkflowId, type ConversationRef } from '../../workflows/shared.js';
import type { PurgeTotals } from '../../workflows/retention-activities.js';
import { freshDatabase } from '../support/database.js';
import { bundle, customerMessage, deliver, known, now, settled, stubActivities, useTimeSkippingEnv, withWorker } from '../support/workflow-harness.js';

const DAY = 86_400_000;
const temporal = useTimeSkippingEnv();

describe('retention purge ends the workflows of what it removes', () => {
  let db: Db;
  let linkedin: string;

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    const org = await orgId(db);
    const [row] = await db('channels').insert({ org_id: org, type: 'linkedin', name: 'LinkedIn page', config: JSON.stringify({}) }).returning('id');
    linkedin = row.id;
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** The thread's conversation row, last active `daysAgo` days before the server's time. */
  async function storeConversation(ref: ConversationRef, lastActivity: number) {
    const [contact] = await db('contacts').insert({ channel_id: ref.channelId, provider_id: ref.threadKey }).returning('id');
    await db('conversations').insert({
      channel_id: ref.channelId, thread_key: ref.threadKey, workflow_id: conversationWorkflowId(ref), kind: 'private', status: 'unassigned',
      contact_id: contact.id, last_message_text: 'hello', last_message_at: new Date(lastActivity),
    });
  }

  async function purge(): Promise<PurgeTotals> {
    const env = temporal.env();
    const taskQueue = `retention-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection, taskQueue, workflowBundle: bundle(), activities: createRetentionActivities(db, env.client),
    });
    // A plain client: waiting on the time-skipping one would let the server skip time meanwhile, and
    // the kept thread must stay as recent as the test made it.
    const client = new Client({ connection: env.connection, namespace: env.namespace });
    return worker.runUntil(client.workflow.execute('retentionPurgeWorkflow', { taskQueue, workflowId: `purge-${randomUUID()}` }));
  }

  it('terminates the removed thread\'s workflow, leaves the kept one running, and a second purge ends nothing', async () => {
    const stub = stubActivities();
    await withWorker(stub, async (tq) => {
      const stale: ConversationRef = { channelId: linkedin, threadKey: `stale-${randomUUID()}` };
      const kept: ConversationRef = { channelId: linkedin, threadKey: `kept-${randomUUID()}` };
      const t = await now();
      const staleRun = await deliver(tq, stale, [customerMessage(t - 20 * DAY)]);
      const keptRun = await deliver(tq, kept, [customerMessage(t - DAY)]);
      await known(staleRun);
      await known(keptRun);
      // Both idle (waiting for work), as a thread silent for weeks is.
      await settled(staleRun);
      await settled(keptRun);
      await storeConversation(stale, t - 20 * DAY);
      await storeConversation(kept, t - DAY);

      const first = await purge();
      expect(first).toMatchObject({ linkedinConversationsRemoved: 1, workflowsEnded: 1 });
      expect((await staleRun.describe()).status.name).toBe('TERMINATED');
      expect((await keptRun.describe()).status.name).toBe('RUNNING');
      expect(await db('conversations').where({ thread_key: stale.threadKey }).first()).toBeUndefined();
      expect(await db('conversations').where({ thread_key: kept.threadKey }).first()).toBeDefined();

      // Idempotent: nothing left to remove or end.
      const second = await purge();
      expect(second).toMatchObject({ linkedinConversationsRemoved: 0, workflowsEnded: 0 });
      expect((await keptRun.describe()).status.name).toBe('RUNNING');
    });
  }, 120_000);
});
