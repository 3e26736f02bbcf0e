import { findElement } from '../model/elements.js';
import { rewriteCondition } from '../model/tree.js';
import type { CondEl, Doc, GroupEl, GroupOp } from '../model/types.js';

/** Puts the condition or group `id` inside a new `all`, `any` or `not` group, in its place. */
export function wrapIn(doc: Doc, id: string, op: GroupOp, groupId: string): Doc {
  const at = findElement(doc, id);
  if (!at || (at.kind !== 'group' && at.kind !== 'condition')) return doc;
  const next = rewriteCondition(doc, id, (node: CondEl) => (op === 'not' ? { id: groupId, not: node } : { id: groupId, [op]: [node] }) as GroupEl);
  const pos = doc.layout?.[id];
  if (!pos || !next.layout) return next;
  return { ...next, layout: { ...next.layout, [groupId]: { x: pos.x - 40, y: pos.y - 40 } } };
}
