// Automations and routing, as the conversation workflow asks for them. The published rules are
// read at the start of each evaluation (publishedRules: compiled once per generation), and the
// answer is recorded in the workflow's history, so a replay never re-evaluates against a newer
// version. Data actions (tags, topic, priority, contact attributes) are applied here with the
// `automation.fired` event in one transaction; lifecycle actions go back to the workflow.
import type { Action, AutomationOutcome } from '../../../rules/index.js';
import type {
  ConversationActivities,
  EvaluateInput,
  EvaluateResult,
  FiredAutomation,
  LifecycleAction,
  RouteInput,
  RouteResult,
} from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';
import { setContactAttributes } from '../conversations/contact-attributes.js';
import { changeTags, setPriority, setTopic, type LabelActor } from '../conversations/labels.js';
import { notifyAssigned } from '../notifications/index.js';
import { assignByStrategy, routeWaiting, type AssignByStrategyResult } from '../routing/assign.js';
import { conversationFacts } from './facts.js';
import { publishedRules } from './published.js';

type AutomationActivities = Pick<ConversationActivities, 'evaluateAutomations' | 'routeConversation'>;

const SYSTEM = { type: 'system' as const };

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

export function createAutomationActivities(db: Db): AutomationActivities {
  /**
   * Each customer message is one evaluation (documents.md, "Evaluation"): messages handed over
   * together are evaluated one after another, in order, in one transaction, each on its own text,
   * each seeing the data actions of the ones before; every firing is recorded with its message.
   */
  async function evaluateAutomations(input: EvaluateInput): Promise<EvaluateResult> {
    const { conversationId, at } = input;
    const rules = await publishedRules(db);
    const hasSkillSets = rules.counts.skillSets > 0;
    if (rules.counts.automations === 0) return { generation: rules.generation, fired: [], hasSkillSets };
    const evaluations = input.messages ?? [{ triggers: input.triggers, ...(input.messageId ? { messageId: input.messageId } : {}) }];

    const fired: FiredAutomation[] = [];
    // One transaction: a retried activity finds either everything applied or nothing.
    await db.transaction(async (trx) => {
      const { contact_id: contactId } = await trx('conversations').where({ id: conversationId }).forUpdate().first('contact_id');
      for (const { triggers, messageId } of evaluations) {
        const facts = await conversationFacts(trx, conversationId, {
          at: new Date(at),
          ...(messageId ? { messageId } : {}),
          contactGroups: rules.contactGroups,
        });
        const evaluation = await rules.automations.evaluate(facts, triggers);
        if (evaluation.fired.length === 0) continue;
        const outcomes = new Map<string, AutomationOutcome>(evaluation.automations.map((a) => [a.id, a]));
        for (const automation of evaluation.fired) {
          const actor: LabelActor = {
            type: 'automation',
            id: automation.id,
            name: automation.name,
            ...(automation.version !== undefined ? { version: automation.version } : {}),
          };
          for (const action of automation.actions) await applyDataAction(trx, conversationId, contactId, action, actor);
          await trx('conversation_events').insert({
            conversation_id: conversationId,
            type: 'automation.fired',
            actor,
            detail: {
              version: automation.version ?? null,
              actions: automation.actions,
              conditions: outcomes.get(automation.id)?.trace ?? {},
              triggers,
              ...(messageId ? { messageId } : {}),
              generation: rules.generation,
            },
            at,
          });
          const lifecycle = automation.actions.map(lifecycleAction).filter((a): a is LifecycleAction => a !== undefined);
          fired.push({
            id: automation.id,
            name: automation.name,
            ...(automation.version !== undefined ? { version: automation.version } : {}),
            ...(messageId ? { messageId } : {}),
            lifecycle,
          });
        }
      }
    });
    return { generation: rules.generation, fired, hasSkillSets };
  }

  async function routeConversation({ conversationId, at, retry, plan }: RouteInput): Promise<RouteResult> {
    let result: AssignByStrategyResult | { skipped: 'notWaiting' };
    let skillSetId: string;
    if (retry) {
      const waiting = await db('conversations').where({ id: conversationId }).first('routing_target');
      skillSetId = waiting?.routing_target?.skillSetId ?? '';
      result = await routeWaiting(db, conversationId, undefined, plan);
    } else {
      const rules = await publishedRules(db);
      if (rules.counts.skillSets === 0) return { outcome: 'noMatch' };
      const facts = await conversationFacts(db, conversationId, { at: new Date(at), contactGroups: rules.contactGroups });
      const route = await rules.skillSets.route(facts);
      if (!route) return { outcome: 'noMatch' };
      skillSetId = route.skillSetId;
      const target = 'teamId' in route.target ? { teamId: route.target.teamId } : { userIds: [...route.target.userIds] };
      result = await assignByStrategy(db, { conversationId, skillSetId, target, strategy: route.strategy, ...(plan ? { plan } : {}) });
    }
    if ('assigned' in result) {
      const { userId, teamId } = result.assigned;
      await notifyAssigned(db, { conversationId, userId, ...(teamId ? { teamId } : {}), actor: SYSTEM });
      return { outcome: 'assigned', userId, ...(teamId ? { teamId } : {}), skillSetId };
    }
    if ('waiting' in result) return { outcome: 'waiting', ...(result.waiting.teamId ? { teamId: result.waiting.teamId } : {}), skillSetId };
    if (result.skipped === 'assigned') {
      // Someone has it already (a retried activity, or a person was faster): take in who.
      const { userId, teamId } = result.assignee;
      return { outcome: 'assigned', userId, ...(teamId ? { teamId } : {}), skillSetId };
    }
    return { outcome: 'skipped', reason: result.skipped };
  }

  return { evaluateAutomations, routeConversation };
}
