// Who may receive a NEW conversation from routing (product.md, "Agent presence"): an agent away or
// offline for two minutes stops receiving new assignments, and nobody is given more open
// conversations than their capacity. What is already assigned is never taken back here.
import type { PresenceStatus } from './presence.js';

/** How long after going away (or after the last heartbeat) an agent still receives new conversations. */
export const PRESENCE_GRACE_SECONDS = 120;

export interface RoutingPresence {
  status: PresenceStatus;
  /** Last heartbeat (every PUT /api/me/presence). */
  lastSeenAt: Date;
  /** When the current status was set. */
  statusSince: Date;
}

export interface AgentLoad {
  userId: string;
  /** Undefined: never heard from. */
  presence?: RoutingPresence;
  /** Conversations assigned to them with status assigned or pending. */
  openLoad: number;
  /** Their own capacity, else the org default. */
  capacity: number;
  /** When routing last gave them a conversation; null: never. */
  lastAssignedAt: Date | null;
}

export type Ineligibility = 'absent' | 'atCapacity';

/**
 * Whether the agent counts as present for routing at `now`: online and heard from within the
 * grace period, or away/offline for less than the grace period (a short break, a lost tab, a
 * reload does not stop routing at once; two minutes do).
 */
export function presentForRouting(presence: RoutingPresence | undefined, now: Date, graceSeconds = PRESENCE_GRACE_SECONDS): boolean {
  if (!presence) return false;
  const graceMs = graceSeconds * 1000;
  if (presence.status === 'online') return now.getTime() - presence.lastSeenAt.getTime() < graceMs;
  return now.getTime() - presence.statusSince.getTime() < graceMs;
}

/** The one rule routing applies: present (see above) and fewer open conversations than capacity. */
export function routingEligibility(agent: AgentLoad, now: Date): { eligible: true; free: number } | { eligible: false; reason: Ineligibility } {
  if (!presentForRouting(agent.presence, now)) return { eligible: false, reason: 'absent' };
  if (agent.openLoad >= agent.capacity) return { eligible: false, reason: 'atCapacity' };
  return { eligible: true, free: agent.capacity - agent.openLoad };
}
