// How a skill set's strategy picks one agent among the eligible ones. Pure: the transaction in
// assign.ts loads the agents and the cursor, then asks these.
import { createHash } from 'node:crypto';
import type { AgentLoad } from './eligibility.js';

export type RoutingTarget = { teamId: string } | { userIds: string[] };
export type RoutingStrategy = 'balanced' | 'roundRobin';

/**
 * The key of a target: the advisory lock and the round-robin cursor are per target. A user list is
 * keyed by its sorted members, hashed so a long list still fits a btree key.
 */
export function targetKey(target: RoutingTarget): string {
  if ('teamId' in target) return `team:${target.teamId}`;
  const ids = [...new Set(target.userIds)].sort();
  return `users:${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 32)}`;
}

const byId = (a: AgentLoad, b: AgentLoad) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/**
 * Balanced: the fewest open conversations; on a tie, whoever waited longest since routing last
 * gave them one (never given one: first); then by user id, so the choice is reproducible.
 */
export function pickBalanced(eligible: readonly AgentLoad[]): AgentLoad | undefined {
  return [...eligible].sort((a, b) => {
    if (a.openLoad !== b.openLoad) return a.openLoad - b.openLoad;
    const at = a.lastAssignedAt?.getTime() ?? -Infinity;
    const bt = b.lastAssignedAt?.getTime() ?? -Infinity;
    if (at !== bt) return at < bt ? -1 : 1;
    return byId(a, b);
  })[0];
}

/**
 * Round robin: the first eligible agent after the one who got the last conversation, in user-id
 * order, wrapping around. The cursor needs not be eligible (or even still a candidate).
 */
export function pickRoundRobin(eligible: readonly AgentLoad[], lastUserId: string | null | undefined): AgentLoad | undefined {
  const ordered = [...eligible].sort(byId);
  if (!lastUserId) return ordered[0];
  return ordered.find((a) => a.userId > lastUserId) ?? ordered[0];
}
