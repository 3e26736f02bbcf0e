/**
 * Immutable rewriting of condition trees. A rewrite replaces one node (found by id) by what the
 * function returns; `null` removes it from its parent. A `not` that loses its only member goes
 * with it (a `not` of nothing means nothing); a root group is never removed, it is emptied.
 */
import { groupOp, isGroupEl, type CondEl, type Doc, type GroupEl } from './types.js';

type Rewrite = (node: CondEl) => CondEl | null;

function rewriteNode(node: CondEl, id: string, fn: Rewrite): CondEl | null {
  if (node.id === id) return fn(node);
  if (!isGroupEl(node)) return node;
  const op = groupOp(node);
  if (op === 'not') {
    const child = rewriteNode((node as { not: CondEl }).not, id, fn);
    return child === null ? null : { ...node, not: child };
  }
  const members = (node as Record<string, CondEl[]>)[op] ?? [];
  const next = members.map((m) => rewriteNode(m, id, fn)).filter((m): m is CondEl => m !== null);
  return { ...node, [op]: next } as GroupEl;
}

function rewriteRoot(root: GroupEl, id: string, fn: Rewrite): GroupEl {
  const out = rewriteNode(root, id, fn);
  if (out === null) return { id: root.id, all: [] };
  if (!isGroupEl(out)) return { id: root.id, all: [out] }; // a root stays a group
  return out;
}

/** Rewrites the node `id` wherever it is: in `when` or in a branch's `when`. */
export function rewriteCondition(doc: Doc, id: string, fn: Rewrite): Doc {
  const next: Doc = { ...doc };
  if (doc.when) next.when = rewriteRoot(doc.when, id, fn);
  if (doc.steps) {
    next.steps = doc.steps.map((s) =>
      s.branches ? { ...s, branches: s.branches.map((b) => (b.when ? { ...b, when: rewriteRoot(b.when, id, fn) } : b)) } : s,
    );
  }
  return next;
}
