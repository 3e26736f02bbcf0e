import type { CondEl, Doc, GroupOp } from '../model/types.js';
import { appendToGroup, blankCondition } from './add-condition.js';

/**
 * Adds a nested group to the group at `targetId`, holding one new condition so that it is never
 * a `not` of nothing (an empty all/any is shown as an error until filled).
 */
export function addGroup(doc: Doc, targetId: string, op: GroupOp, groupId: string, conditionId: string): Doc {
  const condition: CondEl = blankCondition(doc, conditionId);
  const group = (op === 'not' ? { id: groupId, not: condition } : { id: groupId, [op]: [condition] }) as CondEl;
  return appendToGroup(doc, targetId, group);
}
