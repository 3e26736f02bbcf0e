import { findElement } from '../model/elements.js';
import { rewriteCondition } from '../model/tree.js';
import { groupOp, isGroupEl, SCHEMA, type CondEl, type ConditionEl, type Doc, type GroupEl } from '../model/types.js';
import { placeNear } from './place.js';

/**
 * The all/any group that receives new members when `targetId` is selected: the group itself, or
 * for a condition or a `not`, the nearest all/any group above it.
 */
export function receivingGroup(doc: Doc, targetId: string): string | undefined {
  let at = findElement(doc, targetId);
  while (at) {
    if (at.kind === 'group' && groupOp(at.element as GroupEl) !== 'not') return at.element.id;
    if (at.kind !== 'group' && at.kind !== 'condition') return undefined;
    at = at.parentId === undefined ? undefined : findElement(doc, at.parentId);
    if (at && at.kind !== 'group') return undefined;
  }
  return undefined;
}

/** Appends `node` to the all/any group that receives members at `targetId`; unchanged if none. */
export function appendToGroup(doc: Doc, targetId: string, node: CondEl): Doc {
  const groupId = receivingGroup(doc, targetId);
  if (groupId === undefined) return doc;
  const next = rewriteCondition(doc, groupId, (g) => {
    if (!isGroupEl(g)) return g;
    const op = groupOp(g);
    return { ...g, [op]: [...((g as Record<string, CondEl[]>)[op] ?? []), node] } as GroupEl;
  });
  return placeNear(next, groupId, node.id);
}

/** What a new condition tests until edited: the message text, or for contact groups the contact's language. */
export function blankCondition(doc: Doc, id: string): ConditionEl {
  return doc.schema === SCHEMA.contactGroup ? { id, fact: 'contact.language', operator: 'equal', value: '' } : { id, fact: 'message.text', operator: 'contains', value: '' };
}

/** Adds a condition (blank, or with `fields`) to the group at `targetId`. */
export function addCondition(doc: Doc, targetId: string, id: string, fields: Partial<ConditionEl> = {}): Doc {
  const condition: ConditionEl = { ...blankCondition(doc, id), ...fields, id };
  return appendToGroup(doc, targetId, condition);
}
