/**
 * Automations evaluated the way json-rules-engine's README suggests, without our compilation: a new
 * Engine per evaluation with every rule added, the conversation as one nested fact read through
 * JSONPath `path`s, and a `success` listener per evaluation that applies the actions to that object
 * (so later rules see them) and stops the engine on `stop`.
 *
 * It is the reference point of the rules bench (`npm run bench -- --only rules`) and the other side
 * of the differential test (test/unit/rules/naive-differential.test.ts). It shares the operator
 * table with rules/ (their semantics are the contract, tested on their own) and nothing else:
 * not the condition translation, the fact layout, the action code nor the engine pooling.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import {
  ATTRIBUTE_PREFIX,
  fold,
  isGroup,
  type Action,
  type AutomationDocument,
  type ConditionNode,
  type Facts,
  type PublishedDocument,
  type Trigger,
} from '../../rules/index.js';
import { createEngineOperators } from '../../rules/operators.js';

export interface NaiveFired {
  readonly id: string;
  readonly actions: readonly Action[];
}

export interface NaiveEvaluation {
  readonly fired: NaiveFired[];
  /** The facts as the last automation left them, flat as rules/ has them. */
  readonly facts: Facts;
}

type Nested = Record<string, any>;

/** `{ "message.text": "hi", "contact.attributes.plan": "gold" }` → `{ message: { text }, contact: { attributes: { plan } } }`. */
export function nestFacts(facts: Facts): Nested {
  const root: Nested = {};
  for (const [name, value] of Object.entries(facts)) {
    if (value === undefined) continue;
    const segments = name.startsWith(ATTRIBUTE_PREFIX)
      ? ['contact', 'attributes', name.slice(ATTRIBUTE_PREFIX.length)]
      : name.split('.');
    let at = root;
    for (const segment of segments.slice(0, -1)) at = at[segment] ??= {};
    at[segments.at(-1)!] = Array.isArray(value) ? [...value] : value;
  }
  return root;
}

function flattenFacts(nested: Nested): Facts {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    } else out[path] = value;
  };
  walk(nested, '');
  return out as Facts;
}

const pathOf = (fact: string) =>
  fact.startsWith(ATTRIBUTE_PREFIX) ? `$.contact.attributes['${fact.slice(ATTRIBUTE_PREFIX.length)}']` : `$.${fact}`;

function toPathCondition(node: ConditionNode): Record<string, unknown> {
  if (!isGroup(node)) return { fact: 'conversation', path: pathOf(node.fact), operator: node.operator, value: node.value ?? null };
  if ('all' in node) return { all: node.all.map(toPathCondition) };
  if ('any' in node) return { any: node.any.map(toPathCondition) };
  return { not: toPathCondition(node.not) };
}

function apply(conversation: Nested, action: Action): void {
  const c = (conversation.conversation ??= {});
  switch (action.type) {
    case 'addTags': {
      const tags: string[] = (c.tags ??= []);
      for (const tag of action.tags) if (!tags.some((t) => fold(t) === fold(tag))) tags.push(tag);
      break;
    }
    case 'removeTags': {
      const removed = action.tags.map(fold);
      c.tags = (c.tags ?? []).filter((t: string) => !removed.includes(fold(t)));
      break;
    }
    case 'setTopic':
      c.topic = action.topicId;
      break;
    case 'setPriority':
      c.priority = action.priority;
      break;
    case 'setContactAttribute':
      ((conversation.contact ??= {}).attributes ??= {})[action.key] = action.value;
      break;
    default:
      break;
  }
}

export async function evaluateNaively(
  automations: readonly PublishedDocument<AutomationDocument>[],
  facts: Facts,
  triggers: readonly Trigger[],
): Promise<NaiveEvaluation> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const operator of createEngineOperators()) engine.addOperator(operator);
  const enabled = automations.filter((a) => a.document.enabled);
  enabled.forEach((automation, index) => {
    if (!automation.document.triggers.some((t) => triggers.includes(t))) return;
    const rule: RuleProperties = {
      name: automation.id,
      priority: enabled.length - index,
      conditions: { all: [toPathCondition(automation.document.when)] } as unknown as TopLevelCondition,
      event: { type: 'automation', params: { index } },
    };
    engine.addRule(rule);
  });
  // the almanac caches the object: changed in place, it is what later rules read
  const conversation = nestFacts(facts);
  const fired: NaiveFired[] = [];
  engine.on('success', (event) => {
    const automation = enabled[event.params!.index as number];
    fired.push({ id: automation.id, actions: automation.document.then });
    for (const action of automation.document.then) apply(conversation, action);
    if (automation.document.stop) engine.stop();
  });
  await engine.run({ conversation });
  return { fired, facts: flattenFacts(conversation) };
}
