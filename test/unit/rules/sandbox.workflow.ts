// Workflow used by sandbox.test.ts: runs rules/ inside Temporal's deterministic workflow sandbox.
import { compileAutomations, compileContactGroups, compileSkillSets, validateDocument } from '../../../rules/index.js';
import type { AutomationDocument, ContactGroupDocument, Facts, SkillSetDocument } from '../../../rules/index.js';

export interface RulesInSandboxInput {
  automations: { id: string; document: AutomationDocument }[];
  skillSets: { id: string; document: SkillSetDocument }[];
  contactGroups: { id: string; document: ContactGroupDocument }[];
  facts: Facts;
}

export async function rulesInSandbox(input: RulesInSandboxInput) {
  const valid = [...input.automations, ...input.skillSets, ...input.contactGroups].every((e) => validateDocument(e.document).valid);
  const automations = compileAutomations(input.automations, { version: 1 });
  const evaluation = await automations.evaluate(input.facts, ['message.received', 'conversation.created']);
  const route = await compileSkillSets(input.skillSets, { version: 1 }).route(evaluation.facts);
  const groups = await compileContactGroups(input.contactGroups, { version: 1 }).groupsOf(evaluation.facts);
  return { valid, fired: evaluation.fired.map((f) => f.id), facts: evaluation.facts, route: route?.skillSetId, groups, fingerprint: automations.fingerprint };
}
