import { SCHEMA, type Doc } from '../model/types.js';
import { NODE_SIZE } from '../graph/layout.js';

/**
 * When the document has a layout, a new element gets a position beside `nearId` (below the
 * last thing placed to its right), so it does not land on top of another node. Without a
 * layout, the auto layout places everything.
 */
export function placeNear(doc: Doc, nearId: string | undefined, newId: string): Doc {
  if (!doc.layout) return doc;
  const near = nearId === undefined ? undefined : doc.layout[nearId];
  const base = near ?? { x: 0, y: 0 };
  if (doc.schema === SCHEMA.script) {
    // scripts flow downwards: below `nearId`, right of whatever is already on that row
    const y = base.y + NODE_SIZE.height + 56;
    const row = Object.values(doc.layout).filter((p) => Math.abs(p.y - y) < NODE_SIZE.height / 2);
    const x = row.length ? Math.max(...row.map((p) => p.x)) + NODE_SIZE.width + 40 : base.x;
    return { ...doc, layout: { ...doc.layout, [newId]: { x, y } } };
  }
  const x = base.x + NODE_SIZE.width + 72;
  const column = Object.values(doc.layout).filter((p) => Math.abs(p.x - x) < NODE_SIZE.width / 2);
  const y = column.length ? Math.max(...column.map((p) => p.y)) + NODE_SIZE.height + 28 : base.y;
  return { ...doc, layout: { ...doc.layout, [newId]: { x, y } } };
}
