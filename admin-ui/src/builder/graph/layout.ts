import dagre from '@dagrejs/dagre';
import type { Position } from '../model/types.js';

export interface LayoutInput {
  id: string;
  width: number;
  height: number;
}

/** Node sizes the canvas draws (CSS in BuilderNode.vue keeps to them), for the auto layout. */
export const NODE_SIZE = { width: 240, height: 84 } as const;

/**
 * Positions for a document without `layout`: dagre, left to right (triggers → conditions →
 * actions) or, for scripts, top to bottom (selection → steps).
 */
export function autoLayout(
  nodes: readonly LayoutInput[],
  edges: readonly { source: string; target: string }[],
  /** Not drawn: they only keep a node after others (actions after every condition). */
  after: readonly { source: string; target: string }[] = [],
  /** Left to right (conditions) or top to bottom (script steps). */
  direction: 'LR' | 'TB' = 'LR',
): Record<string, Position> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: direction, // close ranks: the minimal automation (trigger, group, condition, action) fits a 1440 px window
  // at a readable zoom
  nodesep: direction === 'LR' ? 24 : 40, ranksep: direction === 'LR' ? 40 : 56, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of [...edges, ...after]) if (g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.source, e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Record<string, Position> = {};
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    // dagre gives centres; Vue Flow places nodes by their top-left corner
    out[n.id] = p ? { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) } : { x: 0, y: 0 };
  }
  return out;
}
