// A thread's messages linked while its signal still waits for its turn go in that signal, on a real
// PostgreSQL: one workflow task for the three messages of a thread that came in three batches, in
// their order, with the facts of its newest link and the creation told by its first. The client
// stands for Temporal; nothing else is stubbed.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../../engine/features/inbound/record.js';
import { startRelay, type Relay } from '../../engine/features/inbound/relay.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { signallingClient, type Signalled } from '../support/signal-clients.js';

describe('the relay joins a thread’s waiting signal', () => {
  let db: Db;
  let url: string;
  let channelId: string;
  let relay: Relay | undefined;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    [{ id: channelId }] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Joined', config: { secret: 's' } }).returning('id');
  });
  afterAll(async () => {
    release();
    await relay?.stop();
    await db?.destroy();
  });

  const record = (id: string, thread: string) =>
    recordInbound(db, channelId, [{
      providerMessageId: id, threadKey: thread, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `customer-of-${thread}` }, text: `message ${id}`, attachments: [], at: new Date().toISOString(),
    }]);
  const linked = async (id: string) => !!(await db('messages').where({ provider_message_id: id }).whereNotNull('conversation_id').first('id'));

  it('hands over in one signal the messages of batches linked while it waited', async () => {
    const signalled: Signalled[] = [];
    const held = new Promise<void>((resolve) => (release = resolve));
    let joined = 0;
    // one signal at a time, and the first one held: the next thread's signal waits meanwhile
    relay = startRelay({
      db, client: signallingClient(signalled, () => (signalled.length === 1 ? held : Promise.resolve())), databaseUrl: url,
      logger: pino({ level: 'silent' }), pollMs: 20, concurrency: 1,
      figures: { handedOver: () => undefined, failed: () => undefined, evaluated: () => undefined, joined: (n) => (joined += n) },
    });
    await record('f1', 'first');
    relay.wake();
    await eventually(async () => signalled.length === 1, 20_000);

    for (const id of ['x1', 'x2', 'x3']) {
      await record(id, 'x');
      relay.wake();
      await eventually(() => linked(id), 20_000);
    }
    await eventually(async () => joined === 2, 20_000);
    release();
    await eventually(async () => Number((await db('inbound_queue').count({ n: '*' }))[0].n) === 0, 20_000);

    const toX = signalled.filter((s) => s.workflowId.endsWith(':x'));
    expect(toX).toHaveLength(1);
    const ids = await db('messages').whereIn('provider_message_id', ['x1', 'x2', 'x3']).orderBy('provider_message_id').pluck('id');
    expect(toX[0].signal.items.map((i) => i.messageId)).toEqual(ids);
    // the first link created the conversation (and brought its settings); the later ones did not
    expect(toX[0].signal.linked).toMatchObject({ created: true, settings: expect.any(Object) });
  });
});
