// The routing dispatcher on a real PostgreSQL and a real Temporal server: conversations wait for a
// team or a list of agents; when an agent comes online or frees a slot (notifyCapacity), the
// oldest conversations they could take — as many as their free slots — get `agentAvailable`.
// Each waiting conversation's workflow here is a recorder that counts the signals it receives.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../engine/platform/database.js';
import { assignByStrategy, routeWaiting } from '../../engine/features/routing/assign.js';
import { notifyCapacity, startRoutingDispatcher, type RoutingDispatcher } from '../../engine/features/routing/dispatcher.js';
import type { RoutingTarget } from '../../engine/features/routing/strategies.js';
import { agentAvailableCountQuery, type agentAvailableRecorder } from '../fixtures/workflows/agent-available.js';
import { freshDatabase } from '../support/database.js';
import { routingFixtures, type RoutingFixtures } from '../support/routing-fixtures.js';
import { createDevServerEnv } from '../support/temporal.js';

let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
let db: Db;
let f: RoutingFixtures;
let dispatcher: RoutingDispatcher;
const taskQueue = `routing-${randomUUID()}`;

beforeAll(async () => {
  env = await createDevServerEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../fixtures/workflows/agent-available.ts', import.meta.url)),
  });
  workerRun = worker.run();
  const fresh = await freshDatabase();
  db = fresh.db;
  f = await routingFixtures(db);
  // No periodic sweep during the test: every wake-up seen comes from a notification. No
  // databaseUrl: it listens on a connection of db's pool (the services pass theirs).
  dispatcher = startRoutingDispatcher({ db, client: env.client, logger: pino({ level: 'silent' }), sweepMs: 3_600_000 });
  await dispatcher.ready();
});
afterAll(async () => {
  await dispatcher?.stop();
  worker?.shutdown();
  await workerRun;
  await db?.destroy();
  await env?.teardown();
});

/** A conversation whose workflow is a running recorder, waiting for `target` since `minutesAgo`. */
async function waitingConversation(target: RoutingTarget, minutesAgo: number): Promise<string> {
  const workflowId = `recorder-${randomUUID()}`;
  await env.client.workflow.start<typeof agentAvailableRecorder>('agentAvailableRecorder', { taskQueue, workflowId });
  const id = await f.conversation({ workflowId });
  const result = await assignByStrategy(db, { conversationId: id, skillSetId: 'sk', target, strategy: 'balanced' });
  expect(result).toHaveProperty('waiting');
  await db('conversations').where({ id }).update({ routing_waiting_since: db.raw('now() - make_interval(mins => ?)', [minutesAgo]) });
  return id;
}

async function signalsOf(conversationId: string): Promise<number> {
  const { workflow_id } = await db('conversations').where({ id: conversationId }).first('workflow_id');
  return env.client.workflow.getHandle(workflow_id).query(agentAvailableCountQuery);
}

async function eventually(check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('routing dispatcher', () => {
  it('wakes the oldest conversations an agent could take, as many as their free slots, when they come online or free a slot', async () => {
    const ann = await f.agent({ name: 'Ann', capacity: 2, presence: { status: 'offline', lastSeenSecondsAgo: 600 } });
    const bob = await f.agent({ name: 'Bob', capacity: 1, presence: { status: 'online' } });
    const team = await f.team([ann, bob]);
    const otherTeam = await f.team([await f.agent()]);
    // Bob is full.
    const bobsOwn = await f.conversation({ status: 'assigned', assignee: bob });

    const notAnnsTeam = await waitingConversation({ teamId: otherTeam }, 100);
    const c1 = await waitingConversation({ teamId: team }, 60);
    const forList = await waitingConversation({ userIds: [ann, randomUUID()] }, 50);
    const c2 = await waitingConversation({ teamId: team }, 40);
    const c3 = await waitingConversation({ teamId: team }, 30);
    const c4 = await waitingConversation({ teamId: team }, 20);
    // Resolved while waiting: nobody should be woken for it.
    const resolved = await waitingConversation({ teamId: team }, 90);
    await db('conversations').where({ id: resolved }).update({ status: 'done' });

    // Bob is online but full: nothing. Then Ann comes online with two free slots: the two oldest
    // she could take, across her team's queue and the list naming her.
    await notifyCapacity(db, bob);
    await f.setPresence(ann, 'online');
    await notifyCapacity(db, ann);
    await eventually(async () => (await signalsOf(c1)) === 1 && (await signalsOf(forList)) === 1);
    await dispatcher.settled();
    expect(await Promise.all([c2, c3, c4, notAnnsTeam, resolved].map(signalsOf))).toEqual([0, 0, 0, 0, 0]);

    // The workflows route again: Ann (free) takes both and is full now.
    expect(await routeWaiting(db, c1)).toEqual({ assigned: { userId: ann, teamId: team } });
    expect(await routeWaiting(db, forList)).toEqual({ assigned: { userId: ann } });

    // Bob finishes his conversation: one slot, the oldest still waiting for him.
    await db('conversations').where({ id: bobsOwn }).update({ status: 'done' });
    await notifyCapacity(db, bob);
    await eventually(async () => (await signalsOf(c2)) === 1);
    await dispatcher.settled();
    expect(await Promise.all([c1, forList, c3, c4].map(signalsOf))).toEqual([1, 1, 0, 0]);
    expect(await routeWaiting(db, c2)).toEqual({ assigned: { userId: bob, teamId: team } });
  });

  it('handles a burst as one batch: two agents back at once wake two conversations, not the oldest twice', async () => {
    const cat = await f.agent({ name: 'Cat', capacity: 1, presence: { status: 'away', lastSeenSecondsAgo: 300 } });
    const dan = await f.agent({ name: 'Dan', capacity: 1, presence: { status: 'offline', lastSeenSecondsAgo: 300 } });
    const team = await f.team([cat, dan]);
    const oldest = await waitingConversation({ teamId: team }, 30);
    const next = await waitingConversation({ teamId: team }, 20);
    const newest = await waitingConversation({ teamId: team }, 10);

    await f.setPresence(cat, 'online');
    await f.setPresence(dan, 'online');
    // Both notifications in one transaction: delivered together at commit, like a burst.
    await db.transaction(async (trx) => {
      await notifyCapacity(trx, cat);
      await notifyCapacity(trx, dan);
    });
    await eventually(async () => (await signalsOf(oldest)) >= 1 && (await signalsOf(next)) >= 1);
    await dispatcher.settled();
    expect(await Promise.all([oldest, next, newest].map(signalsOf))).toEqual([1, 1, 0]);
  });

  it('an agent still away after the grace period wakes nothing', async () => {
    const eve = await f.agent({ name: 'Eve', presence: { status: 'away', lastSeenSecondsAgo: 120 } });
    const fay = await f.agent({ name: 'Fay', capacity: 1, presence: { status: 'offline', lastSeenSecondsAgo: 600 } });
    const team = await f.team([eve, fay]);
    const waiting = await waitingConversation({ teamId: team }, 5);
    const marker = await waitingConversation({ userIds: [fay] }, 1);

    await notifyCapacity(db, eve);
    // Fay's wake-up comes after Eve's notification: once it is seen, Eve's was handled too.
    await f.setPresence(fay, 'online');
    await notifyCapacity(db, fay);
    await eventually(async () => (await signalsOf(marker)) === 1 || (await signalsOf(waiting)) === 1);
    await dispatcher.settled();
    // Fay's one slot went to the older conversation her team waits on; Eve woke nothing.
    expect(await Promise.all([waiting, marker].map(signalsOf))).toEqual([1, 0]);
  });

  it('finds an agent nobody notified about by its periodic look at everyone', async () => {
    const gus = await f.agent({ name: 'Gus', capacity: 1, presence: { status: 'offline', lastSeenSecondsAgo: 600 } });
    const waiting = await waitingConversation({ userIds: [gus] }, 1);
    const sweeping = startRoutingDispatcher({ db, client: env.client, logger: pino({ level: 'silent' }), sweepMs: 200 });
    try {
      await sweeping.ready();
      await sweeping.settled();
      expect(await signalsOf(waiting)).toBe(0);
      // Online without any notification (as if it was lost while LISTEN reconnected).
      await f.setPresence(gus, 'online');
      await eventually(async () => (await signalsOf(waiting)) >= 1);
    } finally {
      await sweeping.stop();
    }
  });
});
