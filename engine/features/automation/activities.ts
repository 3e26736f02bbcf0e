// Automations and routing, as the conversation workflow asks for them. The published rules are
// read at the start of each evaluation (publishedRules: compiled once per generation), and the
// answer is recorded in the workflow's history, so a replay never re-evaluates against a newer
// version. Data actions (tags, topic, priority, contact attributes) are applied here with the
// `automation.fired` event in one transaction; lifecycle actions go back to the workflow.
import type {
  ConversationActivities,
  EvaluateInput,
  EvaluateResult,
  FiredAutomation,
  RouteInput,
  RouteResult,
} from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';
import { notifyAssigned } from '../notifications/index.js';
import { assignByStrategy, routeWaiting, type AssignByStrategyResult } from '../routing/assign.js';
import { conversationFacts } from './facts.js';
import { applyFiring, insertFiredEvents, type FiredEvent } from './firing.js';
import { publishedRules } from './published.js';

type AutomationActivities = Pick<ConversationActivities, 'evaluateAutomations' | 'routeConversation'>;

const SYSTEM = { type: 'system' as const };

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
    // An evaluation no published automation listens to fires nothing: its facts are not read, and
    // without any left no transaction runs (an agent's assign or resolve costs its follow-up that).
    const evaluations = (input.messages ?? [{ triggers: input.triggers, ...(input.messageId ? { messageId: input.messageId } : {}) }])
      .filter((e) => rules.automations.listensTo(e.triggers));
    if (evaluations.length === 0) return { generation: rules.generation, fired: [], hasSkillSets };

    const fired: FiredAutomation[] = [];
    const events: FiredEvent[] = [];
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
        fired.push(...(await applyFiring(trx, { conversationId, contactId, evaluation, triggers, ...(messageId ? { messageId } : {}), generation: rules.generation, at, facts }, events)));
        await insertFiredEvents(trx, events);
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
