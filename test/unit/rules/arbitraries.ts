// The random conversations and condition trees that the rules' differential tests share: facts of
// every kind the rules read, and condition leaves over them, combined into trees of groups.
import fc from 'fast-check';
import type { Facts, Group } from '../../../rules/index.js';

export const words = ['remboursement', 'REMBOURSÉ', 'Commande', 'livraison', 'hello', 'Sale', 'SALE', 'où', 'ou', '42'];
export const tagNames = ['refund', 'Refund', 'VIP', 'vip', 'urgent', 'Remboursé', 'rembourse', 'spam'];
export const plans = ['gold', 'Gold', 'silver', 'platinum'];
export const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A conversation's facts; `extra` adds facts one test reads. */
export function factsArbOf(extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Facts> {
  return fc.record({
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
    'contact.attributes.orders': optional(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom('3', '15', 'n/a'))),
    'contact.groups': fc.uniqueArray(fc.constantFrom('premier', 'vip', 'new'), { maxLength: 3 }),
    'businessHours.open': fc.boolean(),
    ...extra,
  }) as fc.Arbitrary<Facts>;
}

export type Leaf = { fact: string; operator: string; value?: unknown };
/** Valid condition leaves over the facts above (a test adds its own with `fc.oneof(...commonLeaves, more)`). */
export const commonLeaves: fc.Arbitrary<Leaf>[] = [
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
];

export type Tree = Leaf | { all: Tree[] } | { any: Tree[] } | { not: Tree };
export const treeOf = (leaf: fc.Arbitrary<Leaf>) =>
  fc.letrec<{ node: Tree; group: Tree }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('group')),
    group: fc.oneof(
      fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
    ),
  })).group;

/** Gives every condition and group an id unique in its document. */
export function tagTree(tree: Tree, next: () => string): Group {
  const tag = (node: Tree): unknown => {
    const id = next();
    if ('all' in node) return { id, all: node.all.map(tag) };
    if ('any' in node) return { id, any: node.any.map(tag) };
    if ('not' in node) return { id, not: tag(node.not) };
    return { id, ...node };
  };
  return tag(tree) as Group;
}
