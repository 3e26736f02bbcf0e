import { findElement, isRootGroup } from '../model/elements.js';
import { rewriteCondition } from '../model/tree.js';
import { isGroupEl, membersOf, type CondEl, type Doc, type Position } from '../model/types.js';
import { appendToGroup, receivingGroup } from './add-condition.js';
import { pruneLayout } from '../model/layout-keys.js';

/**
 * Records node positions in `layout`. A document without a layout gets one holding every
 * node's current position (`current`), so that the other nodes stay where the user sees them.
 */
export function moveNodes(doc: Doc, moved: Record<string, Position>, current: Record<string, Position> = {}): Doc {
  const rounded = Object.fromEntries(Object.entries(moved).map(([id, p]) => [id, { x: Math.round(p.x), y: Math.round(p.y) }]));
  return pruneLayout({ ...doc, layout: { ...(doc.layout ?? current), ...rounded } });
}

function contains(node: CondEl, id: string): boolean {
  return node.id === id || (isGroupEl(node) && membersOf(node).some((m) => contains(m, id)));
}

/** Moves a condition or group into another all/any group (never into itself or its own members). */
export function moveCondition(doc: Doc, id: string, toId: string): Doc {
  const at = findElement(doc, id);
  const to = receivingGroup(doc, toId);
  if (!at || to === undefined || (at.kind !== 'condition' && at.kind !== 'group')) return doc;
  const node = at.element as CondEl;
  if (contains(node, to) || at.parentId === to) return doc;
  if (isRootGroup(doc, id)) return doc; // a root group stays the root
  const without = rewriteCondition(doc, id, () => null);
  if (receivingGroup(without, to) === undefined) return doc;
  const moved = appendToGroup(without, to, node);
  // a move changes the structure only: the node keeps its position
  return doc.layout ? pruneLayout({ ...moved, layout: doc.layout }) : moved;
}

/** Moves an action or a step one place up or down in its list (the order actions run in). */
export function reorder(doc: Doc, id: string, delta: -1 | 1): Doc {
  for (const key of ['then', 'steps'] as const) {
    const list = doc[key] as { id: string }[] | undefined;
    const i = list?.findIndex((x) => x.id === id) ?? -1;
    if (!list || i < 0) continue;
    const j = i + delta;
    if (j < 0 || j >= list.length) return doc;
    const copy = [...list];
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return { ...doc, [key]: copy };
  }
  return doc;
}
