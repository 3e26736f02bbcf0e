// The relay's lease on a real PostgreSQL: claimed rows are not locked while their signals are in
// flight, and the rows of a relay that died mid-way (its signal never answered) are taken again by
// another relay once the lease has run out, handed over, and removed; rows waiting for their turn
// behind a slow pace stay with their relay however long that takes. The clients stand for
// Temporal (one that never answers, one that accepts and records); nothing else is stubbed.
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../../engine/features/inbound/record.js';
import { startRelay, type Relay } from '../../engine/features/inbound/relay.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';

const until = <T>(check: () => Promise<T | undefined | false>) => eventually(check, 20_000);

describe('the relay’s lease', () => {
  let db: Db;
  let url: string;
  const relays: Relay[] = [];
  let release: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => (release = resolve));
  const stuckCalls: string[] = [];
  const accepted: { workflowId: string; messageIds: string[] }[] = [];

  const stuckClient = {
    workflow: {
      signalWithStart: async (_type: string, o: { workflowId: string }) => {
        stuckCalls.push(o.workflowId);
        await hanging; // a relay that died before Temporal answered
        throw new Error('the relay died');
      },
    },
  } as unknown as Client;
  const acceptingClient = {
    workflow: {
      signalWithStart: async (_type: string, o: { workflowId: string; signalArgs: [{ items: { messageId: string }[] }] }) => {
        accepted.push({ workflowId: o.workflowId, messageIds: o.signalArgs[0].items.map((i) => i.messageId) });
      },
    },
  } as unknown as Client;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    const [channel] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Web chat', config: { secret: 's' } }).returning('id');
    await recordInbound(db, channel.id, [1, 2, 3].map((n) => ({
      providerMessageId: `m${n}`, threadKey: `customer-${n}`, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `customer-${n}` }, text: `hello ${n}`, attachments: [], at: new Date().toISOString(),
    })));
  });
  afterAll(async () => {
    release();
    await Promise.all(relays.map((r) => r.stop()));
    await db?.destroy();
  });

  it('holds no lock while signalling, and another relay takes the rows of a dead one once the lease runs out', async () => {
    const logger = pino({ level: 'silent' });
    relays.push(startRelay({ db, client: stuckClient, databaseUrl: url, logger, pollMs: 20, leaseSeconds: 1, loops: 1, handOversAhead: 1 }));
    await until(async () => stuckCalls.length === 3);
    // the claimed rows are not locked by a transaction left open across the signals
    const locked = await db.transaction(async (trx) => {
      await trx.raw('SET LOCAL lock_timeout = 2000');
      return (await trx.raw('SELECT id FROM inbound_queue FOR UPDATE NOWAIT')).rows.length;
    });
    expect(locked).toBe(3);

    relays.push(startRelay({ db, client: acceptingClient, databaseUrl: url, logger, pollMs: 20, leaseSeconds: 60 }));
    await until(async () => Number((await db('inbound_queue').count({ n: '*' }))[0].n) === 0);
    const messageIds = await db('messages').orderBy('provider_message_id').pluck('id');
    expect(accepted.flatMap((a) => a.messageIds).sort()).toEqual([...messageIds].sort());
    expect(new Set(accepted.map((a) => a.workflowId)).size).toBe(3);
    // the dead relay's signals never completed: the hand-over happened once, by the other relay
    expect(stuckCalls).toHaveLength(3);
  });

  it('keeps the lease of rows waiting for their turn, so a second relay hands nothing over twice', async () => {
    // only this test's relays claim (the dead one of the first test is stuck on its batch)
    await relays.splice(1, 1)[0]!.stop();
    const [{ id: channel }] = await db('channels').select('id').limit(1);
    await recordInbound(db, channel, [1, 2, 3, 4, 5].map((n) => ({
      providerMessageId: `slow-${n}`, threadKey: `slow-${n}`, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `slow-${n}` }, text: `hello ${n}`, attachments: [], at: new Date().toISOString(),
    })));
    const signalled: string[] = [];
    const recording = (into: string[]) =>
      ({ workflow: { signalWithStart: async (_type: string, o: { workflowId: string }) => void into.push(o.workflowId) } }) as unknown as Client;
    const logger = pino({ level: 'silent' });
    // two signals a second for five threads: longer than the one-second lease
    const slow = startRelay({ db, client: recording(signalled), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 1, loops: 1,
      pace: { maxRate: 2, minRate: 2, targetMs: 1000, step: 0, cut: 1 } });
    relays.push(slow);
    await until(async () => signalled.length >= 1);
    const other: string[] = [];
    relays.push(startRelay({ db, client: recording(other), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 1 }));
    await until(async () => Number((await db('inbound_queue').whereLike('thread_key', 'slow-%').count({ n: '*' }))[0].n) === 0);
    expect(signalled.filter((w) => w.includes(':slow-')).sort()).toHaveLength(5);
    expect(other.filter((w) => w.includes(':slow-'))).toEqual([]);
  });
});
