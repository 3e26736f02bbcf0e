/**
 * Walks a document's elements (everything that carries an `id`): groups, conditions, actions,
 * steps, branches, and the choices of questions (not drawn, but their ids share the document's id
 * space).
 */
import { isGroupEl, membersOf, type ActionEl, type BranchEl, type CondEl, type Doc, type GroupEl, type StepEl } from './types.js';

export type ElementKind = 'group' | 'condition' | 'action' | 'step' | 'branch' | 'choice';

export interface Located {
  kind: ElementKind;
  element: CondEl | ActionEl | StepEl | BranchEl | { id: string };
  /** The group, step or branch holding it; none for top-level elements. */
  parentId?: string;
}

function walkCond(node: CondEl, parentId: string | undefined, out: Located[]): void {
  if (isGroupEl(node)) {
    out.push({ kind: 'group', element: node, parentId });
    for (const m of membersOf(node)) walkCond(m, node.id, out);
  } else {
    out.push({ kind: 'condition', element: node, parentId });
  }
}

/** Every element of the document, parents before children, in document order. */
export function elementsOf(doc: Doc): Located[] {
  const out: Located[] = [];
  if (doc.when) walkCond(doc.when, undefined, out);
  for (const a of doc.then ?? []) out.push({ kind: 'action', element: a });
  for (const s of doc.steps ?? []) {
    out.push({ kind: 'step', element: s });
    for (const c of s.choices ?? []) out.push({ kind: 'choice', element: c, parentId: s.id });
    for (const b of s.branches ?? []) {
      out.push({ kind: 'branch', element: b, parentId: s.id });
      if (b.when) walkCond(b.when, b.id, out);
    }
  }
  return out;
}

export function idsOf(doc: Doc): string[] {
  return elementsOf(doc).map((l) => l.element.id);
}

export function findElement(doc: Doc, id: string): Located | undefined {
  return elementsOf(doc).find((l) => l.element.id === id);
}

/** The condition trees of a document: its `when` and each branch's `when`. */
export function rootGroupsOf(doc: Doc): GroupEl[] {
  const roots: GroupEl[] = [];
  if (doc.when) roots.push(doc.when);
  for (const s of doc.steps ?? []) for (const b of s.branches ?? []) if (b.when) roots.push(b.when);
  return roots;
}

export function isRootGroup(doc: Doc, id: string): boolean {
  return rootGroupsOf(doc).some((g) => g.id === id);
}
