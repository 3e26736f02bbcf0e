/**
 * One document against one sample, as `POST /api/{kind}/test` and a dry run need it:
 * `{ fired, actions, trace }`. An automation is evaluated as if every one of its triggers were
 * present; a skill set "fires" when it would route; a contact group when the contact belongs.
 */
import { compileAutomations } from './automations.js';
import { compileContactGroups } from './contact-groups.js';
import { Engine } from 'json-rules-engine';
import { runtimeFacts, toEngineCondition, traceOfRule, type Trace } from './conditions.js';
import { createEngineOperators } from './operators.js';
import { SCHEMAS, type Action, type Document, type ScriptDocument } from './document.js';
import { evaluateCondition } from './evaluate.js';
import { scriptApplies, selectionFromFacts } from './script-selection.js';
import type { Facts } from './facts.js';
import { compileSkillSets, type Route } from './skill-sets.js';
import { validateDocument, type ValidationError } from './validate.js';

export type DocumentTest =
  | { readonly valid: false; readonly errors: readonly ValidationError[] }
  | {
      readonly valid: true;
      readonly fired: boolean;
      /** Automations: the actions it would take. Skill sets: none (see `route`). */
      readonly actions: readonly Action[];
      readonly trace: Trace;
      readonly route?: Pick<Route, 'target' | 'strategy'>;
    };

export async function testDocument(input: unknown, facts: Facts): Promise<DocumentTest> {
  const validation = validateDocument(input);
  if (!validation.valid || !validation.document) return { valid: false, errors: validation.errors };
  const document: Document = { ...validation.document, enabled: true };
  const set = { version: 'test' };
  switch (document.schema) {
    case SCHEMAS.automation: {
      const evaluation = await compileAutomations([{ id: 'test', document }], set).evaluate(facts, document.triggers, { explain: true });
      const outcome = evaluation.automations[0];
      return { valid: true, fired: outcome.status === 'fired', actions: outcome.actions, trace: outcome.trace };
    }
    case SCHEMAS.skillSet: {
      const route = await compileSkillSets([{ id: 'test', document }], set).route(facts);
      const trace = route?.trace ?? (await traceOfGroup(document, facts));
      return { valid: true, fired: route !== undefined, actions: [], trace, ...(route ? { route: { target: route.target, strategy: route.strategy } } : {}) };
    }
    case SCHEMAS.contactGroup: {
      const groups = await compileContactGroups([{ id: 'test', document }], set).groupsOf(facts);
      return { valid: true, fired: groups.length > 0, actions: [], trace: await traceOfGroup(document, facts) };
    }
    case SCHEMAS.script: {
      // "fired": the script would start on this conversation (its steps: simulateScript)
      const trace: Trace = {};
      if (document.when) evaluateCondition(document.when, facts, trace);
      return { valid: true, fired: scriptApplies(document, selectionFromFacts(facts)), actions: [], trace };
    }
  }
}

/**
 * The trace of a document's `when`, whatever its result. A one-off engine: this serves the test
 * endpoint and dry runs of one document, never the per-message path.
 */
async function traceOfGroup(document: Exclude<Document, ScriptDocument>, facts: Facts): Promise<Trace> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const operator of createEngineOperators()) engine.addOperator(operator);
  engine.addRule({ name: 'when', conditions: toEngineCondition(document.when), event: { type: 'when' } });
  const { results, failureResults } = await engine.run(runtimeFacts(facts));
  const result = results[0] ?? failureResults[0];
  return result ? traceOfRule(result) : {};
}
