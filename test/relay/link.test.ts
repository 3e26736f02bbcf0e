// The relay links before it signals, on a real PostgreSQL: a claimed batch of several threads is in
// the inbox (conversations, the contact, the last message, notifications, live events) before any
// signal is answered, and a relay killed between that commit and its signals leaves nothing for
// another relay to do twice: it links again without a second row, event or notification, and hands
// the thread over as new. The clients stand for Temporal (one that never answers, one that accepts
// and records); nothing else is stubbed.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkThreads } from '../../engine/features/inbound/link.js';
import { recordInbound } from '../../engine/features/inbound/record.js';
import { startRelay, type Relay } from '../../engine/features/inbound/relay.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { signallingClient, type Signalled } from '../support/signal-clients.js';

const until = <T>(check: () => Promise<T | undefined | false>) => eventually(check, 20_000);


describe('the relay links before it signals', () => {
  let db: Db;
  let url: string;
  let channelId: string;
  const relays: Relay[] = [];
  let release: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => (release = resolve));
  const stuck: Signalled[] = [];
  const accepted: Signalled[] = [];
  const client = signallingClient;

  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await db(table).where(where).count({ n: '*' }))[0].n);
  const inbox = async () => ({
    conversations: await db('conversations').orderBy('thread_key').select('id', 'thread_key', 'status', 'last_message_text', 'contact_id'),
    contacts: await count('contacts'),
    unlinked: Number((await db('messages').whereNull('conversation_id').count({ n: '*' }))[0].n),
    created: await count('conversation_events', { type: 'conversation.created' }),
    notifications: await db('notifications').orderBy('conversation_id').select('kind', 'conversation_id'),
    messageEvents: await count('live_events', { kind: 'message.created' }),
  });

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    [{ id: channelId }] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Web chat', config: { secret: 's' } }).returning('id');
    await createUser(db, { email: 'agent@example.com', name: 'Agent', password: 'a long enough password', role: 'admin' });
    const at = Date.parse('2026-05-01T10:00:00Z');
    // one customer writes in two threads (one contact), another in a third
    const messages = [
      { id: 'a1', thread: 'thread-a', customer: 'ann', text: 'first of a' },
      { id: 'a2', thread: 'thread-a', customer: 'ann', text: 'last of a' },
      { id: 'b1', thread: 'thread-b', customer: 'ann', text: 'only b' },
      { id: 'c1', thread: 'thread-c', customer: 'carl', text: 'only c' },
    ];
    await recordInbound(db, channelId, messages.map((m, i) => ({
      providerMessageId: m.id, threadKey: m.thread, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: m.customer, name: m.customer.toUpperCase() }, text: m.text, attachments: [], at: new Date(at + i * 1000).toISOString(),
    })));
  });
  afterAll(async () => {
    release();
    await Promise.all(relays.map((r) => r.stop()));
    await db?.destroy();
  });

  it('puts a batch of threads in the inbox before a signal is answered, and a relay killed then leaves nothing to do twice', async () => {
    const logger = pino({ level: 'silent' });
    // a relay whose batch never gets an answer and that claims nothing more: a dead one
    relays.push(startRelay({ db, client: client(stuck, () => hanging), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 1, loops: 1, handOversAhead: 1 }));
    await until(async () => stuck.length === 3);

    const before = await inbox();
    expect(before.conversations.map((c) => [c.thread_key, c.status, c.last_message_text])).toEqual([
      ['thread-a', 'unassigned', 'last of a'],
      ['thread-b', 'unassigned', 'only b'],
      ['thread-c', 'unassigned', 'only c'],
    ]);
    expect(before.contacts).toBe(2);
    expect(before.conversations[0]!.contact_id).toBe(before.conversations[1]!.contact_id);
    expect(before.unlinked).toBe(0);
    expect(before.created).toBe(3);
    expect(before.notifications.map((n) => n.kind)).toEqual(['conversation.new', 'conversation.new', 'conversation.new']);
    expect(before.messageEvents).toBe(4);
    // the signals carry what the workflow needs
    const a = stuck.find((s) => s.workflowId.endsWith(':thread-a'))!;
    expect(a.signal.linked).toMatchObject({ conversationId: before.conversations[0]!.id, created: true, status: 'unassigned', kind: 'private' });
    expect(a.signal.linked!.settings).toBeDefined();
    expect(a.signal.items.map((i) => i.direction)).toEqual(['in', 'in']);

    // the first relay never got an answer; once its lease ran out another takes the rows
    relays.push(startRelay({ db, client: client(accepted, async () => undefined), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 60 }));
    await until(async () => (await count('inbound_queue')) === 0);
    expect(await inbox()).toEqual(before);
    expect(accepted.map((s) => s.workflowId).sort()).toEqual(stuck.map((s) => s.workflowId).sort());
    for (const s of accepted) {
      const first = stuck.find((t) => t.workflowId === s.workflowId)!;
      expect(s.signal.items).toEqual(first.signal.items);
      // the thread is still new: its workflow never heard of it
      expect(s.signal.linked).toEqual(first.signal.linked);
    }
  });

  it('links a thread already linked without changing anything, and keeps the latest last message', async () => {
    const before = await inbox();
    const ids = await db('messages').where({ thread_key: 'thread-a' }).orderBy('at').pluck('id');
    const [again] = await linkThreads(db, [{ channelId, threadKey: 'thread-a', messageIds: [ids[0]] }]);
    expect(again).toMatchObject({ conversationId: before.conversations[0]!.id, status: 'unassigned', created: false });
    expect(await inbox()).toEqual(before);
  });

  it('links the next batch while the signals of the previous one are still under way', async () => {
    // only this test's relay claims (the dead one of the first test is stuck on its batch)
    await relays.splice(1, 1)[0]!.stop();
    const [org] = await db('organisations').select('id');
    const [{ id: other }] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Other', config: { secret: 's' } }).returning('id');
    const record = (id: string) => recordInbound(db, other, [{
      providerMessageId: id, threadKey: `thread-${id}`, kind: 'private', direction: 'in',
      contact: { providerId: `customer-${id}` }, text: id, attachments: [], at: new Date().toISOString(),
    }]);
    const slow: Signalled[] = [];
    const relay = startRelay({ db, client: client(slow, () => hanging), databaseUrl: url, logger: pino({ level: 'silent' }), pollMs: 20, loops: 1 });
    relays.push(relay);
    await record('x1');
    relay.wake();
    await until(async () => slow.length === 1);
    await record('x2');
    relay.wake();
    // x1's signal is still unanswered, and x2 is in its queue already
    await until(async () => (await db('conversations').where({ channel_id: other, thread_key: 'thread-x2' }).first('id')) ?? false);
    await until(async () => slow.length === 2); // and its signal is under way beside x1's
    expect(await db('inbound_queue').where({ channel_id: other }).count({ n: '*' })).toEqual([{ n: 2 }]);
  });
});
