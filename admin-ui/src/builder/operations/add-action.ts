import type { Doc } from '../model/types.js';
import { newAction } from './defaults.js';
import { placeNear } from './place.js';

/** Appends an action of `type` (with empty fields to fill) to an automation's `then`. */
export function addAction(doc: Doc, type: string, id: string): Doc {
  const then = doc.then ?? [];
  const after = then.length ? then[then.length - 1]!.id : doc.when?.id;
  return placeNear({ ...doc, then: [...then, newAction(type, id)] }, after, id);
}
