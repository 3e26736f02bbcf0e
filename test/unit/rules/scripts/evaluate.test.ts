/**
 * The synchronous evaluator (rules/evaluate.ts, used by the script machine inside workflows)
 * against the json-rules-engine compilation used for automations: same result on any valid
 * condition tree and any facts, and the same trace wherever the engine records one (the engine
 * short-circuits, so it records fewer).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAutomations, evaluateCondition, validateDocument, type AutomationDocument, type Facts, type Group, type Trace } from '../../../../rules/index.js';
import { commonLeaves, factsArbOf, optional, tagTree, treeOf, type Leaf } from '../arbitraries.js';

const factsArb = factsArbOf({ 'contact.attributes.reason': optional(fc.constantFrom('order', 'Order', 'délivery', 'delivery')) });

// ---- random valid condition trees ---------------------------------------------------------------
const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  ...commonLeaves,
  fc.record({ fact: fc.constant('contact.attributes.reason'), operator: fc.constantFrom('equal', 'notEqual', 'startsWith', 'contains'), value: fc.constantFrom('order', 'DELIVERY', 'del') }),
);
const treeArb = treeOf(leafArb);

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
