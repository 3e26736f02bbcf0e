// What routing does to a conversation's lifecycle, as data. The state class plans it before the
// pick (routingPlan); the routing activity, which must pick the agent and write the assignment in
// one transaction so that no agent goes over capacity, fills in who (routedTransition) and writes
// it with the same writer as every other transition. The workflow applies the same function to
// the activity's answer, so its state and the database agree. Pure: no Temporal, no I/O.
import type { PlannedTransition, RoutingPlan, TransitionInput } from './activities.js';
import type { Actor, Assignee } from './shared.js';

/** The transitions routing may make on behalf of `actor`. */
export function routingPlan(actor: Actor): RoutingPlan {
  return {
    assigned: { status: 'assigned', event: { type: 'conversation.assigned', actor, detail: { auto: true } } },
    // A team target puts the conversation in the team's queue (assigned to the team, no agent yet).
    waitingForTeam: { status: 'assigned', event: { type: 'conversation.waiting', actor } },
    // A list of agents has no queue of its own: the conversation stays unassigned while it waits.
    waitingUnassigned: { status: 'unassigned', event: { type: 'conversation.waiting', actor } },
  };
}

/** Where routing sent the conversation, as the pick says. */
export type RoutingOutcome =
  | { assigned: { userId: string; teamId?: string }; detail?: Record<string, unknown> }
  | { waiting: { teamId?: string }; detail?: Record<string, unknown> };

/** The planned transition that applies to the outcome, with its assignee and audit detail. */
export function routedTransition(conversationId: string, plan: RoutingPlan, outcome: RoutingOutcome): TransitionInput {
  let planned: PlannedTransition;
  let assignee: Assignee;
  if ('assigned' in outcome) {
    planned = plan.assigned;
    assignee = { userId: outcome.assigned.userId, ...(outcome.assigned.teamId ? { teamId: outcome.assigned.teamId } : {}) };
  } else if (outcome.waiting.teamId) {
    planned = plan.waitingForTeam;
    assignee = { teamId: outcome.waiting.teamId };
  } else {
    planned = plan.waitingUnassigned;
    assignee = {};
  }
  return {
    conversationId,
    status: planned.status,
    assignee,
    event: { ...planned.event, detail: { ...assignee, ...planned.event.detail, ...outcome.detail } },
  };
}
