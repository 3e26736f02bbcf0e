import { findElement } from '../model/elements.js';
import { rewriteCondition } from '../model/tree.js';
import { groupOp, isGroupEl, membersOf, type CondEl, type Doc, type GroupEl, type GroupOp } from '../model/types.js';
import { dropDanglingStepRefs } from './delete-elements.js';

type Patch = Record<string, unknown>;

function apply<T extends object>(element: T, patch: Patch): T {
  const out = { ...element } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'id') continue; // ids are never edited: references and positions hang on them
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as T;
}

/**
 * Sets fields of the element `id` (a field set to undefined is removed). Setting a step
 * reference to a step that does not exist clears it instead.
 */
export function setFields(doc: Doc, id: string, patch: Patch): Doc {
  const at = findElement(doc, id);
  if (!at) return doc;
  switch (at.kind) {
    case 'condition':
    case 'group':
      return rewriteCondition(doc, id, (node) => apply(node, patch));
    case 'action':
      return { ...doc, then: (doc.then ?? []).map((a) => (a.id === id ? apply(a, patch) : a)) };
    case 'step':
      return dropDanglingStepRefs({ ...doc, steps: (doc.steps ?? []).map((s) => (s.id === id ? apply(s, patch) : s)) });
    case 'branch':
      return dropDanglingStepRefs({
        ...doc,
        steps: (doc.steps ?? []).map((s) => (s.branches ? { ...s, branches: s.branches.map((b) => (b.id === id ? apply(b, patch) : b)) } : s)),
      });
    case 'choice':
      return { ...doc, steps: (doc.steps ?? []).map((s) => (s.choices ? { ...s, choices: s.choices.map((c) => (c.id === id ? apply(c, patch) : c)) } : s)) };
  }
}

/** Sets document-level fields (name, stop, target, strategy, channels, hours, …). */
export function setDocumentFields(doc: Doc, patch: Patch): Doc {
  const protectedKeys = ['schema', 'when', 'then', 'steps', 'triggers', 'layout'];
  return apply(doc, Object.fromEntries(Object.entries(patch).filter(([k]) => !protectedKeys.includes(k))));
}

/**
 * Turns a group into another kind: all ↔ any keep their members; a `not` takes (or gives) a
 * single member only, so nothing is lost.
 */
export function setGroupOp(doc: Doc, id: string, op: GroupOp): Doc {
  const at = findElement(doc, id);
  if (!at || at.kind !== 'group') return doc;
  const group = at.element as GroupEl;
  const from = groupOp(group);
  if (from === op) return doc;
  const members = membersOf(group);
  if (op === 'not' && members.length !== 1) return doc;
  return rewriteCondition(doc, id, (node: CondEl) => {
    if (!isGroupEl(node)) return node;
    const { [from]: _old, ...rest } = node as unknown as Record<string, unknown>;
    return { ...rest, [op]: op === 'not' ? members[0] : members } as unknown as GroupEl;
  });
}
