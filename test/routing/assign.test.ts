// assignByStrategy on a real PostgreSQL: strategies, capacity, the 2-minute presence rule, waiting
// in the target's queue, and concurrent calls that must never push an agent over capacity.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../engine/platform/database.js';
import { assignByStrategy, routeWaiting, type AssignByStrategyResult } from '../../engine/features/routing/assign.js';
import { putSetting } from '../../engine/features/lifecycle-settings/org-settings.js';
import { freshDatabase } from '../support/database.js';
import { routingFixtures, type RoutingFixtures } from '../support/routing-fixtures.js';

let db: Db;
let f: RoutingFixtures;
let adminId: string;

beforeAll(async () => {
  const fresh = await freshDatabase();
  await fresh.db.destroy();
  // Room for the concurrent calls below to really run at once.
  db = createDb(fresh.url, 25);
  f = await routingFixtures(db);
  adminId = await f.agent({ name: 'admin' });
});
afterAll(async () => {
  await db?.destroy();
});

const online = { status: 'online' as const };
const assignedTo = (r: AssignByStrategyResult) => ('assigned' in r ? r.assigned.userId : undefined);
const events = (conversationId: string, type: string) =>
  db('conversation_events').where({ conversation_id: conversationId, type }).orderBy('id').select('actor', 'detail');

describe('balanced', () => {
  it('gives the conversation to the agent with the fewest open conversations', async () => {
    const busy = await f.agent({ presence: online });
    const light = await f.agent({ presence: online });
    const team = await f.team([busy, light]);
    await f.conversation({ status: 'assigned', assignee: busy });
    await f.conversation({ status: 'pending', assignee: busy });
    await f.conversation({ status: 'assigned', assignee: light });
    // Done conversations are no load.
    await f.conversation({ status: 'done', assignee: light });
    await f.conversation({ status: 'done', assignee: light });

    const convo = await f.conversation();
    const result = await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk-1', target: { teamId: team }, strategy: 'balanced' });
    expect(result).toEqual({ assigned: { userId: light, teamId: team } });

    const row = await db('conversations').where({ id: convo }).first();
    expect(row).toMatchObject({ status: 'assigned', assignee_user_id: light, team_id: team, routing_target: null, routing_waiting_since: null });
    expect((await db('users').where({ id: light }).first('last_assigned_at')).last_assigned_at).toBeInstanceOf(Date);
    expect(await events(convo, 'conversation.assigned')).toEqual([
      { actor: { type: 'system' }, detail: { userId: light, teamId: team, skillSetId: 'sk-1', strategy: 'balanced', auto: true } },
    ]);
  });

  it('on equal load, gives it to whoever waited longest since their last assignment (never assigned first)', async () => {
    const recent = await f.agent({ presence: online });
    const longAgo = await f.agent({ presence: online });
    const never = await f.agent({ presence: online });
    await db('users').where({ id: recent }).update({ last_assigned_at: db.raw("now() - interval '1 minute'") });
    await db('users').where({ id: longAgo }).update({ last_assigned_at: db.raw("now() - interval '1 hour'") });
    const team = await f.team([recent, longAgo, never]);
    const target = { teamId: team };

    const picks = [];
    for (let i = 0; i < 3; i += 1) {
      // Each assignment adds load; complete it so the three stay level on load.
      const convo = await f.conversation();
      const r = await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk', target, strategy: 'balanced' });
      picks.push(assignedTo(r));
      await db('conversations').where({ id: convo }).update({ status: 'done' });
    }
    expect(picks).toEqual([never, longAgo, recent]);
  });

  it('with a list of agents, assigns without a team and records the actor given', async () => {
    const a = await f.agent({ presence: online });
    const convo = await f.conversation();
    const actor = { type: 'user' as const, id: adminId, name: 'admin' };
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk-list', target: { userIds: [a] }, strategy: 'balanced', actor })).toEqual({
      assigned: { userId: a },
    });
    expect(await db('conversations').where({ id: convo }).first('status', 'assignee_user_id', 'team_id')).toEqual({ status: 'assigned', assignee_user_id: a, team_id: null });
    expect(await events(convo, 'conversation.assigned')).toEqual([{ actor, detail: { userId: a, skillSetId: 'sk-list', strategy: 'balanced', auto: true } }]);
  });
});

describe('round robin', () => {
  it('rotates through the agents in a stable order, wrapping around', async () => {
    const ids = [await f.agent({ presence: online }), await f.agent({ presence: online }), await f.agent({ presence: online })];
    const order = [...ids].sort();
    const team = await f.team(ids);
    const picks = [];
    for (let i = 0; i < 5; i += 1) {
      picks.push(assignedTo(await assignByStrategy(db, { conversationId: await f.conversation(), skillSetId: 'rr', target: { teamId: team }, strategy: 'roundRobin' })));
    }
    // Unlike balanced, load does not matter: the fourth goes back to the first agent.
    expect(picks).toEqual([order[0], order[1], order[2], order[0], order[1]]);
  });

  it('skips agents who are away, offline or full, and comes back to them once they can take more', async () => {
    const ids = [];
    for (let i = 0; i < 4; i += 1) ids.push(await f.agent({ presence: online }));
    const [a, b, c, d] = [...ids].sort();
    await db('users').where({ id: c }).update({ capacity: 1 });
    await f.conversation({ status: 'assigned', assignee: c }); // c is full
    await f.setPresence(b, 'away', 150); // away for 2.5 minutes
    await f.setPresence(d, 'online', 130, 3600); // online, but silent for over 2 minutes
    const target = { userIds: ids };
    const next = async () => assignedTo(await assignByStrategy(db, { conversationId: await f.conversation(), skillSetId: 'rr2', target, strategy: 'roundRobin' }));

    expect([await next(), await next()]).toEqual([a, a]);
    await f.setPresence(b, 'online', 0);
    await f.setPresence(d, 'online', 0);
    expect([await next(), await next(), await next()]).toEqual([b, d, a]);
  });
});

describe('capacity', () => {
  it("never gives an agent more open conversations than their capacity; the org default applies to those without one", async () => {
    const own = await f.agent({ presence: online, capacity: 2 });
    const byDefault = await f.agent({ presence: online });
    await putSetting(db, 'routing', { defaultCapacity: 1 }, adminId);
    try {
      const team = await f.team([own, byDefault]);
      const results = [];
      for (let i = 0; i < 4; i += 1) {
        results.push(await assignByStrategy(db, { conversationId: await f.conversation(), skillSetId: 'cap', target: { teamId: team }, strategy: 'balanced' }));
      }
      expect(results.filter((r) => 'assigned' in r)).toHaveLength(3);
      expect(results[3]).toMatchObject({ waiting: { teamId: team } });
      expect(await f.openLoad(own)).toBe(2);
      expect(await f.openLoad(byDefault)).toBe(1);
      const convo = await f.conversation();
      expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'cap', target: { teamId: team }, strategy: 'balanced' })).toMatchObject({ waiting: {} });
      expect((await events(convo, 'conversation.waiting'))[0].detail).toEqual({ teamId: team, skillSetId: 'cap', reason: 'allAtCapacity' });
    } finally {
      await putSetting(db, 'routing', { defaultCapacity: 10 }, adminId);
    }
  });
});

describe('presence: the 2-minute rule', () => {
  async function eligibleAfter(status: 'online' | 'away' | 'offline', lastSeenSecondsAgo: number, statusSecondsAgo: number) {
    const agent = await f.agent({ presence: { status, lastSeenSecondsAgo, statusSecondsAgo } });
    const result = await assignByStrategy(db, { conversationId: await f.conversation(), skillSetId: 'p', target: { userIds: [agent] }, strategy: 'balanced' });
    return 'assigned' in result;
  }

  it('an online agent heard from 119 s ago receives; 120 s ago does not', async () => {
    expect(await eligibleAfter('online', 119, 3600)).toBe(true);
    expect(await eligibleAfter('online', 120, 3600)).toBe(false);
  });

  it('an agent who went away or offline 119 s ago still receives; 120 s ago not any more', async () => {
    expect(await eligibleAfter('away', 119, 119)).toBe(true);
    expect(await eligibleAfter('away', 120, 120)).toBe(false);
    expect(await eligibleAfter('offline', 119, 119)).toBe(true);
    expect(await eligibleAfter('offline', 120, 120)).toBe(false);
  });

  it('an agent never heard from does not receive', async () => {
    const agent = await f.agent();
    const convo = await f.conversation();
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'p', target: { userIds: [agent] }, strategy: 'roundRobin' })).toMatchObject({ waiting: {} });
    expect((await events(convo, 'conversation.waiting'))[0].detail).toEqual({ skillSetId: 'p', reason: 'nobodyAvailable' });
  });
});

describe('waiting', () => {
  it("waits in the team's queue, recorded once, until an agent can take it", async () => {
    const agent = await f.agent({ presence: { status: 'offline', lastSeenSecondsAgo: 600 } });
    const team = await f.team([agent]);
    const convo = await f.conversation();
    const input = { conversationId: convo, skillSetId: 'sk-wait', target: { teamId: team }, strategy: 'roundRobin' as const };

    const first = await assignByStrategy(db, input);
    expect(first).toEqual({ waiting: { teamId: team, since: expect.any(String) } });
    const row = await db('conversations').where({ id: convo }).first();
    expect(row).toMatchObject({ status: 'assigned', assignee_user_id: null, team_id: team, routing_target: { teamId: team, strategy: 'roundRobin', skillSetId: 'sk-wait' } });

    const second = await assignByStrategy(db, input);
    // Still waiting since the first time; the audit trail says it once.
    expect(second).toEqual(first);
    expect(await events(convo, 'conversation.waiting')).toEqual([{ actor: { type: 'system' }, detail: { teamId: team, skillSetId: 'sk-wait', reason: 'nobodyAvailable' } }]);

    await f.setPresence(agent, 'online');
    expect(await routeWaiting(db, convo)).toEqual({ assigned: { userId: agent, teamId: team } });
    expect(await db('conversations').where({ id: convo }).first('status', 'assignee_user_id', 'routing_target', 'routing_waiting_since')).toEqual({
      status: 'assigned', assignee_user_id: agent, routing_target: null, routing_waiting_since: null,
    });
    expect(await routeWaiting(db, convo)).toEqual({ skipped: 'notWaiting' });
  });

  it('a list of agents has no queue: the conversation stays unassigned while it waits', async () => {
    const agent = await f.agent({ presence: { status: 'away', lastSeenSecondsAgo: 300 } });
    const convo = await f.conversation();
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk-l', target: { userIds: [agent] }, strategy: 'balanced' })).toEqual({
      waiting: { since: expect.any(String) },
    });
    expect(await db('conversations').where({ id: convo }).first('status', 'team_id', 'routing_target')).toEqual({
      status: 'unassigned', team_id: null, routing_target: { userIds: [agent], strategy: 'balanced', skillSetId: 'sk-l' },
    });
  });

  it('a team without members waits too, saying why', async () => {
    const team = await f.team([]);
    const convo = await f.conversation();
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk-e', target: { teamId: team }, strategy: 'balanced' })).toMatchObject({ waiting: { teamId: team } });
    expect((await events(convo, 'conversation.waiting'))[0].detail).toEqual({ teamId: team, skillSetId: 'sk-e', reason: 'noMembers' });
  });
});

describe('nothing to do', () => {
  it('leaves a conversation that is done meanwhile alone', async () => {
    const agent = await f.agent({ presence: online });
    const convo = await f.conversation({ status: 'done' });
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk', target: { userIds: [agent] }, strategy: 'balanced' })).toEqual({ skipped: 'done' });
    expect(await db('conversations').where({ id: convo }).first('status', 'assignee_user_id')).toEqual({ status: 'done', assignee_user_id: null });
    expect(await db('conversation_events').where({ conversation_id: convo })).toEqual([]);
  });

  it('says who has it when an agent already does (a manual assignment won, or a retry)', async () => {
    const other = await f.agent({ presence: online });
    const holder = await f.agent();
    const convo = await f.conversation({ status: 'assigned', assignee: holder });
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk', target: { userIds: [other] }, strategy: 'balanced' })).toEqual({
      skipped: 'assigned', assignee: { userId: holder },
    });
    expect(await f.openLoad(other)).toBe(0);
  });

  it('does nothing for an unknown conversation or team', async () => {
    expect(await assignByStrategy(db, { conversationId: '00000000-0000-4000-8000-000000000000', skillSetId: 'sk', target: { userIds: [] }, strategy: 'balanced' })).toEqual({ skipped: 'missing' });
    const convo = await f.conversation();
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk', target: { teamId: '00000000-0000-4000-8000-000000000000' }, strategy: 'balanced' })).toEqual({ skipped: 'unknownTeam' });
    expect(await assignByStrategy(db, { conversationId: convo, skillSetId: 'sk', target: { teamId: 'not-a-uuid' }, strategy: 'balanced' })).toEqual({ skipped: 'unknownTeam' });
    expect(await db('conversations').where({ id: convo }).first('status', 'routing_target')).toEqual({ status: 'unassigned', routing_target: null });
  });
});

describe('concurrency', () => {
  let agents: string[];
  let team: string;
  const capacities = [2, 3, 4];

  beforeEach(async () => {
    agents = [];
    for (const capacity of capacities) agents.push(await f.agent({ presence: online, capacity }));
    team = await f.team(agents);
  });

  for (const strategy of ['balanced', 'roundRobin'] as const) {
    it(`20 simultaneous ${strategy} calls for one team fill every agent exactly to capacity; the rest wait`, async () => {
      const convos = await Promise.all(Array.from({ length: 20 }, () => f.conversation()));
      const results = await Promise.all(
        convos.map((conversationId) => assignByStrategy(db, { conversationId, skillSetId: 'burst', target: { teamId: team }, strategy })),
      );
      expect(results.filter((r) => 'assigned' in r)).toHaveLength(9);
      expect(results.filter((r) => 'waiting' in r)).toHaveLength(11);
      expect(await Promise.all(agents.map((a) => f.openLoad(a)))).toEqual(capacities);
      // What the results say is what is stored.
      for (const [i, r] of results.entries()) {
        const row = await db('conversations').where({ id: convos[i] }).first('assignee_user_id', 'routing_waiting_since');
        expect(row.assignee_user_id ?? undefined).toBe(assignedTo(r));
        expect(row.routing_waiting_since !== null).toBe('waiting' in r);
      }
    });
  }

  it('calls for different targets sharing an agent never push that agent over capacity', async () => {
    const shared = agents[0]; // capacity 2
    // Ten lists, each the shared agent and someone away: ten targets, so ten locks that do not
    // serialise these calls among themselves.
    const lists: string[][] = [];
    for (let i = 0; i < 10; i += 1) lists.push([shared, await f.agent({ presence: { status: 'away', lastSeenSecondsAgo: 3600 } })]);
    const convos = await Promise.all(Array.from({ length: 20 }, () => f.conversation()));
    const results = await Promise.all(
      convos.map((conversationId, i) =>
        assignByStrategy(db, {
          conversationId,
          skillSetId: 'many-targets',
          // Half go to the team, half to the lists.
          target: i % 2 ? { teamId: team } : { userIds: lists[i / 2] },
          strategy: 'balanced',
        }),
      ),
    );
    expect(await f.openLoad(shared)).toBe(2);
    expect(await Promise.all(agents.map((a) => f.openLoad(a)))).toEqual(capacities);
    expect(results.filter((r) => 'assigned' in r)).toHaveLength(9);
  });
});
