// The published automations, as the workflow runs them (documents.md, "Automation"): the activity
// evaluates them and applies their data actions; the lifecycle actions come back here and go
// through the state class like any other transition, as the automation.
import type { FiredAutomation, LifecycleAction, Trigger } from './activities.js';
import { sendSurvey } from './csat.js';
import { sendAutomated } from './automated-sends.js';
import { durable } from './proxies.js';
import { nowIso, type Run } from './run.js';
import type { Actor, Assignee } from './shared.js';

function actorOf(fired: FiredAutomation): Actor {
  return { type: 'automation', id: fired.id, name: fired.name, ...(fired.version !== undefined ? { version: fired.version } : {}) };
}

/** One evaluation of the published automations with its triggers; `messageId`: the customer
 * message it is for. */
export async function evaluate(run: Run, triggers: Trigger[], messageId?: string): Promise<void> {
  const result = await durable.evaluateAutomations({
    conversationId: run.current().conversationId,
    triggers,
    ...(messageId ? { messageId } : {}),
    at: nowIso(),
  });
  run.rules.skillSets = result.hasSkillSets;
  // What this evaluation assigned so far: a later assignTeam/assignUser combines with it.
  const evaluation: { assigned?: Assignee } = {};
  for (const fired of result.fired) {
    for (const action of fired.lifecycle) await carryOut(run, actorOf(fired), action, evaluation);
  }
}

async function carryOut(run: Run, actor: Actor, action: LifecycleAction, evaluation: { assigned?: Assignee }): Promise<void> {
  const { convo } = run;
  switch (action.type) {
    case 'sendSavedReply':
      await sendAutomated(run, actor, { savedReplyId: action.savedReplyId });
      return;
    case 'resolve': {
      const t = convo.planAutomationResolve({ actor, ...(action.reasonId ? { reasonId: action.reasonId } : {}) });
      if (!t) return;
      await run.persist(t, durable);
      if (!t.auditOnly) await sendSurvey(run);
      return;
    }
    case 'assignTeam':
    case 'assignUser': {
      const target = action.type === 'assignTeam' ? { teamId: action.teamId } : { userId: action.userId };
      const t = convo.planAutomationAssign({ actor, ...target }, evaluation.assigned);
      if (!t) return;
      const snapshot = await run.persist(t, durable);
      evaluation.assigned = snapshot.assignee;
      return;
    }
  }
}
