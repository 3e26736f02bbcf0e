/**
 * A naive reference for the differential test: a plain recursive interpreter of automation
 * documents, written without json-rules-engine, pools, or the rules/ action code. It shares only
 * the operator table (tested on its own in operators.test.ts).
 */
import {
  fold,
  operators,
  type Action,
  type AutomationDocument,
  type ConditionNode,
  type ContactGroupDocument,
  type Facts,
  type SkillSetDocument,
  type Trace,
  type Trigger,
} from '../../../rules/index.js';

export interface ReferenceResult {
  fired: { id: string; actions: readonly Action[] }[];
  traces: Record<string, Trace>;
  facts: Facts;
}

function evaluateNode(node: ConditionNode, facts: Facts, trace: Trace): boolean {
  if ('all' in node || 'any' in node) {
    const children = 'all' in node ? node.all : node.any;
    const results = children.map((child) => evaluateNode(child, facts, trace));
    const result = 'all' in node ? results.every(Boolean) : results.some(Boolean);
    trace[node.id] = { value: results, result };
    return result;
  }
  if ('not' in node) {
    const inner = evaluateNode(node.not, facts, trace);
    trace[node.id] = { value: inner, result: !inner };
    return !inner;
  }
  const value = facts[node.fact];
  const result = operators[node.operator].test(value, node.value ?? null);
  trace[node.id] = { value, result };
  return result;
}

function apply(facts: Facts, action: Action): Facts {
  const next: Record<string, unknown> = { ...facts };
  const tags = Array.isArray(facts['conversation.tags']) ? [...(facts['conversation.tags'] as string[])] : [];
  if (action.type === 'addTags') {
    for (const tag of action.tags) if (!tags.map(fold).includes(fold(tag))) tags.push(tag);
    next['conversation.tags'] = tags;
  } else if (action.type === 'removeTags') {
    next['conversation.tags'] = tags.filter((t) => !action.tags.map(fold).includes(fold(t)));
  } else if (action.type === 'setTopic') next['conversation.topic'] = action.topicId;
  else if (action.type === 'setPriority') next['conversation.priority'] = action.priority;
  else if (action.type === 'setContactAttribute') next[`contact.attributes.${action.key}`] = action.value;
  return next as Facts;
}

export function referenceEvaluate(
  automations: readonly { id: string; document: AutomationDocument }[],
  initial: Facts,
  triggers: readonly Trigger[],
): ReferenceResult {
  let facts = initial;
  const fired: ReferenceResult['fired'] = [];
  const traces: Record<string, Trace> = {};
  for (const { id, document } of automations) {
    if (!document.enabled) continue;
    if (!document.triggers.some((t) => triggers.includes(t))) continue;
    const trace: Trace = {};
    const matched = evaluateNode(document.when, facts, trace);
    traces[id] = trace;
    if (!matched) continue;
    fired.push({ id, actions: document.then });
    for (const action of document.then) facts = apply(facts, action);
    if (document.stop) break;
  }
  return { fired, traces, facts };
}

/** The first enabled skill set whose `when` holds. */
export function referenceRoute(skillSets: readonly { id: string; document: SkillSetDocument }[], facts: Facts): string | undefined {
  return skillSets.find(({ document }) => document.enabled && evaluateNode(document.when, facts, {}))?.id;
}

/** Every enabled contact group whose `when` holds, in list order. */
export function referenceGroups(groups: readonly { id: string; document: ContactGroupDocument }[], facts: Facts): string[] {
  return groups.filter(({ document }) => document.enabled && evaluateNode(document.when, facts, {})).map(({ id }) => id);
}
