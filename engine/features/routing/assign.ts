// Assignment by skill set (documents.md, "Skill set"; product.md, "Agent presence"): give a
// conversation to one eligible agent of the skill set's target, or let it wait in that target's
// queue until capacity appears (see dispatcher.ts).
import type { Knex } from 'knex';
import type { RoutingPlan } from '../../../workflows/activities.js';
import { routedTransition, routingPlan } from '../../../workflows/routing-plan.js';
import type { Actor } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { iso } from '../../platform/org.js';
import { writeTransition } from '../conversations/transitions.js';
import { databaseNow, loadAgents } from './agents.js';
import { routingEligibility, type AgentLoad } from './eligibility.js';
import { pickBalanced, pickRoundRobin, targetKey, type RoutingStrategy, type RoutingTarget } from './strategies.js';

export interface AssignByStrategyInput {
  conversationId: string;
  skillSetId: string;
  target: RoutingTarget;
  strategy: RoutingStrategy;
  /** Who asks; the audit trail says system when absent. */
  actor?: Actor;
  /** The transitions the conversation's workflow planned (its state class decides them); absent:
   * the same plan on behalf of `actor`. */
  plan?: RoutingPlan;
}

/** Why nobody could take the conversation (recorded in `conversation.waiting`). */
export type WaitingReason = 'noMembers' | 'nobodyAvailable' | 'allAtCapacity';

export type AssignByStrategyResult =
  | { assigned: { userId: string; teamId?: string } }
  | { waiting: { teamId?: string; since: string } }
  /**
   * Nothing changed: `done` (resolved meanwhile), `missing` (no such conversation), `unknownTeam`
   * (the target team does not exist), or `assigned` — an agent already has it (a manual assignment
   * won the race, or this is a retry of a call that assigned it): `assignee` says who.
   */
  | { skipped: 'done' | 'missing' | 'unknownTeam' }
  | { skipped: 'assigned'; assignee: { userId: string; teamId?: string } };

/** What `conversations.routing_target` holds while a conversation waits. */
export type StoredRoutingTarget = RoutingTarget & { strategy: RoutingStrategy; skillSetId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function candidateIds(trx: Knex.Transaction, target: RoutingTarget): Promise<string[] | 'unknownTeam'> {
  if ('teamId' in target) {
    if (!UUID.test(target.teamId) || !(await trx('teams').where({ id: target.teamId }).first('id'))) return 'unknownTeam';
    const rows = await trx('team_members').where({ team_id: target.teamId }).select('user_id');
    return rows.map((r) => r.user_id as string);
  }
  // Ids that are not even uuids cannot be users: they are no candidates rather than an error.
  return [...new Set(target.userIds.filter((id) => UUID.test(id)))];
}

/**
 * Assigns the conversation to one eligible agent of the target chosen by the strategy, or makes it
 * wait in the target's queue. One transaction, serialised per target (advisory lock) and per
 * candidate agent (row locks, in id order), so concurrent calls — for this target or another one
 * sharing agents — never give an agent more than their capacity.
 */
export async function assignByStrategy(db: Db, input: AssignByStrategyInput): Promise<AssignByStrategyResult> {
  const key = targetKey(input.target);
  const teamId = 'teamId' in input.target ? input.target.teamId : undefined;
  const plan = input.plan ?? routingPlan(input.actor ?? { type: 'system' });

  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`routing:${key}`]);
    const convo = await trx('conversations')
      .where({ id: input.conversationId })
      .forUpdate()
      .first('id', 'status', 'assignee_user_id', 'team_id', 'routing_waiting_since');
    if (!convo) return { skipped: 'missing' as const };
    if (convo.status === 'done') return { skipped: 'done' as const };
    if (convo.assignee_user_id) {
      return { skipped: 'assigned' as const, assignee: { userId: convo.assignee_user_id as string, ...(convo.team_id ? { teamId: convo.team_id as string } : {}) } };
    }

    const ids = await candidateIds(trx, input.target);
    if (ids === 'unknownTeam') return { skipped: 'unknownTeam' as const };
    // Locks the candidates in a fixed order: another target sharing an agent waits here rather
    // than counting the same free slot.
    if (ids.length) await trx.raw('SELECT id FROM users WHERE id = ANY(?::uuid[]) ORDER BY id FOR NO KEY UPDATE', [ids]);
    const agents = await loadAgents(trx, ids);
    const now = await databaseNow(trx);
    const verdicts = agents.map((agent) => ({ agent, verdict: routingEligibility(agent, now) }));
    const eligible: AgentLoad[] = verdicts.filter((v) => v.verdict.eligible).map((v) => v.agent);

    const cursor = await trx('routing_cursors').where({ target_key: key }).first('last_user_id');
    const chosen = input.strategy === 'roundRobin' ? pickRoundRobin(eligible, cursor?.last_user_id) : pickBalanced(eligible);

    if (chosen) {
      // The pick and its planned transition in one transaction: the capacity just counted holds.
      const assigned = { userId: chosen.userId, ...(teamId ? { teamId } : {}) };
      await writeTransition(
        trx,
        routedTransition(input.conversationId, plan, { assigned, detail: { skillSetId: input.skillSetId, strategy: input.strategy } }),
      );
      await trx('users').where({ id: chosen.userId }).update({ last_assigned_at: trx.fn.now() });
      await trx('routing_cursors')
        .insert({ target_key: key, last_user_id: chosen.userId, updated_at: trx.fn.now() })
        .onConflict('target_key')
        .merge(['last_user_id', 'updated_at']);
      return { assigned };
    }

    const reason: WaitingReason =
      agents.length === 0 ? 'noMembers' : verdicts.some((v) => !v.verdict.eligible && v.verdict.reason === 'atCapacity') ? 'allAtCapacity' : 'nobodyAvailable';
    const stored: StoredRoutingTarget = { ...input.target, strategy: input.strategy, skillSetId: input.skillSetId };
    // Waiting is routing's own bookkeeping (the target it waits for, since when); the lifecycle
    // change (a team's queue) and its audit event are the planned transition, written once.
    if (!convo.routing_waiting_since) {
      await writeTransition(
        trx,
        routedTransition(input.conversationId, plan, { waiting: teamId ? { teamId } : {}, detail: { skillSetId: input.skillSetId, reason } }),
      );
    }
    const [row] = await trx('conversations')
      .where({ id: input.conversationId })
      .update({
        routing_target: JSON.stringify(stored),
        routing_waiting_since: trx.raw('coalesce(routing_waiting_since, now())'),
        updated_at: trx.fn.now(),
      })
      .returning('routing_waiting_since');
    return { waiting: { ...(teamId ? { teamId } : {}), since: iso(row.routing_waiting_since)! } };
  });
}

/**
 * Tries a waiting conversation's stored target again (what a workflow does on `agentAvailable`).
 * `{ skipped: 'notWaiting' }` when it no longer waits.
 */
export async function routeWaiting(
  db: Db,
  conversationId: string,
  actor?: Actor,
  plan?: RoutingPlan,
): Promise<AssignByStrategyResult | { skipped: 'notWaiting' }> {
  const row = await db('conversations').where({ id: conversationId }).first('routing_target');
  const stored = row?.routing_target as StoredRoutingTarget | null | undefined;
  if (!stored) return row ? { skipped: 'notWaiting' } : { skipped: 'missing' };
  const { strategy, skillSetId, ...target } = stored;
  return assignByStrategy(db, {
    conversationId,
    skillSetId,
    strategy,
    target: target as RoutingTarget,
    ...(actor ? { actor } : {}),
    ...(plan ? { plan } : {}),
  });
}
