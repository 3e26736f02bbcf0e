import { findElement } from '../model/elements.js';
import type { Doc, StepRef } from '../model/types.js';
import { moveCondition } from './move.js';
import { setFields } from './set-field.js';

/** The handles a node offers to connect from (`next` by default). */
export type Port = StepRef | 'start';

/**
 * A connection drawn on the canvas, as a document change:
 * - `$selection` → step: the script starts there;
 * - step (port next / onInvalid / onTimeout / otherwise) → step: that reference;
 * - branch → step: the branch's `next`;
 * - group → condition or group: the condition moves into that group.
 * Anything else (a step to itself excepted: a question may ask again) leaves the document as is.
 */
export function connect(doc: Doc, sourceId: string, targetId: string, port: Port = 'next'): Doc {
  const target = findElement(doc, targetId);
  if (sourceId === '$selection') return target?.kind === 'step' ? { ...doc, start: targetId } : doc;
  const source = findElement(doc, sourceId);
  if (!source || !target) return doc;
  if (source.kind === 'group' && (target.kind === 'condition' || target.kind === 'group')) return moveCondition(doc, targetId, sourceId);
  if (target.kind !== 'step') return doc;
  if (source.kind === 'branch') return setFields(doc, sourceId, { next: targetId });
  if (source.kind === 'step' && port !== 'start') return setFields(doc, sourceId, { [port]: targetId });
  return doc;
}

/** Removes one reference drawn as an edge (the edge's role names the field). */
export function disconnect(doc: Doc, sourceId: string, role: string): Doc {
  if (sourceId === '$selection' && role === 'start') {
    const { start: _s, ...rest } = doc;
    return rest as Doc;
  }
  if (role === 'branchNext') return setFields(doc, sourceId, { next: undefined });
  if (['next', 'onInvalid', 'onTimeout', 'otherwise'].includes(role)) return setFields(doc, sourceId, { [role]: undefined });
  return doc;
}
