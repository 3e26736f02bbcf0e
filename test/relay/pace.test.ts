// The relay keeps Temporal's queue short (hand-over-pace.ts), on a real PostgreSQL: it asks the
// conversation it signalled last a query (answered once that conversation's queued task has run),
// and while those answers come late it still hands every message over, only slower; a thread an
// agent acts on (act() notifies the relays) goes before the backlog, and while an agent of its own
// process or of another acts, its signals hold back for a while (agent-way.ts). The client stands for
// Temporal; nothing else is stubbed.
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../../engine/features/inbound/record.js';
import { askHandOverFirst, startRelay, type Relay } from '../../engine/features/inbound/relay.js';
import type { Db } from '../../engine/platform/database.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';

describe('the relay’s pace', () => {
  let db: Db;
  let url: string;
  let channelId: string;
  let relay: Relay | undefined;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    const [org] = await db('organisations').select('id');
    [{ id: channelId }] = await db('channels').insert({ org_id: org.id, type: 'sandbox', name: 'Paced', config: { secret: 's' } }).returning('id');
  });
  afterAll(async () => {
    await relay?.stop();
    await db?.destroy();
  });

  it('probes the conversation it signalled last and hands every message over while the answers come late', async () => {
    const signalled: string[] = [];
    const probed: string[] = [];
    const client = {
      workflow: {
        signalWithStart: async (_type: string, o: { workflowId: string }) => {
          signalled.push(o.workflowId);
        },
        getHandle: (workflowId: string) => ({
          query: async (name: string) => {
            probed.push(`${name} ${workflowId}`);
            await new Promise((r) => setTimeout(r, 60)); // later than the target: the rate goes down
          },
        }),
      },
    } as unknown as Client;
    relay = startRelay({
      db, client, databaseUrl: url, logger: pino({ level: 'silent' }), pollMs: 20, probeMs: 10,
      pace: { maxRate: 200, minRate: 20, targetMs: 20, step: 1, cut: 0.5 },
    });
    const n = 30;
    await recordInbound(db, channelId, Array.from({ length: n }, (_, i) => ({
      providerMessageId: `p${i}`, threadKey: `thread-${i}`, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `customer-${i}` }, text: `message ${i}`, attachments: [], at: new Date().toISOString(),
    })));
    relay.wake();
    await eventually(async () => Number((await db('inbound_queue').count({ n: '*' }))[0].n) === 0, 30_000);
    expect(new Set(signalled).size).toBe(n);
    await eventually(async () => probed.length > 0);
    // each probe asks a conversation that was signalled, with the SDK's built-in metadata query
    for (const p of probed) {
      const [name, workflowId] = p.split(' ');
      expect(name).toBe('__temporal_workflow_metadata');
      expect(signalled).toContain(workflowId);
    }
  });

  it('slows down while the conversation it signalled last has not answered yet, not only once it has', async () => {
    await relay?.stop();
    const at: number[] = [];
    const client = {
      workflow: {
        signalWithStart: async () => void at.push(Date.now()),
        // Temporal so far behind that no probe is answered while the test runs
        getHandle: () => ({ query: () => new Promise(() => undefined) }),
      },
    } as unknown as Client;
    // five signals may go at once at the start (a tenth of a second at 50/s); the first probe round
    // without an answer halves the rate, the next ones down to 2/s
    relay = startRelay({
      db, client, databaseUrl: url, logger: pino({ level: 'silent' }), pollMs: 20, probeMs: 20,
      pace: { maxRate: 50, minRate: 2, targetMs: 10, step: 1, cut: 0.5 },
    });
    await recordInbound(db, channelId, Array.from({ length: 20 }, (_, i) => ({
      providerMessageId: `u${i}`, threadKey: `unanswered-${i}`, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `unanswered-${i}` }, text: `message ${i}`, attachments: [], at: new Date().toISOString(),
    })));
    relay.wake();
    await eventually(async () => at.length >= 9, 20_000);
    // at the full rate (what the probe's timeout, seconds later, would have allowed) signals go 20 ms apart
    expect(at[8] - at[7]).toBeGreaterThanOrEqual(200);
  });

  it('hands a thread an agent wants over before the backlog that waits for the pace', async () => {
    await relay?.stop();
    const signalled: string[] = [];
    const client = {
      workflow: {
        signalWithStart: async (_type: string, o: { workflowId: string }) => void signalled.push(o.workflowId),
        getHandle: () => ({ query: async () => undefined }),
      },
    } as unknown as Client;
    // two signals a second: twelve threads take six seconds
    relay = startRelay({ db, client, databaseUrl: url, logger: pino({ level: 'silent' }), pollMs: 20, pace: { maxRate: 2, minRate: 2, targetMs: 1000, step: 0, cut: 1 } });
    await recordInbound(db, channelId, Array.from({ length: 12 }, (_, i) => ({
      providerMessageId: `w${i}`, threadKey: `wanted-${i}`, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `wanted-${i}` }, text: `message ${i}`, attachments: [], at: new Date().toISOString(),
    })));
    relay.wake();
    await eventually(async () => signalled.length >= 1, 20_000);
    await askHandOverFirst(db, channelId, 'wanted-11');
    await eventually(async () => signalled.some((w) => w.endsWith(':wanted-11')), 20_000);
    // the last thread of the batch went before most of the ones queued ahead of it
    expect(signalled.length).toBeLessThan(6);
  });

  /** When each thread under `prefix` was signalled (an earlier test may leave rows of its own). */
  const signalTimes = (prefix: string) => {
    const at: number[] = [];
    const client = {
      workflow: {
        signalWithStart: async (_type: string, o: { workflowId: string }) => {
          if (o.workflowId.includes(`:${prefix}-`)) at.push(Date.now());
        },
        getHandle: () => ({ query: async () => undefined }),
      },
    } as unknown as Client;
    return { at, client };
  };
  const record = (prefix: string, n: number) =>
    recordInbound(db, channelId, Array.from({ length: n }, (_, i) => ({
      providerMessageId: `${prefix}${i}`, threadKey: `${prefix}-${i}`, kind: 'private' as const, direction: 'in' as const,
      contact: { providerId: `${prefix}-${i}` }, text: `message ${i}`, attachments: [], at: new Date().toISOString(),
    })));

  /** While `acting`'s process has an agent acting, five new threads are linked (in the inbox) but
   * not signalled by the relay under test; they are once the action ended. */
  const heldWhileActing = async (prefix: string, at: number[], acting: Relay) => {
    acting.agentsActing(1);
    await record(prefix, 5);
    relay!.wake();
    await eventually(async () => Number((await db('conversations').where('thread_key', 'like', `${prefix}-%`).count({ n: '*' }))[0].n) === 5, 20_000);
    expect(at).toHaveLength(0);
    const ended = Date.now();
    acting.agentsActing(0);
    await eventually(async () => at.length === 5, 20_000);
    expect(at[0]).toBeGreaterThanOrEqual(ended);
  };

  it('shows the messages but holds their signals back while an agent of this process acts, and signals once the action ended', async () => {
    await relay?.stop();
    const { at, client } = signalTimes('acting');
    relay = startRelay({ db, client, databaseUrl: url, logger: pino({ level: 'silent' }), pollMs: 20, agentWay: { maxMs: 10_000, share: 0.5 } });
    await heldWhileActing('acting', at, relay);
  });

  it('holds its signals back while an agent of another API process acts, as that process’s relay tells through the database', async () => {
    await relay?.stop();
    const { at, client } = signalTimes('elsewhere');
    const logger = pino({ level: 'silent' });
    const way = { maxMs: 10_000, share: 0.5 };
    relay = startRelay({ db, client, databaseUrl: url, logger, pollMs: 20, agentWay: way });
    // the other process's relay, whose agent acts; it signals into the same list
    const there = startRelay({ db, client, databaseUrl: url, logger, pollMs: 20, agentWay: way });
    try {
      await Promise.all([relay.listening(), there.listening()]);
      await heldWhileActing('elsewhere', at, there);
    } finally {
      await there.stop();
    }
  });

  it('hands every message over though an agent’s action never ends, after holding back for its budget', async () => {
    await relay?.stop();
    const { at, client } = signalTimes('hung');
    // 300 ms of budget, earned back at half the rate it is spent: about 600 ms held back at first
    relay = startRelay({ db, client, databaseUrl: url, logger: pino({ level: 'silent' }), pollMs: 20, agentWay: { maxMs: 300, share: 0.5 } });
    const started = Date.now();
    relay.agentsActing(1);
    await record('hung', 10);
    relay.wake();
    await eventually(async () => at.length === 10, 20_000);
    expect(at[0] - started).toBeGreaterThanOrEqual(500);
  });
});
