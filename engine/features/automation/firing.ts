// What a firing automation does to the stored conversation, wherever it was evaluated (the
// workflow's activity, or the relay as it links a message): its data actions are applied and the
// firing is written to the audit trail; its lifecycle actions are handed to the workflow.
import type { Action, AutomationEvaluation, Trigger } from '../../../rules/index.js';
import type { FiredAutomation, LifecycleAction } from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';
import { setContactAttributes } from '../conversations/contact-attributes.js';
import { changeTags, setPriority, setTopic, type LabelActor } from '../conversations/labels.js';

type Fired = AutomationEvaluation['fired'][number];

function lifecycleAction(action: Action): LifecycleAction | undefined {
  switch (action.type) {
    case 'assignTeam':
      return { type: 'assignTeam', teamId: action.teamId };
    case 'assignUser':
      return { type: 'assignUser', userId: action.userId };
    case 'resolve':
      return action.reasonId ? { type: 'resolve', reasonId: action.reasonId } : { type: 'resolve' };
    case 'sendSavedReply':
      return { type: 'sendSavedReply', savedReplyId: action.savedReplyId };
    default:
      return undefined;
  }
}

async function applyDataAction(trx: Db, conversationId: string, contactId: string, action: Action, actor: LabelActor): Promise<void> {
  switch (action.type) {
    case 'addTags':
      await changeTags(trx, { conversationId, add: [...action.tags], actor });
      return;
    case 'removeTags':
      await changeTags(trx, { conversationId, remove: [...action.tags], actor });
      return;
    case 'setTopic':
      await setTopic(trx, { conversationId, topicId: action.topicId, actor });
      return;
    case 'setPriority':
      await setPriority(trx, { conversationId, priority: action.priority, actor });
      return;
    case 'setContactAttribute':
      await setContactAttributes(trx, { contactId, attributes: { [action.key]: action.value }, actor, conversationId });
      return;
    default:
      return;
  }
}

export interface Firing {
  conversationId: string;
  contactId: string;
  evaluation: AutomationEvaluation;
  triggers: readonly Trigger[];
  /** The customer message evaluated, if the evaluation is for one. */
  messageId?: string;
  generation: string;
  at: string;
}

/**
 * Applies the data actions of every automation the evaluation fired, in order (the next
 * evaluation sees them), and writes each firing's `automation.fired` event; answers the firings
 * for the workflow, with the lifecycle actions it must carry out itself. Run inside the caller's
 * transaction: a retried evaluation finds everything applied or nothing.
 */
export async function applyFiring(trx: Db, f: Firing): Promise<FiredAutomation[]> {
  const out: FiredAutomation[] = [];
  const traces = new Map(f.evaluation.automations.map((a) => [a.id, a.trace]));
  for (const automation of f.evaluation.fired as readonly Fired[]) {
    const actor: LabelActor = {
      type: 'automation',
      id: automation.id,
      name: automation.name,
      ...(automation.version !== undefined ? { version: automation.version } : {}),
    };
    for (const action of automation.actions) await applyDataAction(trx, f.conversationId, f.contactId, action, actor);
    await trx('conversation_events').insert({
      conversation_id: f.conversationId,
      type: 'automation.fired',
      actor,
      detail: {
        version: automation.version ?? null,
        actions: automation.actions,
        conditions: traces.get(automation.id) ?? {},
        triggers: f.triggers,
        ...(f.messageId ? { messageId: f.messageId } : {}),
        generation: f.generation,
      },
      at: f.at,
    });
    out.push({
      id: automation.id,
      name: automation.name,
      ...(automation.version !== undefined ? { version: automation.version } : {}),
      ...(f.messageId ? { messageId: f.messageId } : {}),
      lifecycle: automation.actions.map(lifecycleAction).filter((a): a is LifecycleAction => a !== undefined),
    });
  }
  return out;
}
