// With several API processes, a thread's messages go through the relay that already holds some of
// them (migration 017): another relay leaves them alone while that relay's lease lasts, so they are
// handed over in their order and may join the signal that waits; a thread whose hand-over failed
// is no relay's while it waits to be tried again. On a real PostgreSQL; the clients stand for
// Temporal (one held until the test lets it answer, one that refuses, one that accepts at once).
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../../engine/features/inbound/record.js';
import { startRelay, type Relay } from '../../engine/features/inbound/relay.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';

const until = <T>(check: () => Promise<T | undefined | false>) => eventually(check, 20_000);

interface Signal {
  thread: string;
  messageIds: string[];
}

/** A client that records each signal's thread and messages, answering once `held` resolves. */
function recordingClient(into: Signal[], held: Promise<void> = Promise.resolve()): Client {
  return {
    workflow: {
      signalWithStart: async (_type: string, o: { workflowId: string; signalArgs: [{ items: { messageId: string }[] }] }) => {
        into.push({ thread: o.workflowId.slice(o.workflowId.lastIndexOf(':') + 1), messageIds: o.signalArgs[0].items.map((i) => i.messageId) });
        await held;
      },
      getHandle: () => ({ query: async () => undefined }),
    },
  } as unknown as Client;
}

describe('a thread’s messages and the relays of several processes', () => {
  let db: Db;
  let url: string;
  let channelId: string;
  const relays: Relay[] = [];
  let answer: () => void = () => undefined;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    [{ id: channelId }] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Two relays', config: { secret: 's' } }).returning('id');
  });
  afterAll(async () => {
    answer();
    await Promise.all(relays.map((r) => r.stop()));
    await db?.destroy();
  });

  const record = (id: string, thread: string) =>
    recordInbound(db, channelId, [{
      providerMessageId: id, threadKey: thread, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: thread }, text: `message ${id}`, attachments: [], at: new Date().toISOString(),
    }]);
  const messageId = async (id: string) => (await db('messages').where({ channel_id: channelId, provider_message_id: id }).first('id')).id as string;

  it('go through the relay holding the thread while it does, so in their order', async () => {
    const logger = pino({ level: 'silent' });
    const held = new Promise<void>((resolve) => (answer = resolve));
    const first: Signal[] = [];
    const second: Signal[] = [];
    // one batch at a time: while its signal is held, the first relay claims nothing more
    relays.push(startRelay({ db, client: recordingClient(first, held), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 30, loops: 1, handOversAhead: 1 }));
    await record('kept-1', 'kept');
    await until(async () => first.length === 1);

    relays.push(startRelay({ db, client: recordingClient(second), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 30 }));
    await record('kept-2', 'kept');
    await record('other-1', 'other');
    // the second relay works: it hands over the thread no relay holds ...
    await until(async () => second.some((s) => s.thread === 'other'));
    // ... and leaves the held thread's later message queued for the relay that holds the thread
    expect(second.filter((s) => s.thread === 'kept')).toEqual([]);
    expect(Number((await db('inbound_queue').where({ thread_key: 'kept' }).count({ n: '*' }))[0].n)).toBe(2);

    // once the first message's signal is answered, the thread is free: the second goes after it
    answer();
    await until(async () => Number((await db('inbound_queue').where({ thread_key: 'kept' }).count({ n: '*' }))[0].n) === 0);
    const kept = [...first, ...second].filter((s) => s.thread === 'kept').flatMap((s) => s.messageIds);
    expect(kept).toEqual([await messageId('kept-1'), await messageId('kept-2')]);
  });

  it('go through another relay while the one whose hand-over failed waits to try again', async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    const logger = pino({ level: 'silent' });
    const failing = {
      workflow: {
        signalWithStart: async () => {
          throw new Error('Temporal refused');
        },
        getHandle: () => ({ query: async () => undefined }),
      },
    } as unknown as Client;
    const dying = startRelay({ db, client: failing, databaseUrl: url, logger, pollMs: 20, leaseSeconds: 30 });
    await record('failed-1', 'failed');
    await until(async () => (await db('inbound_queue').where({ thread_key: 'failed' }).first('attempts'))?.attempts === 1);
    await dying.stop(); // and dies before its next try, a minute from now
    await db('inbound_queue').where({ thread_key: 'failed' }).update({ next_attempt_at: db.raw("now() + interval '1 minute'") });

    const other: Signal[] = [];
    relays.push(startRelay({ db, client: recordingClient(other), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 30 }));
    await record('failed-2', 'failed');
    const later = await messageId('failed-2');
    await until(async () => other.some((s) => s.messageIds.includes(later)));
    // handed over while the failed message still waits for its retry
    expect(await db('inbound_queue').where({ thread_key: 'failed' }).pluck('message_id')).toEqual([await messageId('failed-1')]);
  });
});
