/**
 * The synchronous evaluator (rules/evaluate.ts, used by the script machine inside workflows)
 * against the json-rules-engine compilation used for automations: same result on any valid
 * condition tree and any facts, and the same trace wherever the engine records one (the engine
 * short-circuits, so it records fewer).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAutomations, evaluateCondition, validateDocument, type AutomationDocument, type Facts, type Group, type Trace } from '../../../../rules/index.js';

// ---- random conversations -------------------------------------------------------------------
const words = ['remboursement', 'REMBOURSÉ', 'Commande', 'livraison', 'hello', 'Sale', 'SALE', 'où', 'ou', '42'];
const tagNames = ['refund', 'Refund', 'VIP', 'vip', 'urgent', 'Remboursé', 'rembourse', 'spam'];
const plans = ['gold', 'Gold', 'silver', 'platinum'];
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const factsArb: fc.Arbitrary<Facts> = fc.record({
  'message.text': optional(fc.array(fc.constantFrom(...words), { maxLength: 5 }).map((w) => w.join(' '))),
  'channel.id': fc.constantFrom('ch1', 'ch2'),
  'channel.type': fc.constantFrom('messenger', 'whatsapp', 'WhatsApp', 'x'),
  'conversation.kind': fc.constantFrom('private', 'public'),
  'conversation.status': fc.constantFrom('unassigned', 'assigned', 'pending', 'done'),
  'conversation.ageSeconds': fc.integer({ min: 0, max: 10_000 }),
  'conversation.customerMessageCount': fc.integer({ min: 0, max: 6 }),
  'conversation.tags': fc.uniqueArray(fc.constantFrom(...tagNames), { maxLength: 4 }),
  'conversation.topic': optional(fc.constantFrom('billing', 'shipping')),
  'conversation.priority': optional(fc.constantFrom('low', 'normal', 'high', 'urgent')),
  'contact.language': optional(fc.constantFrom('fr', 'FR', 'en')),
  'contact.attributes.plan': optional(fc.constantFrom(...plans)),
  'contact.attributes.reason': optional(fc.constantFrom('order', 'Order', 'délivery', 'delivery')),
  'contact.attributes.orders': optional(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom('3', '15', 'n/a'))),
  'contact.groups': fc.uniqueArray(fc.constantFrom('premier', 'vip', 'new'), { maxLength: 3 }),
  'businessHours.open': fc.boolean(),
});

// ---- random valid condition trees ---------------------------------------------------------------
type Leaf = { fact: string; operator: string; value?: unknown };
const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ fact: fc.constant('message.text'), operator: fc.constantFrom('contains', 'notContains', 'startsWith', 'equal'), value: fc.constantFrom(...words, 'rembourse') }),
  fc.record({ fact: fc.constant('message.text'), operator: fc.constant('matches'), value: fc.constantFrom('^comm', 'rembours(e|é)', '\\d+', '(ou|où)\\b') }),
  fc.record({ fact: fc.constantFrom('message.text', 'conversation.topic', 'contact.language', 'contact.attributes.plan', 'conversation.tags'), operator: fc.constantFrom('isSet', 'isNotSet') }),
  fc.record({ fact: fc.constant('channel.type'), operator: fc.constantFrom('in', 'notIn'), value: fc.uniqueArray(fc.constantFrom('messenger', 'whatsapp', 'x'), { minLength: 1 }) }),
  fc.record({ fact: fc.constant('conversation.status'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('unassigned', 'assigned', 'pending', 'done') }),
  fc.record({ fact: fc.constant('conversation.priority'), operator: fc.constantFrom('equal', 'in'), value: fc.constantFrom('high', 'urgent') }).map((l) => (l.operator === 'in' ? { ...l, value: [l.value] } : l)),
  fc.record({ fact: fc.constantFrom('conversation.ageSeconds', 'conversation.customerMessageCount', 'contact.attributes.orders'), operator: fc.constantFrom('greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual'), value: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ fact: fc.constantFrom('conversation.tags', 'contact.groups'), operator: fc.constantFrom('includes', 'excludes'), value: fc.constantFrom(...tagNames, 'premier') }),
  fc.record({ fact: fc.constant('conversation.topic'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('billing', 'shipping') }),
  fc.record({ fact: fc.constant('contact.attributes.plan'), operator: fc.constantFrom('equal', 'contains', 'in'), value: fc.constantFrom(...plans) }).map((l) => (l.operator === 'in' ? { ...l, value: [l.value] } : l)),
  fc.record({ fact: fc.constant('businessHours.open'), operator: fc.constant('equal'), value: fc.boolean() }),
  fc.record({ fact: fc.constant('contact.attributes.reason'), operator: fc.constantFrom('equal', 'notEqual', 'startsWith', 'contains'), value: fc.constantFrom('order', 'DELIVERY', 'del') }),
);

type Tree = Leaf | { all: Tree[] } | { any: Tree[] } | { not: Tree };
const treeOf = (leaf: fc.Arbitrary<Leaf>) =>
  fc.letrec<{ node: Tree; group: Tree }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('group')),
    group: fc.oneof(
      fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
    ),
  })).group;
const treeArb = treeOf(leafArb);

/** Gives every condition and group an id unique in its document. */
function tagTree(tree: Tree, next: () => string): Group {
  const tag = (node: Tree): unknown => {
    const id = next();
    if ('all' in node) return { id, all: node.all.map(tag) };
    if ('any' in node) return { id, any: node.any.map(tag) };
    if ('not' in node) return { id, not: tag(node.not) };
    return { id, ...node };
  };
  return tag(tree) as Group;
}

let counter = 0;
const nextId = () => `e${++counter}`;

const probe = (when: Group): AutomationDocument => ({
  schema: 'switchboard.automation/1', name: 'probe', enabled: true, triggers: ['message.received'],
  when, then: [{ id: nextId(), type: 'addTags', tags: ['probe'] }], stop: false,
});

async function engineVerdict(document: AutomationDocument, facts: Facts): Promise<{ result: boolean; trace: Trace }> {
  const outcome = (await compileAutomations([{ id: 'probe', document }], { version: 'probe' }).evaluate(facts, ['message.received'])).automations[0];
  return { result: outcome.status === 'fired', trace: outcome.trace };
}

describe('evaluateCondition', () => {
  it('agrees with the json-rules-engine compilation on every valid tree and facts', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, factsArb, async (tree, facts) => {
        const when = tagTree(tree, nextId);
        const document = probe(when);
        expect(validateDocument(document).errors).toEqual([]);
        const engine = await engineVerdict(document, facts);
        const trace: Trace = {};
        expect(evaluateCondition(when, facts, trace)).toBe(engine.result);
        for (const [id, entry] of Object.entries(engine.trace)) expect(trace[id], id).toEqual(entry);
      }),
      { numRuns: 300 },
    );
  });
});
