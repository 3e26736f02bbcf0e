import { describe, expect, it } from 'vitest';
import { presentForRouting, routingEligibility, type AgentLoad, type RoutingPresence } from '../../../engine/features/routing/eligibility.js';
import { pickBalanced, pickRoundRobin, targetKey } from '../../../engine/features/routing/strategies.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const presence = (status: RoutingPresence['status'], lastSeenMsAgo: number, statusMsAgo = lastSeenMsAgo): RoutingPresence => ({
  status,
  lastSeenAt: ago(lastSeenMsAgo),
  statusSince: ago(statusMsAgo),
});
const agent = (userId: string, over: Partial<AgentLoad> = {}): AgentLoad => ({
  userId,
  presence: presence('online', 1000, 3_600_000),
  openLoad: 0,
  capacity: 10,
  lastAssignedAt: null,
  ...over,
});

describe('presence for routing (2-minute rule)', () => {
  it('an online agent heard from 119 s ago still receives; 120 s ago no longer', () => {
    expect(presentForRouting(presence('online', 119_000, 3_600_000), now)).toBe(true);
    expect(presentForRouting(presence('online', 119_999, 3_600_000), now)).toBe(true);
    expect(presentForRouting(presence('online', 120_000, 3_600_000), now)).toBe(false);
    expect(presentForRouting(presence('online', 121_000, 3_600_000), now)).toBe(false);
  });

  it('an online agent online for hours with a fresh heartbeat receives', () => {
    expect(presentForRouting(presence('online', 0, 10 * 3_600_000), now)).toBe(true);
  });

  for (const status of ['away', 'offline'] as const) {
    it(`an agent ${status} for 119 s still receives; for 120 s no longer`, () => {
      expect(presentForRouting(presence(status, 119_000), now)).toBe(true);
      expect(presentForRouting(presence(status, 119_999), now)).toBe(true);
      expect(presentForRouting(presence(status, 120_000), now)).toBe(false);
      expect(presentForRouting(presence(status, 3_600_000), now)).toBe(false);
    });

    it(`an agent ${status} is judged by when they went ${status}, not by heartbeats`, () => {
      // Still sending heartbeats with status away: the break still counts from when it began.
      expect(presentForRouting(presence(status, 1000, 120_000), now)).toBe(false);
    });
  }

  it('an agent never heard from does not receive', () => {
    expect(presentForRouting(undefined, now)).toBe(false);
  });
});

describe('routing eligibility', () => {
  it('needs a free slot: load 9 of 10 is eligible with 1 free, 10 of 10 is at capacity', () => {
    expect(routingEligibility(agent('a', { openLoad: 9 }), now)).toEqual({ eligible: true, free: 1 });
    expect(routingEligibility(agent('a', { openLoad: 10 }), now)).toEqual({ eligible: false, reason: 'atCapacity' });
    expect(routingEligibility(agent('a', { openLoad: 12, capacity: 10 }), now)).toEqual({ eligible: false, reason: 'atCapacity' });
  });

  it('absence is reported before capacity', () => {
    expect(routingEligibility(agent('a', { openLoad: 10, presence: presence('away', 120_000) }), now)).toEqual({ eligible: false, reason: 'absent' });
    expect(routingEligibility(agent('a', { presence: undefined }), now)).toEqual({ eligible: false, reason: 'absent' });
  });
});

describe('strategies', () => {
  it('balanced: fewest open first', () => {
    expect(pickBalanced([agent('a', { openLoad: 3 }), agent('b', { openLoad: 1 }), agent('c', { openLoad: 2 })])?.userId).toBe('b');
  });

  it('balanced: on a tie, who waited longest since their last assignment; never assigned first', () => {
    const tie = [
      agent('a', { openLoad: 1, lastAssignedAt: ago(60_000) }),
      agent('b', { openLoad: 1, lastAssignedAt: ago(600_000) }),
      agent('c', { openLoad: 2, lastAssignedAt: null }),
    ];
    expect(pickBalanced(tie)?.userId).toBe('b');
    expect(pickBalanced([...tie, agent('d', { openLoad: 1, lastAssignedAt: null })])?.userId).toBe('d');
  });

  it('balanced: a full tie goes to the lowest user id, whatever the input order', () => {
    expect(pickBalanced([agent('c'), agent('a'), agent('b')])?.userId).toBe('a');
    expect(pickBalanced([])).toBeUndefined();
  });

  it('round robin: the next id after the cursor, wrapping around', () => {
    const agents = [agent('c'), agent('a'), agent('b')];
    expect(pickRoundRobin(agents, null)?.userId).toBe('a');
    expect(pickRoundRobin(agents, 'a')?.userId).toBe('b');
    expect(pickRoundRobin(agents, 'b')?.userId).toBe('c');
    expect(pickRoundRobin(agents, 'c')?.userId).toBe('a');
    // The cursor's agent left the list (or is not eligible now): the next one after it.
    expect(pickRoundRobin([agent('a'), agent('c')], 'b')?.userId).toBe('c');
    expect(pickRoundRobin([], 'a')).toBeUndefined();
  });

  it('a user list is one target whatever its order or repeats; a team is its own', () => {
    expect(targetKey({ userIds: ['b', 'a', 'b'] })).toBe(targetKey({ userIds: ['a', 'b'] }));
    expect(targetKey({ userIds: ['a'] })).not.toBe(targetKey({ userIds: ['a', 'b'] }));
    expect(targetKey({ teamId: 't1' })).toBe('team:t1');
  });
});
