/**
 * Contact groups: every enabled group whose `when` matches the contact's facts. One engine, all
 * rules at the same priority (json-rules-engine evaluates them together); pooled as explained in
 * engine-pool.ts.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { runtimeFacts, toEngineCondition } from './conditions.js';
import { SCHEMAS, type ContactGroupDocument, type PublishedDocument } from './document.js';
import { EnginePool } from './engine-pool.js';
import type { Facts } from './facts.js';
import type { SetVersion } from './automations.js';
import { createEngineOperators } from './operators.js';
import { assertDocument } from './validate.js';

export interface ContactGroupMatcher {
  readonly set: SetVersion;
  /** Ids of the matching groups, in list order. Only `contact.*` facts are read. */
  groupsOf(contactFacts: Facts): Promise<string[]>;
}

export function compileContactGroups(
  entries: readonly PublishedDocument<ContactGroupDocument>[],
  set: SetVersion,
): ContactGroupMatcher {
  const compiled = entries
    .map((entry) => ({ entry, document: assertDocument<ContactGroupDocument>(entry.id, entry.document, SCHEMAS.contactGroup) }))
    .filter((c) => c.document.enabled);
  const rules: RuleProperties[] = compiled.map((c, index) => ({
    name: String(index),
    conditions: toEngineCondition(c.document.when),
    event: { type: 'contactGroup', params: { index } },
  }));
  const pool = new EnginePool(() => {
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const operator of createEngineOperators()) engine.addOperator(operator);
    for (const rule of rules) engine.addRule(rule);
    return engine;
  });

  return {
    set,
    groupsOf: (contactFacts) =>
      pool.use(async (engine) => {
        const contactOnly = Object.fromEntries(Object.entries(contactFacts).filter(([key]) => key.startsWith('contact.')));
        const { results } = await engine.run(runtimeFacts(contactOnly));
        return results
          .map((r) => Number(r.name))
          .sort((a, b) => a - b)
          .map((index) => compiled[index].entry.id);
      }),
  };
}
