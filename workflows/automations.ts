// The published automations, as the workflow runs them (documents.md, "Automation"): the activity
// evaluates them and applies their data actions; the lifecycle actions come back here and go
// through the state class like any other transition, as the automation.
import type { EvaluateResult, FiredAutomation, LifecycleAction, Trigger } from './activities.js';
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
  await carryOutResult(
    run,
    await durable.evaluateAutomations({ conversationId: run.current().conversationId, triggers, ...(messageId ? { messageId } : {}), at: nowIso() }),
  );
}

/** One evaluation per customer message, in order, in one activity (never merged into one). */
export async function evaluateMessages(run: Run, messages: { messageId: string; triggers: Trigger[] }[]): Promise<void> {
  if (messages.length === 1) return evaluate(run, messages[0].triggers, messages[0].messageId);
  await carryOutResult(
    run,
    await durable.evaluateAutomations({ conversationId: run.current().conversationId, triggers: messages[0].triggers, messages, at: nowIso() }),
  );
}

async function carryOutResult(run: Run, result: EvaluateResult): Promise<void> {
  run.rules.skillSets = result.hasSkillSets;
  await carryOutFired(run, result.fired);
}

/** Carries out the lifecycle actions of what fired, evaluation by evaluation (here or by the relay). */
export async function carryOutFired(run: Run, firings: readonly FiredAutomation[]): Promise<void> {
  // What this evaluation assigned so far: a later assignTeam/assignUser combines with it.
  let evaluation: { assigned?: Assignee } = {};
  let message: string | undefined;
  for (const fired of firings) {
    if (fired.messageId !== message) evaluation = {}; // the next message's evaluation
    message = fired.messageId;
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
