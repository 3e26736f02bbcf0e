/**
 * From a document's condition tree to json-rules-engine conditions, and back from a rule result
 * to the trace `{ [elementId]: { value, result } }`.
 * Our conditions carry their element `id`; json-rules-engine keeps unknown properties on its
 * condition objects and on the per-run copies in its RuleResult, which is how the trace finds them.
 */
import type { RuleResult, TopLevelCondition } from 'json-rules-engine';
import { isGroup, type ConditionNode, type Group } from './document.js';
import type { Facts } from './facts.js';

/** json-rules-engine condition JSON (its own types are not exported as a union of node types). */
type EngineNode = { id: string; [key: string]: unknown };

export function toEngineNode(node: ConditionNode): EngineNode {
  if (!isGroup(node)) {
    // json-rules-engine requires a `value`, even for isSet / isNotSet
    return { id: node.id, fact: node.fact, operator: node.operator, value: node.value ?? null };
  }
  if ('all' in node) return { id: node.id, all: node.all.map(toEngineNode) };
  if ('any' in node) return { id: node.id, any: node.any.map(toEngineNode) };
  return { id: node.id, not: toEngineNode(node.not) };
}

export function toEngineCondition(group: Group): TopLevelCondition {
  return toEngineNode(group) as unknown as TopLevelCondition;
}

export interface TraceEntry {
  /** A condition: the fact's value it was tested on. A group: its children's results, in order (`not`: its child's). */
  readonly value: unknown;
  readonly result: boolean;
}
/** Every condition and group that was evaluated, by element id. */
export type Trace = Record<string, TraceEntry>;

interface ResultNode {
  id?: string;
  all?: ResultNode[];
  any?: ResultNode[];
  not?: ResultNode;
  factResult?: unknown;
  result?: boolean;
}

/** Adds the trace of `node` (a json-rules-engine result node) to `trace`. */
export function collectTrace(node: ResultNode, trace: Trace, rootResult?: boolean): void {
  const result = node.result ?? rootResult;
  const children = node.all ?? node.any ?? (node.not ? [node.not] : undefined);
  if (children) children.forEach((child) => collectTrace(child, trace));
  if (node.id === undefined || result === undefined) return; // not evaluated (short-circuit)
  const value = !children ? node.factResult : node.not ? node.not.result : children.map((c) => c.result);
  trace[node.id] = { value, result };
}

/** The trace of one rule result whose root is the document's `when` group. */
export function traceOfRule(ruleResult: RuleResult): Trace {
  const trace: Trace = {};
  collectTrace(ruleResult.conditions as unknown as ResultNode, trace, ruleResult.result === true);
  return trace;
}

/** json-rules-engine runtime facts: absent facts are left out (the engine allows undefined facts). */
export function runtimeFacts(facts: Facts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) if (value !== undefined) out[key] = value;
  return out;
}
