// Workflow used by script-sandbox.test.ts: the script machine inside Temporal's workflow sandbox.
import { answerScript, simulateScript, startScript, timeoutScript, validateDocument, type Facts, type ScriptDocument } from '../../../../rules/index.js';

export interface ScriptInSandboxInput {
  document: unknown;
  facts: Facts;
  /** null: the question times out. */
  answers: (string | null)[];
}

export async function scriptInSandbox(input: ScriptInSandboxInput) {
  const validation = validateDocument(input.document);
  const doc = validation.document as ScriptDocument;
  let turn = startScript(doc, input.facts);
  const turns = [turn];
  for (const answer of input.answers) {
    turn = answer === null ? timeoutScript(doc, turn.state, input.facts) : answerScript(doc, turn.state, answer, input.facts);
    turns.push(turn);
  }
  return { valid: validation.valid, turns, simulation: simulateScript(doc, { facts: input.facts, answers: input.answers.filter((a): a is string => a !== null) }) };
}
