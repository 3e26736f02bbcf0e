// The relay on a real PostgreSQL while Temporal refuses every hand-over: the recorded message is
// kept, and each failed try waits longer before the next (2 s, 4 s, 8 s … up to a minute).
// The refusing client stands for a Temporal outage; nothing else is stubbed.
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../../engine/features/inbound/record.js';
import { backoffSeconds, startRelay, type Relay } from '../../engine/features/inbound/relay.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';

const refusingClient = {
  workflow: {
    signalWithStart: async () => {
      throw new Error('Temporal is unavailable');
    },
  },
} as unknown as Client;

async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

describe('the relay when Temporal refuses', () => {
  let db: Db;
  let url: string;
  let relay: Relay;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    const [channel] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Web chat', config: { secret: 's' } }).returning('id');
    await recordInbound(db, channel.id, [{
      providerMessageId: 'm1', threadKey: 'customer-1', kind: 'private', direction: 'in',
      contact: { providerId: 'customer-1' }, text: 'hello', attachments: [], at: new Date().toISOString(),
    }]);
    relay = startRelay({ db, client: refusingClient, databaseUrl: url, logger: pino({ level: 'silent' }), pollMs: 20 });
  });
  afterAll(async () => {
    await relay?.stop();
    await db?.destroy();
  });

  it('keeps the message and backs off longer after each failed try', async () => {
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const row = await until(async () => {
        const r = await db('inbound_queue').first('attempts', 'last_error', db.raw('extract(epoch FROM next_attempt_at - now()) AS wait'));
        return r && r.attempts === attempt ? r : undefined;
      });
      expect(row.last_error).toContain('Temporal is unavailable');
      waits.push(Number(row.wait));
      // Time passes: the row is due again.
      await db('inbound_queue').update({ next_attempt_at: db.fn.now() });
      relay.wake();
    }
    expect(waits[1]).toBeGreaterThan(waits[0] + 1);
    expect(waits[2]).toBeGreaterThan(waits[1] + 2);
    expect(await db('messages').count<{ count: number }[]>('* as count')).toEqual([{ count: 1 }]);
  });

  it('caps the pause at a minute', () => {
    expect([1, 2, 3, 6, 7, 50].map(backoffSeconds)).toEqual([2, 4, 8, 60, 60, 60]);
  });
});
