// The retention purge's SQL on real PostgreSQL: what is older than the limits goes, the rest stays,
// and what remains is consistent (no conversation shows a purged message; a second run removes nothing).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../engine/platform/database.js';
import { orgId } from '../../engine/platform/org.js';
import { purgeExpired } from '../../engine/features/retention/purge.js';
import { putRetention } from '../../engine/features/retention/settings.js';
import { freshDatabase } from '../support/database.js';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

/** Records the workflows the purge ends, as Temporal would: an id ends once. */
const ended: string[] = [];
const endWorkflows = async (ids: string[]) => {
  const fresh = ids.filter((id) => !ended.includes(id));
  ended.push(...fresh);
  return fresh.length;
};

describe('retention purge (SQL)', () => {
  let db: Db;
  let org: string;
  let sandbox: string;
  let linkedin: string;

  async function channel(type: string) {
    const [row] = await db('channels').insert({ org_id: org, type, name: `${type} channel`, config: JSON.stringify({}) }).returning('id');
    return row.id as string;
  }

  async function conversation(channelId: string, thread: string, messageAges: number[]) {
    const [contact] = await db('contacts').insert({ channel_id: channelId, provider_id: thread }).returning('id');
    const last = Math.min(...messageAges);
    const [conv] = await db('conversations')
      .insert({
        channel_id: channelId, thread_key: thread, workflow_id: `wf-${thread}`, kind: 'private', status: 'done',
        contact_id: contact.id, last_message_text: `last of ${thread}`, last_message_at: daysAgo(last),
      })
      .returning('id');
    for (const age of messageAges) {
      await db('messages').insert({
        channel_id: channelId, conversation_id: conv.id, thread_key: thread, kind: 'private', direction: 'in',
        provider_message_id: randomUUID(), author: JSON.stringify({ type: 'customer', id: thread }), contact_provider_id: thread,
        text: `${age} days old`, at: daysAgo(age),
      });
    }
    return conv.id as string;
  }

  const texts = async (conversationId: string) =>
    (await db('messages').where({ conversation_id: conversationId }).orderBy('at').select('text')).map((r) => r.text);

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    org = await orgId(db);
    sandbox = await channel('sandbox');
    linkedin = await channel('linkedin');
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('removes messages past the limit, LinkedIn threads inactive past theirs, keeps the rest, and records the run', async () => {
    const mixed = await conversation(sandbox, 'mixed', [50, 43, 41, 2]);
    const allOld = await conversation(sandbox, 'all-old', [60, 45]);
    const recent = await conversation(sandbox, 'recent', [10, 1]);
    const linkedinStale = await conversation(linkedin, 'li-stale', [20, 15]);
    const linkedinActive = await conversation(linkedin, 'li-active', [30, 13]);
    // A customer message on the stale thread recorded, not yet linked, as the purge runs: it must
    // reach a fresh run of the thread's workflow (queued again), not go with the ended one.
    const [racing] = await db('messages').insert({
      channel_id: linkedin, conversation_id: null, thread_key: 'li-stale', kind: 'private', direction: 'in',
      provider_message_id: randomUUID(), author: JSON.stringify({ type: 'customer', id: 'li-stale' }), contact_provider_id: 'li-stale',
      text: 'back after two weeks', at: daysAgo(0),
    }).returning('id');

    const [result] = await purgeExpired(db, now, { endWorkflows });
    expect(result).toMatchObject({ messagesRemoved: 4, linkedinConversationsRemoved: 1, workflowsEnded: 1, conversationsEmptied: 1 });
    // Only the removed thread's workflow ends; every kept conversation's runs on.
    expect(ended).toEqual(['wf-li-stale']);
    expect(await db('inbound_queue').where({ message_id: racing.id }).select('thread_key', 'direction')).toEqual([{ thread_key: 'li-stale', direction: 'in' }]);

    expect(await texts(mixed)).toEqual(['41 days old', '2 days old']);
    expect(await texts(recent)).toEqual(['10 days old', '1 days old']);
    expect(await texts(allOld)).toEqual([]);
    // Kept (its workflow may still run), without a preview of what was purged.
    const emptied = await db('conversations').where({ id: allOld }).first();
    expect(emptied.last_message_text).toBe('');
    expect((await db('conversations').where({ id: mixed }).first()).last_message_text).toBe('last of mixed');
    // A LinkedIn thread silent for 15 days is gone with its messages; one active 13 days ago stays whole.
    expect(await db('conversations').where({ id: linkedinStale }).first()).toBeUndefined();
    expect(await db('messages').where({ thread_key: 'li-stale' }).whereNotNull('conversation_id').count('* as n').first()).toEqual({ n: 0 });
    expect(await texts(linkedinActive)).toEqual(['30 days old', '13 days old']);

    const runs = await db('purge_runs').select('*');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ messages_removed: 4, linkedin_conversations_removed: 1, conversations_emptied: 1, limits: { messagesDays: 42, linkedinInactiveDays: 14 } });
  });

  it('is idempotent: a second run at the same moment removes nothing and says so', async () => {
    const before = await db('messages').count('* as n').first();
    const [result] = await purgeExpired(db, now, { endWorkflows });
    expect(result).toMatchObject({ messagesRemoved: 0, linkedinConversationsRemoved: 0, workflowsEnded: 0, conversationsEmptied: 0 });
    expect(ended).toEqual(['wf-li-stale']);
    expect(await db('inbound_queue').count('* as n').first()).toEqual({ n: 1 });
    expect(await db('messages').count('* as n').first()).toEqual(before);
    expect(await db('purge_runs').count('* as n').first()).toEqual({ n: 2 });
  });

  it("follows the organisation's own limits", async () => {
    const [admin] = await db('users').insert({ org_id: org, email: 'retention-admin@example.com', name: 'A', password_hash: 'x', role: 'admin' }).returning('id');
    await putRetention(db, org, { messagesDays: 5, linkedinInactiveDays: 14 }, admin.id);
    const c = await conversation(sandbox, 'short', [7, 3]);
    const [result] = await purgeExpired(db, now, { endWorkflows });
    expect(result.limits.messagesDays).toBe(5);
    expect(await texts(c)).toEqual(['3 days old']);
  });
});
