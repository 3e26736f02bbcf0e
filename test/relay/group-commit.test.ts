// Webhooks of a burst share their record statement (group-commit.ts), on a real PostgreSQL: each
// delivery still learns what of its own was stored, a message two deliveries carry is stored once,
// and a delivery the database refuses fails alone, without taking the others of its statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../connectors/types.js';
import { recordInboundGrouped } from '../../engine/features/inbound/group-commit.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';

function message(id: string, thread: string, at = new Date().toISOString()): InboundEvent {
  return {
    providerMessageId: id, threadKey: thread, kind: 'private', direction: 'in',
    contact: { providerId: thread, name: `Customer ${thread}` }, text: `text of ${id}`, attachments: [], at,
  } as InboundEvent;
}

describe('the grouped record of webhooks', () => {
  let db: Db;
  let channels: string[];

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    const rows = await db('channels').insert([1, 2].map((n) => ({ org_id: org.id, type: 'sandbox', name: `Chat ${n}`, config: { secret: 's' } }))).returning('id');
    channels = rows.map((r) => r.id);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('stores a burst of deliveries to two channels, each answered with its own count, a shared message once', async () => {
    const deliveries = Array.from({ length: 60 }, (_, i) => ({
      channel: channels[i % 2],
      events: [message(`burst-${i}-a`, `t${i % 7}`), message(`burst-${i}-b`, `t${i % 7}`)],
    }));
    // A provider's retry that arrives with the delivery it retries (the two wait for the same
    // statement), with a message of its own.
    deliveries.push({ channel: channels[0], events: [message('burst-58-a', 't2'), message('burst-late', 't2')] });
    const answers = await Promise.all(deliveries.map((d) => recordInboundGrouped(db, d.channel, d.events)));

    expect(answers.slice(0, 60).every((a) => a.stored === 2 && a.duplicates === 0)).toBe(true);
    expect(answers[60]).toEqual({ stored: 1, duplicates: 1, changesWaiting: false });
    const stored = await db('messages').whereLike('provider_message_id', 'burst-%').select('channel_id', 'provider_message_id');
    expect(stored).toHaveLength(121);
    expect(stored.filter((m) => m.provider_message_id === 'burst-58-a')).toEqual([{ channel_id: channels[0], provider_message_id: 'burst-58-a' }]);
    // The same message id on another channel is another message.
    const other = await recordInboundGrouped(db, channels[1], [message('burst-0-a', 't0')]);
    expect(other.stored).toBe(1);
    // Every stored message waits for the relay, each once.
    const queued = await db('inbound_queue as q').join('messages as m', 'm.id', 'q.message_id').whereLike('m.provider_message_id', 'burst-%').count({ n: '*' });
    expect(Number(queued[0].n)).toBe(122);
  });

  it('fails only the delivery the database refuses, and stores the others of its statement', async () => {
    const good = Array.from({ length: 20 }, (_, i) => [message(`mixed-${i}`, `m${i}`)]);
    const bad = [message('mixed-bad', 'm-bad', 'not a time')];
    const answers = await Promise.allSettled([...good.slice(0, 10), bad, ...good.slice(10)].map((events) => recordInboundGrouped(db, channels[0], events)));

    expect(answers.filter((a) => a.status === 'rejected')).toHaveLength(1);
    expect(answers[10].status).toBe('rejected');
    expect(answers.filter((a) => a.status === 'fulfilled' && a.value.stored === 1)).toHaveLength(20);
    const stored = await db('messages').whereLike('provider_message_id', 'mixed-%').pluck('provider_message_id');
    expect(stored.sort()).toEqual(good.map(([m]) => m.providerMessageId).sort());
  });
});
