import { findElement } from '../model/elements.js';
import { pruneLayout } from '../model/layout-keys.js';
import { rewriteCondition } from '../model/tree.js';
import { STEP_REFS, type Doc, type StepEl } from '../model/types.js';
import { removeTrigger } from './triggers.js';

/** Clears every reference to a step that no longer exists (`start`, `next`, `otherwise`, …). */
export function dropDanglingStepRefs(doc: Doc): Doc {
  if (!doc.steps) return doc;
  const ids = new Set(doc.steps.map((s) => s.id));
  const steps = doc.steps.map((s) => {
    const copy: StepEl = { ...s };
    for (const ref of STEP_REFS) if (copy[ref] !== undefined && !ids.has(copy[ref]!)) delete copy[ref];
    if (copy.branches) copy.branches = copy.branches.map((b) => (b.next !== undefined && !ids.has(b.next) ? (({ next: _n, ...rest }) => rest)(b) : b));
    return copy;
  });
  const next: Doc = { ...doc, steps };
  if (next.start !== undefined && !ids.has(next.start)) delete next.start;
  return next;
}

/**
 * Deletes elements by node id: conditions and groups (a root group is emptied, never removed),
 * actions, steps, branches, choices, and `trigger:*` nodes. References to what is gone and its
 * positions go with it. Nodes that stand for a document part ($target, $selection) stay.
 */
export function deleteElements(doc: Doc, ids: readonly string[]): Doc {
  let next = doc;
  for (const id of ids) {
    if (id.startsWith('trigger:')) {
      next = removeTrigger(next, id.slice('trigger:'.length));
      continue;
    }
    const at = findElement(next, id);
    if (!at) continue;
    switch (at.kind) {
      case 'group':
      case 'condition':
        next = rewriteCondition(next, id, () => null);
        break;
      case 'action':
        next = { ...next, then: (next.then ?? []).filter((a) => a.id !== id) };
        break;
      case 'step':
        next = { ...next, steps: (next.steps ?? []).filter((s) => s.id !== id) };
        break;
      case 'branch':
        next = { ...next, steps: (next.steps ?? []).map((s) => (s.branches ? { ...s, branches: s.branches.filter((b) => b.id !== id) } : s)) };
        break;
      case 'choice':
        next = { ...next, steps: (next.steps ?? []).map((s) => (s.choices ? { ...s, choices: s.choices.filter((c) => c.id !== id) } : s)) };
        break;
    }
  }
  return pruneLayout(dropDanglingStepRefs(next));
}
