import { groupOp, isGroupEl, membersOf, type CondEl, type Doc, type GroupEl } from '../model/types.js';
import { pruneLayout } from '../model/layout-keys.js';

/**
 * Removes the group `id` and puts its members in its place. In an all/any parent every member
 * moves up; a `not` parent or the document's root takes a group with exactly one member only
 * (otherwise nothing changes: the result would not be a valid tree).
 */
export function unwrap(doc: Doc, id: string): Doc {
  const lift = (node: CondEl): CondEl => {
    if (!isGroupEl(node)) return node;
    const op = groupOp(node);
    if (op === 'not') {
      const child = (node as { not: CondEl }).not;
      if (child && child.id === id && isGroupEl(child) && membersOf(child).length === 1) return { ...node, not: lift(membersOf(child)[0]!) } as GroupEl;
      return { ...node, not: child ? lift(child) : child } as GroupEl;
    }
    const members: CondEl[] = [];
    for (const m of membersOf(node)) {
      if (m.id === id && isGroupEl(m)) members.push(...membersOf(m).map(lift));
      else members.push(lift(m));
    }
    return { ...node, [op]: members } as GroupEl;
  };
  const liftRoot = (root: GroupEl): GroupEl => {
    if (root.id === id) {
      const only = membersOf(root);
      return only.length === 1 && isGroupEl(only[0]!) ? (lift(only[0]!) as GroupEl) : root;
    }
    return lift(root) as GroupEl;
  };
  const next: Doc = { ...doc };
  if (doc.when) next.when = liftRoot(doc.when);
  if (doc.steps) next.steps = doc.steps.map((s) => (s.branches ? { ...s, branches: s.branches.map((b) => ({ ...b, when: b.when ? liftRoot(b.when) : b.when })) } : s));
  return pruneLayout(next);
}
