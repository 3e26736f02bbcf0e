import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileAutomations,
  compileContactGroups,
  compileSkillSets,
  type ContactGroupDocument,
  type SkillSetDocument,
  TRIGGERS,
  validateDocument,
  type Action,
  type AutomationDocument,
  type Trigger,
} from '../../../rules/index.js';
import { commonLeaves, factsArbOf, plans, tagNames, tagTree, treeOf, type Leaf, type Tree } from './arbitraries.js';
import { referenceEvaluate, referenceGroups, referenceRoute } from './reference.js';

const factsArb = factsArbOf();

// ---- random valid automation sets -------------------------------------------------------------
const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  ...commonLeaves,
  fc.record({ fact: fc.constant('conversation.kind'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('private', 'public') }),
);

const contactLeafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ fact: fc.constant('contact.language'), operator: fc.constantFrom('equal', 'notEqual', 'startsWith', 'isSet', 'isNotSet'), value: fc.constantFrom('fr', 'EN') })
    .map((l) => (l.operator.startsWith('is') ? { fact: l.fact, operator: l.operator } : l)),
  fc.record({ fact: fc.constant('contact.attributes.plan'), operator: fc.constantFrom('equal', 'contains', 'notContains'), value: fc.constantFrom(...plans) }),
  fc.record({ fact: fc.constant('contact.attributes.orders'), operator: fc.constantFrom('greaterThan', 'lessThanOrEqual'), value: fc.integer({ min: 0, max: 20 }) }),
);

const treeArb = treeOf(leafArb);

const actionArb: fc.Arbitrary<Omit<Action, 'id'>> = fc.oneof(
  fc.record({ type: fc.constant('addTags' as const), tags: fc.array(fc.constantFrom(...tagNames), { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant('removeTags' as const), tags: fc.array(fc.constantFrom(...tagNames), { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant('setTopic' as const), topicId: fc.constantFrom('billing', 'shipping') }),
  fc.record({ type: fc.constant('setPriority' as const), priority: fc.constantFrom('low', 'high', 'urgent' as const) }),
  fc.record({ type: fc.constant('setContactAttribute' as const), key: fc.constantFrom('plan', 'orders'), value: fc.oneof(fc.constantFrom(...plans), fc.integer({ min: 0, max: 20 })) }),
  fc.record({ type: fc.constant('assignTeam' as const), teamId: fc.constantFrom('billing', 'general') }),
  fc.record({ type: fc.constant('resolve' as const) }),
);

const triggersArb = fc.uniqueArray(fc.constantFrom(...TRIGGERS), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Trigger[]>;

const automationArb = fc.record({
  triggers: triggersArb,
  when: treeArb,
  then: fc.array(actionArb, { minLength: 1, maxLength: 3 }),
  stop: fc.boolean(),
  enabled: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
});
type RawAutomation = typeof automationArb extends fc.Arbitrary<infer R> ? R : never;

/** Gives every element an id unique in its document (the generator builds id-less trees). */
function withIds(raw: RawAutomation, index: number): AutomationDocument {
  let n = 0;
  return {
    schema: 'switchboard.automation/1',
    name: `random ${index}`,
    enabled: raw.enabled,
    triggers: raw.triggers,
    when: tagTree(raw.when, () => `e${++n}`),
    then: raw.then.map((a) => ({ id: `e${++n}`, ...a })),
    stop: raw.stop,
  } as AutomationDocument;
}

/** Like treeArb, but most roots are `all` groups: what the prefilter reads (required conditions). */
const rootArb = fc.oneof(
  treeArb,
  fc.record({ all: fc.array(fc.oneof(leafArb, treeArb), { minLength: 1, maxLength: 4 }) }),
  fc.record({ all: fc.array(fc.oneof(leafArb, treeArb), { minLength: 1, maxLength: 4 }) }),
) as fc.Arbitrary<Tree>;

describe('compiled evaluator ≡ naive reference', () => {
  it('fires the same automations with the same actions, leaves the same facts, traces the same; the prefilter rules out only what cannot fire', async () => {
    const seen = { fired: 0, stopped: 0, notFired: 0, ruledOut: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(automationArb.chain((a) => rootArb.map((when) => ({ ...a, when }))), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(factsArb, triggersArb), { minLength: 1, maxLength: 4 }),
        async (rawSet, evaluations) => {
          const entries = rawSet.map((raw, i) => ({ id: `auto${i}`, version: 1, document: withIds(raw, i) }));
          for (const { document } of entries) expect(validateDocument(document).errors).toEqual([]);
          const evaluator = compileAutomations(entries, { version: 'random' });
          // overlapping evaluations on one evaluator must not disturb one another
          const [results, explained] = await Promise.all([
            Promise.all(evaluations.map(([facts, triggers]) => evaluator.evaluate(facts, triggers))),
            Promise.all(evaluations.map(([facts, triggers]) => evaluator.evaluate(facts, triggers, { explain: true }))),
          ]);
          evaluations.forEach(([facts, triggers], i) => {
            const expected = referenceEvaluate(entries, facts, triggers);
            for (const actual of [results[i], explained[i]]) {
              expect(actual.fired.map((f) => ({ id: f.id, actions: f.actions }))).toEqual(expected.fired);
              expect(actual.facts).toEqual(expected.facts);
              expect(actual.stoppedBy).toEqual(explained[i].stoppedBy);
            }
            const traces = Object.fromEntries(
              explained[i].automations.filter((a) => a.status === 'fired' || a.status === 'notMatched').map((a) => [a.id, a.trace]),
            );
            expect(traces).toEqual(expected.traces);
            // with the prefilter: the same outcome for each automation, except that some that did not match were ruled out
            results[i].automations.forEach((a, k) => {
              const full = explained[i].automations[k];
              if (a.status === 'ruledOut') expect(full.status).toBe('notMatched');
              else expect({ status: a.status, trace: a.trace }).toEqual({ status: full.status, trace: full.trace });
            });
            seen.fired += results[i].fired.length;
            seen.stopped += results[i].stoppedBy ? 1 : 0;
            seen.notFired += results[i].fired.length === 0 ? 1 : 0;
            seen.ruledOut += results[i].automations.filter((a) => a.status === 'ruledOut').length;
          });
        },
      ),
      { numRuns: 300 },
    );
    // the generators exercise firing, stopping, not firing and the prefilter alike
    expect(seen.fired).toBeGreaterThan(50);
    expect(seen.stopped).toBeGreaterThan(10);
    expect(seen.notFired).toBeGreaterThan(10);
    expect(seen.ruledOut).toBeGreaterThan(50);
  });
});

describe('skill-set routing and contact groups ≡ naive reference', () => {
  it('routes to the first matching skill set', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(treeArb, fc.boolean()), { minLength: 1, maxLength: 6 }), fc.array(factsArb, { minLength: 1, maxLength: 4 }), async (raw, factsList) => {
        let n = 0;
        const entries = raw.map(([tree, enabled], i) => ({
          id: `s${i}`,
          document: { schema: 'switchboard.skillset/1', name: `s${i}`, enabled, when: tagTree(tree, () => `e${++n}`), target: { teamId: `t${i}` }, strategy: 'balanced' } as SkillSetDocument,
        }));
        const router = compileSkillSets(entries, { version: 1 });
        const routes = await Promise.all(factsList.map((facts) => router.route(facts)));
        factsList.forEach((facts, i) => expect(routes[i]?.skillSetId).toBe(referenceRoute(entries, facts)));
      }),
      { numRuns: 200 },
    );
  });

  it('lists the matching contact groups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(treeOf(contactLeafArb), fc.boolean()), { minLength: 1, maxLength: 6 }), fc.array(factsArb, { minLength: 1, maxLength: 4 }), async (raw, factsList) => {
        let n = 0;
        const entries = raw.map(([tree, enabled], i) => ({
          id: `cg${i}`,
          document: { schema: 'switchboard.contactgroup/1', name: `cg${i}`, enabled, when: tagTree(tree, () => `e${++n}`) } as ContactGroupDocument,
        }));
        for (const { document } of entries) expect(validateDocument(document).errors).toEqual([]);
        const matcher = compileContactGroups(entries, { version: 1 });
        const groups = await Promise.all(factsList.map((facts) => matcher.groupsOf(facts)));
        factsList.forEach((facts, i) => expect(groups[i]).toEqual(referenceGroups(entries, facts)));
      }),
      { numRuns: 200 },
    );
  });
});
