// The relay evaluates the automations of the messages it links when the published set allows it
// (rules/receipt.ts), on a real PostgreSQL: each message is one evaluation on its own text, in
// order, its firing in the audit trail with its version; the signal carries what the workflow
// still has to carry out (an assignment), and a relay killed before its signal leaves nothing
// evaluated twice: the next relay hands over what the first one's evaluation fired. With a set
// that reads the status, the workflow evaluates, as before. The clients stand for Temporal (one
// that never answers, one that accepts and records); nothing else is stubbed.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../engine/features/automation/documents/kinds.js';
import { DocumentService } from '../../engine/features/automation/documents/service.js';
import { recordInbound } from '../../engine/features/inbound/record.js';
import { startRelay, type Relay } from '../../engine/features/inbound/relay.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { signallingClient, type Signalled } from '../support/signal-clients.js';

const until = <T>(check: () => Promise<T | undefined | false>) => eventually(check, 20_000);
const logger = pino({ level: 'silent' });


describe('automations evaluated by the relay', () => {
  let db: Db;
  let url: string;
  let channelId: string;
  let adminId: string;
  let teamId: string;
  let automations: DocumentService;
  const relays: Relay[] = [];
  let release: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => (release = resolve));
  const client = signallingClient;

  const record = (thread: string, texts: string[]) =>
    recordInbound(db, channelId, texts.map((text, i) => ({
      providerMessageId: `${thread}-${i}`, threadKey: thread, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `customer-${thread}` }, text, attachments: [], at: new Date(Date.now() + i).toISOString(),
    })));
  const fired = (thread: string) =>
    db('conversation_events as e').join('conversations as c', 'c.id', 'e.conversation_id')
      .where('c.thread_key', thread).where('e.type', 'automation.fired').orderBy('e.id')
      .select('e.actor', 'e.detail');
  const messageIds = (thread: string) => db('messages').where({ thread_key: thread }).orderBy('provider_message_id').pluck('id');
  const tagsOf = (thread: string) =>
    db('conversation_tags as ct').join('tags as t', 't.id', 'ct.tag_id').join('conversations as c', 'c.id', 'ct.conversation_id')
      .where('c.thread_key', thread).orderBy('t.name').pluck('t.name');
  const queued = async () => Number((await db('inbound_queue').count({ n: '*' }))[0].n);

  async function publish(document: Record<string, unknown>): Promise<string> {
    const { id } = await automations.create({ schema: 'switchboard.automation/1', enabled: true, triggers: ['message.received'], stop: false, ...document });
    await automations.publish(id, adminId);
    return id;
  }

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    [{ id: channelId }] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Web chat', config: { secret: 's' } }).returning('id');
    [{ id: teamId }] = await db('teams').insert({ org_id: org.id, name: 'Billing' }).returning('id');
    adminId = (await createUser(db, { email: 'admin@example.com', name: 'Admin', password: 'a long enough password', role: 'admin' })).id;
    automations = new DocumentService(db, KINDS.find((k) => k.kind === 'automation')!);
    await publish({
      name: 'Refunds',
      when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' }] },
      then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }, { id: 'a2', type: 'assignTeam', teamId }],
    });
    await publish({
      name: 'Second refund message',
      // sees the tag the first message's evaluation added
      when: { id: 'g1', all: [{ id: 'c1', fact: 'conversation.tags', operator: 'includes', value: 'refund' }, { id: 'c2', fact: 'message.text', operator: 'contains', value: 'again' }] },
      then: [{ id: 'a1', type: 'addTags', tags: ['insistent'] }],
    });
  });
  afterAll(async () => {
    release();
    await Promise.all(relays.map((r) => r.stop()));
    await db?.destroy();
  });

  it('evaluates each message on its own text before signalling, and a relay killed then leaves nothing evaluated twice', async () => {
    await record('thread-a', ['I want a refund', 'order 42', 'refund, again']);
    const stuck: Signalled[] = [];
    relays.push(startRelay({ db, client: client(stuck, () => hanging), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 1, loops: 1, handOversAhead: 1 }));
    await until(async () => stuck.length === 1);

    const ids = await messageIds('thread-a');
    const events = await fired('thread-a');
    expect(events.map((e) => [e.actor.name, e.detail.messageId, e.detail.version])).toEqual([
      ['Refunds', ids[0], 1],
      ['Refunds', ids[2], 1],
      ['Second refund message', ids[2], 1],
    ]);
    expect(events[0].detail.triggers).toEqual(['message.received', 'conversation.created']);
    expect(events[1].detail.triggers).toEqual(['message.received']);
    expect(await tagsOf('thread-a')).toEqual(['insistent', 'refund']);
    // the trail says who tagged what, once per change (the third message's "refund" was there already)
    const tagEvents = await db('conversation_events as e').join('conversations as c', 'c.id', 'e.conversation_id')
      .where('c.thread_key', 'thread-a').where('e.type', 'conversation.tags_changed').orderBy('e.id').select('e.actor', 'e.detail');
    expect(tagEvents.map((e) => [e.actor.name, e.detail])).toEqual([
      ['Refunds', { added: ['refund'], removed: [] }],
      ['Second refund message', { added: ['insistent'], removed: [] }],
    ]);
    // the signal says which messages were evaluated, and what the workflow still has to do
    const items = stuck[0].signal.items;
    expect(items.map((i) => i.evaluated?.map((f) => [f.name, f.lifecycle]))).toEqual([
      [['Refunds', [{ type: 'assignTeam', teamId }]]],
      undefined, // the prefilter knows no automation fires on "order 42": not evaluated at all
      [['Refunds', [{ type: 'assignTeam', teamId }]]],
    ]);
    expect(items[1].evaluate).toBe(false);

    // the first relay never got an answer; once its lease ran out another hands the rows over
    const accepted: Signalled[] = [];
    relays.push(startRelay({ db, client: client(accepted, async () => undefined), databaseUrl: url, logger, pollMs: 20, leaseSeconds: 60 }));
    await until(async () => (await queued()) === 0);
    expect(await fired('thread-a')).toEqual(events);
    expect(accepted.flatMap((s) => s.signal.items)).toEqual(items);
  });

  it('evaluates the batches that waited together, each conversation’s messages in the order they came', async () => {
    // The accepting relay of the first test runs. An admin's transaction holds the tag "refund":
    // the evaluation that adds it to thread-c waits, and thread-d's two messages, linked meanwhile
    // in two batches, wait for their evaluation.
    const linked = async (thread: string, n: number) =>
      Number((await db('messages').where({ thread_key: thread }).whereNotNull('conversation_id').count({ n: '*' }))[0].n) === n;
    const blocker = await db.transaction();
    try {
      await blocker.raw("SELECT id FROM tags WHERE name = 'refund' FOR UPDATE");
      await record('thread-c', ['a refund for me']);
      await until(async () => (await linked('thread-c', 1)) && Number((await db.raw(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n) > 0);
      await record('thread-d', ['refund please']);
      await until(() => linked('thread-d', 1));
      await recordInbound(db, channelId, [{
        providerMessageId: 'thread-d-later', threadKey: 'thread-d', kind: 'private', direction: 'in',
        contact: { providerId: 'customer-thread-d' }, text: 'refund, again', attachments: [], at: new Date(Date.now() + 1000).toISOString(),
      }]);
      await until(() => linked('thread-d', 2));
      expect(await fired('thread-d')).toEqual([]);
    } finally {
      await blocker.commit();
    }
    await until(async () => (await queued()) === 0);
    // the later message saw the tag the earlier one's evaluation added
    expect(await tagsOf('thread-d')).toEqual(['insistent', 'refund']);
    const [first, later] = await db('messages').where({ thread_key: 'thread-d' }).orderBy('at').pluck('id');
    expect((await fired('thread-d')).map((e) => [e.actor.name, e.detail.messageId])).toEqual([
      ['Refunds', first],
      ['Refunds', later],
      ['Second refund message', later],
    ]);
    expect(await tagsOf('thread-c')).toEqual(['refund']);
  });

  it('leaves the evaluation to the workflow when an automation reads the conversation’s status', async () => {
    // only this test's relay claims (the dead one of the first test is stuck on its batch)
    await relays.splice(1, 1)[0]!.stop();
    await publish({
      name: 'Unassigned only',
      when: { id: 'g1', all: [{ id: 'c1', fact: 'conversation.status', operator: 'equal', value: 'unassigned' }] },
      then: [{ id: 'a1', type: 'addTags', tags: ['new'] }],
    });
    const accepted: Signalled[] = [];
    relays.push(startRelay({ db, client: client(accepted, async () => undefined), databaseUrl: url, logger, pollMs: 20 }));
    await record('thread-b', ['a refund please']);
    await until(async () => accepted.length === 1 && (await queued()) === 0);
    expect(accepted[0].signal.items.map((i) => [i.evaluated, i.evaluate])).toEqual([[undefined, true]]);
    expect(await fired('thread-b')).toEqual([]);
  });
});
