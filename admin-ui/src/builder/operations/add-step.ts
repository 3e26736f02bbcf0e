import type { Doc, StepType } from '../model/types.js';
import { newStep } from './defaults.js';
import { placeNear } from './place.js';

/**
 * Adds a script step. When `afterId` names a step with nowhere to go yet, the new step becomes
 * its `next`; a script without `start` starts with it.
 */
export function addStep(doc: Doc, type: StepType, id: string, afterId?: string): Doc {
  const steps = (doc.steps ?? []).map((s) => (s.id === afterId && s.type !== 'branch' && s.type !== 'handover' && s.type !== 'resolve' && s.next === undefined ? { ...s, next: id } : s));
  const next: Doc = { ...doc, steps: [...steps, newStep(type, id)] };
  if (next.start === undefined) next.start = id;
  return placeNear(next, afterId ?? '$selection', id);
}

/** Adds a branch (with an empty condition group to fill) to the branch step `stepId`. */
export function addBranch(doc: Doc, stepId: string, branchId: string, groupId: string, conditionId: string): Doc {
  if (!doc.steps?.some((s) => s.id === stepId && s.type === 'branch')) return doc;
  const steps = (doc.steps ?? []).map((s) =>
    s.id === stepId && s.type === 'branch'
      ? { ...s, branches: [...(s.branches ?? []), { id: branchId, when: { id: groupId, all: [{ id: conditionId, fact: 'contact.attributes.reason', operator: 'equal', value: '' }] } }] }
      : s,
  );
  return placeNear({ ...doc, steps }, stepId, branchId);
}
