/**
 * Whether a published set may be evaluated when a message is received (by the relay, as it links
 * the message) instead of when its conversation's workflow takes the message in, with the same
 * outcome (documents.md, "Evaluation").
 *
 * Between the two moments the workflow may apply what earlier messages caused: a reopening, the
 * offline assignee's unassignment, a return from Pending, routing, the assignment or resolution an
 * automation fired, a script's answers. Those change only the conversation's status, the
 * `conversation.reopened` trigger of a later message, and (scripts) the contact's attributes. So
 * the set is evaluable on receipt when no enabled automation reads the status, and nothing
 * published can resolve a conversation (a resolved thread's next message reopens it, a trigger
 * only the workflow knows), and no automation reads the contact while a script can set its
 * attributes. The caller still leaves a Done conversation's messages to the workflow (a survey
 * answer, a reopening).
 */
import { isGroup, type AutomationDocument, type ConditionNode } from './document.js';
import type { ScriptDocument } from './script-document.js';

function factsRead(node: ConditionNode, into: Set<string>): Set<string> {
  if (!isGroup(node)) into.add(node.fact);
  else if ('all' in node) for (const child of node.all) factsRead(child, into);
  else if ('any' in node) for (const child of node.any) factsRead(child, into);
  else factsRead(node.not, into);
  return into;
}

export function evaluableOnReceipt(automations: readonly AutomationDocument[], scripts: readonly ScriptDocument[]): boolean {
  const enabledAutomations = automations.filter((a) => a.enabled);
  const steps = scripts.filter((s) => s.enabled).flatMap((s) => s.steps);
  if (steps.some((s) => s.type === 'resolve')) return false;
  const scriptsSetAttributes = steps.some((s) => s.type === 'setAttribute');
  for (const automation of enabledAutomations) {
    if (automation.then.some((action) => action.type === 'resolve')) return false;
    const facts = factsRead(automation.when, new Set());
    if (facts.has('conversation.status')) return false;
    if (scriptsSetAttributes && [...facts].some((f) => f.startsWith('contact.'))) return false;
  }
  return true;
}
