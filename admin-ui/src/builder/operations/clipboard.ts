import { clone } from '../model/clone.js';
import { elementsOf, findElement } from '../model/elements.js';
import { idMaker, ID_PREFIX } from '../model/ids.js';
import { isGroupEl, membersOf, STEP_REFS, type ActionEl, type CondEl, type Doc, type StepEl } from '../model/types.js';
import { appendToGroup } from './add-condition.js';
import { dropDanglingStepRefs } from './delete-elements.js';
import { placeNear } from './place.js';

/** What Ctrl+C keeps: whole elements (a group with its members), in document order. */
export interface Fragment {
  conditions: CondEl[];
  actions: ActionEl[];
  steps: StepEl[];
}

/** Copies the selected elements; a member of a selected group comes with its group only once. */
export function copyElements(doc: Doc, ids: readonly string[]): Fragment {
  const wanted = new Set(ids);
  const fragment: Fragment = { conditions: [], actions: [], steps: [] };
  const covered = new Set<string>();
  const cover = (node: CondEl) => {
    covered.add(node.id);
    if (isGroupEl(node)) membersOf(node).forEach(cover);
  };
  for (const at of elementsOf(doc)) {
    if (!wanted.has(at.element.id) || covered.has(at.element.id)) continue;
    if (at.kind === 'group' || at.kind === 'condition') {
      fragment.conditions.push(clone(at.element as CondEl));
      cover(at.element as CondEl);
    } else if (at.kind === 'action') fragment.actions.push(clone(at.element as ActionEl));
    else if (at.kind === 'step') fragment.steps.push(clone(at.element as StepEl));
  }
  return fragment;
}

/** Gives every element of `node` (members included) a fresh id. */
function renewCondition(node: CondEl, fresh: (p: string) => string): CondEl {
  if (!isGroupEl(node)) return { ...node, id: fresh(ID_PREFIX.condition) };
  const copy = { ...node, id: fresh(ID_PREFIX.group) } as Record<string, unknown>;
  if ('not' in node) copy.not = renewCondition((node as { not: CondEl }).not, fresh);
  else for (const op of ['all', 'any'] as const) if (op in node) copy[op] = (node as Record<string, CondEl[]>)[op]!.map((m) => renewCondition(m, fresh));
  return copy as unknown as CondEl;
}

/**
 * Pastes a fragment with new ids: conditions into the group at `targetId` (else the root
 * `when`), actions at the end of `then`, steps at the end of `steps`. References between pasted
 * steps follow them; references to steps outside the fragment are kept when those exist.
 */
export function pasteFragment(doc: Doc, fragment: Fragment, targetId?: string): Doc {
  const fresh = idMaker(doc);
  let next = doc;
  const groupTarget = targetId !== undefined && findElement(doc, targetId) ? targetId : doc.when?.id;
  if (groupTarget !== undefined) for (const c of fragment.conditions) next = appendToGroup(next, groupTarget, renewCondition(clone(c), fresh));
  if (fragment.actions.length && next.then !== undefined) {
    const added = fragment.actions.map((a) => ({ ...clone(a), id: fresh(ID_PREFIX.action) }));
    next = { ...next, then: [...next.then!, ...added] };
    for (const a of added) next = placeNear(next, next.then![next.then!.length - added.length - 1]?.id, a.id);
  }
  if (fragment.steps.length && next.steps !== undefined) {
    const renamed = new Map(fragment.steps.map((s) => [s.id, fresh(ID_PREFIX.step)]));
    const steps = fragment.steps.map((s) => {
      const copy = clone(s);
      copy.id = renamed.get(s.id)!;
      for (const ref of STEP_REFS) if (copy[ref] !== undefined && renamed.has(copy[ref]!)) copy[ref] = renamed.get(copy[ref]!);
      if (copy.choices) copy.choices = copy.choices.map((c) => ({ ...c, id: fresh(ID_PREFIX.choice) }));
      if (copy.branches) {
        copy.branches = copy.branches.map((b) => ({
          ...b,
          id: fresh(ID_PREFIX.branch),
          when: renewCondition(b.when, fresh) as typeof b.when,
          ...(b.next !== undefined && renamed.has(b.next) ? { next: renamed.get(b.next) } : {}),
        }));
      }
      return copy;
    });
    next = dropDanglingStepRefs({ ...next, steps: [...next.steps!, ...steps] });
    for (const s of steps) next = placeNear(next, fragment.steps[0]?.id, s.id);
  }
  return next;
}
