import { idsOf } from './elements.js';
import type { Doc } from './types.js';

/** Short readable ids as in documents.md (`g1`, `c2`, `a3`, `s4`, `b5`, `k6`). */
export const ID_PREFIX = { group: 'g', condition: 'c', action: 'a', step: 's', branch: 'b', choice: 'k' } as const;

/** A function handing out ids not used in `doc` (nor by earlier calls of the same function). */
export function idMaker(doc: Doc): (prefix: string) => string {
  const taken = new Set(idsOf(doc));
  return (prefix) => {
    let n = 1;
    while (taken.has(`${prefix}${n}`)) n += 1;
    const id = `${prefix}${n}`;
    taken.add(id);
    return id;
  };
}

export function freshId(doc: Doc, prefix: string): string {
  return idMaker(doc)(prefix);
}
