/**
 * A synchronous evaluator of the condition language over a plain facts object. json-rules-engine
 * runs asynchronously, which a workflow step machine cannot await; this gives the same result
 * (a differential property test holds it to the engine compilation used for automations) with
 * the same operator table. Every node is evaluated (no short-circuit), so the trace is complete.
 */
import { isGroup, type ConditionNode } from './document.js';
import type { Facts } from './facts.js';
import type { Trace } from './conditions.js';
import { operators } from './operators.js';

export function evaluateCondition(node: ConditionNode, facts: Facts, trace: Trace = {}): boolean {
  if (!isGroup(node)) {
    const value = facts[node.fact];
    const result = operators[node.operator].test(value, node.value ?? null);
    trace[node.id] = { value, result };
    return result;
  }
  if ('not' in node) {
    const inner = evaluateCondition(node.not, facts, trace);
    trace[node.id] = { value: inner, result: !inner };
    return !inner;
  }
  const children = 'all' in node ? node.all : node.any;
  const results = children.map((child) => evaluateCondition(child, facts, trace));
  const result = 'all' in node ? results.every(Boolean) : results.some(Boolean);
  trace[node.id] = { value: results, result };
  return result;
}
