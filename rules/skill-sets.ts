/**
 * Skill sets: the first one (in list order) whose `when` matches decides the target and the
 * strategy. One engine, one rule per enabled skill set with decreasing priorities; the first
 * success stops the engine, so later skill sets are not evaluated.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { runtimeFacts, toEngineCondition, traceOfRule, type Trace } from './conditions.js';
import { SCHEMAS, type PublishedDocument, type SkillSetDocument, type SkillSetTarget, type Strategy } from './document.js';
import { EnginePool } from './engine-pool.js';
import type { Facts } from './facts.js';
import type { SetVersion } from './automations.js';
import { createEngineOperators } from './operators.js';
import { assertDocument } from './validate.js';

export interface Route {
  readonly skillSetId: string;
  readonly name: string;
  readonly target: SkillSetTarget;
  readonly strategy: Strategy;
  readonly trace: Trace;
}

export interface SkillSetRouter {
  readonly set: SetVersion;
  /** The first matching skill set's target and strategy; undefined when none matches. */
  route(facts: Facts): Promise<Route | undefined>;
}

export function compileSkillSets(entries: readonly PublishedDocument<SkillSetDocument>[], set: SetVersion): SkillSetRouter {
  const compiled = entries
    .map((entry) => ({ entry, document: assertDocument<SkillSetDocument>(entry.id, entry.document, SCHEMAS.skillSet) }))
    .filter((c) => c.document.enabled);
  const rules: RuleProperties[] = compiled.map((c, index) => ({
    name: String(index),
    priority: compiled.length - index,
    conditions: toEngineCondition(c.document.when),
    event: { type: 'skillSet', params: { index } },
  }));

  // Engines are pooled for the reason given in engine-pool.ts (run status lives on the engine).
  const pool = new EnginePool(() => {
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const operator of createEngineOperators()) engine.addOperator(operator);
    for (const rule of rules) engine.addRule(rule);
    engine.on('success', () => {
      engine.stop();
    });
    return engine;
  });

  return {
    set,
    route: (facts) =>
      pool.use(async (engine) => {
        const { results } = await engine.run(runtimeFacts(facts));
        const first = results.map((r) => ({ r, index: Number(r.name) })).sort((a, b) => a.index - b.index)[0];
        if (!first) return undefined;
        const { entry, document } = compiled[first.index];
        return { skillSetId: entry.id, name: document.name, target: document.target, strategy: document.strategy, trace: traceOfRule(first.r) };
      }),
  };
}
