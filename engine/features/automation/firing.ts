// What a firing automation does to the stored conversation, wherever it was evaluated (the
// workflow's activity, or the relay as it links a message): its data actions are applied and the
// firing is written to the audit trail; its lifecycle actions are handed to the workflow.
import { type Action, type AutomationEvaluation, type Facts, type Trigger } from '../../../rules/index.js';
import type { FiredAutomation, LifecycleAction } from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';
import { setContactAttributes } from '../conversations/contact-attributes.js';
import { addTagsToMany, changeTags, setPriority, setTopic, type LabelActor } from '../conversations/labels.js';

type Fired = AutomationEvaluation['fired'][number];

function actorOf(automation: Fired): LabelActor {
  return { type: 'automation', id: automation.id, name: automation.name, ...(automation.version !== undefined ? { version: automation.version } : {}) };
}

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

/** What the stored conversation holds of what data actions change, as this evaluation goes. */
interface Stored {
  /** Tag names in lower case, as the database compares them. */
  tags: Set<string>;
  priority: unknown;
  topic: unknown;
}

function storedOf(facts: Facts): Stored {
  const tags = Array.isArray(facts['conversation.tags']) ? (facts['conversation.tags'] as string[]) : [];
  return { tags: new Set(tags.map((t) => t.toLowerCase())), priority: facts['conversation.priority'], topic: facts['conversation.topic'] };
}

/** Whether the stored conversation already is as the action would leave it: such an action writes nothing. */
function changesNothing(stored: Stored, action: Action): boolean {
  switch (action.type) {
    case 'addTags':
      return action.tags.every((t) => stored.tags.has(t.toLowerCase()));
    case 'removeTags':
      return !action.tags.some((t) => stored.tags.has(t.toLowerCase()));
    case 'setPriority':
      return stored.priority === action.priority;
    case 'setTopic':
      return stored.topic === action.topicId;
    default:
      return false;
  }
}

function record(stored: Stored, action: Action): void {
  if (action.type === 'addTags') for (const t of action.tags) stored.tags.add(t.toLowerCase());
  if (action.type === 'removeTags') for (const t of action.tags) stored.tags.delete(t.toLowerCase());
  if (action.type === 'setPriority') stored.priority = action.priority;
  if (action.type === 'setTopic') stored.topic = action.topicId;
}

/** An `automation.fired` audit row, written with the others of its round (insertFiredEvents). */
export interface FiredEvent {
  conversation_id: string;
  type: 'automation.fired';
  actor: LabelActor;
  detail: Record<string, unknown>;
  at: string;
}

export async function insertFiredEvents(trx: Db, events: FiredEvent[]): Promise<void> {
  if (events.length > 0) await trx('conversation_events').insert(events.splice(0, events.length));
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
  /** The facts the evaluation started from (read in this transaction). */
  facts: Facts;
}

/** Tags to add to many conversations in one go (addTagsToMany), each conversation at most once. */
export type TagAdditions = { conversationId: string; tags: readonly string[]; actor: LabelActor }[];

/** Adds the batched tags (before anything reads them). */
export const addBatchedTags = (trx: Db, additions: TagAdditions) => addTagsToMany(trx, additions.splice(0, additions.length));

/**
 * Applies the data actions of every automation the evaluation fired, in order (the next
 * evaluation sees them), and adds each firing's `automation.fired` event to `events` (the caller
 * writes them, insertFiredEvents); answers the firings for the workflow, with the lifecycle
 * actions it must carry out itself. Run inside the caller's transaction: a retried evaluation
 * finds everything applied or nothing. With `tagAdditions`, an evaluation whose only change is
 * one addTags is left there for the caller to apply with others (addBatchedTags).
 */
export async function applyFiring(trx: Db, f: Firing, events: FiredEvent[], tagAdditions?: TagAdditions): Promise<FiredAutomation[]> {
  const out: FiredAutomation[] = [];
  const traces = new Map(f.evaluation.automations.map((a) => [a.id, a.trace]));
  const stored = storedOf(f.facts);
  // which actions change anything, as they run in order
  const changes: { action: Action; actor: LabelActor }[] = [];
  for (const automation of f.evaluation.fired) {
    for (const action of automation.actions) {
      if (lifecycleAction(action) || changesNothing(stored, action)) continue; // the workflow carries out lifecycle actions
      changes.push({ action, actor: actorOf(automation) });
      record(stored, action);
    }
  }
  const only = changes.length === 1 ? changes[0] : undefined;
  if (tagAdditions && only?.action.type === 'addTags') {
    tagAdditions.push({ conversationId: f.conversationId, tags: only.action.tags, actor: only.actor });
  } else {
    for (const { action, actor } of changes) await applyDataAction(trx, f.conversationId, f.contactId, action, actor);
  }
  for (const automation of f.evaluation.fired) {
    const actor = actorOf(automation);
    events.push({
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
